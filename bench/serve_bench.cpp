// morgue-serve under load, side by side in one run with a process per query: requests per
// second and p50/p99 latency of a one-word query, a phrase and a faceted query, with 1, 8
// and 32 concurrent clients. The server's clients hold keep-alive connections on loopback;
// the process peers are `quest` (Xapian's own search command) and `morgue-search`, each
// client spawning one process per query and waiting for it. First, the floor: the same
// queries in this process on an open database, by Xapian's QueryParser and Enquire as quest
// runs them, by Xapian counting the matches morgue counts exactly (the floor of its counts),
// and by morgue's search(), one after another.
//   morgue-bench-serve --db INDEX [--seconds S] [--clients 1,8,32] [--bin-dir DIR]
//                      [--in-process yes]
// --in-process yes: the in-process floor only (no server, no processes), e.g. under perf.
// INDEX: a morgue index (quest and the in-process Xapian peers open its shards directly).
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/command.h"
#include "common/index/index_db.h"
#include "searcher/count/value_column.h"
#include "searcher/facets/facets.h"
#include "searcher/search.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
  std::string label, text, facets;
};

struct Load {
  double per_second = 0, p50 = 0, p99 = 0;
  std::size_t failed = 0;
};

// `clients` threads each running `one()` (returns false on failure) for `seconds`.
template <class One>
Load drive(std::size_t clients, double seconds, One one) {
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<std::size_t> failed{0};
  const auto until = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto state = one.make();
      while (Clock::now() < until) {
        const auto start = Clock::now();
        if (!one.run(state)) ++failed;
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Load load;
  if (all.empty()) return load;
  load.per_second = double(all.size()) / seconds;
  load.p50 = all[all.size() / 2];
  load.p99 = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  load.failed = failed;
  return load;
}

// One request after another over a keep-alive connection.
struct ServerClient {
  int port;
  std::string target;
  std::unique_ptr<httplib::Client> make() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    c->set_keep_alive(true);
    return c;
  }
  bool run(std::unique_ptr<httplib::Client>& c) const {
    const auto res = c->Get(target);
    return res && res->status == 200;
  }
};

// One process per query, its output thrown away.
struct Process {
  std::vector<std::string> argv;
  int make() const { return 0; }
  bool run(int) const {
    const int status = morgue::bench::run_discarding_output(argv, /*quiet_stderr=*/false);
    return status == 0 || status == 1;  // 1: nothing matched
  }
};

// The index's shards searched as one, as quest opens them.
Xapian::Database open_shards(const std::vector<std::string>& shards) {
  Xapian::Database db;
  for (const std::string& shard : shards) db.add_database(Xapian::Database(shard));
  return db;
}

// `text` parsed as quest parses it (English stems, STEM_SOME).
Xapian::Query parse_as_quest(const Xapian::Database& db, const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  return parser.parse_query(text);
}

// Xapian's top 10 as quest computes it, each hit's data read, on a database kept open.
struct XapianInProcess {
  std::vector<std::string> shards;
  std::string text;
  Xapian::Database make() const { return open_shards(shards); }
  bool run(const Xapian::Database& db) const {
    Xapian::Enquire enquire(db);
    enquire.set_query(parse_as_quest(db, text));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    std::size_t bytes = 0;
    for (auto m = mset.begin(); m != mset.end(); ++m) bytes += m.get_document().get_data().size();
    return bytes > 0;
  }
};

// The floor of morgue's exact counts: Xapian seeing the matches the counts need (ten thousand
// and one, or every one when facets are counted), boolean weights, nothing kept or counted;
// shard by shard, as morgue counts (over shards searched as one, Xapian's match never stops).
struct XapianCounting {
  std::vector<std::string> shards;
  std::string text;
  Xapian::doccount check_at_least;
  std::vector<Xapian::Database> make() const {
    return std::vector<Xapian::Database>(shards.begin(), shards.end());
  }
  bool run(const std::vector<Xapian::Database>& dbs) const {
    Xapian::doccount seen = 0;
    for (const Xapian::Database& db : dbs) {
      Xapian::Enquire enquire(db);
      enquire.set_query(parse_as_quest(db, text));
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      seen += enquire.get_mset(0, 0, check_at_least).get_matches_lower_bound();
    }
    return seen > 0;
  }
};

