#include "searcher/serve/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/text/printable.h"

namespace morgue {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// Threads taking jobs from one queue. stop() lets queued and running jobs finish, up to a
// deadline.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads) {
    for (std::size_t n = 0; n < std::max<std::size_t>(threads, 1); ++n) {
      threads_.emplace_back([this] { work(); });
    }
  }
  ~WorkerPool() {
    if (!threads_.empty()) (void)stop(Clock::now() + std::chrono::hours(1));
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> job) {
    {
      const std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

  // Finishes the jobs by `deadline`: true when every thread was joined; else they are left
  // running (detached) and the caller must not wait for them.
  bool stop(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    const bool done =
        idle_.wait_until(lock, deadline, [&] { return finished_ == threads_.size(); });
    lock.unlock();
    for (std::thread& t : threads_) {
      if (done) {
        t.join();
      } else {
        t.detach();
      }
    }
    threads_.clear();
    return done;
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) break;  // stopping, and nothing left
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
    ++finished_;
    idle_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t finished_ = 0;
  bool stopping_ = false;
};

}  // namespace

class Session;

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  HttpLightRequest light;
  HttpLog log;
  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  WorkerPool heavy, cheap;
  std::mutex sessions_mutex;
  std::set<std::shared_ptr<Session>> sessions;  // open connections
  bool stopping = false;                        // guarded by sessions_mutex
  int port = 0;

  Impl(HttpServerOptions o, HttpHandler h, HttpLightRequest l, HttpLog lg)
      : options(std::move(o)),
        handler(std::move(h)),
        light(std::move(l)),
        log(std::move(lg)),
        heavy(options.workers),
        cheap(options.light_workers) {}

  net::steady_timer drain_timer{ioc};
  Clock::time_point drain_deadline;

  void accept();
  void forget(const std::shared_ptr<Session>& session);
  // After stop(): ends the event loop once every connection is closed, or at drain_deadline.
  void check_drained();
};

// One connection: read a request, have a worker answer it, write the answer, read the next.
// One request at a time, so pipelined requests are answered in order. Every handler runs on
// the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {}

  void start() { read(); }

  // From the server's stop(): close the connection unless an answer is being made for it.
  void stop() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->close();
    });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    // One deadline for the whole request, however slowly its bytes come.
    stream_.expires_after(server_.options.read_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof || closing_) {
      close();
      return;
    }
    started_ = Clock::now();
    if (ec == http::error::header_limit) {
      refuse(431, "request header fields too large\n");
      return;
    }
    if (ec == http::error::body_limit) {
      refuse(413, "request body too large\n");
      return;
    }
    if (ec) {
      refuse(400, "bad request\n");
      return;
    }
    const auto& message = parser_->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    std::size_t fields = 0;
    for (const auto& field : message) {
      ++fields;
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    keep_alive_ = message.keep_alive();
    if (fields > server_.options.max_header_fields) {
      refuse(431, "too many request header fields\n", &request);
      return;
    }
    if (request.target.size() > server_.options.max_target_bytes) {
      refuse(414, "URI too long\n", &request);
      return;
    }
    split_target(request);
    busy_ = true;
    const bool light = server_.light(request);
    (light ? server_.cheap : server_.heavy)
        .post([self = shared_from_this(), request = std::move(request)]() mutable {
          HttpResponse response = self->server_.handler(request);
          net::post(self->stream_.get_executor(),
                    [self, request = std::move(request), response = std::move(response)]() mutable {
                      self->write(request, std::move(response));
                    });
        });
  }

  // An answer made here, for a request that cannot be read on: the connection closes after it.
  void refuse(int status, std::string text, const HttpRequest* request = nullptr) {
    keep_alive_ = false;
    HttpResponse response;
    response.status = status;
    response.body = std::move(text);
    HttpRequest unread;
    unread.method = "-";
    unread.target = "-";
    write(request != nullptr ? *request : unread, std::move(response));
  }

  void write(const HttpRequest& request, HttpResponse response) {
    busy_ = true;  // until written
    const bool head = request.method == "HEAD";
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(response.status));
    res->set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res->set(name, value);
    const std::size_t length = response.body.size();
    if (!head) res->body() = std::move(response.body);
    res->content_length(length);
    res->keep_alive(keep_alive_ && !closing_ && !server_stopping());
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.2f",
                  std::chrono::duration<double, std::milli>(Clock::now() - started_).count());
    server_.log(request.method + " " + printable(request.target) + " " +
                std::to_string(response.status) + " " + ms + " ms");
    stream_.expires_after(server_.options.write_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        self->busy_ = false;
                        if (ec || !res->keep_alive() || self->closing_) {
                          self->close();
                        } else {
                          self->read();
                        }
                      });
  }

  bool server_stopping() {
    const std::lock_guard lock(server_.sessions_mutex);
    return server_.stopping;
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    server_.forget(shared_from_this());
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Clock::time_point started_ = Clock::now();
  bool keep_alive_ = true;
  bool busy_ = false;     // an answer is being made or written
  bool closing_ = false;  // the server is stopping
  bool closed_ = false;
};

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      std::shared_ptr<Session> session;
      {
        const std::lock_guard lock(sessions_mutex);
        if (!stopping && sessions.size() < options.max_connections) {
          session = std::make_shared<Session>(std::move(socket), *this);
          sessions.insert(session);
        }
      }
      if (session) session->start();  // else the socket closes as it goes out of scope
    } else if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
      // Out of file descriptors: wait a little rather than spin on the failing accept.
      auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) { accept(); });
      return;
    }
    accept();
  });
}

