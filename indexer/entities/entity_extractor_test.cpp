#include "indexer/entities/entity_extractor.h"

#include <doctest/doctest.h>

#include <set>

#include "indexer/entities/ner_tagger.h"

namespace doctest {
template <>
struct StringMaker<std::set<std::string>> {
  static String convert(const std::set<std::string>& s) {
    std::string out = "{";
    for (const auto& x : s) out += "\"" + x + "\" ";
    return (out + "}").c_str();
  }
};
}  // namespace doctest

using morgue::extract_entities;
using morgue::schema::EntityKind;

namespace {

// "person:Viktor Orbán" style strings, for compact assertions.
std::set<std::string> names(const std::vector<morgue::ExtractedEntity>& es) {
  std::set<std::string> out;
  for (const auto& e : es)
    out.insert(std::string(morgue::schema::entity_kind_name(e.kind)) + ":" + e.display);
  return out;
}

// The same, with the built-in tagger.
std::set<std::string> tagged_names(std::string_view text) {
  return names(extract_entities(text, morgue::Gazetteer::builtin(), &morgue::NerModel::builtin()));
}

const morgue::ExtractedEntity* find(const std::vector<morgue::ExtractedEntity>& es,
                                    const std::string& display) {
  for (const auto& e : es) {
    if (e.display == display) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("title words introduce people; places and organizations come from the gazetteer") {
  const auto es = extract_entities(
      "Russian President Vladimir Putin met Hungarian Prime Minister Viktor Orbán in Moscow.\n"
      "Secretary of State Antony Blinken spoke with Foreign Minister Sergey Lavrov, according to "
      "State Department spokesman Ned Price.\n"
      "NATO and the OSCE said Ukraine's borders must be respected.");
  const std::set<std::string> expected{"person:Vladimir Putin",
                                       "person:Viktor Orbán",
                                       "person:Antony Blinken",
                                       "person:Sergey Lavrov",
                                       "person:Ned Price",
                                       "place:Moscow",
                                       "place:Ukraine",
                                       "org:State Department",
                                       "org:North Atlantic Treaty Organization",
                                       "org:Organization for Security and Co-operation in Europe"};
  CHECK(names(es) == expected);
}

TEST_CASE("seas, rivers, mountain ranges and deserts are places") {
  const auto es = extract_entities(
      "Migrants crossed the Mediterranean from Libya. The Danube froze, and snow closed the "
      "passes of the Alps and the Himalayas. Tankers waited in the Strait of Hormuz while "
      "drought spread across the Sahel.");
  const std::set<std::string> expected{
      "place:Mediterranean",    "place:Libya", "place:Danube", "place:Alps", "place:Himalayas",
      "place:Strait of Hormuz", "place:Sahel"};
  CHECK(names(es) == expected);
  // Names a firm shares with an ocean are no place.
  for (const auto& e : extract_entities("Union Pacific and Atlantic Richfield reported profits.")) {
    CHECK(e.kind != EntityKind::kPlace);
  }
}

TEST_CASE("bare surnames are mentions of the person named in full") {
  const auto es = extract_entities(
      "Ukrainian President Volodymyr Zelenskyy signed a decree.\n"
      "Zelenskyy said the decree was not about war. Zelenskyy’s aides agreed.");
  const auto* z = find(es, "Volodymyr Zelenskyy");
  REQUIRE(z != nullptr);
  CHECK(z->mentions == 3);
  CHECK(z->spellings.at("Volodymyr Zelenskyy") == 1);
  CHECK(names(es) == std::set<std::string>{"person:Volodymyr Zelenskyy"});
}

TEST_CASE("a person keeps the title words the names follow, a bare surname's joined in") {
  const auto es = extract_entities(
      "Secretary of State James Baker met Soviet officials. Treasury Secretary Baker spoke.\n"
      "Kremlin spokesperson Dmitry Peskov said there had been a mix-up.\n"
      "Mr. Charles, a teacher, said the budget was small. Showers continued, Smith added.");
  const auto* baker = find(es, "James Baker");
  REQUIRE(baker != nullptr);
  CHECK(baker->titles == std::set<std::string>{"secretary"});
  const auto* peskov = find(es, "Dmitry Peskov");
  REQUIRE(peskov != nullptr);
  CHECK(peskov->titles == std::set<std::string>{"spokesperson"});
  const auto* charles = find(es, "Charles");
  REQUIRE(charles != nullptr);
  CHECK(charles->titles == std::set<std::string>{"mr"});
  // Places and bodies have none; a person named without one has none.
  for (const auto& e : extract_entities("Angela Merkel visited Paris and NATO.")) {
    CHECK(e.titles.empty());
  }
}

TEST_CASE("a title makes a lone surname a person; an unexplained capitalised word is nothing") {
  const auto es = extract_entities("President Biden spoke. Showers continued, Smith added.");
  CHECK(names(es) == std::set<std::string>{"person:Biden"});
}

TEST_CASE("lower-case cues before and after a name") {
  const auto es = extract_entities(
      "Putin is hosting Hungary's prime minister, Viktor Orbán, on Tuesday.\n"
      "Kremlin spokesperson Dmitry Peskov said there had been a mix-up.\n"
      "Oleksiy Danilov, secretary of the council, spoke.\n"
      "Mateusz Kowalczyk said the talks went well.");
  const auto n = names(es);
  CHECK(n.contains("person:Viktor Orbán"));
  CHECK(n.contains("person:Dmitry Peskov"));
  CHECK(n.contains("person:Oleksiy Danilov"));
  CHECK(n.contains("person:Mateusz Kowalczyk"));
  CHECK(n.contains("place:Hungary"));
  CHECK(n.contains("org:Kremlin"));
}

TEST_CASE("organizations by suffix and by acronym") {
  const auto es = extract_entities(
      "The Russian Foreign Ministry and Acme Widget Corp replied. The RIA agency and the FTC "
      "agreed, the CEO said.");
  const auto n = names(es);
  CHECK(n.contains("org:Russian Foreign Ministry"));
  CHECK(n.contains("org:Acme Widget Corp"));
  CHECK(n.contains("org:RIA Novosti"));  // gazetteer alias
  CHECK(n.contains("org:FTC"));          // unknown acronym
  CHECK_FALSE(n.contains("org:CEO"));
}

TEST_CASE("aliases resolve to canonical names; acronyms match only as written") {
  const auto es = extract_entities(
      "The U.S. and Britain talked. Who knows, said the WHO. Us too, said Washington.");
  const auto n = names(es);
  CHECK(n.contains("place:United States"));
  CHECK(n.contains("place:United Kingdom"));
  CHECK(n.contains("place:Washington"));
  CHECK(n.contains("org:World Health Organization"));
  CHECK(n.size() == 4);
}

TEST_CASE("given names make people even next to place names; dates are not names") {
  const auto es = extract_entities(
      "George Washington was born in Virginia on Monday, February 22.\n"
      "MARKETS CLOSE HIGHER IN TOKYO\n");  // a headline in capitals: known names only
  const auto n = names(es);
  CHECK(n.contains("person:George Washington"));
  CHECK_FALSE(n.contains("place:Washington"));
  CHECK(n.contains("place:Tokyo"));
  CHECK(n.size() == 3);  // and Virginia
  for (const auto& s : n) CHECK(s.find("Monday") == std::string::npos);
}

TEST_CASE("entities are ordered by kind, then mentions") {
  const auto es = extract_entities("Moscow and Kyiv. Moscow again. Vladimir Putin spoke.");
  REQUIRE(es.size() == 3);
  CHECK(es[0].kind == EntityKind::kPerson);
  CHECK(es[1].display == "Moscow");
  CHECK(es[1].mentions == 2);
  CHECK(es[2].display == "Kyiv");
}

TEST_CASE("no-break spaces inside names (seen in scraped pages) do not split them") {
  const auto es = extract_entities("Russian Foreign Minister Sergei\u00A0Lavrov has sent letters.");
  CHECK(names(es) == std::set<std::string>{"person:Sergei Lavrov"});
  CHECK(es.at(0).key == "sergi lavrov");
}

TEST_CASE("and joins the parts of one organization unless the first part is one already") {
  const auto es =
      extract_entities("He spoke to Ukraine's National Security and Defense Council on Monday.");
  CHECK(names(es) ==
        std::set<std::string>{"place:Ukraine", "org:National Security and Defense Council"});
}

TEST_CASE("several titled people in one run of capitals; multi-word titles") {
  const auto es = extract_entities(
      "Secretary of State Antony Blinken and Russian Foreign Minister Sergey Lavrov discussed "
      "it.\nNATO Secretary General Jens Stoltenberg and Chief Executive Officer Mary Barra "
      "agreed.");
  CHECK(names(es) == std::set<std::string>{"person:Antony Blinken", "person:Sergey Lavrov",
                                           "person:Jens Stoltenberg", "person:Mary Barra",
                                           "org:North Atlantic Treaty Organization"});
}

TEST_CASE("two people joined by and") {
  const auto es = extract_entities("Viktor Orbán and Vladimir Putin spoke. Orbán smiled.");
  CHECK(names(es) == std::set<std::string>{"person:Viktor Orbán", "person:Vladimir Putin"});
  CHECK(es.at(0).mentions + es.at(1).mentions == 3);
}

TEST_CASE("a title word that starts an organization's name does not make a person") {
  const auto es = extract_entities(
      "Shares of General Electric rose. General Dynamics Corp fell. The Justice Department "
      "and General Mark Milley agreed.");
  CHECK(names(es) == std::set<std::string>{"org:General Electric", "org:General Dynamics Corp",
                                           "org:Justice Department", "person:Mark Milley"});
}

TEST_CASE("labels, and runs with 'and' or 'of' in them, are not entities") {
  const auto es = extract_entities(
      "NOTE: results include a one-time gain.\n"
      "The bonds were rated AA. S and P said so on Monday.\n"
      "Margarine, Fats and Oils said imports rose.\n"
      "China applied to join the General Agreement of Tariffs and Trade in July.\n"
      "Britain's IMF delegate spoke.\n"
      "New York Stock Exchange volume fell. New orders rose.\n"
      "The Chancellor of the Exchequer Nigel Lawson said so.\n"
      "The EC's executive Commission proposed it; GNP rose and the bonds kept their AA rating.\n"
      "New Jersey and Trenton, N.J., were named by Morgan Stanley analysts.");
  const auto got = names(es);
  CHECK_FALSE(got.contains("org:NOTE"));
  CHECK_FALSE(got.contains("person:S and P"));
  CHECK_FALSE(got.contains("person:Fats and Oils"));
  CHECK_FALSE(got.contains("person:Agreement"));
  CHECK(got.contains("org:International Monetary Fund"));
  // A sentence-initial "New" begins a name when a known one starts there.
  CHECK(got.contains("org:New York Stock Exchange"));
  CHECK_FALSE(got.contains("org:York Stock Exchange"));
  CHECK_FALSE(got.contains("org:Stock Exchange"));
  // A title's last word before a given name is not part of the name.
  CHECK(got.contains("person:Nigel Lawson"));
  CHECK_FALSE(got.contains("person:Exchequer Nigel Lawson"));
  // Neither a body's kind after a title word, nor economic terms and ratings.
  CHECK_FALSE(got.contains("person:Commission"));
  CHECK_FALSE(got.contains("org:GNP"));
  CHECK_FALSE(got.contains("org:AA"));
  // U.S. states, their dotted abbreviations; a firm named after a town's namesake.
  CHECK(got.contains("place:New Jersey"));
  CHECK_FALSE(got.contains("place:Jersey"));
  CHECK_FALSE(got.contains("org:N.J."));
  CHECK(got.contains("org:Morgan Stanley"));
  CHECK_FALSE(got.contains("place:Stanley"));
}

TEST_CASE("a firm named after people is an organization, and so are its short mentions") {
  const auto es = extract_entities(
      "Analysts at James Capel and Co said prices would rise. Merrill Lynch and Co Inc "
      "agreed.\nJames Capel said the rise would be short. Merrill Lynch said so too, and "
      "Treasury Secretary James Baker did not.");
  const auto got = names(es);
  CHECK(got.contains("org:James Capel and Co"));
  CHECK(got.contains("org:Merrill Lynch and Co Inc"));
  CHECK_FALSE(got.contains("person:James Capel"));
  CHECK_FALSE(got.contains("person:Merrill Lynch"));
  CHECK(got.contains("person:James Baker"));
  const auto* capel = find(es, "James Capel and Co");
  REQUIRE(capel != nullptr);
  CHECK(capel->mentions == 2);
}

TEST_CASE("a wire dateline's capitals name a place, not an organization") {
  CHECK(names(extract_entities("LONDON, March 3 - Shares fell.")) ==
        std::set<std::string>{"place:London"});
  CHECK(names(extract_entities("KYIV, Ukraine (AP) \u2014 Shelling went on.")) ==
        std::set<std::string>{"place:Kyiv", "place:Ukraine", "org:Associated Press"});
  CHECK(names(extract_entities("ROME (Reuters) - Talks resumed.")) ==
        std::set<std::string>{"place:Rome", "org:Reuters"});
  // Only where a dateline stands: capitals elsewhere, or before anything else, stay acronyms.
  CHECK(names(extract_entities("Officials from ROME said so.")).contains("org:ROME"));
  CHECK(names(extract_entities("NATO, the alliance, met.")) ==
        std::set<std::string>{"org:North Atlantic Treaty Organization"});
}

TEST_CASE("a possessive ends a name, except inside a company's") {
  CHECK(names(extract_entities("McDonald's Corp said profits rose.")) ==
        std::set<std::string>{"org:McDonald's Corp"});
  // The short form of a known name, then the rest of it: one firm, not a second one.
  CHECK(names(extract_entities("Moody's Investors Service Inc said it cut the rating.")) ==
        std::set<std::string>{"org:Moody's Investors Service"});
  // Only words any firm could use before the form: the possessive is the firm's own.
  CHECK(names(extract_entities("Wendy's International Inc said sales rose.")) ==
        std::set<std::string>{"org:Wendy's International Inc"});
  CHECK(names(extract_entities("Claire's Stores Inc said sales rose.")) ==
        std::set<std::string>{"org:Claire's Stores Inc"});
  CHECK(names(extract_entities("Britain's International Inc said so.")) ==
        std::set<std::string>{"place:United Kingdom", "org:International Inc"});
  // An owner and what it owns stay apart.
  CHECK(names(extract_entities("Britain's Hanson Trust Plc said it bid.")) ==
        std::set<std::string>{"place:United Kingdom", "org:Hanson Trust Plc"});
  CHECK(names(extract_entities("Dow Jones and Co Inc's Wall Street Journal said so.")) ==
        std::set<std::string>{"org:Dow Jones and Co Inc", "org:Wall Street Journal"});
  CHECK(names(extract_entities("Exxon's Imperial Oil Ltd said so."))
            .contains("org:Imperial Oil Ltd"));
}

TEST_CASE("a firm named with and without its legal form is one organization") {
  const auto es = extract_entities(
      "General Motors Corp said sales fell. General Motors will cut output. Shares of "
      "Chrysler Corp fell.");
  const auto* gm = find(es, "General Motors Corp");
  const auto* gm_short = find(es, "General Motors");
  REQUIRE((gm != nullptr || gm_short != nullptr));
  const auto& firm = gm != nullptr ? *gm : *gm_short;
  CHECK(firm.mentions == 2);
  CHECK(firm.spellings.size() == 2);
  CHECK((gm == nullptr || gm_short == nullptr));
}

TEST_CASE("a name ending in a legal form is one company, places in it included") {
  CHECK(names(extract_entities("Gulf Canada Ltd said it raised prices.")) ==
        std::set<std::string>{"org:Gulf Canada Ltd"});
  // A company the gazetteer knows, named with its form: its canonical name.
  CHECK(names(extract_entities("The New York Times Co said so.")) ==
        std::set<std::string>{"org:New York Times"});
  CHECK(names(extract_entities("The Lake Erie Times Co said so.")) ==
        std::set<std::string>{"org:Lake Erie Times Co"});
  CHECK(names(extract_entities("Shares of Gulf States Utilities Co fell.")) ==
        std::set<std::string>{"org:Gulf States Utilities Co"});
  CHECK(names(extract_entities("Bank of Tokyo Ltd said so.")) ==
        std::set<std::string>{"org:Bank of Tokyo Ltd"});
  // A known firm, named with its legal form, by its canonical name.
  CHECK(names(extract_entities("Morgan Stanley and Co Ltd said so.")) ==
        std::set<std::string>{"org:Morgan Stanley"});
  CHECK(names(extract_entities("First Boston Corp said so. First, it said.")) ==
        std::set<std::string>{"org:First Boston Corp"});
  // A place on its own stays a place.
  CHECK(names(extract_entities("Tanker traffic in the Gulf resumed.")) ==
        std::set<std::string>{"place:Gulf"});
}

TEST_CASE("the legal forms spelled out end a company's name too, one list with its key") {
  // The forms organization_key() leaves out: Company, Limited, Incorporated, BV.
  CHECK(names(extract_entities("Shell Canada Limited said profits rose.")) ==
        std::set<std::string>{"org:Shell Canada Limited"});
  CHECK(names(extract_entities("Toyota Shoji Company said it would buy it.")) ==
        std::set<std::string>{"org:Toyota Shoji Company"});
  CHECK(names(extract_entities("The bond was issued by Philips Telecommunications BV.")) ==
        std::set<std::string>{"org:Philips Telecommunications BV"});
  // Two firms joined by "and" after a form; forms alone after it are no second firm.
  CHECK(names(extract_entities("Control passes from Econocom Europe BV and Econocom Nederland "
                               "BV to the parent.")) ==
        std::set<std::string>{"org:Econocom Europe BV", "org:Econocom Nederland BV"});
  CHECK(names(extract_entities("The offer is led by Baring Brothers and Co Ltd, bankers said.")) ==
        std::set<std::string>{"org:Baring Brothers"});
}

TEST_CASE("a heading in capitals names no country by a three-letter code") {
  const auto found = names(extract_entities("NEW MEXICO AND ARIZONA. The party won."));
  CHECK(found == std::set<std::string>{"place:New Mexico", "place:Arizona"});
  // Not even an organization "AND"; a known acronym still is one.
  CHECK(names(extract_entities("The WHO said so.")) ==
        std::set<std::string>{"org:World Health Organization"});
}

TEST_CASE("an office named alone is no person: Secretary of War, Emperor of Russia") {
  CHECK(names(extract_entities("The Secretary of War reported the losses.")).empty());
  CHECK(names(extract_entities("The Emperor of Russia offered mediation.")) ==
        std::set<std::string>{"place:Russia"});
  CHECK(names(extract_entities("The Chief Magistrate of the nation spoke.")).empty());
  CHECK(names(extract_entities("As Commander in Chief I ordered it.")).empty());
  CHECK(names(extract_entities("Ohio and the General Government agreed.")) ==
        std::set<std::string>{"place:Ohio", "org:General Government"});
  // A name after the office still is one.
  CHECK(names(extract_entities("Minister of Industry and Trade Cahit Aral said so.")) ==
        std::set<std::string>{"person:Cahit Aral"});
}

TEST_CASE("extract_entities: a dateline gives its place and state, never organizations") {
  using morgue::schema::EntityKind;
  const auto names = [](const std::vector<morgue::ExtractedEntity>& es, EntityKind kind) {
    std::vector<std::string> out;
    for (const auto& e : es) {
      if (e.kind == kind) out.push_back(e.display);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  auto es =
      morgue::extract_entities("NORTHBROOK, ILL., March 25 - Allstate Corp said its profit rose.");
  CHECK(names(es, EntityKind::kPlace) == V{"Illinois", "Northbrook"});
  CHECK(names(es, EntityKind::kOrganization) == V{"Allstate Corp"});
  es = morgue::extract_entities("ST. LOUIS, Mo., March 3 - Monsanto Co said sales rose.");
  CHECK(names(es, EntityKind::kPlace) == V{"Missouri", "St. Louis"});
  CHECK(names(es, EntityKind::kOrganization) == V{"Monsanto Co"});
  es = morgue::extract_entities("KYIV, Ukraine (AP) - Officials said the city was calm.");
  CHECK(names(es, EntityKind::kPlace) == V{"Kyiv", "Ukraine"});
  CHECK(names(es, EntityKind::kOrganization) == V{"Associated Press"});  // the agency
}

TEST_CASE("the tagger adds names no rule cues, written as the rules write names") {
  const auto& gazetteer = morgue::Gazetteer::builtin();
  const morgue::NerModel& model = morgue::NerModel::builtin();
  const auto with = [&](std::string_view text) {
    return names(extract_entities(text, gazetteer, &model));
  };
  const auto without = [&](std::string_view text) { return names(extract_entities(text)); };
  const std::string party =
      "Conservative Michael Howard and Liberal Democrat Charles Kennedy attacked the plan.";
  CHECK_FALSE(without(party).contains("person:Charles Kennedy"));
  const auto tagged = with(party);
  CHECK(tagged.contains("person:Michael Howard"));
  CHECK(tagged.contains("person:Charles Kennedy"));
  CHECK_FALSE(tagged.contains("org:Liberal Democrat Charles Kennedy"));
  CHECK_FALSE(tagged.contains("person:Liberal Democrat Charles Kennedy"));
  // A person's name the tagger took a word in with begins at the given name; given names
  // and particles before it stay.
  CHECK(with("Mary Anne Smith said the plan was wrong.").contains("person:Mary Anne Smith"));
  const auto composer = with("Composer Maria de Souza wrote it in Vienna.");
  CAPTURE(composer);
  CHECK_FALSE(composer.contains("person:Composer Maria de Souza"));
  // A headline in capitals is read too, its title left out of the name.
  CHECK(with("PRIME MINISTER VIKTOR ORBAN ARRIVES IN MOSCOW\nThe visit was short.")
            .contains("person:Viktor Orban"));
  // A royal keeps the title with a single given name.
  CHECK(with("Prince Charles opened the hospital on Monday.").contains("person:Prince Charles"));
  // Never an adjective, a compass point or a weekday.
  const auto plain = with("Russian troops moved West on Tuesday, officials in Kyiv said.");
  for (const auto& n : plain) {
    CAPTURE(n);
    CHECK(n.find("Russian") == std::string::npos);
    CHECK(n.find("West") == std::string::npos);
    CHECK(n.find("Tuesday") == std::string::npos);
  }
}

TEST_CASE("a surname the tagger finds alone is a person, a ticker or a common word is not") {
  // Once, with no title and no given name: the rules alone find no one.
  const std::string trump = "Trump's remarks drew criticism from Democrats on Friday.";
  CHECK_FALSE(names(extract_entities(trump)).contains("person:Trump"));
  CHECK(tagged_names(trump).contains("person:Trump"));
  // In capitals a single word is an abbreviation or a ticker, no surname.
  for (const auto& n : tagged_names("Danaher Corp <DHR> said QTR net rose. DHR shares gained.")) {
    CAPTURE(n);
    CHECK(n != "person:DHR");
    CHECK(n != "person:QTR");
  }
  // A city the world-cities list knows is a place, whatever the tagger took it for once.
  CHECK(tagged_names("The ministers travelled to Cardiff on Monday.").contains("place:Cardiff"));
  // A body or a place tagged inside a longer name found here is that name's part.
  const auto ecb = tagged_names(
      "Central bank holds rates\n\nFRANKFURT - The European Central Bank kept its main "
      "interest rates unchanged on Thursday.");
  CHECK(ecb.contains("org:European Central Bank"));
  CHECK_FALSE(ecb.contains("place:Central Bank"));
  CHECK_FALSE(ecb.contains("org:Central Bank"));
  // A word the text also writes in lower case is that word, capitalised to begin a sentence.
  const auto metal =
      tagged_names("Metal prices rose in London. Traders said metal stocks were low.");
  CHECK_FALSE(metal.contains("person:Metal"));
  CHECK_FALSE(metal.contains("org:Metal"));
}

TEST_CASE("an acronym the article defines in brackets is the name it spells") {
  const auto es = extract_entities(
      "The Federation of Widget Makers (FWM) met on Monday. FWM members voted to strike, and "
      "the FWM board agreed.");
  CHECK(names(es) == std::set<std::string>{"org:Federation of Widget Makers"});
  REQUIRE(es.size() == 1);
  CHECK(es[0].mentions >= 3);
  // Initials that do not spell it define nothing.
  CHECK(names(extract_entities("The Federation of Widget Makers (XYZ) met. XYZ voted."))
            .contains("org:XYZ"));
  // With the tagger, a word of the defined name is no entity of its own.
  const auto tagged = names(
      extract_entities("The Federation of Widget Makers (FWM) met in Leeds. FWM members voted.",
                       morgue::Gazetteer::builtin(), &morgue::NerModel::builtin()));
  CHECK(tagged.contains("org:Federation of Widget Makers"));
  CHECK_FALSE(tagged.contains("place:Widget"));
  CHECK_FALSE(tagged.contains("org:FWM"));
}

TEST_CASE("a title's word after a given name is a surname: Stephen King, Martin Luther King") {
  for (const bool tagger : {false, true}) {
    CAPTURE(tagger);
    const auto of = [&](std::string_view text) {
      return tagger ? tagged_names(text) : names(extract_entities(text));
    };
    const auto novelist = of("The novelist Stephen King said on Tuesday he would stay in Maine.");
    CAPTURE(novelist);
    CHECK(novelist.contains("person:Stephen King"));
    const auto king = of("Martin Luther King Jr. was born in Atlanta.");
    CAPTURE(king);
    CHECK(king.contains("person:Martin Luther King Jr"));
    CHECK_FALSE(king.contains("person:Martin Luther"));
    CHECK_FALSE(king.contains("person:King Jr"));
    // Before a given name the word is still a title.
    CHECK(of("King Salman met Prince Charles in Riyadh.").contains("person:Prince Charles"));
  }
}

TEST_CASE("the tagger's people keep their generation or number; a lone I only before punctuation") {
  const auto price = tagged_names("She killed Andre Price III in her flat, police said.");
  CAPTURE(price);
  CHECK(price.contains("person:Andre Price III"));
  CHECK_FALSE(price.contains("person:Andre Price"));
  // A bare surname later is the same person (the surname comes before the suffix).
  const auto later = tagged_names("Andre Price III was two. Price lived with his mother in Leeds.");
  CAPTURE(later);
  CHECK_FALSE(later.contains("person:Price"));
  // "I" after a name is the pronoun when a word follows it.
  for (const auto& n : tagged_names("\"I told Maria Lopez I would come,\" he said.")) {
    CAPTURE(n);
    CHECK(n.find(" I") == std::string::npos);
  }
}

TEST_CASE("a name read once as a body is the person its surname is elsewhere in the article") {
  const auto retro = tagged_names(
      "It's fair to say that Rocco Catalano works, lives and breathes retro. Catalano moved "
      "back to the area after living in London.");
  CAPTURE(retro);
  CHECK(retro.contains("person:Rocco Catalano"));
  CHECK_FALSE(retro.contains("org:Rocco Catalano"));
  // A given name alone proves nothing: a firm named after someone stays a firm.
  const auto firm = tagged_names("Carl Zeiss AG raised its forecast. Zeiss makes lenses.");
  CAPTURE(firm);
  CHECK_FALSE(firm.contains("person:Carl Zeiss"));
}

TEST_CASE("a full name whose first word is a census given name is not cut at a later given name") {
  const auto cast =
      tagged_names("Joseph Gordon-Levitt starred alongside Kristin Scott Thomas in the film.");
  CAPTURE(cast);
  CHECK(cast.contains("person:Kristin Scott Thomas"));
  CHECK_FALSE(cast.contains("person:Scott Thomas"));
}

TEST_CASE("a sentence whose capitals the rules name is not tagged; one with more is") {
  // Every capital named by the rules ("Reuters", "Tokyo"): the tagger adds nothing.
  const auto named = tagged_names("Reuters said the yen rose in Tokyo on Monday.");
  CAPTURE(named);
  CHECK(named == std::set<std::string>{"org:Reuters", "place:Tokyo"});
  // A name the rules cannot see beside one they name is still the tagger's.
  const auto more = tagged_names("Trump's remarks drew criticism in Tokyo on Monday.");
  CAPTURE(more);
  CHECK(more.contains("person:Trump"));
  CHECK(more.contains("place:Tokyo"));
}

TEST_CASE("a name's word after a particle and a hyphen is the name's: al-Jadaan, el-Sisi") {
  // Had been "Mohammed" and "Abdel Fattah": a word in lower case ended the name.
  const char* text =
      "Saudi Finance Minister Mohammed al-Jadaan said on Monday that the budget would grow. "
      "Egypt's President Abdel Fattah el-Sisi met him in Cairo.";
  for (const auto& found : {names(extract_entities(text)), tagged_names(text)}) {
    CHECK(found.contains("person:Mohammed al-Jadaan"));
    CHECK(found.contains("person:Abdel Fattah el-Sisi"));
  }
  // A particle before a word in lower case is no name's: "de-escalation" stays a word.
  CHECK(names(extract_entities("Talks on de-escalation began, said Anna Weber.")) ==
        std::set<std::string>{"person:Anna Weber"});
}

TEST_CASE("a line in capitals names the places and bodies the gazetteer knows, not words") {
  using S = std::set<std::string>;
  // The rules had skipped such lines: a headline's places counted only if the tagger saw them.
  CHECK(names(extract_entities("FLOODS HIT TOKYO AND OSAKA\n")) == S{"place:Tokyo", "place:Osaka"});
  CHECK(names(extract_entities("BRITAIN AND NEW ZEALAND SIGN U.S. PACT\n")) ==
        S{"place:United Kingdom", "place:New Zealand", "place:United States"});
  // An acronym in capitals is no different from a word: "US" is us, "WHO" who.
  CHECK(names(extract_entities("LET US SEE WHO WINS\n")).empty());
}

TEST_CASE("a body named with its country is that country's; the bare name after it, the same") {
  using S = std::set<std::string>;
  // Had been "Supreme Court": the same name as any other country's court.
  const char* court =
      "The ruling was upheld by the U.S. Supreme Court on Tuesday. The Supreme Court had heard "
      "the case in May.";
  for (const auto& found : {names(extract_entities(court)), tagged_names(court)}) {
    CHECK(found == S{"org:U.S. Supreme Court", "place:United States"});
  }
  const auto es = extract_entities(
      "The Russian Foreign Ministry said on Monday that talks would resume. The Foreign Ministry "
      "gave no date.");
  CHECK(names(es) == S{"org:Russian Foreign Ministry"});
  REQUIRE(find(es, "Russian Foreign Ministry") != nullptr);
  CHECK(find(es, "Russian Foreign Ministry")->mentions == 2);
  // Two countries' ministries: the bare one could be either, and stays apart.
  CHECK(names(extract_entities("The French Foreign Ministry and the German Foreign Ministry "
                               "disagreed. The Foreign Ministry said no.")) ==
        S{"org:Foreign Ministry", "org:French Foreign Ministry", "org:German Foreign Ministry"});
  // A body the gazetteer knows keeps its own name.
  CHECK(names(extract_entities("The U.S. Federal Reserve raised rates on Friday."))
            .contains("org:Federal Reserve"));
}
