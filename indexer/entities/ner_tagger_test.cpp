#include "indexer/entities/ner_tagger.h"

#include <doctest/doctest.h>

#include "indexer/entities/ner_training.h"

namespace morgue {
namespace {

std::vector<std::string> texts(const NerSentence& s) {
  std::vector<std::string> out;
  for (const NerToken& t : s.tokens) out.push_back(t.text);
  return out;
}

using S = std::vector<std::string>;

}  // namespace

TEST_CASE("ner_sentences: tokens as the tagger reads them, sentences split at their ends") {
  const auto s = ner_sentences(
      "Mr. Putin's aides met U.S. envoys in Kyiv. They left.\nOcasio-Cortez said: \"No.\"");
  REQUIRE(s.size() == 3);
  CHECK(texts(s[0]) ==
        S{"Mr", ".", "Putin", "'s", "aides", "met", "U.S.", "envoys", "in", "Kyiv", "."});
  CHECK(texts(s[1]) == S{"They", "left", "."});
  CHECK(texts(s[2]) == S{"Ocasio-Cortez", "said", ":", "\"", "No", ".", "\""});
  // Byte ranges point into the text.
  const std::string text = "Jean-Claude Juncker’s plan";
  const auto t = ner_sentences(text);
  REQUIRE(t.size() == 1);
  CHECK(texts(t[0]) == S{"Jean-Claude", "Juncker", "’s", "plan"});
  CHECK(text.substr(t[0].ranges[1].first, t[0].ranges[1].second - t[0].ranges[1].first) ==
        "Juncker");
  // Letters, digits and blanks beyond ASCII as ICU reads them: a no-break space and an
  // ideographic one separate, a combining accent and Arabic-Indic digits join a word.
  const auto u = ner_sentences("Zoe\u0301 \u00c5gren\u00a0met\u3000\u0661\u0662 envoys");
  REQUIRE(u.size() == 1);
  CHECK(texts(u[0]) == S{"Zoe\u0301", "\u00c5gren", "met", "\u0661\u0662", "envoys"});
}

TEST_CASE("capitals_sentence: headlines and datelines in capitals, not an acronym in a sentence") {
  const auto tokens = [](std::string_view text) { return ner_sentences(text).front().tokens; };
  CHECK(capitals_sentence(tokens("BAKER SAYS DOLLAR STABLE")));
  CHECK(capitals_sentence(tokens("NORTHBROOK, ILL., March")) == false);  // lower case
  CHECK(capitals_sentence(tokens("NORTHBROOK, ILL.")));
  CHECK_FALSE(capitals_sentence(tokens("NATO met")));
  CHECK_FALSE(capitals_sentence(tokens("A")));
  CHECK(capitals_sentence(tokens("Putin Delivers Stark Warning to the West")));
  CHECK_FALSE(capitals_sentence(tokens("Putin delivers a warning")));
  CHECK_FALSE(capitals_sentence(tokens("Putin Met Biden")));             // too short to say
  CHECK(capitals_sentence(tokens("\u00c9MILE ZOLA ACCUSES THE ARMY")));  // beyond ASCII too
  CHECK_FALSE(capitals_sentence(tokens("\u00c9mile Zola accuses the army")));
}

TEST_CASE("model text: read back as written, malformed lines named") {
  NerModel model;
  NerModel::Weights w{};
  w[1] = 1.5F;
  w[0] = -0.25F;
  model.set(0xabcdef, w);
  model.set(0x12, NerModel::Weights{});  // all zero: not written
  const std::string text = model.to_text();
  CHECK(text == "morgue-ner-model 1\nabcdef 0:-250 1:1500\n");
  const NerModel back = NerModel::from_text(text);
  REQUIRE(back.find(0xabcdef) != nullptr);
  CHECK((*back.find(0xabcdef))[1] == doctest::Approx(1.5));
  CHECK(back.find(0x12) == nullptr);
  CHECK_THROWS_WITH_AS((void)NerModel::from_text("morgue-ner-model 1\nzz 1:2\n"),
                       "tagger model line 2: a line is a hex feature hash and tag:weight pairs",
                       std::runtime_error);
  CHECK_THROWS_AS((void)NerModel::from_text("something else\n"), std::runtime_error);
  CHECK_THROWS_AS((void)NerModel::from_text("morgue-ner-model 1\nab 9:1\n"), std::runtime_error);
}

TEST_CASE("read_ner_examples: Universal NER and CoNLL columns, IOB1 and BIO, documents") {
  const auto uner = read_ner_examples(
      "# newdoc id = n01\n# text = Obama met\n1\tObama\tB-PER\t-\t-\n2\tmet\tO\t-\t-\n\n"
      "# newdoc id = n02\n1\tNew\tB-LOC\t-\t-\n2\tYork\tI-LOC\t-\t-\n3\tTimes\tB-ORG\t-\t-\n",
      "uner");
  REQUIRE(uner.size() == 2);
  CHECK(uner[0].document == "n01");
  CHECK(uner[0].tags == std::vector<NerTag>{NerTag::kBPer, NerTag::kO});
  CHECK(uner[1].tags == std::vector<NerTag>{NerTag::kBLoc, NerTag::kILoc, NerTag::kBOrg});
  const auto conll = read_ner_examples(
      "-DOCSTART- O\n\nThe I-ORG\nMad I-ORG\nCapsule I-ORG\nin O\nJapanese I-MISC\nTokyo I-LOC\n"
      "Osaka I-LOC\n",
      "wikigold");
  REQUIRE(conll.size() == 1);
  // IOB1: an I- after O or another kind begins a name; MISC is no kind of ours.
  CHECK(conll[0].tags == std::vector<NerTag>{NerTag::kBOrg, NerTag::kIOrg, NerTag::kIOrg,
                                             NerTag::kO, NerTag::kO, NerTag::kBLoc, NerTag::kILoc});
  CHECK_THROWS_WITH_AS((void)read_ner_examples("Word\n", "bad"),
                       "bad:1: a token line is a word and its tag", std::runtime_error);
}

TEST_CASE("a model trained on a few sentences tags their pattern in new ones, deterministically") {
  std::string text;
  const char* people[] = {"Alice Walker", "Boris Fedorov", "Chen Wei", "Dmitri Orlov"};
  const char* places[] = {"Vienna", "Lagos", "Quito", "Hanoi"};
  for (const char* person : people) {
    for (const char* place : places) {
      const std::string p(person), first = p.substr(0, p.find(' ')),
                                   last = p.substr(p.find(' ') + 1);
      text += "1\t" + first + "\tB-PER\n2\t" + last + "\tI-PER\n3\tflew\tO\n4\tto\tO\n5\t" + place +
              "\tB-LOC\n6\ttoday\tO\n7\t.\tO\n\n";
    }
  }
  const auto examples = read_ner_examples(text, "toy");
  NerTrainingOptions options;
  options.epochs = 5;
  const NerLowercaseWords lowercase = ner_lowercase_words(examples);
  const NerModel model = train_ner_model(examples, options, lowercase);
  CHECK(train_ner_model(examples, options, lowercase).to_text() == model.to_text());
  const auto spans = ner_spans("Alice Walker flew to Hanoi today.", model);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].kind == schema::EntityKind::kPerson);
  CHECK(spans[0].begin == 0);
  CHECK(spans[0].end == 12);
  CHECK(spans[1].kind == schema::EntityKind::kPlace);
}

