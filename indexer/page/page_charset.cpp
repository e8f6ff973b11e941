#include "indexer/page/page_charset.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <memory>

#include "common/text/ascii.h"
#include "indexer/read/text_decode.h"

namespace morgue {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The value after "charset=" in `text` (quoted or not), or "".
std::string charset_after(std::string_view text) {
  const std::string lower = ascii_lower(text);
  std::size_t at = lower.find("charset");
  if (at == std::string::npos) return {};
  at += 7;
  while (at < text.size() && blank(text[at])) ++at;
  if (at >= text.size() || text[at] != '=') return {};
  ++at;
  while (at < text.size() && blank(text[at])) ++at;
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) ++at;
  std::size_t end = at;
  while (end < text.size() && !blank(text[end]) && text[end] != ';' && text[end] != '"' &&
         text[end] != '\'' && text[end] != '>' && text[end] != '/')
    ++end;
  return std::string(text.substr(at, end - at));
}

// WHATWG's reading of a label: the Latin-1 and ASCII labels mean Windows-1252, a page cannot
// declare UTF-16 of itself in ASCII bytes (it means UTF-8).
std::string whatwg_label(std::string_view label) {
  const std::string l = ascii_lower(label);
  if (l == "iso-8859-1" || l == "latin1" || l == "l1" || l == "ascii" || l == "us-ascii" ||
      l == "iso8859-1" || l == "iso_8859-1" || l == "cp1252" || l == "x-user-defined" ||
      l == "windows-1252" || l == "cp819" || l == "ibm819")
    return "windows-1252";
  if (l == "utf8" || l == "unicode-1-1-utf-8" || l == "utf-16" || l == "utf-16le" ||
      l == "utf-16be" || l == "unicode")
    return "utf-8";
  return l;
}

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Decodes `bytes` from `charset` with ICU; nullopt when ICU has no such charset.
std::optional<std::string> convert(std::string_view bytes, const std::string& charset,
                                   bool& replaced) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterClose> converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return std::nullopt;
  status = U_ZERO_ERROR;
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(),
                          status);
  if (U_FAILURE(status)) return std::nullopt;
  replaced = text.indexOf(static_cast<char16_t>(0xFFFD)) >= 0;
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

std::string content_type_charset(std::string_view content_type) {
  return charset_after(content_type);
}

std::string meta_charset(std::string_view bytes) {
  const std::string head = ascii_lower(bytes.substr(0, 4096));
  std::size_t at = 0;
  while ((at = head.find("<meta", at)) != std::string::npos) {
    const std::size_t end = head.find('>', at);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(head).substr(at, end - at);
    // <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
    if (std::string value = charset_after(tag); !value.empty()) return value;
    at = end;
  }
  return {};
}

DecodedPage decode_page_bytes(std::string_view bytes, std::string_view content_type) {
  DecodedPage page;
  // A BOM decides, as it does in browsers, over anything the page or server says.
  if (bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
      bytes.starts_with("\xFE\xFF")) {
    DecodedText text = decode_text_bytes(bytes);
    return {std::move(text.text), text.encoding, std::move(text.warning), std::move(text.rejected)};
  }
  std::string declared = content_type_charset(content_type);
  std::string where = "the HTTP header";
  if (declared.empty()) {
    declared = meta_charset(bytes);
    where = "the page's <meta>";
  }
  std::optional<std::string> unknown;
  if (!declared.empty()) {
    const std::string charset = whatwg_label(declared);
    if (charset != "utf-8") {
      bool replaced = false;
      if (auto html = convert(bytes, charset, replaced)) {
        page.html = std::move(*html);
        page.charset = charset;
        if (replaced) {
          page.warning =
              "bytes that are not " + charset + " (as " + where + " declares) read as U+FFFD";
        }
        return page;
      }
      unknown = "unknown charset \"" + declared + "\" in " + where + ": ignored, as browsers do";
    }
  }
  // UTF-8, declared or found; else Windows-1252 (decode_text_bytes() decides and says so).
  DecodedText text = decode_text_bytes(bytes);
  page.html = std::move(text.text);
  page.charset = text.encoding;
  page.rejected = std::move(text.rejected);
  if (unknown && text.warning) {
    page.warning = *unknown + "; " + *text.warning;
  } else if (unknown) {
    page.warning = unknown;
  } else {
    page.warning = std::move(text.warning);
  }
  return page;
}

}  // namespace morgue
