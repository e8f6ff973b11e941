#include "indexer/copies/story_facts.h"

#include <doctest/doctest.h>

#include "common/text/text_fold.h"

namespace morgue {
namespace {

StoryFacts facts(std::string_view text, std::optional<Date> day = std::nullopt) {
  return story_facts(fold_text(text), day);
}

}  // namespace

TEST_CASE("same_story: wire templates with other figures, names or directions are other news") {
  // Reuters dividend notices: one template, four companies.
  const auto holmes = facts(
      "D.H. Holmes Co Ltd - Qtly div 12-1/2 cts vs 12-1/2 cts prior. "
      "Pay April 1 Record March 16. Reuter");
  const auto systems = facts(
      "E-Systems Inc - Qtly div 12-1/2 cts vs 12-1/2 cts prior. "
      "Pay April 1 Record March 16. Reuter");
  const auto quaker = facts(
      "D.H. Holmes Co Ltd - Qtly div 10 cts vs 10 cts prior. "
      "Pay April 15 Record March 31. Reuter");
  CHECK_FALSE(same_story(holmes, systems));  // another company
  CHECK_FALSE(same_story(holmes, quaker));   // other figures
  const auto fell = facts(
      "Initial claims for state unemployment benefits fell to 332,900 in "
      "the week ended March 7, the Labor Department said.");
  const auto rose = facts(
      "Initial claims for state unemployment benefits rose to 332,900 in "
      "the week ended March 7, the Labor Department said.");
  CHECK_FALSE(same_story(fell, rose));
  CHECK(same_story(holmes, holmes));
}

TEST_CASE("same_story: copies as outlets edit them agree") {
  const auto wire = facts(
      "NORTHBROOK, Ill., March 25 - Allstate Corp said its first quarter profit rose 12 pct "
      "to 1.5 billion dlrs. Chairman Jack Smith said sales were strong.");
  // Dateline dropped, a sentence dropped, words around a figure reworded, chrome added.
  const auto copy = facts(
      "Allstate Corp said its first quarter profit rose 12 percent to 1.5 billion dollars.\n\n"
      "Share this article\nFacebook\nTwitter");
  CHECK(same_story(wire, copy));
  CHECK(same_story(copy, wire));
  // House styles: a name's spelling, a number written out.
  CHECK(same_story(facts("Officials said President Volodymyr Zelenskyy met two envoys."),
                   facts("Officials said President Volodymyr Zelensky met 2 envoys.")));
}

TEST_CASE("same_story: a wire's headlines in capitals start with their subject") {
  const std::string body = fold_text("Qtly div 20 cts vs 20 cts previously. Pay April 15.");
  const auto quaker = story_facts(body, Date{1987, 3, 11}, "QUAKER OATS CO <OAT> REGULAR DIVIDEND");
  const auto unibancorp =
      story_facts(body, Date{1987, 3, 13}, "UNIBANCORP INC <UBCP> REGULAR DIVIDEND SET");
  CHECK_FALSE(same_story(quaker, unibancorp));
  CHECK(same_story(quaker,
                   story_facts(body, Date{1987, 3, 11}, "CORRECTED - QUAKER OATS <OAT> DIVIDEND")));
  // An outlet's own headline says nothing of the subject's place.
  CHECK(same_story(quaker, story_facts(body, Date{1987, 3, 12}, "Dividend news: Quaker Oats")));
}

TEST_CASE("same_story: a headline with lower case in any script is no wire's") {
  // "Путин в Киеве" / "Путин в Минске": outlets' own headlines; their names count as facts,
  // and neither is a wire headline whose first word must agree.
  const std::string body = fold_text("Officials said talks would go on.");
  const auto kyiv = story_facts(body, std::nullopt,
                                "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD0\xB2 "
                                "\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2\xD0\xB5");
  CHECK(kyiv.wire_subject.empty());
}

TEST_CASE("same_story: copies go out within days of each other") {
  const std::string text = "The Federal Reserve added reserves via customer repurchases.";
  const auto monday = facts(text, Date{1987, 3, 2});
  CHECK(same_story(monday, facts(text, Date{1987, 3, 5})));
  CHECK_FALSE(same_story(monday, facts(text, Date{1987, 3, 9})));
  CHECK(same_story(monday, facts(text)));  // undated: the day says nothing
}

}  // namespace morgue

namespace morgue {
TEST_CASE("same_story: a table's rows read on from one another") {
  // As morgue's reader stores them: each row a paragraph.
  const auto maui = story_facts(
      fold_text("Qtly div 12-1/2 cts vs 12-1/2 cts\n\nPay March 31\n\nRecord Feb 27\n\nReuter"),
      Date{1987, 3, 3});
  const auto green = story_facts(
      fold_text(
          "Qtly dividend 12-1/2 cts vs 12-1/2 cts\n\nPay March 31\n\nRecord March 16\n\nReuter"),
      Date{1987, 3, 2});
  CHECK_FALSE(same_story(maui, green));
}
}  // namespace morgue
