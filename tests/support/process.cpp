// posix_spawn with stdout/stderr redirected to temp files (no pipe deadlocks).
#include "tests/support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace morgue::test {
namespace {

std::string slurp_and_remove(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::remove(path.c_str());
  return s.str();
}

int make_temp(std::string& path) {
  path = "/tmp/morgue-run-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  return fd;
}

}  // namespace

Child spawn(const std::vector<std::string>& argv) {
  std::string out_path, err_path;
  const int out_fd = make_temp(out_path);
  const int err_fd = make_temp(err_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_fd);
  close(err_fd);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  return Child(pid, out_path, err_path);
}

RunResult Child::finish() {
  int wstatus = 0;
  waitpid(pid_, &wstatus, 0);
  RunResult r;
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  r.out = slurp_and_remove(out_path_);
  r.err = slurp_and_remove(err_path_);
  return r;
}

RunResult Child::kill_and_wait(int signal) {
  ::kill(pid_, signal);
  return finish();
}

RunResult run(const std::vector<std::string>& argv) { return spawn(argv).finish(); }

}  // namespace morgue::test
