// The analysis chain.
#include "common/analysis/analyzer.h"

#include "common/analysis/snowball_stemmer.h"
#include "common/index/schema.h"
#include "common/text/text_fold.h"

namespace morgue {
namespace {

// Gap between title and body positions, so a phrase never spans the two.
constexpr Xapian::termpos kTitleBodyGap = 100;

}  // namespace

Analyzer::Analyzer(AnalyzerOptions options)
    : options_(std::move(options)), stemmer_(make_stemmer(options_.language)) {
  generator_.set_stemmer(stemmer_);
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

FoldedArticle fold_article(const Article& article) {
  return {fold_text(article.title), fold_text(article.body)};
}

void Analyzer::index_text(const FoldedArticle& article, Xapian::Document& doc) {
  generator_.set_document(doc);
  if (!article.title.empty()) {
    generator_.index_text(article.title, 1, std::string(schema::kTitlePrefix));
    generator_.increase_termpos(kTitleBodyGap);
    generator_.index_text(article.title, options_.title_weight);
    generator_.increase_termpos(kTitleBodyGap);
  }
  generator_.index_text(article.body);
}

std::string Analyzer::word_term(std::string_view word) { return fold_word(word); }

std::string fold_query_text(std::string_view query) { return fold_text(query); }

std::span<const char* const> english_stop_words() {
  // Snowball's English stop word list.
  static const char* const kWords[] = {
      "i",          "me",      "my",        "myself",  "we",       "our",        "ours",
      "ourselves",  "you",     "your",      "yours",   "yourself", "yourselves", "he",
      "him",        "his",     "himself",   "she",     "her",      "hers",       "herself",
      "it",         "its",     "itself",    "they",    "them",     "their",      "theirs",
      "themselves", "what",    "which",     "who",     "whom",     "this",       "that",
      "these",      "those",   "am",        "is",      "are",      "was",        "were",
      "be",         "been",    "being",     "have",    "has",      "had",        "having",
      "do",         "does",    "did",       "doing",   "would",    "should",     "could",
      "ought",      "i'm",     "you're",    "he's",    "she's",    "it's",       "we're",
      "they're",    "i've",    "you've",    "we've",   "they've",  "i'd",        "you'd",
      "he'd",       "she'd",   "we'd",      "they'd",  "i'll",     "you'll",     "he'll",
      "she'll",     "we'll",   "they'll",   "isn't",   "aren't",   "wasn't",     "weren't",
      "hasn't",     "haven't", "hadn't",    "doesn't", "don't",    "didn't",     "won't",
      "wouldn't",   "shan't",  "shouldn't", "can't",   "cannot",   "couldn't",   "mustn't",
      "let's",      "that's",  "who's",     "what's",  "here's",   "there's",    "when's",
      "where's",    "why's",   "how's",     "a",       "an",       "the",        "and",
      "but",        "if",      "or",        "because", "as",       "until",      "while",
      "of",         "at",      "by",        "for",     "with",     "about",      "against",
      "between",    "into",    "through",   "during",  "before",   "after",      "above",
      "below",      "to",      "from",      "up",      "down",     "in",         "out",
      "on",         "off",     "over",      "under",   "again",    "further",    "then",
      "once",       "here",    "there",     "when",    "where",    "why",        "how",
      "all",        "any",     "both",      "each",    "few",      "more",       "most",
      "other",      "some",    "such",      "no",      "nor",      "not",        "only",
      "own",        "same",    "so",        "than",    "too",      "very"};
  return kWords;
}

const Xapian::Stopper& english_stopper() {
  static const Xapian::SimpleStopper* const stopper = [] {
    // Intentionally never freed: a process-lifetime singleton the QueryParser borrows.
    auto* s = new Xapian::SimpleStopper;
    for (const char* w : english_stop_words()) s->add(w);
    return s;
  }();
  return *stopper;
}

}  // namespace morgue
