// Document construction.
#include "common/document_builder.h"

#include "common/hash.h"
#include "common/schema.h"

namespace morgue {

std::string content_hash(const Article& a) {
  // Length-prefix each field so that moving text between fields changes the hash.
  std::uint64_t h = fnv1a64("morgue-article-v" + std::to_string(schema::kVersion));
  for (const std::string& field :
       {a.id, a.url, a.outlet, a.published ? a.published->iso() : std::string(), a.title, a.body}) {
    h = fnv1a64(std::to_string(field.size()) + ":", h);
    h = fnv1a64(field, h);
  }
  return to_hex(h);
}

Xapian::Document build_document(const Article& a, Analyzer& analyzer) {
  Xapian::Document doc;
  doc.set_data(encode_stored_article(a));
  doc.add_boolean_term(schema::id_term(a.id));
  if (!a.url.empty()) doc.add_boolean_term(schema::url_term(a.url));
  if (!a.outlet.empty()) {
    doc.add_boolean_term(schema::outlet_term(a.outlet));
    doc.add_value(schema::slot(schema::Slot::kOutlet), a.outlet);
  }
  if (a.published) {
    const std::string day = a.published->compact();
    doc.add_boolean_term(std::string(schema::kDayPrefix) + day);
    doc.add_boolean_term(std::string(schema::kMonthPrefix) + day.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kYearPrefix) + day.substr(0, 4));
    doc.add_value(schema::slot(schema::Slot::kPublished), day);
  }
  doc.add_value(schema::slot(schema::Slot::kContentHash), content_hash(a));
  analyzer.index_text(a, doc);
  return doc;
}

}  // namespace morgue
