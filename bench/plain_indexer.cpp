// morgue-bench-plain-index: the floor of our own engine. Indexes JSONL article records with
// nothing but Xapian's TermGenerator and the Snowball stemmer (positions, STEM_SOME, title
// words prefixed and weighted as morgue does, id term, the record stored as document data,
// a commit every 1,000 articles); no text cleaning, entities, facets, dates, copies or
// spelling. morgue-index must be measured against it in the same run.
//
//   morgue-bench-plain-index DB FILE.jsonl...
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: morgue-bench-plain-index DB FILE.jsonl...\n";
    return 2;
  }
  try {
    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::size_t n = 0;
    for (int f = 2; f < argc; ++f) {
      std::ifstream in(argv[f]);
      std::string line;
      while (std::getline(in, line)) {
        const auto record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.contains("id")) continue;
        Xapian::Document doc;
        generator.set_document(doc);
        const std::string title = record.value("title", "");
        if (!title.empty()) {
          generator.index_text(title, 1, "S");
          generator.increase_termpos(100);
          generator.index_text(title, 3);
          generator.increase_termpos(100);
        }
        generator.index_text(record.value("body", ""));
        const std::string id_term = "Q" + record.at("id").get<std::string>();
        doc.add_boolean_term(id_term);
        doc.set_data(line);
        db.replace_document(id_term, doc);
        if (++n % 1000 == 0) db.commit();
      }
    }
    db.commit();
    std::cerr << "morgue-bench-plain-index: " << n << " articles\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "morgue-bench-plain-index: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