void HttpServer::Impl::check_drained() {
  bool empty;
  {
    const std::lock_guard lock(sessions_mutex);
    empty = sessions.empty();
  }
  if (empty || Clock::now() >= drain_deadline) {
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code) { check_drained(); });
}

void HttpServer::Impl::forget(const std::shared_ptr<Session>& session) {
  const std::lock_guard lock(sessions_mutex);
  sessions.erase(session);
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, HttpLightRequest light,
                       HttpLog log)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(light),
                                   std::move(log))) {}

HttpServer::~HttpServer() = default;

void HttpServer::bind() {
  auto& o = impl_->options;
  const std::string where = o.host + ":" + std::to_string(o.port);
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  const auto endpoints = resolver.resolve(o.host, std::to_string(o.port), ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  std::string why = "no address";
  for (const auto& entry : endpoints) {
    tcp::acceptor& a = impl_->acceptor;
    a.open(entry.endpoint().protocol(), ec);
    if (ec) {
      why = ec.message();
      continue;
    }
    // SO_REUSEADDR lets a restart bind past connections in TIME_WAIT; it never lets two
    // servers listen on one port (SO_REUSEPORT would, and split the requests between them).
    a.set_option(net::socket_base::reuse_address(true), ec);
    a.bind(entry.endpoint(), ec);
    if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
    if (!ec) {
      impl_->port = a.local_endpoint().port();
      return;
    }
    why = ec.message();
    a.close();
  }
  throw std::runtime_error("cannot listen on " + where + ": " + why);
}

int HttpServer::port() const { return impl_->port; }

bool HttpServer::run() {
  impl_->accept();
  impl_->ioc.run();
  // Stopped: the answers still being made get what is left of the drain time (one deadline
  // from stop() on, so that a stop takes drain_timeout at most, not twice that).
  const auto deadline = impl_->drain_deadline != Clock::time_point{}
                            ? std::max(impl_->drain_deadline, Clock::now())
                            : Clock::now() + impl_->options.drain_timeout;
  const bool heavy_done = impl_->heavy.stop(deadline);
  const bool cheap_done = impl_->cheap.stop(deadline);
  if (!heavy_done || !cheap_done) {
    (void)impl_.release();  // workers still use it: leave it to the process's exit
    return false;
  }
  return true;
}

void HttpServer::stop() {
  Impl& impl = *impl_;
  net::post(impl.ioc, [&impl] {
    std::vector<std::shared_ptr<Session>> open;
    {
      const std::lock_guard lock(impl.sessions_mutex);
      if (impl.stopping) return;
      impl.stopping = true;
      open.assign(impl.sessions.begin(), impl.sessions.end());
    }
    beast::error_code ec;
    impl.acceptor.close(ec);
    for (const auto& session : open) session->stop();
    // Connections whose answer is still being made close once it is written; past the drain
    // time, whatever remains is dropped.
    impl.drain_deadline = Clock::now() + impl.options.drain_timeout;
    impl.check_drained();
  });
}

}  // namespace morgue
