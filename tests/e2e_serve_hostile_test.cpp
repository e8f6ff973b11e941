// End-to-end: morgue-serve under hostile clients (issue #36): a thousand idle connections and
// dozens of clients dripping their headers while a normal client is served; oversized and
// countless headers; pipelined requests; SIGTERM with all of that open; a port in use; work
// bounded per request; the page's security headers and links; an index made again under it.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "tests/e2e_support.h"
#include "tests/support/net.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

using morgue::test::contains;
using morgue::test::http;
using morgue::test::index_bin;
using morgue::test::kSamples;
using morgue::test::run;
using morgue::test::Sample;
using morgue::test::serve_bin;
using morgue::test::ServerProcess;

namespace {

using Clock = std::chrono::steady_clock;

// Sockets closed on destruction.
struct Sockets {
  std::vector<int> fds;
  ~Sockets() {
    for (const int fd : fds) ::close(fd);
  }
};

void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
  }
}

long resident_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

TEST_CASE("1,000 idle connections and 64 slow clients: a normal client is answered at once") {
  raise_descriptor_limit();
  Sample sample;
  ServerProcess server(sample.db);
  Sockets idle, slow;
  for (int i = 0; i < 1000; ++i) {
    const int fd = morgue::test::connect_loopback(server.port());
    REQUIRE(fd >= 0);
    idle.fds.push_back(fd);
  }
  for (int i = 0; i < 64; ++i) {
    const int fd = morgue::test::connect_loopback(server.port());
    REQUIRE(fd >= 0);
    REQUIRE(morgue::test::send_all(fd, "GET /api/search?q=tram HTTP/1.1\r\nHost: x\r\n"));
    slow.fds.push_back(fd);
  }
  // The slow clients drip a header line every 250 ms while the normal client asks.
  std::atomic<bool> done{false};
  std::thread drip([&] {
    for (int n = 0; !done; ++n) {
      for (const int fd : slow.fds) {
        (void)morgue::test::send_all(fd, "X-Drip-" + std::to_string(n) + ": 1\r\n");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  });
  std::vector<double> ms;
  int failed = 0;
  for (int i = 0; i < 200; ++i) {
    const auto start = Clock::now();
    const auto reply = http(server.port(), i % 2 ? "/api/search?q=tram" : "/healthz");
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (reply.status != 200) ++failed;
  }
  done = true;
  drip.join();
  const double p50 = percentile(ms, 0.5), p99 = percentile(ms, 0.99);
  MESSAGE("normal client beside 1,000 idle and 64 slow connections: p50 " << p50 << " ms, p99 "
                                                                          << p99 << " ms");
  CHECK(failed == 0);
  CHECK(p99 < 100);

  // SIGTERM with every one of them still open: out within 5 s, exit 0.
  const auto stop_start = Clock::now();
  const auto stopped = server.stop(SIGTERM);
  const double stop_s = std::chrono::duration<double>(Clock::now() - stop_start).count();
  MESSAGE("SIGTERM to exit with 1,064 open connections: " << stop_s << " s");
  CHECK(stopped.status == 0);
  CHECK(stop_s < 5);
}

TEST_CASE("a request must arrive whole within the deadline; a dripping client is cut off") {
  Sample sample;
  ServerProcess server(sample.db);
  const int fd = morgue::test::connect_loopback(server.port());
  REQUIRE(fd >= 0);
  REQUIRE(morgue::test::send_all(fd, "GET / HTTP/1.1\r\n"));
  const auto start = Clock::now();
  bool open = true;
  // One header line every 2 s would hold a thread per client for ever under a per-read
  // timeout; the whole request gets 10 s.
  while (open && Clock::now() - start < std::chrono::seconds(20)) {
    open = morgue::test::send_all(fd, "X-Drip: 1\r\n");
    std::this_thread::sleep_for(std::chrono::seconds(2));
    if (open) {
      char byte;
      const ssize_t n = ::recv(fd, &byte, 1, MSG_DONTWAIT);
      if (n == 0) open = false;
    }
  }
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  MESSAGE("dripping client cut off after " << s << " s");
  CHECK_FALSE(open);
  CHECK(s < 15);
}

TEST_CASE("headers are capped in count and bytes (431); memory stays bounded") {
  Sample sample;
  ServerProcess server(sample.db);
  const long before = resident_kib(server.pid());
  for (int round = 0; round < 20; ++round) {
    // 40 KB of one header, then 300 small ones.
    for (const std::string& headers : {"X-Big: " + std::string(40'000, 'a') + "\r\n", [] {
                                         std::string many;
                                         for (int i = 0; i < 300; ++i)
                                           many += "X-" + std::to_string(i) + ": 1\r\n";
                                         return many;
                                       }()}) {
      const int fd = morgue::test::connect_loopback(server.port());
      REQUIRE(fd >= 0);
      (void)morgue::test::send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
      const auto replies = morgue::test::parse_replies(morgue::test::read_until_close(fd, 5000));
      ::close(fd);
      REQUIRE(replies.size() == 1);
      CHECK(replies[0].status == 431);
    }
  }
  // A flood of header bytes on one connection is cut at the cap, not read into memory.
  const int fd = morgue::test::connect_loopback(server.port());
  REQUIRE(fd >= 0);
  (void)morgue::test::send_all(fd, "GET / HTTP/1.1\r\n");
  const std::string chunk = "X-Flood: " + std::string(1 << 16, 'b') + "\r\n";
  std::size_t sent = 0;
  while (sent < (std::size_t{64} << 20) && morgue::test::send_all(fd, chunk)) sent += chunk.size();
  ::close(fd);
  const long after = resident_kib(server.pid());
  MESSAGE("server resident memory " << before << " KiB before, " << after << " KiB after; " << sent
                                    << " header bytes sent before the cut");
  CHECK(sent < (std::size_t{64} << 20));
  CHECK(after - before < 64 * 1024);
  CHECK(http(server.port(), "/healthz").status == 200);
}

TEST_CASE("pipelined requests are all answered, in order") {
  Sample sample;
  ServerProcess server(sample.db);
  const int fd = morgue::test::connect_loopback(server.port());
  REQUIRE(fd >= 0);
  const std::string h = " HTTP/1.1\r\nHost: x\r\n";
  // HEAD last: its answer's Content-Length has no body behind it.
  REQUIRE(morgue::test::send_all(fd, "GET /healthz" + h + "\r\nGET /api/search?q=tram&limit=1" + h +
                                         "\r\nGET /nowhere" + h + "\r\nGET /style.css" + h +
                                         "\r\nHEAD /" + h + "Connection: close\r\n\r\n"));
  const auto replies = morgue::test::parse_replies(morgue::test::read_until_close(fd, 10000));
  ::close(fd);
  REQUIRE(replies.size() == 5);
  CHECK(replies[0].status == 200);
  CHECK(contains(replies[0].body, "\"status\":\"ok\""));
  CHECK(replies[1].status == 200);
  CHECK(contains(replies[1].body, "\"hits\""));
  CHECK(replies[2].status == 404);
  CHECK(replies[3].status == 200);
  CHECK(contains(replies[3].headers, "text/css"));
  CHECK(replies[4].status == 200);
  CHECK(replies[4].body.empty());  // HEAD
}

TEST_CASE("a port in use is an error, never a second server sharing it") {
  Sample sample;
  ServerProcess first(sample.db);
  const auto second = run({"/usr/bin/timeout", "20", serve_bin(), "--db", sample.db, "--listen",
                           "127.0.0.1:" + std::to_string(first.port())});
  CHECK(second.status == 2);
  CHECK(contains(second.err, "cannot listen on 127.0.0.1:" + std::to_string(first.port())));
  CHECK(contains(second.err, "in use"));
}

TEST_CASE("every query's work is bounded: a wildcard budget and a time limit, clear answers") {
  Sample sample;
  ServerProcess budget(sample.db, {"--max-wildcard-terms", "3"});
  const auto wild = http(budget.port(), "/api/search?q=a*+b*+c*+d*+e*&any=1");
  CHECK(wild.status == 400);
  CHECK(contains(wild.body, "wildcards match too many words (at most 3 in all"));
  ServerProcess strict(sample.db, {"--time-limit", "0.000001"});
  const auto slow = http(strict.port(), "/api/search?q=tram&facets=person,org,place");
  CHECK(slow.status == 503);
  CHECK(contains(slow.body, "longer than its time limit of 1e-06 s"));
  // The same limits in morgue-search.
  const auto cli =
      run({morgue::test::search_bin(), "--db", sample.db, "--time-limit", "0.000001", "tram"});
  CHECK(cli.status == 2);
  CHECK(contains(cli.err, "longer than its time limit"));
  const auto cli_wild = run({morgue::test::search_bin(), "--db", sample.db, "--max-wildcard-terms",
                             "3", "--any", "a* b* c* d* e*"});
  CHECK(cli_wild.status == 2);
  CHECK(contains(cli_wild.err, "at most 3 in all"));
  // Numbers past 32 bits are refused, never wrapped.
  ServerProcess server(sample.db);
  for (const char* target :
       {"/api/search?q=tram&offset=4294967296", "/api/search?q=tram&limit=4294967296",
        "/api/search?q=tram&limit=99999999999999999999999"}) {
    CAPTURE(target);
    const auto r = http(server.port(), target);
    CHECK(r.status == 400);
  }
  for (const char* option : {"--offset", "--limit"}) {
    const auto r =
        run({morgue::test::search_bin(), "--db", sample.db, option, "4294967296", "tram"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "must be between 0 and"));
  }
}

TEST_CASE("security headers; only http(s) links from data; an id with CR/LF has its page") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  dir.write(
      "feed.jsonl",
      "{\"id\": \"x1\", \"title\": \"Click\", \"url\": \"  JavaScript:alert(document.domain)\", "
      "\"body\": \"Tram fares rise.\"}\n"
      "{\"id\": \"x2\", \"title\": \"Data\", \"url\": "
      "\"data:text/html,<script>alert(1)</script>\", "
      "\"body\": \"Tram lines close.\"}\n"
      "{\"id\": \"line\\r\\nbreak\", \"title\": \"Odd id\", \"url\": \"https://example.com/a\", "
      "\"body\": \"Tram depots open.\"}\n");
  REQUIRE(run({index_bin(), "--db", db, "--quiet", (dir / "feed.jsonl").string()}).status == 0);
  ServerProcess server(db);
  for (const char* id : {"x1", "x2"}) {
    const auto page = http(server.port(), std::string("/articles/") + id);
    REQUIRE(page.status == 200);
    CHECK_FALSE(contains(page.body, "href=\"  JavaScript"));
    CHECK_FALSE(contains(page.body, "href=\"data:"));
    CHECK_FALSE(contains(page.body, ">source</a>"));
    CHECK(contains(page.headers, "Content-Security-Policy: default-src 'none'; style-src 'self'"));
    CHECK(contains(page.headers, "X-Content-Type-Options: nosniff"));
    CHECK(contains(page.headers, "Referrer-Policy: no-referrer"));
    CHECK_FALSE(contains(page.body, "<script"));
    CHECK_FALSE(contains(page.body, "<style"));
  }
  const auto odd = http(server.port(), "/articles/line%0D%0Abreak");
  CHECK(odd.status == 200);
  CHECK(contains(odd.body, "href=\"https://example.com/a\">source</a>"));
  const auto odd_api = http(server.port(), "/api/articles/line%0D%0Abreak");
  CHECK(odd_api.status == 200);
  CHECK(contains(odd_api.body, "\"id\":\"line\\r\\nbreak\""));
  CHECK(contains(http(server.port(), "/api/search?q=tram").headers, "Content-Security-Policy"));
}

TEST_CASE("an index deleted and made again at the same path is the one answered") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  dir.write("old/feed.jsonl",
            "{\"id\": \"o1\", \"body\": \"Tram one.\"}\n{\"id\": \"o2\", \"body\": \"Tram two.\"}\n"
            "{\"id\": \"o3\", \"body\": \"Tram three.\"}\n");
  dir.write("new/feed.jsonl", "{\"id\": \"n1\", \"body\": \"Tram new.\"}\n");
  REQUIRE(
      run({index_bin(), "--db", db, "--quiet", "--shards", "1", (dir / "old").string()}).status ==
      0);
  ServerProcess server(db);
  for (int i = 0; i < 6; ++i)
    CHECK(contains(http(server.port(), "/api/search?q=tram").body, "\"total\":3"));
  std::filesystem::remove_all(db);
  REQUIRE(
      run({index_bin(), "--db", db, "--quiet", "--shards", "1", (dir / "new").string()}).status ==
      0);
  int stale = 0;
  for (int i = 0; i < 24; ++i) {
    const auto r = http(server.port(), "/api/search?q=tram");
    if (!contains(r.body, "\"total\":1")) ++stale;
  }
  CHECK(stale == 0);
  CHECK(contains(http(server.port(), "/healthz").body, "\"articles\":1"));
}
