// End-to-end: morgue-serve over real indexes, every route and every error, the nightly run
// underneath, SIGTERM.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <tuple>

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
using morgue::test::search_bin;
using morgue::test::serve_bin;
using morgue::test::ServerProcess;

namespace {

// A morgue-serve on a free loopback port, stopped with SIGTERM by stop() or at the end.

nlohmann::json cli_json(const std::string& db, const std::vector<std::string>& args) {
  std::vector<std::string> argv{search_bin(), "--db", db, "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return nlohmann::json::parse(run(argv).out);
}

}  // namespace

TEST_CASE("the API answers as morgue-search --json does, for the same options") {
  Sample s;
  ServerProcess server(s.db);
  REQUIRE(morgue::test::accepting(server.port()));
  struct Case {
    std::string target;
    std::vector<std::string> cli;
  };
  const Case cases[] = {
      {"/api/search?q=tram", {"tram"}},
      {"/api/search?q=%22interest%20rates%22", {"\"interest rates\""}},
      {"/api/search?q=lagarde%20OR%20wage*&sort=date&limit=3",
       {"--sort", "date", "--limit", "3", "lagarde OR wage*"}},
      {"/api/search?q=&facets=person:5,org:5,outlet,date:month&limit=0",
       {"--facets", "person:5,org:5,outlet,date:month", "--limit", "0", ""}},
      {"/api/search?q=person:%22Jose%20Alvarez%22&collapse=0",
       {"--no-collapse", "person:\"Jose Alvarez\""}},
      {"/api/search?q=Lagard", {"Lagard"}},
      {"/api/search?like=2024-03/council-approves-tram.txt&limit=2",
       {"--like", "2024-03/council-approves-tram.txt", "--limit", "2"}},
      {"/api/search?q=bank&from=2024-03-08&to=2024-03-31&any=1",
       {"--from", "2024-03-08", "--to", "2024-03-31", "--any", "bank"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.target);
    const auto reply = http(server.port(), c.target);
    REQUIRE(reply.status == 200);
    CHECK(contains(reply.headers, "application/json"));
    const auto api = nlohmann::json::parse(reply.body);
    CHECK(morgue::test::schema_errors(api, "search-result.schema.json") == "");
    CHECK(api == cli_json(s.db, c.cli));
  }
  const auto article = http(server.port(), "/api/articles/2024-03/council-approves-tram.txt");
  REQUIRE(article.status == 200);
  const auto view = nlohmann::json::parse(article.body);
  CHECK(morgue::test::schema_errors(view, "article-view.schema.json") == "");
  CHECK(view == cli_json(s.db, {"--show", "2024-03/council-approves-tram.txt"}));
  // A limit over the cap is cut to it.
  CHECK(
      nlohmann::json::parse(http(server.port(), "/api/search?q=&limit=100000").body).at("limit") ==
      100);
}

TEST_CASE("the pages: search box, results with facets and chart, an article, OpenSearch") {
  Sample s;
  ServerProcess server(s.db);
  const auto home = http(server.port(), "/");
  CHECK(home.status == 200);
  CHECK(contains(home.body, "<form id=\"search\" action=\"/search\""));
  CHECK(contains(home.body, "opensearch.xml"));
  const auto results = http(server.port(), "/search?q=alvarez");
  CHECK(results.status == 200);
  CHECK(contains(results.headers, "text/html"));
  CHECK(contains(results.body, "Tram extension faces legal challenge"));
  CHECK(contains(results.body, "<mark>"));
  CHECK(contains(results.body, "<h3>person</h3>"));
  CHECK(contains(results.body, "<svg"));
  const auto page = http(server.port(), "/articles/2024-03/council-approves-tram.txt");
  CHECK(page.status == 200);
  CHECK(contains(page.body, "City council approves tram extension"));
  // Query text comes back escaped, never as markup.
  const auto hostile = http(server.port(), "/search?q=%3Cscript%3Ealert(1)%3C/script%3E");
  CHECK(hostile.status == 200);
  CHECK_FALSE(contains(hostile.body, "<script>"));
  CHECK(contains(hostile.body, "&lt;script&gt;"));
  const auto opensearch = http(server.port(), "/opensearch.xml");
  CHECK(opensearch.status == 200);
  CHECK(contains(opensearch.body, "/search?q={searchTerms}"));
  CHECK(http(server.port(), "/", "HEAD").status == 200);
}

TEST_CASE("errors: 400 with the CLI's message, 404, 405, 414, 503") {
  Sample s;
  ServerProcess server(s.db);
  const auto reversed = http(server.port(), "/api/search?q=date:2024-03..2024-01");
  CHECK(reversed.status == 400);
  const auto cli = run({search_bin(), "--db", s.db, "date:2024-03..2024-01"});
  REQUIRE(cli.status == 2);
  const std::string message = cli.err.substr(std::string("morgue-search: error: ").size());
  CHECK(nlohmann::json::parse(reversed.body).at("error").get<std::string>() + "\n" == message);
  const auto html_error = http(server.port(), "/search?q=date:2024-03..2024-01");
  CHECK(html_error.status == 400);
  CHECK(contains(html_error.body, "class=\"error\""));
  CHECK(http(server.port(), "/api/search?q=x&sort=sideways").status == 400);
  CHECK(http(server.port(), "/api/search?q=x&limit=lots").status == 400);
  CHECK(http(server.port(), "/api/articles/no-such-article").status == 404);
  CHECK(http(server.port(), "/articles/no-such-article").status == 404);
  CHECK(http(server.port(), "/articles/../../../etc/passwd").status == 404);
  CHECK(http(server.port(), "/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd").status == 404);
  CHECK(http(server.port(), "/../../etc/passwd").status == 404);
  CHECK(http(server.port(), "/static/../XAPIANDB").status == 404);
  CHECK(http(server.port(), "/api/search?q=x", "POST").status == 405);
  CHECK(http(server.port(), "/api/search?q=x", "DELETE").status == 405);
  CHECK(http(server.port(), "/search?q=" + std::string(20000, 'a')).status == 414);

  morgue::test::TempDir empty;
  ServerProcess nothing((empty / "missing").string());
  CHECK(http(nothing.port(), "/api/search?q=x").status == 503);
  CHECK(http(nothing.port(), "/healthz").status == 503);
  CHECK(http(nothing.port(), "/search?q=x").status == 503);
}

TEST_CASE("the nightly run goes on underneath: commits and new generations, no failed request") {
  morgue::test::TempDir dir;
  const std::string db = (dir / "db").string();
  dir.write("src/a.txt", "Harbour cranes\n\nThe harbour cranes were repaired on Monday.");
  REQUIRE(run({index_bin(), "--db", db, "--quiet", (dir / "src").string()}).status == 0);
  ServerProcess server(db);
  const auto total = [&] {
    const auto reply = http(server.port(), "/api/search?q=harbour");
    REQUIRE(reply.status == 200);
    return nlohmann::json::parse(reply.body).at("total").get<int>();
  };
  const auto generation = [&] {
    const auto reply = http(server.port(), "/healthz");
    REQUIRE(reply.status == 200);
    return nlohmann::json::parse(reply.body).at("generation").get<std::string>();
  };
  CHECK(total() == 1);
  CHECK(generation() == "gen-000001");

  dir.write("src/b.txt", "Harbour dredging\n\nDredging of the harbour starts in May.");
  REQUIRE(run({index_bin(), "--db", db, "--quiet", (dir / "src").string()}).status == 0);
  CHECK(total() == 2);  // a commit: seen at once

  // A rebuild switches generations while searches run: none of them fails.
  std::atomic<bool> done{false};
  std::atomic<int> failed{0}, answered{0};
  std::thread searching([&] {
    while (!done) {
      const auto reply = http(server.port(), "/api/search?q=harbour");
      (reply.status == 200 ? answered : failed)++;
    }
  });
  dir.write("src/c.txt", "Harbour fees\n\nHarbour fees rise next year.");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(run({index_bin(), "--db", db, "--quiet", "--rebuild", (dir / "src").string()}).status ==
            0);
  }
  done = true;
  searching.join();
  CHECK(failed == 0);
  CHECK(answered > 0);
  CHECK(total() == 3);
  CHECK(generation() == "gen-000004");

  const auto stopped = server.stop();
  CHECK(stopped.status == 0);
  CHECK(contains(stopped.err, "GET /api/search?q=harbour 200"));
  CHECK(contains(stopped.err, "morgue-serve: stopped"));
}

TEST_CASE("entity pages and their API agree with a brute-force count over every article") {
  Sample s;
  ServerProcess server(s.db);
  REQUIRE(morgue::test::accepting(server.port()));
  // Every article and the entities stored with it, read one by one: the oracle.
  const auto all = cli_json(s.db, {"--no-collapse", "--limit", "1000", ""});
  for (const auto& [kind, path, name] :
       {std::tuple<std::string, std::string, std::string>{"person", "people", "Christine Lagarde"},
        {"org", "orgs", "European Central Bank"}}) {
    CAPTURE(name);
    std::map<std::string, std::map<std::string, int>> with;  // kind -> name -> articles
    std::map<std::string, int> months;
    int articles = 0;
    for (const auto& hit : all.at("hits")) {
      const auto& entities = hit.at("entities");
      const auto named = entities.value(kind, nlohmann::json::array());
      if (std::find(named.begin(), named.end(), name) == named.end()) continue;
      ++articles;
      if (hit.at("published").is_string())
        ++months[hit.at("published").get<std::string>().substr(0, 7)];
      for (const auto& [other_kind, names] : entities.items()) {
        for (const auto& other : names) {
          if (other_kind != kind || other != name) ++with[other_kind][other.get<std::string>()];
        }
      }
    }
    REQUIRE(articles > 0);
    std::string encoded = name;
    for (std::size_t at = encoded.find(' '); at != std::string::npos; at = encoded.find(' '))
      encoded.replace(at, 1, "%20");
    const auto reply = http(server.port(), "/api/entities/" + path + "/" + encoded);
    REQUIRE(reply.status == 200);
    const auto profile = nlohmann::json::parse(reply.body);
    CHECK(morgue::test::schema_errors(profile, "entity-profile.schema.json") == "");
    for (const char* list : {"latest", "relevant"}) {
      for (const auto& hit : profile.at(list)) {
        CHECK(morgue::test::schema_errors(hit, "search-result.schema.json",
                                          "/properties/hits/items") == "");
      }
    }
    CHECK(profile.at("name") == name);
    CHECK(profile.at("articles") == articles);
    for (const auto& [field, facet_kind] : {std::pair<std::string, std::string>{"people", "person"},
                                            {"orgs", "org"},
                                            {"places", "place"}}) {
      std::map<std::string, int> listed;
      for (const auto& v : profile.at(field)) listed[v.at("value")] = v.at("count");
      CHECK(listed == with[facet_kind]);  // every co-mention, each counted as the oracle does
    }
    std::map<std::string, int> timeline;
    for (const auto& v : profile.at("timeline")) timeline[v.at("value")] = v.at("count");
    CHECK(timeline == months);
    // The page: reached from an article's entity list, linking on to its co-mentions.
    const auto page = http(server.port(), "/" + path + "/" + encoded);
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "<h1>" + name + "</h1>"));
  }
  CHECK(http(server.port(), "/api/entities/people/Nobody%20At%20All").status == 404);
  CHECK(http(server.port(), "/people/Nobody%20At%20All").status == 404);
}

TEST_CASE("a search that finds nothing offers its ways out, with the counts they would give") {
  Sample s;
  ServerProcess server(s.db);
  REQUIRE(morgue::test::accepting(server.port()));
  // Lagarde and the tram are never in one article; Jose Alvarez is in neither.
  const auto page = http(server.port(), "/search?q=lagarde%20person:%22Jose%20Alvarez%22");
  REQUIRE(page.status == 200);
  const auto count = [&](const std::vector<std::string>& cli) {
    return cli_json(s.db, cli).at("total").get<int>();
  };
  REQUIRE(count({"lagarde person:\"Jose Alvarez\""}) == 0);
  const int without = count({"lagarde "});
  REQUIRE(without > 0);
  CHECK(contains(page.body, "without person:&quot;Jose Alvarez&quot;</a> <span class=\"count\">" +
                                std::to_string(without) +
                                (without == 1 ? " article" : " articles")));
  const int any = count({"--any", "lagarde tram"});
  const auto both = http(server.port(), "/search?q=lagarde%20tram");
  CHECK(contains(both.body, "any of the words</a> <span class=\"count\">" + std::to_string(any) +
                                " articles"));
}
