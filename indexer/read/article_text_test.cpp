#include "indexer/read/article_text.h"

#include <doctest/doctest.h>

using morgue::looks_like_headline;
using morgue::split_scraped_text;

TEST_CASE("headline detection: the seed corpus' first lines") {
  // 000, 003, 004 open with headlines; 001 and 002 open with a body sentence.
  CHECK(looks_like_headline(
      "Putin says US, NATO have 'ignored' Russia's security demands on Ukraine: What we know"));
  CHECK(looks_like_headline(
      "‘Ignored’: Putin Delivers First Speech in Weeks on Russia–Ukraine Tensions"));
  CHECK(
      looks_like_headline("Putin says U.S. and allies have ignored Russia’s security "
                          "demands, but that he’s open to more talks"));
  CHECK_FALSE(looks_like_headline(
      "Russian President Vladimir Putin said Tuesday that his government was studying the "
      "responses from the United States and NATO to his security demands related to Ukraine "
      "but that it was clear the Kremlin’s main complaints \"had been ignored.\""));
  CHECK_FALSE(looks_like_headline(
      "Russian President Vladimir Putin said Tuesday that the U.S. and its allies have "
      "ignored Russia’s key security demands as the standoff between Moscow and the West over "
      "Ukraine shows no signs of easing. "));
}

TEST_CASE("headline detection: edge cases") {
  CHECK(looks_like_headline("Will Russia invade Ukraine?"));
  CHECK(looks_like_headline("Orbán meets Putin in Moscow"));
  CHECK_FALSE(looks_like_headline("Ukraine"));                         // one word
  CHECK_FALSE(looks_like_headline("lower-case start is a fragment"));  // continuation
  CHECK_FALSE(looks_like_headline("A sentence that ends with a full stop."));
  CHECK_FALSE(looks_like_headline(std::string(201, 'A')));
  CHECK(looks_like_headline("Markets wait for the Fed..."));  // ellipsis is not a full stop
}

TEST_CASE("split_scraped_text keeps a headline-less page's first sentence in the body") {
  const auto t = split_scraped_text("Putin said Tuesday that talks go on.\nSecond line.");
  CHECK(t.title.empty());
  CHECK(t.body == "Putin said Tuesday that talks go on.\n\nSecond line.");
}

TEST_CASE("split_scraped_text removes prompts, related links and video widgets") {
  const std::string page =
      "Putin says allies ignored demands\n"                          // 1 headline
      "\n"                                                           // 2
      "Putin spoke on Tuesday.\n"                                    // 3
      "RELATED IMAGESview larger image\n"                            // 4 prompt
      "  • VideoTrudeau warns Moscow of 'serious consequences'\n"    // 5 related link
      "  • Russia now has 'capability' to move against Ukraine\n"    // 6 related link
      "• The decree ends conscription in 2024.\n"                    // 7 bulleted sentence: kept
      "More:What are Joe Biden's options with Russia in Ukraine?\n"  // 8 glued label link
      "16 hours agoDuration 2:02The tensions reached new heights. 2:02\n"  // 9 widget
      "Log in with your credentials\n"                                     // 10 prompt
      "Forgot your details?\n"                                             // 11 prompt
      "Contributing: The Associated Press\n";                              // 12 real text
  const auto t = split_scraped_text(page);
  CHECK(t.title == "Putin says allies ignored demands");
  CHECK(t.body ==
        "Putin spoke on Tuesday.\n\n"
        "• The decree ends conscription in 2024.\n\n"
        "The tensions reached new heights.\n\n"
        "Contributing: The Associated Press");
  REQUIRE(t.removed.size() == 7);
  CHECK(t.removed[0].line == 4);
  CHECK(t.removed[0].rule == "prompt");
  CHECK(t.removed[1].rule == "related-link");
  CHECK(t.removed[3].line == 8);
  CHECK(t.removed[4].rule == "video-widget");
  CHECK(t.removed[6].line == 11);
}

