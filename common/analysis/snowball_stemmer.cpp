// libstemmer wrapped as a Xapian::StemImplementation.
#include "common/analysis/snowball_stemmer.h"

#include <libstemmer.h>

#include <stdexcept>

namespace morgue {

SnowballStemmer::SnowballStemmer(std::string language)
    : language_(std::move(language)), stemmer_(sb_stemmer_new(language_.c_str(), "UTF_8")) {
  if (stemmer_ == nullptr) {
    throw std::invalid_argument("no Snowball stemmer for language '" + language_ + "'");
  }
}

SnowballStemmer::~SnowballStemmer() { sb_stemmer_delete(stemmer_); }

std::string SnowballStemmer::operator()(const std::string& word) {
  const sb_symbol* stem = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  // libstemmer returns nullptr only when it runs out of memory.
  if (stem == nullptr) throw std::bad_alloc();
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
}

std::string SnowballStemmer::get_description() const { return "snowball:" + language_; }

Xapian::Stem make_stemmer(std::string_view language) {
  return Xapian::Stem(new SnowballStemmer(std::string(language)));
}

bool stems_keep_first_byte(const Xapian::Stem& stemmer) {
  const std::string description = stemmer.get_description();
  return description == "Xapian::Stem(snowball:english)" || description == "Xapian::Stem(english)";
}

}  // namespace morgue
