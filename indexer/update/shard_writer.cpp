#include "indexer/update/shard_writer.h"

#include <string>

#include "common/index/schema.h"

namespace morgue {

void ShardWriter::write(std::size_t number, std::vector<PreparedArticle>& batch) {
  for (auto& p : batch) {
    if (p.shard == shard_) write(p);
  }
  if (pending_ >= batch_size_) commit();
  // Nothing of this batch left uncommitted: the cluster lookups may read it from disk.
  if (pending_ == 0) committed_batches.store(number + 1);
}

void ShardWriter::remove(Xapian::docid did) {
  vocabulary_.removed(db_.get_document(did));
  db_.delete_document(did);
  if (++pending_ >= batch_size_) commit();
}

void ShardWriter::commit() {
  vocabulary_.flush(db_);
  db_.commit();
  pending_ = 0;
}

void ShardWriter::write(PreparedArticle& p) {
  using Change = PreparedArticle::Change;
  Xapian::docid did = 0;
  switch (p.change) {
    case Change::kUnchanged:
      ++unchanged;
      return;
    case Change::kTaken:
      ++taken;
      return;
    case Change::kAdded:
      ++added;
      break;
    case Change::kUpdated:
      ++updated;
      did = p.old_docid;
      vocabulary_.removed(p.old_words);
      break;
    case Change::kRepeated: {  // compared with what this run wrote for the id before
      const std::string id_term = schema::id_term(p.id);
      const auto post = db_.postlist_begin(id_term);
      if (post == db_.postlist_end(id_term)) {
        ++added;
        break;
      }
      const Xapian::Document old = db_.get_document(*post);
      const auto hash_slot = schema::slot(schema::Slot::kContentHash);
      if (old.get_value(hash_slot) == p.built.doc.get_value(hash_slot)) {
        ++unchanged;
        return;
      }
      ++updated;
      did = *post;
      p.first_run = schema::run_from_value(old.get_value(schema::slot(schema::Slot::kFirstRun)));
      vocabulary_.removed(old);
      break;
    }
  }
  set_cluster(p.built.doc, p.cluster);
  set_runs(p.built.doc, p.changed_run.value_or(run_), p.first_run.value_or(run_));
  if (did == 0) {
    db_.add_document(p.built.doc);  // the id is new: no lookup needed
  } else {
    db_.replace_document(did, p.built.doc);
  }
  vocabulary_.added(p.words);
  ++pending_;
}

}  // namespace morgue
