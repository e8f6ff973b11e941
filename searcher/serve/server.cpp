#include "searcher/serve/server.h"

#include <httplib.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "common/index/index_db.h"
#include "common/text/printable.h"
#include "searcher/count/value_column.h"
#include "searcher/present/article_view.h"
#include "searcher/present/output.h"
#include "searcher/search.h"
#include "searcher/search_request.h"
#include "searcher/serve/html.h"
#include "searcher/serve/index_follower.h"

namespace morgue {
namespace {

using Clock = std::chrono::steady_clock;

// When the request this thread is answering arrived, for the access log.
thread_local std::optional<Clock::time_point> request_start;

// The facets the results page always shows.
constexpr std::string_view kPageFacets = "outlet,person,org,place,date:month";

// This thread's view of the index (Xapian objects are not shared between threads).
IndexFollower& follower(const std::filesystem::path& db) {
  thread_local std::unique_ptr<IndexFollower> mine;
  thread_local std::filesystem::path mine_for;
  if (!mine || mine_for != db) {
    mine = std::make_unique<IndexFollower>(db);
    mine_for = db;
  }
  return *mine;
}

// Runs `read` on the current index; once more from a fresh open when the database failed
// under it (a generation removed while a reader still had it).
template <class Read>
auto with_index(const std::filesystem::path& db, Read&& read) {
  IndexFollower& index = follower(db);
  try {
    return read(index.current());
  } catch (const Xapian::DatabaseError&) {
    index.reset();
    return read(index.current());
  }
}

// A numeric URL parameter, `fallback` when absent; InvalidRequest when it is no number.
template <class Number>
Number number(const httplib::Request& req, const char* name, Number fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  Number value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw InvalidRequest(std::string(name) + " must be a number, not '" + text + "'");
  }
  return value;
}

SearchRequest search_request(const httplib::Request& req, long long max_limit) {
  SearchRequest r;
  r.query = req.get_param_value("q");
  r.any = req.get_param_value("any") == "1";
  r.limit = std::min(number(req, "limit", r.limit), max_limit);
  r.offset = number(req, "offset", r.offset);
  if (req.has_param("sort")) r.sort = req.get_param_value("sort");
  r.from = req.get_param_value("from");
  r.to = req.get_param_value("to");
  r.facets = req.get_param_value("facets");
  r.like = req.get_param_value("like");
  r.collapse = req.get_param_value("collapse") != "0";
  r.feedback_docs = number(req, "feedback-docs", r.feedback_docs);
  r.feedback_terms = number(req, "feedback-terms", r.feedback_terms);
  r.feedback_weight = number(req, "feedback-weight", r.feedback_weight);
  r.feedback_min_terms = number(req, "feedback-min-terms", r.feedback_min_terms);
  return r;
}

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json; charset=utf-8");
}

// A failed request's answer: {"error": message} from the API, an error page otherwise.
void send_error(httplib::Response& res, bool api, int status, std::string_view message,
                const SearchRequest& request = {}) {
  if (api) {
    send_json(res, status,
              nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace) +
                  "\n");
  } else {
    res.status = status;
    res.set_content(html::error_page(request, message), "text/html; charset=utf-8");
  }
}

// The status a failure answers with, and its one-line message (the CLI's words).
std::pair<int, std::string> failure() {
  try {
    throw;
  } catch (const InvalidRequest& e) {
    return {400, e.what()};
  } catch (const QueryError& e) {
    return {400, e.what()};
  } catch (const IndexUnavailable& e) {
    return {503, e.what()};
  } catch (const Xapian::Error& e) {
    return {503, e.get_description()};
  } catch (const std::exception& e) {
    return {500, e.what()};
  }
}

std::string iso_utc(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  std::function<void(const std::string&)> log;
  httplib::Server http;
  int port = 0;
  // Value slots of the index in memory, shared by the request threads and rebuilt for each
  // new revision: stories and facets are counted from arrays, not a value read per match.
  ValueColumns columns;

  void routes();
  void search(const httplib::Request& req, httplib::Response& res, bool api);
  void article(const httplib::Request& req, httplib::Response& res, bool api);
  void health(httplib::Response& res);
};

void Server::Impl::search(const httplib::Request& req, httplib::Response& res, bool api) {
  SearchRequest request;
  try {
    request = search_request(req, options.max_limit);
    if (!api && request.query.empty() && request.like.empty() && !req.has_param("q")) {
      res.set_content(html::search_page(), "text/html; charset=utf-8");
      return;
    }
    if (!api && request.facets.empty()) request.facets = kPageFacets;
    const SearchOptions search_options = to_search_options(request, options.db.string());
    const SearchResult result = with_index(options.db, [&](Xapian::Database& db) {
      return morgue::search(search_options, db, &columns);
    });
    if (api) {
      std::ostringstream out;
      render_json(result, out);
      send_json(res, 200, out.str());
    } else {
      res.set_content(html::results_page(request, result), "text/html; charset=utf-8");
    }
  } catch (...) {
    const auto [status, message] = failure();
    send_error(res, api, status, message, request);
  }
}

