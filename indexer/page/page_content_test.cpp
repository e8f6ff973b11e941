#include "indexer/page/page_content.h"

#include <doctest/doctest.h>

namespace {

// A news page as CMSs write them: navigation, the story, a share bar, related links,
// comments and a footer around it.
constexpr const char* kPage =
    R"(<!doctype html><html><head><title>Orbán visits Moscow - Daily</title>
<script>window.ads = ["<p>not text</p>"];</script></head><body>
<header class="site-header"><a href="/">Daily</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="page-wrapper">
 <div class="sidebar"><h3>Most read</h3><ul><li><a href="/a">A story everyone read, with a
   long headline that goes on</a></li><li><a href="/b">Another story, also long, also read</a></li></ul></div>
 <main><article class="story">
  <h1>Orbán visits Moscow</h1>
  <div class="byline">By Anna Kovács</div>
  <figure><img src="x.jpg"><figcaption>Photo: Reuters</figcaption></figure>
  <div class="article-body">
   <p>Hungary's prime minister, Viktor Orbán, arrived in Moscow on Tuesday for talks with
   President Vladimir Putin, his first visit since the war began.</p>
   <p>The visit, announced only hours before, drew criticism from the European Union, whose
   foreign policy chief said Mr. Orbán did not speak for the bloc.</p>
   <div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a></div>
   <h2>Energy on the agenda</h2>
   <p>Officials said gas supplies, which Hungary buys largely from Russia, would be discussed,
   along with the expansion of the Paks nuclear plant, built with Russian money.</p>
   <p>Related: <a href="/x">Hungary and the EU: a timeline of disputes over the rule of law and funds</a></p>
  </div>
 </article></main>
 <section id="comments"><h3>Comments</h3><p>First! This is a comment that is long enough to
 score, with commas, and more commas, and so on.</p></section>
</div>
<footer><p>Copyright Daily, all rights reserved, 2022. Contact us, advertise, terms.</p></footer>
</body></html>)";

}  // namespace

TEST_CASE("the article inside a page: its paragraphs and headings, nothing around them") {
  const morgue::HtmlTree tree(kPage);
  const std::string body = morgue::article_body(tree, "Orbán visits Moscow");
  CHECK(body ==
        "Hungary's prime minister, Viktor Orbán, arrived in Moscow on Tuesday for talks with "
        "President Vladimir Putin, his first visit since the war began.\n\n"
        "The visit, announced only hours before, drew criticism from the European Union, whose "
        "foreign policy chief said Mr. Orbán did not speak for the bloc.\n\n"
        "Energy on the agenda\n\n"
        "Officials said gas supplies, which Hungary buys largely from Russia, would be "
        "discussed, along with the expansion of the Paks nuclear plant, built with Russian "
        "money.");
}

TEST_CASE("a page whose wrapper's class reads like furniture still gives its article") {
  // "Page-ad-margins" names an ad slot to the first, strict attempt; the retry finds the text.
  std::string page = "<body><div class=\"Page-ad-margins\"><article>";
  for (int i = 0; i < 6; ++i)
    page += "<p>Paragraph of the story, long enough to count, with a comma, and another one.</p>";
  page += "</article></div></body>";
  const std::string body = morgue::article_body(morgue::HtmlTree(page));
  CHECK(body.find("Paragraph of the story") == 0);
}

TEST_CASE("a page with no article text gives none") {
  CHECK(morgue::article_body(morgue::HtmlTree("<html><body><nav><a href=/>Home</a></nav>"
                                              "</body></html>"))
            .empty());
  CHECK(morgue::article_body(morgue::HtmlTree("")).empty());
}
