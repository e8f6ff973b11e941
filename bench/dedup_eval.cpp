// morgue-bench-dedup: precision and recall of near-duplicate clustering on syndicated copy.
//
//   morgue-bench-dedup [--shared DIR] [--bin DIR] [--work DIR] [--stories N]
//                      [--singletons N] [--seed S] [--threshold X]...
//
// Builds a test set from Reuters-21578: N stories (default 400) each republished 1-3 times
// the way outlets edit wire copy (their own headline, reworded or dropped sentences, a
// trimmed ending, a dropped dateline, curly quotes, page chrome around it), mixed with
// singletons (default 4000 other Reuters articles, hard negatives among them: same-topic
// briefs, earnings tables, follow-ups) and the five seed articles (one event, five
// different articles). Indexes it with the real morgue-index at each --threshold (default
// 0.3 0.4 0.5 0.6 0.7) and scores the cluster ids it stored against the truth, pair by
// pair. Pairs of Reuters originals clustered together are listed (up to 10): the collection
// has real duplicates of its own (a story re-sent under a new headline) and templates (two
// companies' identical debt-offering notices); "P judged" leaves out the wrong pairs in
// clusters holding two originals, which no truth here can judge. Copies carry their
// original's date or one up to two days later.
//
// Then the wire templates: every Reuters item of the families written from one template
// (dividend notices, the Fed's reserve operations, jobless claims, earnings tables), labelled
// by what the wire did (one company's one report within three days is one story; see main()),
// scored the same way, with the different news joined listed.
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <regex>
#include <set>

#include "bench/command.h"
#include "bench/reuters_sgml.h"
#include "common/index/date.h"
#include "common/index/schema.h"
#include "common/text/utf8.h"

namespace fs = std::filesystem;

namespace {

struct Record {
  std::string id, title, body, outlet;
  std::string group;  // the story it is a copy of (its own id for originals)
  std::optional<morgue::Date> published;
};

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    current += text[i];
    if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && i + 1 < text.size() &&
        (text[i + 1] == ' ' || text[i + 1] == '\n')) {
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \n") != std::string::npos) out.push_back(current);
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

std::size_t word_count(const std::string& s) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool w = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (w && !in_word) ++n;
    in_word = w;
  }
  return n;
}

// The edits outlets make to wire copy.
class Editor {
 public:
  explicit Editor(unsigned seed) : rng_(seed) {}

  Record copy_of(const Record& story, int n) {
    Record c;
    c.id = story.id + "-copy" + std::to_string(n);
    c.group = story.group;
    // Outlets run wire copy the day it moves or within two days.
    if (story.published) {
      c.published = morgue::Date::from_days_since_epoch(story.published->days_since_epoch() +
                                                        static_cast<long>(pick(3)));
    }
    static const char* kOutlets[] = {"Daily Planet", "Evening Star", "Metro Wire", "City Herald"};
    c.outlet = kOutlets[pick(4)];
    c.title = chance(0.8) ? headline(story.title) : story.title;
    std::vector<std::string> parts = sentences(story.body);
    if (parts.size() > 3 && chance(0.4)) parts.erase(parts.begin() + 1 + pick(parts.size() - 2));
    if (chance(0.5)) reword(parts[pick(parts.size())]);
    if (chance(0.3)) reword(parts[pick(parts.size())]);
    if (parts.size() > 4 && chance(0.35)) parts.resize(parts.size() - parts.size() / 4);
    std::string body = join(parts);
    if (chance(0.3)) {
      if (const auto dash = body.find(" - "); dash != std::string::npos && dash < 60) {
        body = body.substr(dash + 3);  // dateline dropped
      }
    }
    if (chance(0.3)) curly_quotes(body);
    if (chance(0.6)) body = chrome() + "\n\n" + body;
    if (chance(0.6)) body += "\n\n" + chrome();
    c.body = body;
    return c;
  }

 private:
  bool chance(double p) { return std::uniform_real_distribution<>(0, 1)(rng_) < p; }
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::string headline(const std::string& title) {
    static const char* kLeads[] = {"UPDATE: ", "Markets: ", "", "BREAKING: ", "Analysis: "};
    std::string t = title;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    return kLeads[pick(5)] + t;
  }

  // A few words swapped for an outlet's house style.
  void reword(std::string& sentence) {
    static const std::pair<const char*, const char*> kSwaps[] = {
        {" said ", " told reporters "}, {" the ", " this "},    {" will ", " would "},
        {" company ", " firm "},        {" percent ", " pct "}, {" pct ", " per cent "},
        {" mln ", " million "},         {" dlrs", " dollars"},  {" and ", " as well as "},
        {" it ", " the group "},        {" in ", " during "},   {" to ", " so as to "}};
    int done = 0;
    for (const auto& [from, to] : kSwaps) {
      if (done >= 3) break;
      if (const auto at = sentence.find(from); at != std::string::npos && chance(0.5)) {
        sentence.replace(at, std::strlen(from), to);
        ++done;
      }
    }
  }

