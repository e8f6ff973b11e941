// morgue-bench-scriptindex-input: JSONL article records -> the input format of Xapian's
// scriptindex (xapian-omega), so that it indexes the same articles as the other engines.
// One record per article: `name=value` lines, a value's further lines each start with
// `=`, records end with a blank line. Fields: id, outlet, published, title, body (see
// bench/articles.scriptindex for what scriptindex does with them).
//
//   morgue-bench-scriptindex-input IN.jsonl OUT
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

void field(std::ostream& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  out << name << '=';
  for (const char c : value) {
    if (c == '\n') {
      out << "\n=";  // a continuation line
    } else if (c != '\r') {
      out << c;
    }
  }
  out << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: morgue-bench-scriptindex-input IN.jsonl OUT\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::ofstream out(argv[2]);
  if (!in || !out) {
    std::cerr << "morgue-bench-scriptindex-input: cannot open " << (in ? argv[2] : argv[1]) << '\n';
    return 1;
  }
  std::string line;
  std::size_t n = 0, line_number = 0, skipped = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object() || !record.contains("id")) {
      std::cerr << "morgue-bench-scriptindex-input: " << argv[1] << ":" << line_number
                << ": not an article record, skipped\n";
      ++skipped;
      continue;
    }
    for (const char* name : {"id", "outlet", "published", "title", "body"}) {
      field(out, name, record.value(name, ""));
    }
    out << '\n';
    ++n;
  }
  std::cerr << "morgue-bench-scriptindex-input: " << n << " articles, " << skipped << " skipped\n";
  return skipped == 0 ? 0 : 1;
}