TEST_CASE("ner_lowercase_words: the words written in lower case, never a name's") {
  std::string text;
  for (int i = 0; i < 20; ++i) {
    text += "1\tThe\tO\n2\tship\tO\n3\tleft\tO\n4\tfor\tO\n5\tMay\tB-PER\n6\tHarbour\tI-PER\n\n";
    text += "1\tShe\tO\n2\tmay\tO\n3\tsail\tO\n4\tto\tO\n5\tus\tO\n\n";
  }
  text += "1\tThey\tO\n2\tleft\tO\n3\tthe\tO\n4\tUS\tB-LOC\n\n";
  const NerLowercaseWords words = ner_lowercase_words(read_ner_examples(text, "toy"));
  CHECK(words.contains("ship"));
  CHECK(words.contains("left"));
  CHECK(words.contains("sail"));
  CHECK_FALSE(words.contains("the"));  // first in sentence: says nothing of its case (and
                                       // "The" once after: 19 in 20 is needed)
  CHECK_FALSE(words.contains("may"));  // a name twenty times of forty
  CHECK(words.contains("us"));         // once "US", a place, of 21
  CHECK(lowercase_words_text({"b", "a"}) == "a\nb\n");
}

TEST_CASE("a headline in capitals is read as English writes its words") {
  const NerModel& model = NerModel::builtin();
  const auto names = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const NerSpan& s : ner_spans(text, model)) {
      out.push_back(std::string(schema::entity_kind_name(s.kind)) + ":" +
                    std::string(text.substr(s.begin, s.end - s.begin)));
    }
    return out;
  };
  CHECK(ner_builtin_lowercase_words().contains("opens"));
  CHECK_FALSE(ner_builtin_lowercase_words().contains("glasgow"));
  CHECK(ner_reads_lowercase(ner_builtin_lowercase_words(), "arrives"));  // "arrive" + s
  CHECK_FALSE(ner_reads_lowercase(ner_builtin_lowercase_words(), "texas"));
  // The name ends where the lower-case words begin.
  CHECK(names("PRINCE CHARLES OPENS HOSPITAL IN GLASGOW") ==
        std::vector<std::string>{"person:PRINCE CHARLES", "place:GLASGOW"});
  CHECK(names("PRIME MINISTER VIKTOR ORBAN ARRIVES IN MOSCOW") ==
        std::vector<std::string>{"person:VIKTOR ORBAN", "place:MOSCOW"});
  // (The model leaves "EDINBURGH" at this line's end untagged: a place read in a headline by
  // the tagger alone is not read everywhere.)
  const auto floods = names("FLOODS HIT GLASGOW AND EDINBURGH");
  REQUIRE_FALSE(floods.empty());
  CHECK(floods.front() == "place:GLASGOW");
}

