#include "searcher/serve/server.h"

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/index/index_db.h"
#include "common/index/schema.h"
#include "common/text/printable.h"
#include "searcher/count/value_column.h"
#include "searcher/present/archive_overview.h"
#include "searcher/present/article_view.h"
#include "searcher/present/entity_profile.h"
#include "searcher/present/output.h"
#include "searcher/search.h"
#include "searcher/search_request.h"
#include "searcher/serve/html.h"
#include "searcher/serve/http_server.h"
#include "searcher/serve/index_follower.h"

namespace morgue {
namespace {

using Clock = std::chrono::steady_clock;

// The facets the results page always shows.
constexpr std::string_view kPageFacets = "outlet,section,person,org,place,date:month";

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
Number number(const HttpRequest& req, const char* name, Number fallback) {
  const std::optional<std::string> text = req.param(name);
  if (!text) return fallback;
  Number value{};
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec == std::errc::result_out_of_range) {
    throw InvalidRequest(std::string(name) + " is out of range: '" + *text + "'");
  }
  if (ec != std::errc() || end != text->data() + text->size()) {
    throw InvalidRequest(std::string(name) + " must be a number, not '" + *text + "'");
  }
  return value;
}

SearchRequest search_request(const HttpRequest& req, const ServeOptions& options) {
  SearchRequest r;
  r.query = req.param_or_empty("q");
  r.any = req.param_or_empty("any") == "1";
  r.limit = number(req, "limit", r.limit);
  r.offset = number(req, "offset", r.offset);
  // Checked before the cut to the page's maximum, as the CLI checks them.
  check_paging(r.limit, r.offset);
  r.limit = std::min(r.limit, options.max_limit);
  if (const auto sort = req.param("sort")) r.sort = *sort;
  r.from = req.param_or_empty("from");
  r.to = req.param_or_empty("to");
  r.facets = req.param_or_empty("facets");
  r.like = req.param_or_empty("like");
  r.collapse = req.param_or_empty("collapse") != "0";
  r.feedback_docs = number(req, "feedback-docs", r.feedback_docs);
  r.feedback_terms = number(req, "feedback-terms", r.feedback_terms);
  r.feedback_weight = number(req, "feedback-weight", r.feedback_weight);
  r.feedback_min_terms = number(req, "feedback-min-terms", r.feedback_min_terms);
  // The server's limits, never a client's.
  r.time_limit = options.time_limit;
  r.max_wildcard_terms = options.max_wildcard_terms;
  return r;
}

HttpResponse content(std::string body, std::string type, int status = 200) {
  HttpResponse res;
  res.status = status;
  res.body = std::move(body);
  res.content_type = std::move(type);
  return res;
}

HttpResponse json(int status, const std::string& body) {
  return content(body, "application/json; charset=utf-8", status);
}

HttpResponse html_page(std::string body, int status = 200) {
  return content(std::move(body), "text/html; charset=utf-8", status);
}

// A failed request's answer: {"error": message} from the API, an error page otherwise.
HttpResponse error_response(bool api, int status, std::string_view message,
                            const SearchRequest& request = {}) {
  if (api) {
    return json(status, nlohmann::json{{"error", message}}.dump(
                            -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                            "\n");
  }
  return html_page(html::error_page(request, message), status);
}

// The status a failure answers with, and its one-line message (the CLI's words).
std::pair<int, std::string> failure() {
  try {
    throw;
  } catch (const InvalidRequest& e) {
    return {400, e.what()};
  } catch (const QueryError& e) {
    return {400, e.what()};
  } catch (const SearchTimeout& e) {
    return {503, e.what()};
  } catch (const IndexUnavailable& e) {
    return {503, e.what()};
  } catch (const Xapian::Error& e) {
    return {503, e.get_description()};
  } catch (const std::bad_alloc&) {
    return {503, "out of memory"};
  } catch (const std::exception& e) {
    return {500, e.what()};
  } catch (...) {
    return {500, "unknown error"};
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

// Every answer: what a browser may load and run on these pages (nothing but their own
// files: no inline script or style, no frames), no content sniffing, no referrer sent away.
void add_security_headers(HttpResponse& res) {
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'self'; img-src 'self'; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  res.headers.emplace_back("X-Frame-Options", "DENY");
}

// The path's rest after `prefix`, when it starts so and the rest is not empty.
std::optional<std::string> after(const std::string& path, std::string_view prefix) {
  if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  return path.substr(prefix.size());
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  std::function<void(const std::string&)> log;
  std::unique_ptr<HttpServer> http;
  // Value slots of the index in memory, shared by the request threads and rebuilt for each
  // new revision: stories and facets are counted from arrays, not a value read per match.
  ValueColumns columns;

  HttpResponse answer(const HttpRequest& req);
  HttpResponse route(const HttpRequest& req);
  HttpResponse search(const HttpRequest& req, bool api);
  HttpResponse article(const std::string& id, bool api);
  HttpResponse entity(schema::EntityKind kind, const std::string& name, bool api);
  HttpResponse health();
  /// The front page, kept for the index's revision: it changes only with a nightly run.
  HttpResponse front();
  /// The front page of the index as it is now, made when the revision changed (or waited
  /// for, when another thread is making it). Throws like a search.
  std::string front_html_now();
  std::mutex front_mutex;
  std::condition_variable front_made;
  std::string front_key;  ///< the revision the page below was made for
  std::string front_html;
  std::string making_key;  ///< the revision a thread is making the page for, if any
  /// Makes the front page for each new revision before anyone asks, and with it the value
  /// columns its searches count from, and the other facet slots' columns: looks at the index
  /// every few seconds while run() serves.
  void warm_until_stopped();
  std::mutex warm_mutex;
  std::condition_variable warm_wake;
  bool stopping = false;
  /// The first and last publication days of the whole index.
  html::ArchiveDates archive_dates();
  /// For a search that found nothing: each filter dropped, and any of the words, with what
  /// each would find (a search each, without facets, counted exactly).
  std::vector<html::Relaxation> relax(const SearchRequest& request);
};

std::string Server::Impl::front_html_now() {
  return with_index(options.db, [&](Xapian::Database& db) {
    const IndexHealth h = index_health(options.db, db);
    if (h.articles == 0) return html::search_page();
    // What identifies a revision of every shard: its generation, documents and last run.
    std::string key = h.generation + '/' + std::to_string(h.changed_at) + '/' +
                      std::to_string(db.get_doccount()) + '/' + std::to_string(db.get_lastdocid()) +
                      '/' + std::to_string(schema::last_run(db));
    {
      std::unique_lock lock(front_mutex);
      // Made for this revision, or being made: one thread makes it, the others wait.
      front_made.wait(lock, [&] { return making_key != key; });
      if (key == front_key) return front_html;
      making_key = key;
    }
    // Made (`page`) or not (it threw): the waiting threads go on either way.
    const auto done = [&](const std::string* page) {
      const std::lock_guard lock(front_mutex);
      if (page) {
        front_key = key;
        front_html = *page;
      }
      making_key.clear();
      front_made.notify_all();
    };
    std::string page;
    try {
      page = html::front_page(archive_overview(db, {}, &columns), iso_utc(h.changed_at));
    } catch (...) {
      done(nullptr);
      throw;
    }
    done(&page);
    return page;
  });
}

HttpResponse Server::Impl::front() {
  try {
    return html_page(front_html_now());
  } catch (...) {
    const auto [status, message] = failure();
    return error_response(false, status, message);
  }
}

void Server::Impl::warm_until_stopped() {
  std::string warmed;  // the revision the other columns were last made for
  std::unique_lock lock(warm_mutex);
  while (!stopping) {
    lock.unlock();
    try {
      (void)front_html_now();
      std::string made_for;
      {
        const std::lock_guard front_lock(front_mutex);
        made_for = front_key;
      }
      if (made_for != warmed) {
        // The results page's facets count from these columns too.
        SearchRequest request;
        request.facets = std::string(kPageFacets);
        request.limit = 0;
        (void)with_index(options.db, [&](Xapian::Database& db) {
          return morgue::search(to_search_options(request, options.db.string()), db, &columns)
              .total;
        });
        warmed = std::move(made_for);
      }
    } catch (...) {
      // No index yet, or a writer moved on: the next look tries again; requests say why.
    }
    lock.lock();
    warm_wake.wait_for(lock, std::chrono::seconds(5), [&] { return stopping; });
  }
}

std::vector<html::Relaxation> Server::Impl::relax(const SearchRequest& request) {
  std::vector<html::Relaxation> out;
  for (auto& [token, without] : html::removable_filters(request)) {
    out.push_back({"without " + token, std::move(without), 0});
  }
  if (!request.any) {
    SearchRequest any = request;
    any.any = true;
    any.offset = 0;
    out.push_back({"any of the words", std::move(any), 0});
  }
  for (html::Relaxation& x : out) {
    SearchRequest counted = x.request;
    counted.limit = 0;
    counted.facets.clear();
    try {
      const SearchOptions o = to_search_options(counted, options.db.string());
      x.results = with_index(
          options.db, [&](Xapian::Database& db) { return morgue::search(o, db, &columns).total; });
    } catch (const std::exception&) {
      x.results = 0;  // a way out that cannot run (an empty query) is not offered
    }
  }
  return out;
}

html::ArchiveDates Server::Impl::archive_dates() {
  return with_index(options.db, [&](Xapian::Database& db) { return morgue::archive_dates(db); });
}

HttpResponse Server::Impl::search(const HttpRequest& req, bool api) {
  SearchRequest request;
  try {
    request = search_request(req, options);
    if (!api && request.query.empty() && request.like.empty() && !req.param("q")) {
      return html_page(html::search_page());
    }
    if (!api && request.facets.empty()) request.facets = kPageFacets;
    const SearchOptions search_options = to_search_options(request, options.db.string());
    const SearchResult result = with_index(options.db, [&](Xapian::Database& db) {
      return morgue::search(search_options, db, &columns);
    });
    if (api) {
      std::ostringstream out;
      render_json(result, out);
      return json(200, out.str());
    }
    std::vector<html::Relaxation> relaxations;
    if (result.total == 0) relaxations = relax(request);
    return html_page(html::results_page(request, result, archive_dates(), relaxations));
  } catch (...) {
    const auto [status, message] = failure();
    return error_response(api, status, message, request);
  }
}

HttpResponse Server::Impl::article(const std::string& id, bool api) {
  try {
    const auto view = with_index(options.db, [&](Xapian::Database& db) {
      return read_newest(db, [&] { return find_article(db, id); });
    });
    if (!view) return error_response(api, 404, "no article with id \"" + id + "\" in the index");
    if (api) {
      std::ostringstream out;
      render_article_json(*view, out);
      return json(200, out.str());
    }
    return html_page(html::article_page(*view));
  } catch (...) {
    const auto [status, message] = failure();
    return error_response(api, status, message);
  }
}

HttpResponse Server::Impl::entity(schema::EntityKind kind, const std::string& name, bool api) {
  try {
    const auto profile = with_index(options.db, [&](Xapian::Database& db) {
      return entity_profile(db, kind, name, {}, &columns);
    });
    if (!profile) {
      return error_response(
          api, 404,
          "no article names " + std::string(schema::entity_kind_name(kind)) + " \"" + name + "\"");
    }
    if (api) return json(200, entity_profile_json(*profile) + "\n");
    return html_page(html::entity_page(*profile));
  } catch (...) {
    const auto [status, message] = failure();
    return error_response(api, status, message);
  }
}

HttpResponse Server::Impl::health() {
  try {
    const IndexHealth h =
        with_index(options.db, [&](Xapian::Database& db) { return index_health(options.db, db); });
    return json(200, nlohmann::ordered_json{{"status", "ok"},
                                            {"articles", h.articles},
                                            {"generation", h.generation},
                                            {"changed_at", iso_utc(h.changed_at)}}
                             .dump() +
                         "\n");
  } catch (...) {
    const auto [status, message] = failure();
    return json(status == 400 ? 503 : status,
                nlohmann::json{{"status", "unavailable"}, {"error", message}}.dump(
                    -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                    "\n");
  }
}

HttpResponse Server::Impl::route(const HttpRequest& req) {
  // Read-only: every other method is refused, whatever the path.
  if (req.method != "GET" && req.method != "HEAD") {
    HttpResponse res = content("method not allowed: morgue-serve only reads\n", "text/plain");
    res.status = 405;
    res.headers.emplace_back("Allow", "GET, HEAD");
    return res;
  }
  const std::string& path = req.path;
  if (path == "/") return front();
  if (path == "/search") return search(req, false);
  if (path == "/api/search") return search(req, true);
  if (const auto id = after(path, "/api/articles/")) return article(*id, true);
  if (const auto id = after(path, "/articles/")) return article(*id, false);
  for (const auto kind : schema::kEntityKinds) {
    const std::string segment = "/" + std::string(entity_path_name(kind)) + "/";
    if (const auto name = after(path, "/api/entities" + segment)) return entity(kind, *name, true);
    if (const auto name = after(path, segment)) return entity(kind, *name, false);
  }
  if (path == "/healthz") return health();
  if (path == "/style.css") {
    HttpResponse res = content(std::string(html::style_sheet()), "text/css; charset=utf-8");
    res.headers.emplace_back("Cache-Control", "max-age=3600");
    return res;
  }
  if (path == "/favicon.svg" || path == "/favicon.ico") {
    // Browsers ask for /favicon.ico whatever the page says: the same icon, not a 404 a page.
    HttpResponse res = content(std::string(html::favicon()), "image/svg+xml");
    res.headers.emplace_back("Cache-Control", "max-age=86400");
    return res;
  }
  if (path == "/save") {
    SearchRequest request;
    try {
      request = search_request(req, options);
      return html_page(html::save_page(request));
    } catch (...) {
      const auto [status, message] = failure();
      return error_response(false, status, message, request);
    }
  }
  if (path == "/opensearch.xml") {
    const std::string host = req.header("host");
    return content(html::opensearch_description("http://" + (host.empty() ? "localhost" : host)),
                   "application/opensearchdescription+xml");
  }
  return content("not found\n", "text/plain", 404);
}

HttpResponse Server::Impl::answer(const HttpRequest& req) {
  HttpResponse res;
  try {
    res = route(req);
  } catch (...) {
    const auto [status, message] = failure();
    res = content(message + "\n", "text/plain", status);
  }
  add_security_headers(res);
  return res;
}

Server::Server(ServeOptions options, std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->log = std::move(log);
  const ServeOptions& o = impl_->options;
  HttpServerOptions http;
  http.host = o.host;
  http.port = o.port;
  http.workers = std::max<std::size_t>(1, o.threads);
  http.max_connections = o.max_connections;
  Impl* impl = impl_.get();
  impl_->http = std::make_unique<HttpServer>(
      http, [impl](const HttpRequest& req) { return impl->answer(req); },
      [](const HttpRequest& req) {
        // Answers that touch no index, or only count it: never queued behind searches. (Not
        // the front page: a new revision's takes seconds on millions of articles.)
        return req.path == "/healthz" || req.path == "/style.css" || req.path == "/favicon.svg" ||
               req.path == "/favicon.ico" || req.path == "/opensearch.xml" || req.path == "/save" ||
               (req.method != "GET" && req.method != "HEAD");
      },
      [impl](const std::string& line) { impl->log(line); });
}

Server::~Server() {
  // A server that could not drain its workers leaves them (and this) to the process's exit.
  if (!clean_) (void)impl_.release();
}

void Server::bind() { impl_->http->bind(); }

int Server::port() const { return impl_->http->port(); }

void Server::run() {
  std::thread warmer([impl = impl_.get()] { impl->warm_until_stopped(); });
  clean_ = impl_->http->run();
  {
    const std::lock_guard lock(impl_->warm_mutex);
    impl_->stopping = true;
  }
  impl_->warm_wake.notify_all();
  // A warmer still making a page (seconds on millions of articles) is left to the process's
  // exit, as unfinished requests are.
  if (clean_) {
    warmer.join();
  } else {
    warmer.detach();
  }
}

void Server::stop() { impl_->http->stop(); }

}  // namespace morgue
