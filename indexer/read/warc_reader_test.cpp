#include "indexer/read/warc_reader.h"

#include <doctest/doctest.h>

#include <vector>

#include "tests/support/temp_dir.h"
#include "tests/support/warc.h"

using morgue::test::gzip_member;
using morgue::test::warc_record;
using morgue::test::warc_response;

namespace {

struct Crawl {
  std::vector<morgue::WarcRecord> records;
  std::string error;
};

Crawl read_crawl(const std::string& bytes, std::size_t max_block = 1 << 20) {
  morgue::test::TempDir dir;
  const auto file = dir.write("crawl.warc", bytes);
  std::string why;
  auto input = morgue::InputFile::open(file, why);
  REQUIRE(input.has_value());
  morgue::WarcReader reader(std::move(*input), max_block);
  Crawl c;
  morgue::WarcRecord r;
  try {
    while (reader.next(r)) c.records.push_back(r);
  } catch (const morgue::InputReadError& e) {
    c.error = e.what();
  }
  return c;
}

const std::string kInfo = warc_record("warcinfo", "", "2024-01-02T03:04:05Z",
                                      "application/warc-fields", "software: x\r\n");
const std::string kPage =
    warc_response("https://a.example/story", "2024-01-02T03:04:06Z", "<p>Hello</p>");

}  // namespace

TEST_CASE("a WARC file's records, plain and gzipped a member per record") {
  for (const bool gz : {false, true}) {
    CAPTURE(gz);
    const std::string bytes = gz ? gzip_member(kInfo) + gzip_member(kPage) : kInfo + kPage;
    const Crawl c = read_crawl(bytes);
    CHECK(c.error.empty());
    REQUIRE(c.records.size() == 2);
    CHECK(c.records[0].type == "warcinfo");
    CHECK(c.records[0].offset == 0);
    CHECK(c.records[1].type == "response");
    CHECK(c.records[1].offset == kInfo.size());
    CHECK(c.records[1].target_uri == "https://a.example/story");
    CHECK(c.records[1].date == "2024-01-02T03:04:06Z");
    CHECK(c.records[1].block.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(c.records[1].block.ends_with("<p>Hello</p>"));
  }
}

TEST_CASE("a block over the cap is passed over unread; the next record still reads") {
  const Crawl c = read_crawl(kPage + kInfo, 16);
  CHECK(c.error.empty());
  REQUIRE(c.records.size() == 2);
  CHECK(c.records[0].block_skipped);
  CHECK(c.records[0].block.empty());
  CHECK(c.records[1].type == "warcinfo");
}

TEST_CASE(
    "a record cut short, a gzip member cut short, a header that is none: errors with offsets") {
  const Crawl cut = read_crawl(kInfo + kPage.substr(0, kPage.size() - 20));
  REQUIRE(cut.records.size() == 1);
  CHECK(cut.error.find("WARC record cut short") != std::string::npos);
  CHECK(cut.error.find("at byte offset " + std::to_string(kInfo.size())) != std::string::npos);

  const std::string member = gzip_member(kPage);
  const Crawl gz = read_crawl(gzip_member(kInfo) + member.substr(0, member.size() / 2));
  REQUIRE(gz.records.size() == 1);
  CHECK(gz.error.find("cut short") != std::string::npos);

  const Crawl junk = read_crawl(kInfo + "GET / HTTP/1.1\r\n\r\n");
  REQUIRE(junk.records.size() == 1);
  CHECK(junk.error.find("not a WARC record") != std::string::npos);
}

TEST_CASE("the HTTP response in a record: status, type, chunked and gzipped bodies") {
  std::string error;
  const auto plain = morgue::parse_http_response(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>", 1000, error);
  REQUIRE(plain.has_value());
  CHECK(plain->status == 200);
  CHECK(plain->content_type == "text/html");
  CHECK(plain->body == "<p>x</p>");

  const std::string zipped = gzip_member("<p>compressed</p>");
  std::string chunked;
  for (std::size_t i = 0; i < zipped.size(); i += 7) {
    const std::string part = zipped.substr(i, 7);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    chunked += std::string(size) + "\r\n" + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  const auto both = morgue::parse_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunked,
      1000, error);
  REQUIRE(both.has_value());
  CHECK(both->body == "<p>compressed</p>");

  CHECK_FALSE(morgue::parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx", 1000,
                                          error));
  CHECK(error.find("br encoding") != std::string::npos);
  CHECK_FALSE(morgue::parse_http_response("<html>", 1000, error));
  // A body that decompresses past the cap (a gzip bomb) is refused.
  const auto bomb = morgue::parse_http_response(
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzip_member(std::string(100000, 'a')),
      1000, error);
  CHECK_FALSE(bomb.has_value());
}