// morgue's search() on a database kept open, as a server thread runs it (the output aside),
// counting from the index or, as the server does, from value columns held in memory.
struct MorgueInProcess {
  morgue::SearchOptions options;
  morgue::ValueColumns* columns = nullptr;
  morgue::OpenIndex make() const { return morgue::OpenIndex(options.db); }
  bool run(morgue::OpenIndex& index) const {
    return !morgue::search(options, index.db(), columns).hits.empty();
  }
};

// A loopback port nobody listens on now (the kernel picks it).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string url_encode(const std::string& s) {
  std::string out;
  char hex[4];
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  double seconds = 5;
  std::vector<std::size_t> clients{1, 8, 32};
  std::filesystem::path bin = morgue::bench::default_bin_dir(argv[0]);
  bool in_process_only = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db") {
      db = value;
    } else if (flag == "--seconds") {
      seconds = std::stod(value);
    } else if (flag == "--in-process") {
      in_process_only = value == "yes";
    } else if (flag == "--bin-dir") {
      bin = value;
    } else if (flag == "--clients") {
      clients.clear();
      std::stringstream list(value);
      for (std::string n; std::getline(list, n, ',');) clients.push_back(std::stoul(n));
    } else {
      std::cerr << "morgue-bench-serve: unknown option " << flag << '\n';
      return 2;
    }
  }
  if (db.empty()) {
    std::cerr << "usage: morgue-bench-serve --db INDEX [--seconds S] [--clients 1,8,32] "
                 "[--bin-dir DIR] [--in-process yes]\n";
    return 2;
  }
  std::vector<std::string> shards;
  for (const auto& shard : morgue::live_shards(db)) shards.push_back(shard.string());
  const std::size_t threads = *std::max_element(clients.begin(), clients.end());
  const std::vector<Query> queries{{"one word: oil", "oil", ""},
                                   {"phrase: \"interest rates\"", "\"interest rates\"", ""},
                                   {"faceted: oil", "oil", "outlet,person,date"},
                                   // Past the exact-count limit: counted or estimated.
                                   {"any: oil OR gas", "oil OR gas", ""},
                                   {"phrase: \"mln dlrs\"", "\"mln dlrs\"", ""}};
  std::printf("index %s, %g s per cell, morgue-serve with %zu threads\n\n", db.c_str(), seconds,
              threads);
  std::printf("in this process, one query after another on an open database, ms\n");
  std::printf("%-26s %-16s %-17s %-24s %-24s %9s\n", "query", "Xapian p50 p99", "counting p50 p99",
              "search() p50 p99", "+ columns held p50 p99", "/Xapian");
  morgue::ValueColumns columns;
  std::vector<double> xapian_p50;
  for (const Query& q : queries) {
    morgue::SearchOptions options;
    options.db = db;
    options.query = q.text;
    if (!q.facets.empty()) options.facets = morgue::parse_facet_spec(q.facets);
    // quest has no facets: the faceted row's Xapian figure is the plain query's.
    const Load xapian = drive(1, seconds, XapianInProcess{shards, q.text});
    const Xapian::doccount check_at_least =
        q.facets.empty() ? static_cast<Xapian::doccount>(morgue::kExactCountLimit + 1)
                         : open_shards(shards).get_doccount();
    const Load counting = drive(1, seconds, XapianCounting{shards, q.text, check_at_least});
    const Load morgue = drive(1, seconds, MorgueInProcess{options});
    const Load held = drive(1, seconds, MorgueInProcess{options, &columns});
    xapian_p50.push_back(xapian.p50);
    const auto cell = [](const Load& l) {
      char text[32];
      std::snprintf(text, sizeof text, "%6.2f %7.2f%s", l.p50, l.p99, l.failed ? " !" : "");
      return std::string(text);
    };
    std::printf("%-26s %-16s %-17s %-24s %-24s %8.2fx\n", q.label.c_str(), cell(xapian).c_str(),
                cell(counting).c_str(), cell(morgue).c_str(), cell(held).c_str(),
                held.p50 / std::max(xapian.p50, 1e-9));
  }
  if (in_process_only) return 0;
  const int port = free_port();
  pid_t server = 0;
  {
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    const std::string serve = (bin / "morgue-serve").string();
    const std::string nthreads = std::to_string(threads);
    std::vector<char*> args{const_cast<char*>(serve.c_str()),
                            const_cast<char*>("--db"),
                            db.data(),
                            const_cast<char*>("--listen"),
                            const_cast<char*>(listen.c_str()),
                            const_cast<char*>("--threads"),
                            const_cast<char*>(nthreads.c_str()),
                            nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);  // access log
    if (posix_spawn(&server, args[0], &actions, nullptr, args.data(), environ) != 0) {
      std::cerr << "morgue-bench-serve: cannot start " << serve << '\n';
      return 2;
    }
    posix_spawn_file_actions_destroy(&actions);
    httplib::Client probe("127.0.0.1", port);
    for (int i = 0; i < 200; ++i) {
      if (auto res = probe.Get("/healthz"); res && res->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  std::printf("\nkeep-alive clients of morgue-serve against a process per query\n");
  std::printf("%-26s %7s  %-26s %-26s %-26s %9s %9s\n", "query", "clients",
              "morgue-serve req/s p50 p99", "morgue-search req/s p50 p99", "quest req/s p50 p99",
              "/search", "/quest");
  const auto cell = [](const Load& l) {
    char text[64];
    std::snprintf(text, sizeof text, "%7.0f %6.2f %7.2f%s", l.per_second, l.p50, l.p99,
                  l.failed ? " !" : "");
    return std::string(text);
  };
  std::vector<double> served_p50;  // one client, by query
  for (const Query& q : queries) {
    std::string target = "/api/search?q=" + url_encode(q.text);
    if (!q.facets.empty()) target += "&facets=" + url_encode(q.facets);
    std::vector<std::string> search{(bin / "morgue-search").string(), "--db", db, "--json"};
    if (!q.facets.empty()) search.insert(search.end(), {"--facets", q.facets});
    search.push_back(q.text);
    std::vector<std::string> quest{"quest"};
    for (const std::string& shard : shards) quest.insert(quest.end(), {"-d", shard});
    quest.insert(quest.end(), {"-m", "10", "-s", "english", q.text});
    for (const std::size_t n : clients) {
      const Load served = drive(n, seconds, ServerClient{port, target});
      const Load processes = drive(n, seconds, Process{search});
      const Load quested = drive(n, seconds, Process{quest});
      if (n == clients.front()) served_p50.push_back(served.p50);
      std::printf("%-26s %7zu  %-26s %-26s %-26s %8.1fx %8.1fx\n", q.label.c_str(), n,
                  cell(served).c_str(), cell(processes).c_str(), cell(quested).c_str(),
                  served.per_second / std::max(processes.per_second, 1e-9),
                  served.per_second / std::max(quested.per_second, 1e-9));
    }
  }
  // The pages a reporter opens: the front page (made once per index revision, then kept) and
  // the page of the archive's most mentioned person, against the results page of a faceted
  // search (the page's own facets), one client.
  {
    morgue::SearchOptions top;
    top.db = db;
    top.limit = 0;
    top.facets = morgue::parse_facet_spec("person:1");
    const morgue::SearchResult r = morgue::search(top);
    const std::string person = r.facets.empty() || r.facets.front().values.empty()
                                   ? std::string()
                                   : r.facets.front().values.front().value;
    std::printf("\npages, %zu client, ms\n%-40s %-22s %9s\n", clients.front(), "page",
                "req/s p50 p99", "/faceted");
    // The front page's first request builds it for this revision; the others reuse it.
    double built_ms = 0;
    {
      httplib::Client c("127.0.0.1", port);
      const auto start = Clock::now();
      const auto res = c.Get("/");
      built_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (!res || res->status != 200) std::printf("front page: no answer\n");
    }
    const Load faceted = drive(clients.front(), seconds, ServerClient{port, "/search?q=oil"});
    const auto row = [&](const std::string& label, const Load& l) {
      std::printf("%-40s %-22s %8.2fx\n", label.c_str(), cell(l).c_str(),
                  l.p50 / std::max(faceted.p50, 1e-9));
    };
    row("results page: oil (its facets)", faceted);
    std::printf("%-40s %22.2f %8.2fx\n", "front page /, first request (built)", built_ms,
                built_ms / std::max(faceted.p50, 1e-9));
    row("front page / (kept for the revision)",
        drive(clients.front(), seconds, ServerClient{port, "/"}));
    if (!person.empty()) {
      row("entity page /people/" + person,
          drive(clients.front(), seconds, ServerClient{port, "/people/" + url_encode(person)}));
    }
  }
  std::printf("\nserved p50 (%zu client%s) minus in-process Xapian p50, ms:", clients.front(),
              clients.front() == 1 ? "" : "s");
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::printf("  %s %+.2f", queries[i].label.c_str(), served_p50[i] - xapian_p50[i]);
  }
  std::printf("\n");
  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);
  return 0;
}
