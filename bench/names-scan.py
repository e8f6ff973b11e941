#!/usr/bin/env python3
"""Name queries against a plain scan of the same text files: for each query, the articles
morgue-search counts and the articles a brute-force scan of the text finds. The scan knows
nothing of morgue's name rule: a word matches itself in any case and its possessive ('s),
"A B" is the words in order, A NEAR/n B the two within n words of each other (n = 10 when
not given), as docs/searching.md defines them.

  bench/names-scan.py MORGUE_SEARCH DB CORPUS_DIR [QUERY ...]

e.g. BBC News 2004-05 (2,225 articles, mlg.ucd.ie/datasets/bbc.html, for research use; not
in the tree), one article per file, indexed with morgue-index --db DB CORPUS_DIR.
"""
import json
import os
import re
import subprocess
import sys

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
QUERY = re.compile(r'^(?:"(?P<phrase>[^"]+)"|(?P<a>\w+) NEAR(?:/(?P<n>\d+))? (?P<b>\w+)|(?P<word>\w+))$')


def bare(word):
    word = word.lower().replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word


def scan(docs, query):
    m = QUERY.match(query)
    if not m:
        raise SystemExit(f"the scan reads Word, \"A B\" or A NEAR/n B, not: {query}")
    count = 0
    for words in docs:
        if m["word"]:
            hit = bare(m["word"]) in words
        elif m["phrase"]:
            want = [bare(w) for w in m["phrase"].split()]
            hit = any(words[i:i + len(want)] == want for i in range(len(words)))
        else:
            n = int(m["n"] or 10)
            pa = [i for i, w in enumerate(words) if w == bare(m["a"])]
            pb = [i for i, w in enumerate(words) if w == bare(m["b"])]
            hit = any(abs(i - j) <= n for i in pa for j in pb)
        count += hit
    return count


def main():
    search, db, corpus, *queries = sys.argv[1:]
    queries = queries or ["Blair NEAR Brown", "blair NEAR brown", "Blair", "blair",
                          '"Tony Blair"', '"Gordon Brown"', "Kennedy NEAR Howard", "Wenger",
                          '"Arsene Wenger"', "Blair NEAR/5 Brown"]
    docs = []
    for root, _, files in os.walk(corpus):
        for name in sorted(files):
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                docs.append([bare(w) for w in WORD.findall(f.read())])
    print(f"{len(docs)} articles in {corpus}")
    print(f"{'query':28s} {'morgue':>7s} {'scan':>7s}")
    differ = 0
    for q in queries:
        out = subprocess.run([search, "--db", db, "--json", "--limit", "0", q],
                             capture_output=True, text=True, check=False).stdout
        total = json.loads(out)["total"] if out else None
        truth = scan(docs, q)
        differ += total != truth
        print(f"{q:28s} {total!s:>7s} {truth:7d}{'' if total == truth else '  DIFFERS'}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
