// A morgue-serve for end-to-end tests: started on a free loopback port, stopped with a signal
// by stop() or at the end; and the sample corpus indexed into a temp directory.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/net.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace morgue::test {

inline const std::string kSamples = MORGUE_SOURCE_DIR "/samples/news";

class ServerProcess {
 public:
  /// `extra`: more options after --db, --listen and --threads 4.
  explicit ServerProcess(const std::string& db, const std::vector<std::string>& extra = {})
      : port_(free_port()), child_(start(db, port_, extra)) {
    for (int i = 0; i < 250 && !accepting(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~ServerProcess() {
    if (!stopped_) (void)child_.kill_and_wait(SIGKILL);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] int pid() const { return child_.pid(); }
  /// Sends `signal` and waits for the server to exit.
  RunResult stop(int signal = SIGTERM) {
    stopped_ = true;
    return child_.kill_and_wait(signal);
  }

 private:
  static Child start(const std::string& db, int port, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{
        serve_bin(), "--db", db, "--listen", "127.0.0.1:" + std::to_string(port), "--threads", "4"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return spawn(argv);
  }
  int port_;
  Child child_;
  bool stopped_ = false;
};

/// The sample corpus indexed into a temp directory.
struct Sample {
  TempDir dir;
  std::string db = (dir / "db").string();
  Sample() { REQUIRE(run({index_bin(), "--db", db, "--quiet", kSamples}).status == 0); }
};

}  // namespace morgue::test
