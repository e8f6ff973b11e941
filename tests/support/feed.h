// Article records for tests that write JSONL feeds: one line per article.
#pragma once

#include <string>

namespace morgue::test {

/// A wire story long enough that records of it are copies of one story (near-duplicates).
inline const std::string kWireStory =
    "Viktor Orban, the Hungarian prime minister, spoke about gas prices in Budapest on "
    "Thursday and said that the country would keep buying Russian gas under its long term "
    "contract while the European Union debated sanctions against Moscow over the war.";

/// One JSONL line (newline included). The strings are put in as given: no JSON escaping.
inline std::string feed_record(const std::string& id, const std::string& title,
                               const std::string& body, const std::string& outlet = "Reuters",
                               const std::string& day = "2022-02-01") {
  return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"body\": \"" + body +
         "\", \"outlet\": \"" + outlet + "\", \"published\": \"" + day + "\"}\n";
}

}  // namespace morgue::test