TEST_CASE("words in lower case with no capital beside them are read as outside any name") {
  const auto tokens_of = [](std::string_view text) {
    const auto sentences = ner_sentences(text);
    REQUIRE(sentences.size() == 1);
    return sentences[0].tokens;
  };
  const auto tokens =
      tokens_of("Shares of eBay rose after the Bank of England said rates would stay low.");
  const NerFeatures features(tokens, false);
  std::vector<std::string> outside;
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (features.lowercase_outside(i)) outside.push_back(tokens[i].text);
  }
  // "of" beside capitals, "eBay" with a capital in it and "rose" beside it, "the" before "Bank"
  // and "said" after "England" are read; the rest is outside.
  CAPTURE(outside.size());
  CHECK(outside == S{"after", "rates", "would", "stay", "low"});
  // A headline in capitals is read whole.
  const auto caps = tokens_of("BANK OF ENGLAND HOLDS RATES");
  const NerFeatures headline(caps, true);
  for (std::size_t i = 0; i < headline.size(); ++i) CHECK_FALSE(headline.lowercase_outside(i));
  // Reading those words as outside gives the built-in model's tags of reading every word.
  const NerModel& model = NerModel::builtin();
  for (const std::string_view text :
       {"Shares of eBay rose after the Bank of England said rates would stay low.",
        "The prime minister, Viktor Orban, met Chancellor Olaf Scholz in Berlin on Tuesday and "
        "the two talked about gas from Russia for an hour.",
        "Doctors without Borders said the clinic in the north of the city was hit twice."}) {
    const auto words = tokens_of(text);
    const NerFeatures f(words, capitals_sentence(words));
    CAPTURE(text);
    CHECK(ner_decode(model, f, NerDecoding::kLowercaseOutside) ==
          ner_decode(model, f, NerDecoding::kEveryWord));
  }
}

TEST_CASE("ner_spans: only the stretches with a capital not settled are tagged, as in the whole") {
  const auto same = [](const std::vector<NerSpan>& x, const std::vector<NerSpan>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (x[k].kind != y[k].kind || x[k].begin != y[k].begin || x[k].end != y[k].end) return false;
    }
    return true;
  };
  const NerModel& model = NerModel::builtin();
  const auto nothing = [](const NerSentence&) { return std::vector<bool>(); };
  // Nothing settled: the stretches, each with two words on either side, get the sentence's tags.
  for (const std::string text :
       {"Alice Walker flew to Vienna. Boris Fedorov stayed in Lagos.",
        "The prime minister, Viktor Orban, met Chancellor Olaf Scholz in Berlin on Tuesday and "
        "the two talked about gas from Russia for an hour while officials of the European "
        "Commission waited outside with reporters from Reuters and the Associated Press.",
        "Shares of eBay rose after the Bank of England said rates would stay low, and analysts "
        "at Goldman Sachs in New York expected the Federal Reserve to follow."}) {
    CAPTURE(text);
    CHECK(same(ner_spans(text, model, nothing), ner_spans(text, model)));
  }
  const std::string text = "Alice Walker flew to Vienna. Boris Fedorov stayed in Lagos.";
  const auto all = ner_spans(text, model);
  // Everything settled: nothing tagged.
  CHECK(ner_spans(text, model, [](const NerSentence& s) {
          return std::vector<bool>(s.tokens.size(), true);
        }).empty());
  // The first sentence settled: only the second's names.
  const auto second = ner_spans(text, model, [](const NerSentence& s) {
    return std::vector<bool>(s.tokens.size(), s.tokens.front().text == "Alice");
  });
  std::size_t after_first = 0;
  for (const NerSpan& span : all) after_first += span.begin > text.find('.') ? 1 : 0;
  CHECK(after_first > 0);
  CHECK(second.size() == after_first);
  for (const NerSpan& span : second) CHECK(span.begin > text.find('.'));
}

}  // namespace morgue
