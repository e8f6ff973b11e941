#!/usr/bin/env python3
"""Builds the inputs of bench/pages-bench.sh from scrapinghub/article-extraction-benchmark:
its 181 saved pages, COPIES times over, as

  OUT/crawl.warc.gz   a WARC/1.1 crawl as wget --warc-file and Heritrix write it: a gzip member
                      per record, a warcinfo record, then per page a request and a response
                      record (HTTP/1.1 200, Content-Type from the page's <meta charset>)
  OUT/pages/          the same pages as .html files
  OUT/articles.jsonl  the same articles as a JSONL feed of the benchmark's own article text
                      (what a scraper that already extracted the text would hand morgue)

Each copy is a distinct article: its URI gets "#copy-N" and the page's own canonical URL
(<link rel=canonical>, og:url, JSON-LD "url") is renamed so that it does not make every copy
one article.

  bench/make-crawl.py BENCHMARK_DIR OUT COPIES
"""
import gzip
import json
import os
import re
import sys


def record(kind, uri, body, content_type):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2019-11-21T00:00:00Z\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return gzip.compress(head + body + b"\r\n\r\n", compresslevel=6)


def main():
    bench, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    truth = json.load(open(os.path.join(bench, "ground-truth.json"), encoding="utf-8"))
    os.makedirs(os.path.join(out, "pages"), exist_ok=True)
    rename = re.compile(rb'(rel=["\']?canonical|property=["\']og:url|"url"\s*:)', re.I)
    with open(os.path.join(out, "crawl.warc.gz"), "wb") as warc, \
            open(os.path.join(out, "articles.jsonl"), "w", encoding="utf-8") as feed:
        warc.write(record("warcinfo", "", b"software: bench/make-crawl.py\r\n",
                          "application/warc-fields"))
        for copy in range(copies):
            for key in sorted(truth):
                page = gzip.open(os.path.join(bench, "html", key + ".html.gz")).read()
                if copy > 0:
                    page = rename.sub(lambda m: m.group(0).replace(b"canonical", b"canon-copy")
                                      .replace(b"og:url", b"og:url-copy")
                                      .replace(b'"url"', b'"url-copy"'), page)
                uri = truth[key]["url"] + f"#copy-{copy}"
                charset = re.search(rb'<meta[^>]+charset=["\']?([A-Za-z0-9_-]+)', page[:4096], re.I)
                ctype = "text/html" + ("; charset=" + charset.group(1).decode() if charset else "")
                http = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n"
                        f"Content-Length: {len(page)}\r\n\r\n").encode() + page
                warc.write(record("request", uri, f"GET / HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
                                  "application/http; msgtype=request"))
                warc.write(record("response", uri, http, "application/http; msgtype=response"))
                with open(os.path.join(out, "pages", f"{copy:03d}-{key}.html"), "wb") as f:
                    f.write(page)
                feed.write(json.dumps({"id": uri, "url": uri,
                                       "body": truth[key].get("articleBody", "")}) + "\n")
    print(f"make-crawl: {copies * len(truth)} pages in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
