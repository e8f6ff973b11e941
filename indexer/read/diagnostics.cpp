// Diagnostics sink.
#include "indexer/read/diagnostics.h"

#include <ostream>

#include "common/text/log.h"
#include "common/text/printable.h"

namespace morgue {

void Diagnostics::warning(std::string_view location, std::string_view message) {
  std::lock_guard lock(mutex_);
  ++warnings_;
  emit(location, "warning", message);
}

void Diagnostics::error(std::string_view location, std::string_view message) {
  std::lock_guard lock(mutex_);
  ++errors_;
  emit(location, "error", message);
}

void Diagnostics::note(std::string_view location, std::string_view message) {
  std::lock_guard lock(mutex_);
  emit(location, "note", message);
}

std::size_t Diagnostics::warnings() const {
  std::lock_guard lock(mutex_);
  return warnings_;
}

std::size_t Diagnostics::errors() const {
  std::lock_guard lock(mutex_);
  return errors_;
}

void Diagnostics::emit(std::string_view location, std::string_view severity,
                       std::string_view message) {
  if (out_ == nullptr) return;
  // File names, ids and article text may carry terminal control sequences.
  write_log(*out_, {"morgue-index", severity, message, location},
            printable(location) + ": " + std::string(severity) + ": " + printable(message));
}

}  // namespace morgue