void Server::Impl::article(const httplib::Request& req, httplib::Response& res, bool api) {
  try {
    const std::string id = req.matches[1];
    const auto view = with_index(options.db, [&](Xapian::Database& db) {
      return read_newest(db, [&] { return find_article(db, id); });
    });
    if (!view) {
      send_error(res, api, 404, "no article with id \"" + id + "\" in the index");
      return;
    }
    if (api) {
      std::ostringstream out;
      render_article_json(*view, out);
      send_json(res, 200, out.str());
    } else {
      res.set_content(html::article_page(*view), "text/html; charset=utf-8");
    }
  } catch (...) {
    const auto [status, message] = failure();
    send_error(res, api, status, message);
  }
}

void Server::Impl::health(httplib::Response& res) {
  try {
    const IndexHealth h =
        with_index(options.db, [&](Xapian::Database& db) { return index_health(options.db, db); });
    send_json(res, 200,
              nlohmann::ordered_json{{"status", "ok"},
                                     {"articles", h.articles},
                                     {"generation", h.generation},
                                     {"changed_at", iso_utc(h.changed_at)}}
                      .dump() +
                  "\n");
  } catch (...) {
    const auto [status, message] = failure();
    send_json(res, status == 400 ? 503 : status,
              nlohmann::json{{"status", "unavailable"}, {"error", message}}.dump(
                  -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                  "\n");
  }
}

void Server::Impl::routes() {
  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(html::search_page(), "text/html; charset=utf-8");
  });
  http.Get("/search", [this](const auto& req, auto& res) { search(req, res, false); });
  http.Get("/api/search", [this](const auto& req, auto& res) { search(req, res, true); });
  http.Get(R"(/articles/(.+))", [this](const auto& req, auto& res) { article(req, res, false); });
  http.Get(R"(/api/articles/(.+))",
           [this](const auto& req, auto& res) { article(req, res, true); });
  http.Get("/healthz", [this](const auto&, auto& res) { health(res); });
  http.Get("/save", [this](const httplib::Request& req, httplib::Response& res) {
    SearchRequest request;
    try {
      request = search_request(req, options.max_limit);
      res.set_content(html::save_page(request), "text/html; charset=utf-8");
    } catch (...) {
      const auto [status, message] = failure();
      send_error(res, false, status, message, request);
    }
  });
  http.Get("/opensearch.xml", [](const httplib::Request& req, httplib::Response& res) {
    const std::string host = req.get_header_value("Host");
    res.set_content(html::opensearch_description("http://" + (host.empty() ? "localhost" : host)),
                    "application/opensearchdescription+xml");
  });
  // Read-only: every other method is refused, whatever the path.
  const auto refuse = [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content("method not allowed: morgue-serve only reads\n", "text/plain");
  };
  http.Post(".*", refuse);
  http.Put(".*", refuse);
  http.Patch(".*", refuse);
  http.Delete(".*", refuse);
  http.Options(".*", refuse);
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // A body-less POST fails as a bad request before routing; it is the method that is wrong.
    if (res.status == 400 && !req.method.empty() && req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      res.body.clear();
    }
    if (!res.body.empty()) return;
    const char* what = res.status == 405   ? "method not allowed: morgue-serve only reads"
                       : res.status == 404 ? "not found"
                       : res.status == 414 ? "URI too long"
                       : res.status == 400 ? "bad request"
                                           : "error";
    res.set_content(std::string(what) + "\n", "text/plain");
  });
  // The access log: when each request started, and one line once it is answered.
  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_start = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    char ms[32] = "-";
    if (request_start) {
      std::snprintf(
          ms, sizeof ms, "%.2f",
          std::chrono::duration<double, std::milli>(Clock::now() - *request_start).count());
      request_start.reset();
    }
    log(req.method + " " + printable(req.target) + " " + std::to_string(res.status) + " " + ms +
        " ms");
  });
}

Server::Server(ServeOptions options, std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->log = std::move(log);
  auto& http = impl_->http;
  const std::size_t threads = std::max<std::size_t>(1, impl_->options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  // A slow or stalled client holds one thread for at most this long.
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);
  http.set_keep_alive_timeout(5);
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(4096);
  impl_->routes();
}

Server::~Server() = default;

void Server::bind() {
  auto& o = impl_->options;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
  } else if (impl_->http.bind_to_port(o.host, o.port)) {
    impl_->port = o.port;
  } else {
    impl_->port = -1;
  }
  if (impl_->port <= 0) {
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port));
  }
}

int Server::port() const { return impl_->port; }

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace morgue
