#include "indexer/update/seen_ids.h"

#include <doctest/doctest.h>

namespace morgue {

TEST_CASE("seen ids: a second read says where the first was, exactly as given") {
  SeenIds seen;
  CHECK_FALSE(seen.insert("a", "corpus/part-1.jsonl:12").has_value());
  CHECK_FALSE(seen.insert("b", "corpus/part-1.jsonl:13").has_value());
  CHECK_FALSE(seen.insert("c", "dir/000_x.txt").has_value());
  CHECK_FALSE(seen.insert("d", "odd:name:007").has_value());  // not a line number
  CHECK(seen.insert("a", "corpus/part-2.jsonl:1") == "corpus/part-1.jsonl:12");
  CHECK(seen.insert("a", "x.jsonl:5") == "corpus/part-2.jsonl:1");  // the latest place
  CHECK(seen.insert("c", "y") == "dir/000_x.txt");
  CHECK(seen.insert("d", "z") == "odd:name:007");
  CHECK(seen.contains("b"));
  CHECK_FALSE(seen.contains("e"));
  CHECK(seen.size() == 4);
}

}  // namespace morgue
