// Tests for batched cluster assignment: it must give the clusters find_cluster() gives when
// articles are written one at a time.
#include "indexer/copies/cluster_assigner.h"

#include <doctest/doctest.h>

#include <map>

#include "common/index/schema.h"
#include "common/text/hash.h"
#include "indexer/document/document_builder.h"
#include "tests/support/temp_dir.h"

namespace morgue {
namespace {

// A story of `words` pseudo-random words, and edited copies of it.
std::string story(unsigned seed, int words = 90) {
  std::string out;
  unsigned x = seed * 2654435761u + 1;
  for (int i = 0; i < words; ++i) {
    x = x * 1103515245u + 12345u;
    out += "word" + std::to_string((x >> 16) % 700) + (i % 12 == 11 ? ". " : " ");
  }
  return out;
}

std::string edited(const std::string& text, unsigned seed) {
  std::string out = "Advertisement\n" + text;
  for (unsigned k = 0; k < 3; ++k) {  // three words changed
    const std::size_t at = out.find(' ', (seed * 97 + k * 311) % (out.size() - 20));
    out.insert(at, " changed" + std::to_string(seed + k));
  }
  return out;
}

std::vector<Article> stream() {
  std::vector<Article> out;
  const auto add = [&](std::string id, std::string body) {
    Article a;
    a.id = std::move(id);
    a.body = std::move(body);
    out.push_back(std::move(a));
  };
  for (unsigned s = 0; s < 6; ++s) add("orig" + std::to_string(s), story(s));
  for (unsigned s = 0; s < 6; ++s) add("copy" + std::to_string(s), edited(story(s), s));
  add("other", story(100));
  add("orig2", story(101));  // rewritten into another story: leaves story 2's cluster
  for (unsigned s = 0; s < 6; ++s) add("again" + std::to_string(s), edited(story(s), s + 50));
  add("late101", edited(story(101), 7));
  return out;
}

// id -> cluster, writing one article at a time with find_cluster() against the database
// being written.
std::map<std::string, std::string> reference(const std::filesystem::path& path) {
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  Analyzer analyzer;
  int n = 0;
  for (const Article& a : stream()) {
    UnclusteredDocument built = build_unclustered_document(a, fold_article(a), analyzer);
    set_cluster(built.doc, find_cluster(db, built.key, a.id).value_or(a.id));
    db.replace_document(schema::id_term(a.id), built.doc);
    if (++n % 3 == 0) db.commit();
  }
  db.commit();
  std::map<std::string, std::string> out;
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    try {
      const Xapian::Document doc = db.get_document(did);
      out[doc.get_value(schema::slot(schema::Slot::kId))] =
          doc.get_value(schema::slot(schema::Slot::kCluster));
    } catch (const Xapian::DocNotFoundError&) {
    }
  }
  return out;
}

// Writes stream() into `shards` databases in batches of `batch` (routed by id hash),
// clusters assigned by a ClusterAssigner, each shard committing on its own schedule; returns
// id -> cluster.
std::map<std::string, std::string> batched(const test::TempDir& dir, std::size_t shards,
                                           std::size_t batch) {
  std::vector<Xapian::WritableDatabase> dbs;
  std::vector<std::filesystem::path> paths;
  for (std::size_t n = 0; n < shards; ++n) {
    paths.push_back(dir / ("shard" + std::to_string(n)));
    dbs.emplace_back(paths.back().string(), Xapian::DB_CREATE_OR_OVERWRITE);
    dbs.back().commit();
  }
  ClusterAssigner assigner(paths, kDefaultDuplicateThreshold);
  Analyzer analyzer;
  const std::vector<Article> articles = stream();
  std::vector<std::size_t> uncommitted(shards, 0), committed_batches(shards, 0);
  for (std::size_t start = 0, number = 0; start < articles.size(); start += batch, ++number) {
    assigner.refresh(*std::min_element(committed_batches.begin(), committed_batches.end()));
    std::vector<UnclusteredDocument> built;
    std::vector<const NearDuplicateKey*> keys;
    for (std::size_t i = start; i < std::min(articles.size(), start + batch); ++i) {
      built.push_back(build_unclustered_document(articles[i], fold_article(articles[i]), analyzer));
    }
    for (const auto& b : built) keys.push_back(&b.key);
    assigner.look_up(keys);
    for (std::size_t k = 0; k < built.size(); ++k) {
      const Article& a = articles[start + k];
      const std::string cluster = assigner.assign(a.id, built[k].key).value_or(a.id);
      assigner.assigned(a.id, cluster, built[k].key, number);
      set_cluster(built[k].doc, cluster);
      const std::size_t n = fnv1a64(a.id) % shards;
      dbs[n].replace_document(schema::id_term(a.id), built[k].doc);
      ++uncommitted[n];
    }
    for (std::size_t n = 0; n < shards; ++n) {
      if (uncommitted[n] >= 3 + n) {  // shards commit at different times
        dbs[n].commit();
        uncommitted[n] = 0;
      }
      if (uncommitted[n] == 0) committed_batches[n] = number + 1;
    }
  }
  std::map<std::string, std::string> out;
  for (auto& db : dbs) {
    db.commit();
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      const Xapian::Document doc = db.get_document(*p);
      out[doc.get_value(schema::slot(schema::Slot::kId))] =
          doc.get_value(schema::slot(schema::Slot::kCluster));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("cluster assigner: the clusters of one-at-a-time find_cluster(), in batches") {
  test::TempDir dir;
  const auto expected = reference(dir / "reference");
  CHECK(expected.at("copy3") == "orig3");
  CHECK(expected.at("again4") == "orig4");
  CHECK(expected.at("other") == "other");
  CHECK(expected.at("late101") == "orig2");
  for (const std::size_t shards : {1, 2, 3}) {
    for (const std::size_t batch : {1, 4, 7}) {
      test::TempDir run;
      CAPTURE(shards);
      CAPTURE(batch);
      CHECK(batched(run, shards, batch) == expected);
    }
  }
}

}  // namespace morgue
