"""Growth: the same pages at 1,000 and at 1,000,000 articles, on PostgreSQL, and search.

    ./run bench scale --small postgres://.../paper_1k --large postgres://.../paper_1m

Both databases are made the same way (migrate, load_demo, then
`generate_newsroom --articles 1000 --comments 5000` or `--articles 1000000 --comments
5000000`; docs/PERFORMANCE.md, "A million articles"). For each database a worker process
serves the pages through Django's test client with the page cache off, one warm-up request
then REPEAT timed ones per URL (the median counts), and the queries of one request. The
URLs are found in the site itself, so the benchmark follows whatever pagination, archives,
tag pages and sitemap split the pages have: the first section's first and deepest page
(the highest page number offered, else the oldest/last link, else FOLLOW_NEXT hops of
rel=next), its feed, the home feed, a tag page linked from an article (and its deepest page
and feed), the archive linked from an article or section, its newest year and that year's
newest month (and its deepest page), the sitemap and its last file. Each ratio
large/small must be at most MAX_RATIO; search's median over QUERIES at the large database
at most SEARCH_MEDIAN_MS.
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

REPEAT = 5
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


def discover(client) -> dict[str, str | None]:
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
    tag = next((h for h, rel in page_links if "tag" in rel.split() or "/tags/" in h), None)
    archive = next((h for h, _ in page_links if "archive" in h), None)
    urls["tag page"] = tag
    urls["tag page, deepest"] = deepest(client, tag) if tag else None
    urls["tag feed"] = f"{tag}feed/" if tag and "/tags/" in tag else None
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


def timed(client, url: str) -> tuple[float, int, int]:
    """Median milliseconds of REPEAT requests, the status and the queries of one request."""
    from django.db import connection  # lazy: after django.setup

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), status, len(queries)


def worker() -> None:
    import django  # lazy: the worker chooses its database before Django starts

    django.setup()
    from django.test import Client  # lazy: after django.setup

    from broadsheet.newsroom.models import ArticlePage  # lazy: idem

    client = Client()
    result: dict[str, object] = {"articles": ArticlePage.objects.live().count(), "pages": {}}
    for name, url in discover(client).items():
        pages = result["pages"]
        assert isinstance(pages, dict)
        if url:
            ms, status, count = timed(client, url)
            pages[name] = {"url": url, "ms": ms, "status": status, "queries": count}
        else:
            pages[name] = None
    searches = {}
    for query in QUERIES:
        ms, status, count = timed(client, f"/search/?q={query.replace(' ', '+')}")
        searches[query] = {"ms": ms, "status": status, "queries": count}
    result["search"] = searches
    print(json.dumps(result))


def run_worker(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
        "PAGE_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "testserver",
        "BROADSHEET_PLAIN_STATIC": "true",
        "HTTPS": "false",
    }
    out = subprocess.run(
        [sys.executable, __file__, "--worker"], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


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
    small, large = run_worker(args.small), run_worker(args.large)
    print(f"articles: {small['articles']:,} (small) and {large['articles']:,} (large)")
    failed = False
    for name, big in large["pages"].items():
        little = small["pages"].get(name)
        if not big or not little:
            print(f"{name:24} not found on both sites: SKIPPED")
            continue
        ratio = big["ms"] / little["ms"]
        verdict = "PASS" if ratio <= MAX_RATIO and big["status"] == 200 else "FAIL"
        failed |= verdict == "FAIL"
        print(
            f"{name:24} {little['ms']:7.1f} ms -> {big['ms']:7.1f} ms  x{ratio:4.2f}  "
            f"queries {little['queries']}->{big['queries']}  {verdict}  {big['url']}"
        )
    for query, big in large["search"].items():
        print(f"search {query!r:28} {small['search'][query]['ms']:7.1f} ms -> {big['ms']:7.1f} ms")
    median = statistics.median(s["ms"] for s in large["search"].values())
    verdict = "PASS" if median <= SEARCH_MEDIAN_MS else "FAIL"
    failed |= verdict == "FAIL"
    limit = f"(<= {SEARCH_MEDIAN_MS:.0f})"
    print(f"search median at {large['articles']:,} articles: {median:.1f} ms {limit} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
