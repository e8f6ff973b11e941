// End-to-end: hostile input through the real binaries. Each case checks the message (with
// file and line or offset), the exit status, and that every good article of the run is
// indexed anyway.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/e2e_support.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using morgue::test::ids_for;
using morgue::test::index_bin;
using morgue::test::run;
using morgue::test::search_bin;
using morgue::test::search_json;
using V = std::vector<std::string>;

namespace {

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

const std::string kGood = "Good story headline\n\nA good article about zucchini.\n";

}  // namespace

TEST_CASE("bad files: each reported with its path, every good article indexed") {
  morgue::test::TempDir dir;
  const fs::path src = dir / "src";
  dir.write("src/good.txt", kGood);
  dir.write("src/utf16le-bom.txt", std::string("\xFF\xFE"
                                               "Z\0u\0c\0c\0h\0i\0n\0i\0 \0l\0e\0\n\0",
                                               26));
  dir.write("src/utf16be-nobom.txt", std::string("\0Z\0u\0c\0c\0h\0i\0n\0i\0 \0b\0e", 22));
  dir.write("src/cp1252.txt", "Caf\xE9 owners\n\nThe caf\xE9 served zucchini \x93soup\x94.\n");
  dir.write("src/stray-nul.txt", std::string("Zucchini prices rose in the market this week.\n") +
                                     std::string(1, '\0') + std::string(2000, ' '));
  dir.write("src/binary.txt", std::string("\x7F"
                                          "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                          16) +
                                  std::string(500, '\0'));
  dir.write("src/empty.txt", "");
  dir.write("src/blank.txt", "  \n\n \t\n");
  // A 50 MB single line: read, cut to the article size limit, indexed.
  {
    std::ofstream big(src / "huge-line.txt", std::ios::binary);
    for (int i = 0; i < 50 * 1024 * 1024 / 16; ++i) big << "zucchini squash ";
  }
  dir.write("src/manifest.jsonl",
            "{\"file\": \"good.txt\", \"outlet\": \"Good News\"}\n"
            "{\"file\": \"missing.txt\", \"outlet\": \"Nowhere\"}\n");
  const auto r = run(
      {index_bin(), "--db", (dir / "db").string(), "--max-article-size", "65536", src.string()});
  INFO(r.err);
  CHECK(r.status == 1);
  const std::string s = src.string();
  CHECK(
      has(r.err,
          s + "/binary.txt: error: binary data (NUL byte at offset 7), not a text file; skipped"));
  CHECK(has(r.err, s + "/empty.txt: error: empty file; skipped"));
  CHECK(has(r.err, s + "/blank.txt: error: no article text; skipped"));
  CHECK(has(r.err, s + "/utf16le-bom.txt: warning: decoded as UTF-16LE (byte order mark)"));
  CHECK(has(r.err, s + "/utf16be-nobom.txt: warning: decoded as UTF-16BE (no byte order mark"));
  CHECK(has(
      r.err,
      s + "/cp1252.txt: warning: not UTF-8 (first bad byte at offset 3); decoded as Windows-1252"));
  CHECK(has(r.err, s + "/stray-nul.txt: warning: 1 NUL byte(s) removed (first at offset 46)"));
  CHECK(has(r.err, s + "/huge-line.txt: warning: article body is 52428799 bytes; only the first "
                       "65536 are indexed and stored"));
  CHECK(has(r.err, "manifest.jsonl:2: warning: manifest names "));
  CHECK(has(r.err, "3 rejected inputs skipped"));
  const auto db = (dir / "db").string();
  CHECK(ids_for(db, "zucchini") == V{"cp1252.txt", "good.txt", "huge-line.txt", "stray-nul.txt",
                                     "utf16be-nobom.txt", "utf16le-bom.txt"});
  CHECK(ids_for(db, "cafe") == V{"cp1252.txt"});
  CHECK(ids_for(db, "outlet:\"good news\"") == V{"good.txt"});
}

TEST_CASE("bad JSONL records: each reported with file:line, the good ones indexed") {
  morgue::test::TempDir dir;
  std::string nested = "{\"id\": \"deep\", \"body\": \"x\", \"extra\": ";
  for (int i = 0; i < 100000; ++i) nested += '[';
  for (int i = 0; i < 100000; ++i) nested += ']';
  nested += "}";
  const auto feed = dir.write(
      "feed.jsonl",
      "{\"id\": \"ok1\", \"body\": \"Zucchini one.\"}\n"
      "{\"id\": \"ok1\", \"body\": \"Zucchini one, corrected.\"}\n"  // duplicate id
      "{not json\n"
      "{\"id\": \"t\", \"body\": [\"not\", \"a string\"]}\n"
      "{\"id\": \"no-body\", \"title\": \"Title only\"}\n"
      "{\"id\": {\"nested\": 1}, \"body\": \"x\"}\n"
      "\"just a string\"\n" +
          nested + "\n" +
          "{\"id\": \"ok2\", \"body\": \"Zucchini two.\", \"published\": \"in the spring\"}\n");
  const auto r = run({index_bin(), "--db", (dir / "db").string(), feed.string()});
  INFO(r.err);
  CHECK(r.status == 1);
  const std::string f = feed.string();
  CHECK(has(r.err, f + ":2: warning: duplicate id \"ok1\" (also at " + f +
                       ":1); this record replaces it"));
  CHECK(has(r.err, f + ":3: error: not valid JSON; record skipped"));
  CHECK(has(r.err, f + ":4: error: \"body\" must be a string; record skipped"));
  CHECK(has(r.err, f + ":5: error: missing required \"body\"; record skipped"));
  CHECK(
      has(r.err, f + ":6: error: \"id\" must be a non-empty string or an integer; record skipped"));
  CHECK(has(r.err, f + ":7: error: not a JSON object; record skipped"));
  CHECK(has(r.err, f + ":8: error: JSON nested deeper than 64 levels; record skipped"));
  CHECK(has(r.err, f + ":9: warning: unrecognised date \"in the spring\"; article left undated"));
  const auto db = (dir / "db").string();
  CHECK(ids_for(db, "zucchini") == V{"ok1", "ok2"});
  CHECK(ids_for(db, "corrected") == V{"ok1"});
}

TEST_CASE("symbolic links: not followed unless asked; loops end") {
  morgue::test::TempDir dir;
  dir.write("src/good.txt", kGood);
  dir.write("outside/secret.txt", "Outside headline\n\nZucchini from outside the tree.\n");
  fs::create_directory_symlink(dir / "outside", dir / "src/link-out");
  fs::create_directory_symlink(dir / "src", dir / "src/sub-loop");
  fs::create_symlink(dir / "nowhere.txt", dir / "src/dangling.txt");
  const auto db = (dir / "db").string();
  auto r = run({index_bin(), "--db", db, (dir / "src").string()});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(has(r.err, "/src/link-out: warning: symbolic link not followed (use --follow-symlinks)"));
  CHECK(has(r.err, "/src/dangling.txt: warning: symbolic link not followed"));
  CHECK(ids_for(db, "zucchini") == V{"good.txt"});

  r = run({index_bin(), "--db", db, "--follow-symlinks", (dir / "src").string()});
  INFO(r.err);
  CHECK(r.status == 1);  // the dangling link cannot be read
  CHECK(has(r.err, "/src/sub-loop: warning: directory already walked (symbolic link loop)"));
  CHECK(has(r.err, "/src/dangling.txt: error: cannot read"));
  CHECK(ids_for(db, "zucchini") == V{"good.txt", "link-out/secret.txt"});
}

TEST_CASE("a full disk (file size limit) fails the run and keeps the last committed index") {
  morgue::test::TempDir dir;
  const auto db = (dir / "db").string();
  dir.write("a/one.txt", kGood);
  REQUIRE(run({index_bin(), "--db", db, (dir / "a").string()}).status == 0);
  {
    fs::create_directories(dir / "b");
    std::ofstream feed(dir / "b/feed.jsonl");
    for (int i = 0; i < 3000; ++i) {
      feed << "{\"id\": \"b" << i << "\", \"body\": \"Zucchini report number " << i
           << " with words that make the index grow, item" << i << ".\"}\n";
    }
  }
  // POSIX sh counts ulimit -f in 512-byte blocks: 64 KiB per file. Xapian 1.4 leaks a block
  // buffer on some failed writes (both frames of LeakSanitizer's report are in libxapian), so
  // leak checking is off for this run, as for the fault-injection runs.
  const auto r =
      run({"/bin/sh", "-c",
           "ulimit -f 128; ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" "
           "exec \"$0\" --db \"$1\" --batch-size 100000 \"$2\"",
           index_bin(), db, (dir / "b").string()});
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(has(r.err, "morgue-index: error: "));
  CHECK(has(r.err, "(the index keeps its last committed state)"));
  // Still searchable, still what was committed.
  CHECK(ids_for(db, "zucchini") == V{"one.txt"});
  const auto again = run({index_bin(), "--db", db, (dir / "b").string()});
  CHECK(again.status == 0);
  CHECK(search_json(db, {"--limit", "0", "zucchini"}).at("total") == 3001);
}

TEST_CASE("hostile queries: never a crash or a hang, clear errors") {
  morgue::test::TempDir dir;
  dir.write("src/good.txt", kGood);
  const auto db = (dir / "db").string();
  REQUIRE(run({index_bin(), "--db", db, (dir / "src").string()}).status == 0);
  for (const char* q : {"\"unbalanced quote", "((brackets", "a ) b ]", "\"", "*", "-", "+",
                        "title:", "person:", "ctrl\x01\x02\x1b[31m chars", "NEAR", "\t\n"}) {
    CAPTURE(q);
    const auto r = run({search_bin(), "--db", db, q});
    CHECK((r.status == 0 || r.status == 1));
  }
  const auto op = run({search_bin(), "--db", db, "AND"});
  CHECK(op.status == 2);
  CHECK(op.err ==
        "morgue-search: error: cannot parse query: Syntax: <expression> AND <expression>\n");
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "w" + std::to_string(i) + " ";
  CHECK(run({search_bin(), "--db", db, many}).status == 1);
  CHECK(run({search_bin(), "--db", db, "--any", "zucchini " + many}).status == 0);
  // The work one query may cause is bounded: words, phrase and NEAR lengths, date ranges.
  std::string too_many = many;
  for (int i = 1000; i < 1100; ++i) too_many += "w" + std::to_string(i) + " ";
  const auto over = run({search_bin(), "--db", db, too_many});
  CHECK(over.status == 2);
  CHECK(over.err == "morgue-search: error: the query has 1100 words, over the limit of 1024\n");
  std::string chain = "a";
  for (int i = 0; i < 100; ++i) chain += " NEAR w" + std::to_string(i);
  const auto near = run({search_bin(), "--db", db, chain});
  CHECK(near.status == 2);
  CHECK(near.err.find("a phrase or NEAR chain of") != std::string::npos);
  std::string phrase = "\"";
  for (int i = 0; i < 900; ++i) phrase += "w" + std::to_string(i) + " ";
  CHECK(run({search_bin(), "--db", db, phrase + "\""}).status == 2);
  const auto start = std::chrono::steady_clock::now();
  std::string ranges;
  for (int i = 0; i < 20; ++i) ranges += "date:0001-01-02..9999-12-30 ";
  CHECK(run({search_bin(), "--db", db, ranges}).status == 1);
  // Generous for a sanitizer build: unbounded, these took over 300 s.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  const std::string huge(70000, 'x');
  const auto long_query = run({search_bin(), "--db", db, huge});
  CHECK(long_query.status == 2);
  CHECK(long_query.err ==
        "morgue-search: error: the query is 70000 bytes, over the limit of 65536\n");
  dir.write("src/more.txt", "More headline\n\nA sample of simple samples.\n");
  REQUIRE(run({index_bin(), "--db", db, (dir / "src").string()}).status == 0);
  CHECK(run({search_bin(), "--db", db, "s*"}).status == 0);  // bounded expansion, fine here
}