TEST_CASE("split_scraped_text never removes ordinary sentences") {
  const char* sentences[] = {
      "State Department spokesman Ned Price said: \"We are ready.\"",
      "Note: the figures are preliminary.",
      "The meeting lasted 2:30 hours, officials said.",
      "Photo opportunities were limited, reporters said.",
      "Duration of the talks was not disclosed.",
      "We're not around right now, the spokesman joked.",
  };
  for (const char* s : sentences) {
    CAPTURE(s);
    const auto t = split_scraped_text(s, {.detect_headline = false});
    CHECK(t.body == s);
    CHECK(t.removed.empty());
  }
}

TEST_CASE("split_scraped_text options switch rules off") {
  const auto t = split_scraped_text("Headline here\nLog in with your credentials",
                                    {.detect_headline = false, .remove_chrome = false});
  CHECK(t.title.empty());
  CHECK(t.body == "Headline here\n\nLog in with your credentials");
}

TEST_CASE("hard-wrapped wire copy is joined back into paragraphs") {
  // Wrapped at 61 columns: each break falls where the next word would not have fitted.
  const std::string wire =
      "The farm bill was debated in Washington on Tuesday when U.S.\n"
      "Agriculture Secretary Richard Lyng told the Senate the New\n"
      "York Stock Exchange had no role, but Treasury Secretary James\n"
      "Baker said the market would decide.\n"
      "    Lyng left early, before the vote on the amendment came up\n"
      "and was lost.\n"
      "TABLE IN CAPITALS ONLY\n"
      "A short line its author ended.\n"
      "Greenspan spoke later, and at more length than this line has.\n";
  const auto t = split_scraped_text(wire, {.detect_headline = false});
  CHECK(t.body ==
        "The farm bill was debated in Washington on Tuesday when U.S. Agriculture Secretary "
        "Richard Lyng told the Senate the New York Stock Exchange had no role, but Treasury "
        "Secretary James Baker said the market would decide.\n\n"
        "Lyng left early, before the vote on the amendment came up and was lost.\n\n"
        "TABLE IN CAPITALS ONLY\n\n"
        "A short line its author ended.\n\n"
        "Greenspan spoke later, and at more length than this line has.");
}

TEST_CASE("wire copy with indented paragraphs: a short line that stops mid-sentence goes on") {
  // Reuters keeps the dateline apart, so a story's first line is short. Lines that end a
  // sentence are left as they are (a table's rows).
  const std::string wire =
      "U.S. Trade Representative Clayton\n"
      "Yeutter said he hoped the dollar would continue to decline in\n"
      "relation to the currencies of Taiwan and South Korea.\n"
      "    Testifying before the House Appropriations subcommittee,\n"
      "he said a further fall was justified by the economic factors\n"
      "that the committee had heard about from other witnesses.\n"
      "    Shr 15 cts vs 12 cts.\n"
      "Net 1.2 mln vs 1.0 mln.\n";
  CHECK(split_scraped_text(wire, {.detect_headline = false}).body ==
        "U.S. Trade Representative Clayton Yeutter said he hoped the dollar would continue to "
        "decline in relation to the currencies of Taiwan and South Korea.\n\n"
        "Testifying before the House Appropriations subcommittee, he said a further fall was "
        "justified by the economic factors that the committee had heard about from other "
        "witnesses.\n\n"
        "Shr 15 cts vs 12 cts.\n\nNet 1.2 mln vs 1.0 mln.");
}

TEST_CASE("lines that are not hard-wrapped stay paragraphs") {
  // Longer than any wrapper's width: scraped pages put a paragraph on a line.
  const std::string scraped = "Treasury Secretary James\n" + std::string(120, 'x') +
                              "\nBaker spoke.\nAnd left the room at once.";
  CHECK(split_scraped_text(scraped, {.detect_headline = false}).body ==
        "Treasury Secretary James\n\n" + std::string(120, 'x') +
            "\n\nBaker spoke.\n\nAnd left the room at once.");
  // A few short paragraphs are not a wrapped column, though their longest line "would not
  // have fitted" the next word.
  CHECK(split_scraped_text("Talks resumed in Geneva on Monday.\nThey ended early.",
                           {.detect_headline = false})
            .body == "Talks resumed in Geneva on Monday.\n\nThey ended early.");
}