  void curly_quotes(std::string& s) {
    std::string out;
    bool open = true;
    for (const char c : s) {
      if (c == '"') {
        out += open ? "\u201C" : "\u201D";
        open = !open;
      } else if (c == '\'') {
        out += "\u2019";
      } else {
        out += c;
      }
    }
    s = out;
  }

  std::string chrome() {
    static const char* kChrome[] = {
        "Advertisement",
        "Share this article\nFacebook\nTwitter\nEmail",
        "Sign up for our morning newsletter to get the day's top stories in your inbox",
        "RELATED COVERAGE\n- Markets close higher on trade hopes\n- Oil prices slip",
        "Read more: the latest business news from our newsroom",
        "Copyright 1987. All rights reserved. This material may not be republished."};
    return kChrome[pick(6)];
  }

  std::mt19937 rng_;
};

struct Score {
  double precision = 0, recall = 0, f1 = 0;
  std::size_t predicted_pairs = 0, true_pairs = 0, correct_pairs = 0;
  std::size_t stories_whole = 0, stories = 0;  // stories whose copies all share one cluster
  std::vector<std::pair<std::string, std::string>> original_pairs;  // distinct originals joined
  std::size_t unjudged_pairs = 0;  // wrong pairs in clusters holding two originals
  double precision_judged = 0;     // precision without them
};

std::size_t pairs(std::size_t n) { return n * (n - 1) / 2; }

Score score(const std::map<std::string, std::string>& cluster_of,
            const std::map<std::string, std::string>& group_of) {
  Score s;
  std::map<std::string, std::size_t> cluster_size, group_size;
  std::map<std::pair<std::string, std::string>, std::size_t> both;
  std::map<std::string, std::set<std::string>> clusters_of_group;
  std::map<std::string, std::vector<std::string>> originals_in_cluster;
  for (const auto& [id, cluster] : cluster_of) {
    const std::string& group = group_of.at(id);
    ++cluster_size[cluster];
    ++group_size[group];
    ++both[{cluster, group}];
    clusters_of_group[group].insert(cluster);
    if (id == group) originals_in_cluster[cluster].push_back(id);
  }
  for (const auto& [c, n] : cluster_size) s.predicted_pairs += pairs(n);
  for (const auto& [g, n] : group_size) {
    s.true_pairs += pairs(n);
    if (n > 1) {
      ++s.stories;
      s.stories_whole += clusters_of_group[g].size() == 1;
    }
  }
  for (const auto& [k, n] : both) s.correct_pairs += pairs(n);
  for (const auto& [c, ids] : originals_in_cluster) {
    for (std::size_t i = 1; i < ids.size(); ++i) s.original_pairs.emplace_back(ids[0], ids[i]);
    if (ids.size() < 2) continue;
    // Wrong pairs inside a cluster holding two Reuters originals: the collection's own
    // re-sent stories (or a shared template); no truth says whether they are copies.
    std::size_t right = 0;
    for (const auto& [k, n] : both) right += k.first == c ? pairs(n) : 0;
    s.unjudged_pairs += pairs(cluster_size[c]) - right;
  }
  s.precision = s.predicted_pairs ? double(s.correct_pairs) / double(s.predicted_pairs) : 1;
  s.recall = s.true_pairs ? double(s.correct_pairs) / double(s.true_pairs) : 1;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  const std::size_t judged = s.predicted_pairs - s.unjudged_pairs;
  s.precision_judged = judged ? double(s.correct_pairs) / double(judged) : 1;
  return s;
}

