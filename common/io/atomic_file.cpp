#include "common/io/atomic_file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace morgue {
namespace {

// A name beside `file` that nobody can guess ahead: .NAME.XXXXXXXXXXXXXXXX.tmp
std::filesystem::path temporary_name(const std::filesystem::path& file) {
  unsigned char bytes[8] = {};
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
  }
  std::string suffix;
  char hex[3];
  for (const unsigned char b : bytes) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    suffix += hex;
  }
  std::string name(1, '.');
  name += file.filename().string();
  name += '.';
  name += suffix;
  name += ".tmp";
  return file.parent_path() / name;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view text,
                           std::string_view what) {
  std::filesystem::path temporary;
  int fd = -1;
  // O_EXCL|O_NOFOLLOW: the temporary is a file this call made, never one (or a link) planted
  // at its name; a few tries in case a name is taken.
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    temporary = temporary_name(file);
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) break;
  }
  const auto fail = [&](const std::filesystem::path& where, bool remove) {
    const std::string why = std::strerror(errno);
    if (remove) ::unlink(temporary.c_str());
    throw std::runtime_error("cannot write " + std::string(what) + " " + where.string() + ": " +
                             why);
  };
  if (fd < 0) fail(file, false);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail(temporary, true);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    fail(temporary, true);
  }
  if (::close(fd) != 0) fail(temporary, true);
  if (::rename(temporary.c_str(), file.c_str()) != 0) fail(file, true);
  // The rename itself durable: the directory entry reaches the disk.
  const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
}

}  // namespace morgue
