/* Fault injection for end-to-end tests: an LD_PRELOAD library that makes the Nth call of one
 * I/O function fail, as a full disk or a failing device would.
 *
 *   MORGUE_FAULT_OP   write | read | fsync | open | rename | alloc  (which calls are counted;
 *                     alloc: C++ operator new, which then throws std::bad_alloc)
 *   MORGUE_FAULT_PATH with read: only reads of files whose path contains this are counted
 *                     (an input file failing, not the index)
 *   MORGUE_FAULT_AT   N: the Nth counted call fails (errno EIO, or ENOSPC for write);
 *                     0: nothing fails, and the count is written to MORGUE_FAULT_COUNT_FILE
 *                     at exit, so that a test can spread its faults over a whole run.
 *
 * Every call is passed on to the C library's own function through dlsym(RTLD_NEXT): under
 * AddressSanitizer its interceptors come first and call through to these. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace {

const char* fault_op() {
  const char* op = std::getenv("MORGUE_FAULT_OP");
  return op != nullptr ? op : "";
}

long fault_at() {
  const char* at = std::getenv("MORGUE_FAULT_AT");
  return at != nullptr ? std::atol(at) : -1;
}

long counted;

/* True when MORGUE_FAULT_PATH is unset or `fd` is open on a path that contains it. */
bool path_matches(int fd) {
  const char* want = std::getenv("MORGUE_FAULT_PATH");
  if (want == nullptr || *want == '\0') return true;
  char link[64], target[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, target, sizeof target - 1);
  if (n < 0) return false;
  target[n] = '\0';
  return std::strstr(target, want) != nullptr;
}

/* Counts a call of `op`; true when this one is to fail. */
bool should_fail(const char* op) {
  if (std::strcmp(fault_op(), op) != 0) return false;
  const long n = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
  const long at = fault_at();
  return at > 0 && n == at;
}

__attribute__((destructor)) void report_count() {
  const char* file = std::getenv("MORGUE_FAULT_COUNT_FILE");
  if (file == nullptr || fault_at() != 0) return;
  FILE* out = std::fopen(file, "w");
  if (out == nullptr) return;
  std::fprintf(out, "%ld\n", counted);
  std::fclose(out);
}

}  // namespace

extern "C" {

// The C library's own function of that name.
#define NEXT(name) (reinterpret_cast<__typeof__(&name)>(dlsym(RTLD_NEXT, #name)))

ssize_t write(int fd, const void* buf, size_t n) {
  /* Standard output and error are the test's window: never fail them. */
  if (fd > 2 && should_fail("write")) {
    errno = ENOSPC;
    return -1;
  }
  return NEXT(write)(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
  if (should_fail("write")) {
    errno = ENOSPC;
    return -1;
  }
  return NEXT(pwrite)(fd, buf, n, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t offset) {
  if (should_fail("write")) {
    errno = ENOSPC;
    return -1;
  }
  return NEXT(pwrite64)(fd, buf, n, offset);
}

ssize_t read(int fd, void* buf, size_t n) {
  if (fd > 2 && path_matches(fd) && should_fail("read")) {
    errno = EIO;
    return -1;
  }
  return NEXT(read)(fd, buf, n);
}

ssize_t pread(int fd, void* buf, size_t n, off_t offset) {
  if (path_matches(fd) && should_fail("read")) {
    errno = EIO;
    return -1;
  }
  return NEXT(pread)(fd, buf, n, offset);
}

ssize_t pread64(int fd, void* buf, size_t n, off64_t offset) {
  if (path_matches(fd) && should_fail("read")) {
    errno = EIO;
    return -1;
  }
  return NEXT(pread64)(fd, buf, n, offset);
}

int fsync(int fd) {
  if (should_fail("fsync")) {
    errno = EIO;
    return -1;
  }
  return NEXT(fsync)(fd);
}

int fdatasync(int fd) {
  if (should_fail("fsync")) {
    errno = EIO;
    return -1;
  }
  return NEXT(fdatasync)(fd);
}

int rename(const char* from, const char* to) {
  if (should_fail("rename")) {
    errno = EIO;
    return -1;
  }
  return NEXT(rename)(from, to);
}

// open() and open64() take a mode only when they may create the file.
#define MORGUE_FAULT_OPEN(name)                      \
  int name(const char* path, int flags, ...) {       \
    mode_t mode = 0;                                 \
    if (flags & (O_CREAT | O_TMPFILE)) {             \
      va_list args;                                  \
      va_start(args, flags);                         \
      mode = static_cast<mode_t>(va_arg(args, int)); \
      va_end(args);                                  \
    }                                                \
    if (should_fail("open")) {                       \
      errno = EIO;                                   \
      return -1;                                     \
    }                                                \
    return NEXT(name)(path, flags, mode);            \
  }

MORGUE_FAULT_OPEN(open)
MORGUE_FAULT_OPEN(open64)

}  // extern "C"

// C++ allocations: operator new passes on to the next definition (the C++ library's, or the
// sanitizer's), so that what it returns is freed by the matching delete.
void* operator new(std::size_t size) {
  if (should_fail("alloc")) throw std::bad_alloc();
  using New = void* (*)(std::size_t);
  static const New next = reinterpret_cast<New>(dlsym(RTLD_NEXT, "_Znwm"));
  return next(size);
}

void* operator new[](std::size_t size) {
  if (should_fail("alloc")) throw std::bad_alloc();
  using New = void* (*)(std::size_t);
  static const New next = reinterpret_cast<New>(dlsym(RTLD_NEXT, "_Znam"));
  return next(size);
}
