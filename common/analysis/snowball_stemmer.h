// Snowball stemming (libstemmer) plugged into Xapian as a StemImplementation, so that
// TermGenerator and QueryParser stem with the same algorithm at index and query time.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

struct sb_stemmer;

namespace morgue {

/// One libstemmer instance. Not thread-safe (libstemmer keeps per-instance state): give
/// each thread its own Xapian::Stem from make_stemmer().
class SnowballStemmer final : public Xapian::StemImplementation {
 public:
  /// Throws std::invalid_argument when libstemmer has no algorithm called `language`.
  explicit SnowballStemmer(std::string language);
  ~SnowballStemmer() override;
  SnowballStemmer(const SnowballStemmer&) = delete;
  SnowballStemmer& operator=(const SnowballStemmer&) = delete;

  std::string operator()(const std::string& word) override;
  std::string get_description() const override;

 private:
  std::string language_;
  sb_stemmer* stemmer_;
};

/// A Xapian::Stem backed by libstemmer's `language` algorithm (UTF-8). Xapian owns and
/// reference-counts the implementation. Throws std::invalid_argument for unknown languages.
[[nodiscard]] Xapian::Stem make_stemmer(std::string_view language = "english");

/// True when `stemmer` is known to begin every stem with the first byte of its word (a
/// lower-case word without a leading apostrophe): Snowball's English algorithm, ours or
/// Xapian's, which rewrites only endings. Then a word can be ruled out as a match of some
/// stems without stemming it. False for anything else (Indonesian strips prefixes).
[[nodiscard]] bool stems_keep_first_byte(const Xapian::Stem& stemmer);

}  // namespace morgue
