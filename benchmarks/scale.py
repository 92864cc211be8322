"""Growth: the same pages at 1,000 and at 1,000,000 articles, on PostgreSQL, and search.

    ./run bench scale --small postgres://.../paper_1k --large postgres://.../paper_1m

Both databases are made the same way (migrate, load_demo, then `generate_newsroom --articles
1000 --comments 5000` or `--articles 1000000 --comments 5000000`; docs/PERFORMANCE.md, "A
million articles"). For each database a worker process serves the pages through Django's
test client with the page cache off: per URL one warm-up request (its queries are counted),
then REPEAT timed ones on each site in turns, so the load of a shared machine falls on both
sides of a ratio alike (the medians count). The URLs are found in the site itself, so the
benchmark follows whatever pagination, archives, tag pages and sitemap split the pages have:
the first section's first and deepest page (the highest page number offered, else the
oldest/last link, else FOLLOW_NEXT hops of rel=next), its feed, the home feed, the tag page
of the tag most articles carry on the small site, the same tag on the large one (and its
deepest page and feed; a tag linked from the newest article was a different, smaller tag on
each site: 7 articles on one page and an 18-entry feed on the small one against a full page
and a 30-entry feed), the archive linked from an article or section, its newest year and
that year's newest month (and its deepest page), the sitemap and its last file. Each ratio
large/small must be at most MAX_RATIO; search's median over QUERIES at the large database at
most SEARCH_MEDIAN_MS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from html import unescape
from urllib.parse import urljoin, urlsplit

REPEAT = 15
FOLLOW_NEXT = 30
MAX_RATIO = 1.3
SEARCH_MEDIAN_MS = 50.0
# Words of the generator's vocabulary (newsroom/generator/text.py) and two that it never
# writes: topics, common words, a family name, pairs, and misses, as readers type them.
QUERIES = [
    "semiconductor",
    "typhoon",
    "pension",
    "Kim",
    "election",
    "museum festival",
    "tariff subsidy",
    "housing prices",
    "baseball coach",
    "prosecutor verdict appeal",
    "vladivostok",
    "quantum",
]
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>', re.I)
REL = re.compile(r'\brel="([^"]+)"', re.I)


def links(html: str) -> list[tuple[str, str]]:
    """(href, rel) of every link in a page."""
    found = []
    for match in HREF.finditer(html):
        rel = REL.search(match.group(0))
        found.append((unescape(match.group(1)), rel.group(1) if rel else ""))
    return found


def deepest(client, url: str) -> str | None:
    """The deepest listing page the site offers from `url` (see the module docstring)."""
    html = client.get(url).content.decode()
    pages = [href for href, _ in links(html) if re.search(r"[?&]page=\d+", href)]
    total = re.search(r"Page \d+ of ([\d,]+)", html)
    if total and pages:
        return f"{url}?page={total.group(1).replace(',', '')}"
    for href, rel in links(html):
        if rel in ("last",) or re.search(r"oldest|last", href):
            return urljoin(url, href)
    hops, current = 0, url
    while hops < FOLLOW_NEXT:
        nxt = [href for href, rel in links(html) if "next" in rel.split()]
        if not nxt:
            break
        current = urljoin(current, nxt[0])
        html = client.get(current).content.decode()
        hops += 1
    return current if hops else None


def matching_links(client, url: str, pattern: str) -> list[str]:
    """The links of the page at `url` whose address matches `pattern`, in page order."""
    found = [urljoin(url, h) for h, _ in links(client.get(url).content.decode())]
    return [href for href in found if re.search(pattern, href)]


def first_link(client, url: str, pattern: str) -> str | None:
    return next(iter(matching_links(client, url, pattern)), None)


def busiest_tag() -> str | None:
    """The tag page of the tag most articles carry (one GROUP BY, not timed)."""
    from django.db.models import Count  # lazy: after django.setup

    from broadsheet.newsroom.models import ArticleTag  # lazy: after django.setup

    top = ArticleTag.objects.values("tag__slug").annotate(n=Count("id")).order_by("-n").first()
    return f"/tags/{top['tag__slug']}/" if top else None


def discover(client, tag: str | None) -> dict[str, str | None]:
    from broadsheet.newsroom.models import ArticlePage, SectionPage  # lazy: after django.setup

    section = SectionPage.objects.live().order_by("path").first()
    article = ArticlePage.objects.live().order_by("-published_at").first()
    assert section is not None and article is not None, "the database has no paper"
    urls: dict[str, str | None] = {
        "section, first page": section.url,
        "section, deepest page": deepest(client, section.url),
        "section feed": f"{section.url}feed/",
        "home feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }
    page_links = links(client.get(article.url).content.decode())
    page_links += links(client.get(section.url).content.decode())
    tag = tag or busiest_tag()
    archive = next((h for h, _ in page_links if "archive" in h), None)
    urls["tag page"] = tag
    urls["tag page, deepest"] = deepest(client, tag) if tag else None
    urls["tag feed"] = f"{tag}feed/" if tag else None
    urls["archive page"] = archive
    # The archive's newest year, then that year's newest month (the last month it links).
    year = first_link(client, archive, r"/archive/\d{4}/$") if archive else None
    months = matching_links(client, year, r"/archive/\d{4}/\d{2}/$") if year else []
    urls["archive year"] = year
    urls["archive month"] = months[-1] if months else None
    urls["archive month, deepest"] = deepest(client, months[-1]) if months else None
    sitemap = client.get("/sitemap.xml").content.decode()
    files = re.findall(r"<sitemap>\s*<loc>([^<]+)</loc>", sitemap)
    urls["sitemap, last file"] = (
        urlsplit(files[-1]).path
        + ("?" + urlsplit(files[-1]).query if urlsplit(files[-1]).query else "")
        if files
        else None
    )
    return urls


def counted(client, url: str) -> tuple[int, int]:
    """The status and the number of queries of one request (also its warm-up)."""
    from django.db import connection  # lazy: after django.setup

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    return status, len(queries)


def worker() -> None:
    """Serve one database: print the site's URLs, then answer one timing per line of stdin.

    A line `count <url>` answers the status and queries of a warm-up request, a line
    `time <url>` the milliseconds of one request.
    """
    import django  # lazy: the worker chooses its database before Django starts

    django.setup()
    from django.test import Client  # lazy: after django.setup

    from broadsheet.newsroom.models import ArticlePage  # lazy: idem

    client = Client()
    articles = ArticlePage.objects.live().count()
    urls = discover(client, os.environ.get("SCALE_TAG"))
    print(json.dumps({"articles": articles, "urls": urls}), flush=True)
    for line in sys.stdin:
        what, url = line.split(" ", 1)
        url = url.strip()
        if what == "count":
            status, queries = counted(client, url)
            print(json.dumps({"status": status, "queries": queries}), flush=True)
        else:
            started = time.perf_counter()
            client.get(url)
            print(json.dumps({"ms": (time.perf_counter() - started) * 1000}), flush=True)


class Site:
    """A worker process serving one database, asked one request at a time."""

    def __init__(self, database_url: str, tag: str | None = None) -> None:
        env = {
            **os.environ,
            **({"SCALE_TAG": tag} if tag else {}),
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
            "PAGE_CACHE_SECONDS": "0",
            "ALLOWED_HOSTS": "testserver",
            "BROADSHEET_PLAIN_STATIC": "true",
            "HTTPS": "false",
        }
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        found = self._answer()
        self.articles: int = found["articles"]
        self.urls: dict[str, str | None] = found["urls"]

    def _answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the worker stopped (exit {self.process.wait()})")
        return json.loads(line)

    def ask(self, what: str, url: str) -> dict:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{what} {url}\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def compare(small: Site, large: Site, small_url: str, large_url: str) -> dict:
    """Both sites' medians of REPEAT requests, taken in turns (the order alternating), so
    that the load of this shared machine falls on both sides of the ratio alike."""
    small_count, large_count = small.ask("count", small_url), large.ask("count", large_url)
    times: dict[str, list[float]] = {"small": [], "large": []}
    for round_ in range(REPEAT):
        turns = [("small", small, small_url), ("large", large, large_url)]
        for side, site, url in turns if round_ % 2 == 0 else reversed(turns):
            times[side].append(site.ask("time", url)["ms"])
    return {
        "small": {**small_count, "ms": statistics.median(times["small"])},
        "large": {**large_count, "ms": statistics.median(times["large"])},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", help="DATABASE_URL of the 1,000-article paper")
    parser.add_argument("--large", help="DATABASE_URL of the 1,000,000-article paper")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return 0
    if not (args.small and args.large):
        parser.error("give --small and --large (PostgreSQL database URLs)")
    small = Site(args.small)
    large = Site(args.large, small.urls.get("tag page"))
    try:
        return report(small, large)
    finally:
        small.close()
        large.close()


def report(small: Site, large: Site) -> int:
    print(f"articles: {small.articles:,} (small) and {large.articles:,} (large)")
    failed = False
    for name, large_url in large.urls.items():
        small_url = small.urls.get(name)
        if not large_url or not small_url:
            print(f"{name:24} not found on both sites: SKIPPED")
            continue
        pair = compare(small, large, small_url, large_url)
        little, big = pair["small"], pair["large"]
        ratio = big["ms"] / little["ms"]
        verdict = "PASS" if ratio <= MAX_RATIO and big["status"] == 200 else "FAIL"
        failed |= verdict == "FAIL"
        print(
            f"{name:24} {little['ms']:7.1f} ms -> {big['ms']:7.1f} ms  x{ratio:4.2f}  "
            f"queries {little['queries']}->{big['queries']}  {verdict}  {large_url}"
        )
    medians = []
    for query in QUERIES:
        url = f"/search/?q={query.replace(' ', '+')}"
        pair = compare(small, large, url, url)
        medians.append(pair["large"]["ms"])
        print(f"search {query!r:28} {pair['small']['ms']:7.1f} ms -> {pair['large']['ms']:7.1f} ms")
    median = statistics.median(medians)
    verdict = "PASS" if median <= SEARCH_MEDIAN_MS else "FAIL"
    failed |= verdict == "FAIL"
    limit = f"(<= {SEARCH_MEDIAN_MS:.0f})"
    print(f"search median at {large.articles:,} articles: {median:.1f} ms {limit} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
