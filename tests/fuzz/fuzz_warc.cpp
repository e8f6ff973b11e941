// Fuzz target: a WARC file, plain or gzipped, read record by record (through a file, as the
// indexer reads it).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "indexer/read/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  char path[] = "/tmp/morgue-fuzz-warc-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return 0;
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  std::string why;
  if (auto input = morgue::InputFile::open(path, why)) {
    morgue::WarcReader reader(std::move(*input), 4096);
    morgue::WarcRecord record;
    try {
      std::size_t records = 0;
      while (reader.next(record)) {
        if (!record.block_skipped && record.block.size() != record.length) __builtin_trap();
        if (record.block_skipped && record.length <= 4096) __builtin_trap();
        if (++records > size + 1) __builtin_trap();  // each record consumes input
      }
    } catch (const morgue::InputReadError&) {
    }
  }
  ::unlink(path);
  return 0;
}
