// Reporting problems with input the way compilers do ("file:line: error: ..."), and counting
// them, so a run can go on past bad input and still say exactly what it skipped.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace morgue {

/// Collects warnings (input repaired, still indexed) and errors (input skipped). Messages
/// go to `out` as "LOCATION: warning|error: MESSAGE". Thread-safe.
class Diagnostics {
 public:
  /// `out` is borrowed and must outlive this object; nullptr counts without printing.
  explicit Diagnostics(std::ostream* out) : out_(out) {}

  void warning(std::string_view location, std::string_view message);
  void error(std::string_view location, std::string_view message);
  /// Informational (verbose) message; not counted.
  void note(std::string_view location, std::string_view message);

  [[nodiscard]] std::size_t warnings() const;
  [[nodiscard]] std::size_t errors() const;

 private:
  void emit(std::string_view location, std::string_view severity, std::string_view message);

  std::ostream* out_;
  mutable std::mutex mutex_;
  std::size_t warnings_ = 0;
  std::size_t errors_ = 0;
};

}  // namespace morgue
