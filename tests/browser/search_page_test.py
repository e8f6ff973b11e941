#!/usr/bin/python3
"""The search page in a real browser: Debian's chromium, headless, driven over the DevTools
protocol. Indexes the sample corpus, starts morgue-serve, searches, clicks a facet value,
checks the filtered results in the DOM, and saves screenshots (desktop and phone width).

  search_page_test.py INDEX_BIN SERVE_BIN SAMPLES OUT_DIR
Exits 0 on success, 1 on a failed check, 77 (skipped) when chromium is not installed.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import websocket  # Debian: python3-websocket


AXE_VERSION = "4.10.2"


def axe_source(cache_dir):
    """axe-core's script (the npm package, pinned), installed into cache_dir on first use;
    None, said why, when npm cannot fetch it."""
    script = os.path.join(cache_dir, "node_modules", "axe-core", "axe.min.js")
    if not os.path.exists(script):
        npm = shutil.which("npm")
        if not npm:
            print("npm not installed: accessibility check (axe-core) skipped")
            return None
        os.makedirs(cache_dir, exist_ok=True)
        done = subprocess.run([npm, "install", "--prefix", cache_dir, "--no-audit", "--no-fund",
                               f"axe-core@{AXE_VERSION}"], capture_output=True, text=True)
        if done.returncode != 0 or not os.path.exists(script):
            print("npm could not install axe-core (" + done.stderr.strip()[-200:] +
                  "): accessibility check skipped")
            return None
    with open(script, encoding="utf-8") as f:
        return f.read()


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nothing answers at " + url)


class Page:
    """One browser tab over the DevTools protocol."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def wait_event(self, name, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == name:
                return msg
        raise RuntimeError("no " + name)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def evaluate_promise(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        return result["result"].get("value")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def click_and_wait(self, selector):
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_event("Page.loadEventFired")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data["data"]))


failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def main():
    index_bin, serve_bin, samples, out_dir = sys.argv[1:5]
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not installed (Debian package chromium): browser test skipped")
        return 77
    os.makedirs(out_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="morgue-browser-")
    procs = []
    try:
        db = os.path.join(work, "db")
        # Beside the samples, a record with a hostile URL (stored XSS: a javascript: "source").
        hostile = os.path.join(work, "hostile.jsonl")
        with open(hostile, "w") as f:
            f.write(json.dumps({"id": "hostile-1", "title": "Zanzibar <b>notice</b>",
                                "url": " JavaScript:window.pwned=1",
                                "body": "Zanzibar ferry notice."}) + "\n")
        subprocess.run([index_bin, "--db", db, "--quiet", samples, hostile], check=True)
        port = free_port()
        procs.append(subprocess.Popen([serve_bin, "--db", db, "--listen", f"127.0.0.1:{port}"],
                                      stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        devtools = free_port()
        procs.append(subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--hide-scrollbars", f"--remote-debugging-port={devtools}",
             f"--user-data-dir={os.path.join(work, 'profile')}", "--window-size=1200,900",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        targets = json.loads(wait_for(f"http://127.0.0.1:{devtools}/json/list"))
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])

        page.goto(base + "/")
        check(page.evaluate("!!document.querySelector('form input[name=q]')"),
              "the search page has a query box")
        # The front page: what the archive holds, its last run's stories, who is in it.
        holdings = page.evaluate("document.querySelector('#holdings').textContent")
        check(holdings.startswith("8 articles") and "2024-03-07 to 2024-03-17" in holdings,
              f"the front page says what the archive holds ({holdings})")
        check(page.evaluate("document.querySelectorAll('#latest ~ .hit').length") > 0,
              "the front page lists the last run's stories")
        check(page.evaluate("!!document.querySelector('aside a[href^=\"/people/\"]')"),
              "the front page lists the most mentioned people, each a link to a page")
        page.screenshot(os.path.join(out_dir, "front-page.png"))
        # Search by typing into the box and submitting the form, as a reporter would.
        page.evaluate("document.querySelector('input[name=q]').value = 'tram'")
        page.evaluate("document.querySelector('form').submit()")
        page.wait_event("Page.loadEventFired")
        hits = page.evaluate("document.querySelectorAll('.hit').length")
        check(hits == 2, f"'tram' shows two hits ({hits})")
        check(page.evaluate("document.querySelectorAll('.hit mark').length") > 0,
              "matches are marked in the snippets")
        check(page.evaluate("!!document.querySelector('aside svg rect')"),
              "the date chart is drawn")
        page.screenshot(os.path.join(out_dir, "search-results.png"))

        # Click the first person in the facet sidebar: the results narrow to that person.
        person = page.evaluate(
            "(() => { const h = [...document.querySelectorAll('aside h3')]"
            ".find(e => e.textContent === 'person'); return h ? h.nextElementSibling"
            ".querySelector('a').textContent : null })()")
        check(person is not None, f"the sidebar lists a person ({person})")
        page.evaluate(
            "[...document.querySelectorAll('aside h3')].find(e => e.textContent === 'person')"
            ".nextElementSibling.querySelector('a').click()")
        page.wait_event("Page.loadEventFired")
        url = page.evaluate("location.href")
        check("person%3A" in url, f"the facet link adds the filter ({url})")
        chips = page.evaluate("[...document.querySelectorAll('.chips a')].map(a => a.textContent)")
        check(any(person in c for c in chips or []), f"the active filter is shown ({chips})")
        filtered = page.evaluate("document.querySelectorAll('.hit').length")
        check(1 <= filtered <= hits, f"the filtered results ({filtered} hits)")
        page.screenshot(os.path.join(out_dir, "search-filtered.png"))

        # "save this search": the line for morgue-alert's file, filter included.
        page.click_and_wait("#save")
        line = page.evaluate("document.querySelector('#saved-line').textContent")
        saved = json.loads(line)
        check(saved.get("query", "").startswith("tram person:"),
              f"the saved-search line holds the query and its filter ({line})")
        check(saved.get("name", "").startswith("tram-person-"),
              f"the saved search is named after its query ({line})")
        page.screenshot(os.path.join(out_dir, "save-search.png"))
        page.goto(url)

        # The filter removed again, and an article opened.
        page.click_and_wait(".chips a")
        check(page.evaluate("document.querySelectorAll('.chips a').length") == 0,
              "the filter's link removes it")
        page.click_and_wait(".hit h2 a")
        check(page.evaluate("!!document.querySelector('article h1')"), "an article page opens")

        # The hostile record's page: its URL shown, not linked; nothing of it runs.
        page.goto(base + "/articles/hostile-1")
        check(page.evaluate("document.querySelectorAll('a[href^=\"javascript\" i], "
                            "a[href*=\"javascript:\" i], a[href^=\"data:\" i]').length") == 0,
              "no link from a javascript: or data: URL")
        check("JavaScript:window.pwned=1" in page.evaluate("document.body.textContent"),
              "the URL is shown as text")
        check(page.evaluate("window.pwned === undefined"), "nothing of the record ran")
        check(page.evaluate("getComputedStyle(document.querySelector('header')).display") != "inline",
              "the style sheet loads under the Content-Security-Policy")
        page.screenshot(os.path.join(out_dir, "article-hostile.png"))

        # Sections: a facet on the results page, each value a filter; a saved web page's
        # article shown with its outlet, section and byline, and none of the page around it.
        page.goto(base + "/search?q=")
        sections = page.evaluate(
            "(() => { const h = [...document.querySelectorAll('aside h3')]"
            ".find(e => e.textContent === 'section'); return h ? [...h.nextElementSibling"
            ".querySelectorAll('a')].map(a => a.textContent) : null })()")
        check(sections is not None and "City" in sections and "Business" in sections,
              f"the sidebar lists sections ({sections})")
        page.evaluate(
            "[...document.querySelectorAll('aside h3')].find(e => e.textContent === 'section')"
            ".nextElementSibling.querySelector('a').click()")
        page.wait_event("Page.loadEventFired")
        url = page.evaluate("location.href")
        check("section%3A" in url, f"the section link adds the filter ({url})")
        metas = page.evaluate("[...document.querySelectorAll('.hit .meta')].map(e => e.textContent)")
        check(metas and all(" / " in m for m in metas),
              f"every hit shows its section beside its outlet ({metas})")
        page.screenshot(os.path.join(out_dir, "search-section.png"))
        page.goto(base + "/articles/" + urllib.parse.quote(
            "https://gazette.example/city/2024/03/16/central-library-reopens", safe=""))
        meta = page.evaluate("document.querySelector('article .meta').textContent")
        check("City Gazette / City" in meta and "by Marta Ruiz" in meta,
              f"the saved page's article shows outlet, section and byline ({meta})")
        body = page.evaluate("document.querySelector('article .body').textContent")
        check("rooftop reading room" in body and "Advertisement" not in body
              and "all rights reserved" not in body and "More from City" not in body,
              "the saved page's article text, without the page around it")
        page.screenshot(os.path.join(out_dir, "article-saved-page.png"))

        # The search's state on screen, kept when the query is edited: sort and dates.
        page.goto(base + "/search?q=&from=2024-03-10&limit=3")
        check(page.evaluate("document.querySelector('input[name=from]').value") == "2024-03-10",
              "the date range is shown in its inputs")
        count = page.evaluate("document.querySelector('#count').textContent")
        check(count.startswith("1\u20133 of "), f"the count line says which hits these are ({count})")
        numbers = page.evaluate("[...document.querySelectorAll('.paging a, .paging strong')]"
                                ".map(e => e.textContent)")
        check("1" in numbers and "2" in numbers, f"numbered pages ({numbers})")
        page.evaluate("document.querySelector('select[name=sort]').value = 'oldest'")
        page.evaluate("document.querySelector('input[name=q]').value = 'wage'")
        page.evaluate("document.querySelector('form#search').requestSubmit()")
        page.wait_event("Page.loadEventFired")
        url = page.evaluate("location.href")
        check("q=wage" in url and "sort=oldest" in url and "from=2024-03-10" in url
              and "limit=3" in url,
              f"a new query keeps the sort and the dates ({url})")
        check(page.evaluate("document.querySelector('select[name=sort]').value") == "oldest",
              "the sort control shows the order in force")
        page.screenshot(os.path.join(out_dir, "search-controls.png"))
        check(http_status(base + "/favicon.ico") == 200, "a favicon, not a 404 per page")

        # An entity's page, reached from the facet sidebar: who appears with it, when, where.
        page.goto(base + "/search?q=lagarde")
        page.click_and_wait("aside a.to-page")
        name = page.evaluate("document.querySelector('h1').textContent")
        check(page.evaluate("location.pathname").startswith("/people/"),
              f"the facet's page link opens a person's page ({name})")
        check(page.evaluate("document.querySelectorAll('#latest ~ .hit').length") > 0,
              "the page lists the person's articles")
        check(page.evaluate("!!document.querySelector('aside h3')"),
              "the page lists who and what appears with the person")
        page.screenshot(os.path.join(out_dir, "entity-page.png"))

        # A search that finds nothing says what would: each filter dropped, any of the words.
        page.goto(base + "/search?q=" + urllib.parse.quote('lagarde person:"Jose Alvarez"'))
        ways = page.evaluate("[...document.querySelectorAll('#relax li')].map(e => e.textContent)")
        check(any(w.startswith('without person:"Jose Alvarez"') for w in ways or []),
              f"a zero-result page offers to drop the filter, with its count ({ways})")
        page.screenshot(os.path.join(out_dir, "zero-results.png"))
        page.click_and_wait("#relax a")
        check(page.evaluate("document.querySelectorAll('.hit').length") > 0,
              "following it finds articles")

        # Accessibility: axe-core on every kind of page, nothing serious or critical.
        axe = axe_source(os.path.join(os.path.dirname(out_dir), "node"))
        if axe is not None:
            for path in ["/", "/search?q=tram", "/articles/2024-03/council-approves-tram.txt",
                         "/people/Christine%20Lagarde", "/search?q=lagarde%20tram"]:
                page.goto(base + path)
                page.evaluate(axe)  # over the DevTools protocol: the page's own CSP allows no script
                found = page.evaluate_promise(
                    "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
                    ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                    ".map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + '): ' +"
                    " v.nodes[0].target.join(' ')))")
                check(found == [], f"axe-core finds nothing serious on {path} ({found})")

        # Phone width: the sidebar goes below the results.
        page.call("Emulation.setDeviceMetricsOverride", width=390, height=844,
                  deviceScaleFactor=1, mobile=True)
        page.goto(base + "/search?q=interest%20rates")
        check(page.evaluate("document.documentElement.scrollWidth <= 400"),
              "nothing wider than a phone's screen")
        check(page.evaluate("(() => { const f = document.querySelector('details.phone-filters');"
                            " const h = document.querySelector('.hit'); return !!f && !!h &&"
                            " f.getBoundingClientRect().height > 0 &&"
                            " f.getBoundingClientRect().top < h.getBoundingClientRect().top })()"),
              "on a phone the filters come before the results")
        page.screenshot(os.path.join(out_dir, "search-phone-closed.png"))
        page.evaluate("document.querySelector('details.phone-filters').open = true")
        page.screenshot(os.path.join(out_dir, "search-phone.png"))
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots in {out_dir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