// Indexes `records` at each threshold with the real morgue-index and prints pairwise scores
// against their groups; false when an indexing run fails.
bool evaluate(const std::vector<Record>& records, const std::vector<double>& thresholds,
              const fs::path& work, const fs::path& bin, bool originals_column) {
  fs::create_directories(work);
  const fs::path corpus = work / "dedup.jsonl";
  std::map<std::string, std::string> group_of, title_of;
  {
    std::ofstream out(corpus);
    for (const Record& r : records) {
      nlohmann::json j = {{"id", r.id}, {"body", r.body}};
      if (!r.title.empty()) j["title"] = r.title;
      if (!r.outlet.empty()) j["outlet"] = r.outlet;
      if (r.published) j["published"] = r.published->iso();
      out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      group_of[r.id] = r.group;
      title_of[r.id] = r.title;
    }
  }
  std::printf("%9s %9s %9s %9s %7s %8s %8s %8s %14s %8s", "threshold", "precision", "P judged",
              "recall", "F1", "pairs", "true", "correct", "stories whole", "index s");
  std::printf(originals_column ? " %10s\n" : "\n", "orig pairs");
  for (const double t : thresholds) {
    const fs::path db = work / "db";
    fs::remove_all(db);
    char threshold[32];
    std::snprintf(threshold, sizeof threshold, "%g", t);
    const auto r =
        morgue::bench::run_command({(bin / "morgue-index").string(), "--db", db.string(), "--quiet",
                                    "--duplicate-threshold", threshold, corpus.string()});
    if (r.status != 0) {
      std::cerr << "morgue-bench-dedup: morgue-index failed with status " << r.status << '\n';
      return false;
    }
    std::map<std::string, std::string> cluster_of;
    Xapian::Database index((db).string());
    for (auto p = index.postlist_begin(""); p != index.postlist_end(""); ++p) {
      const Xapian::Document doc = index.get_document(*p);
      cluster_of[doc.get_value(morgue::schema::slot(morgue::schema::Slot::kId))] =
          doc.get_value(morgue::schema::slot(morgue::schema::Slot::kCluster));
    }
    const Score s = score(cluster_of, group_of);
    std::printf("%9.2f %9.3f %9.3f %9.3f %7.3f %8zu %8zu %8zu %8zu/%-5zu %8.1f", t, s.precision,
                s.precision_judged, s.recall, s.f1, s.predicted_pairs, s.true_pairs,
                s.correct_pairs, s.stories_whole, s.stories, r.seconds);
    if (originals_column) {
      std::printf(" %10zu\n", s.original_pairs.size());
      for (std::size_t i = 0; i < s.original_pairs.size() && i < 10; ++i) {
        std::printf("          originals clustered together: %s %s\n",
                    s.original_pairs[i].first.c_str(), s.original_pairs[i].second.c_str());
      }
    } else {
      std::printf("\n");
      // The wrong pairs, to read: which different news was taken for one story.
      std::map<std::string, std::vector<std::string>> members;
      for (const auto& [id, cluster] : cluster_of) members[cluster].push_back(id);
      std::size_t shown = 0;
      for (const auto& [cluster, ids] : members) {
        for (std::size_t a = 0; a < ids.size() && shown < 10; ++a) {
          for (std::size_t b = a + 1; b < ids.size() && shown < 10; ++b) {
            if (group_of.at(ids[a]) == group_of.at(ids[b])) continue;
            std::printf("          different news joined: %s (%s) / %s (%s)\n", ids[a].c_str(),
                        title_of.at(ids[a]).c_str(), ids[b].c_str(), title_of.at(ids[b]).c_str());
            ++shown;
          }
        }
      }
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = fs::path(MORGUE_SOURCE_DIR) / ".." / "shared";
  fs::path bin = morgue::bench::default_bin_dir(argv[0]);
  fs::path work = "bench-dedup";
  std::size_t stories = 400, singletons = 4000;
  unsigned seed = 1987;
  std::vector<double> thresholds;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--shared" && has_value) {
      shared = argv[++i];
    } else if (arg == "--bin" && has_value) {
      bin = argv[++i];
    } else if (arg == "--work" && has_value) {
      work = argv[++i];
    } else if (arg == "--stories" && has_value) {
      stories = std::stoul(argv[++i]);
    } else if (arg == "--singletons" && has_value) {
      singletons = std::stoul(argv[++i]);
    } else if (arg == "--seed" && has_value) {
      seed = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (arg == "--threshold" && has_value) {
      thresholds.push_back(std::stod(argv[++i]));
    } else {
      std::cerr << "usage: morgue-bench-dedup [--shared DIR] [--bin DIR] [--work DIR] "
                   "[--stories N] [--singletons N] [--seed S] [--threshold X]...\n";
      return 2;
    }
  }
  if (thresholds.empty()) thresholds = {0.3, 0.4, 0.5, 0.6, 0.7};

  std::vector<Record> originals;
  for (const auto& a : morgue::bench::read_reuters_dir(shared / "corpus" / "reuters21578")) {
    if (word_count(a.body) < 60) continue;
    originals.push_back(
        {"reuters-" + a.newid, a.title, a.body, "Reuters", "reuters-" + a.newid, a.date});
  }
  std::mt19937 rng(seed);
  std::shuffle(originals.begin(), originals.end(), rng);
  if (originals.size() > stories + singletons) originals.resize(stories + singletons);
  stories = std::min(stories, originals.size());

  std::vector<Record> records = originals;
  Editor editor(seed);
  for (std::size_t i = 0; i < stories; ++i) {
    const int copies = 1 + static_cast<int>(rng() % 3);
    for (int n = 1; n <= copies; ++n) records.push_back(editor.copy_of(originals[i], n));
  }
  for (const auto& e : fs::directory_iterator(shared / "corpus" / "seeds")) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string id = "seed-" + e.path().stem().string();
    records.push_back({id, "", morgue::repair_utf8(text).text, "", id, std::nullopt});
  }
  std::shuffle(records.begin(), records.end(), rng);  // copies may come before their original

  std::printf(
      "Re-edited copies: %zu articles: %zu stories with %zu copies, %zu singletons "
      "(seed %u)\n\n",
      records.size(), stories, records.size() - originals.size() - 5,
      originals.size() - stories + 5, seed);
  if (!evaluate(records, thresholds, work / "copies", bin, true)) return 1;

  // Wire templates: every Reuters item of the families that share a template (dividend
  // notices, the Fed's daily reserve operations, weekly jobless claims, earnings tables).
  // Labelled by what the wire did, never by their words: items about one company (its ticker,
  // "<CHKE>") and one report (the quarter or year, or a dividend) sent within three days of
  // each other are one story (a re-send, a corrected headline); without a ticker, one headline
  // on one day; and the pairs judged one story by reading them
  // (bench/data/wire-templates/same-story.tsv). Any two others are different news, however
  // alike their words.
  const std::regex families(
      "(QTLY|QUARTERLY|SETS|REGULAR|INITIAL|OMITS|RAISES|CUTS).*DIV|DIVIDEND|FED ADDS|FED "
      "DRAINS|RESERVES|JOBLESS|(1ST|2ND|3RD|4TH) QTR|QTR NET|QTR LOSS|YEAR NET|YEAR LOSS");
  // A ticker without its exchange suffix ("<PARC.O>" is PARC).
  const std::regex ticker("<([A-Z0-9]+)[.A-Z]*>"), report("(1ST|2ND|3RD|4TH) QTR|YEAR|DIV");
  std::vector<Record> templates;
  std::map<std::string, std::vector<std::pair<long, std::size_t>>> by_subject;  // day, index
  for (const auto& a : morgue::bench::read_reuters_dir(shared / "corpus" / "reuters21578")) {
    if (a.body.empty() || !a.date || !std::regex_search(a.title, families)) continue;
    const std::string headline =
        std::regex_replace(a.title, std::regex("^(CORRECTED|REPEAT) *- *|-?REPORT$"), "");
    std::smatch t, r;
    std::string subject = headline + "|" + a.date->iso();
    if (std::regex_search(headline, t, ticker)) {
      subject = t[1].str() + "|" + (std::regex_search(headline, r, report) ? r[0].str() : "");
    }
    by_subject[subject].emplace_back(a.date->days_since_epoch(), templates.size());
    templates.push_back({"reuters-" + a.newid, a.title, a.body, "Reuters", "", a.date});
  }
  for (auto& [subject, items] : by_subject) {  // one story: items at most three days apart
    std::sort(items.begin(), items.end());
    std::string group;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i == 0 || items[i].first - items[i - 1].first > 3) {
        group = subject + "#" + templates[items[i].second].id;
      }
      templates[items[i].second].group = group;
    }
  }
  // Pairs judged one story by hand, where the rule put them apart: their groups become one.
  {
    std::ifstream judged(fs::path(MORGUE_SOURCE_DIR) / "bench/data/wire-templates/same-story.tsv");
    std::map<std::string, std::string> group_of_id;
    for (const Record& r : templates) group_of_id[r.id] = r.group;
    std::string line;
    while (std::getline(judged, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto tab = line.find('\t'), tab2 = line.find('\t', tab + 1);
      const std::string a = line.substr(0, tab), b = line.substr(tab + 1, tab2 - tab - 1);
      if (!group_of_id.contains(a) || !group_of_id.contains(b)) continue;
      const std::string from = group_of_id[b], to = group_of_id[a];
      for (Record& r : templates) {
        if (r.group == from) r.group = to;
      }
      for (auto& [id, g] : group_of_id) {
        if (g == from) g = to;
      }
    }
  }
  std::map<std::string, std::size_t> group_sizes;
  for (const Record& r : templates) ++group_sizes[r.group];
  std::size_t resent = 0;
  for (const auto& [g, n] : group_sizes) resent += n > 1;
  std::printf(
      "\nWire templates: %zu Reuters items of template families, %zu stories sent more "
      "than once\n\n",
      templates.size(), resent);
  if (!evaluate(templates, thresholds, work / "templates", bin, false)) return 1;
  return 0;
}
