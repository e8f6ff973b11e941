// Text folding with ICU normalizers.
#include "common/text/text_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <stdexcept>

namespace morgue {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Letters NFD leaves alone although readers treat them as their base letter, and
// punctuation that typesetting (not meaning) made non-ASCII. Returns nullptr to keep `c`.
const char16_t* special_fold(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
      return u"'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return u"\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return u"-";
    case 0x00DF:
      return u"ss";
    case 0x1E9E:
      return u"SS";
    case 0x00F8:
      return u"o";
    case 0x00D8:
      return u"O";
    case 0x0142:
      return u"l";
    case 0x0141:
      return u"L";
    case 0x0111:
      return u"d";
    case 0x0110:
      return u"D";
    case 0x00E6:
      return u"ae";
    case 0x00C6:
      return u"AE";
    case 0x0153:
      return u"oe";
    case 0x0152:
      return u"OE";
    case 0x0131:
      return u"i";
    case 0x00FE:
      return u"th";
    case 0x00DE:
      return u"TH";
    default:
      return nullptr;
  }
}

struct Normalizers {
  const icu::Normalizer2* nfkc;
  const icu::Normalizer2* nfd;
  const icu::Normalizer2* nfc;
};

const Normalizers& normalizers() {
  static const Normalizers instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    Normalizers n{icu::Normalizer2::getNFKCInstance(status),
                  icu::Normalizer2::getNFDInstance(status),
                  icu::Normalizer2::getNFCInstance(status)};
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalizers unavailable");
    return n;
  }();
  return instance;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

}  // namespace

std::string case_fold(std::string_view folded) {
  if (is_ascii(folded)) return ascii_lower(folded);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<int32_t>(folded.size())));
  text.foldCase();
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string fold_text(std::string_view text, FoldOptions options) {
  if (is_ascii(text)) return options.case_fold ? ascii_lower(text) : std::string(text);
  const Normalizers& n = normalizers();
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString decomposed = n.nfd->normalize(n.nfkc->normalize(input, status), status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");

  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;  // the accents NFD split off
    if (const char16_t* replacement = special_fold(c)) {
      stripped.append(replacement);
    } else {
      stripped.append(c);
    }
  }
  icu::UnicodeString folded = n.nfc->normalize(stripped, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
  if (options.case_fold) folded.foldCase();
  std::string out;
  folded.toUTF8String(out);
  return out;
}

}  // namespace morgue
