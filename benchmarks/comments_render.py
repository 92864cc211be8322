"""First page of comments: an article with 10,000 comments against one with 10.

    python benchmarks/comments_render.py [--comments 10000] [--runs 30]

Builds a fresh SQLite database with the demo newsroom, gives one article 10 comments and
another 10,000 (a third of them with a reply), then renders each article page for an
anonymous and a logged-in reader (page cache off) and reports the median render time,
the query count and the ratio big/small. The query count is also pinned by
tests/talk/test_pages.py::test_article_page_queries_do_not_grow_with_comments.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = tempfile.mkdtemp(prefix="bench-render-")
os.environ.update(
    {
        "BROADSHEET_DATA_DIR": DATA,
        "SECRET_KEY": "bench",
        "HTTPS": "false",
        "BROADSHEET_PLAIN_STATIC": "true",
        "PAGE_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
    }
)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def fill(article, n: int, user) -> None:
    from broadsheet.talk.models import Comment

    top = Comment.objects.bulk_create(
        (
            Comment(
                article=article,
                author=user,
                text=f"Comment number {i} on the story.",
                status="published",
                recommend_count=i % 17,
                idempotency_key=f"b{article.pk}-{i}",
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    Comment.objects.bulk_create(
        (
            Comment(
                article=article,
                author=user,
                parent=top[i],
                text=f"Reply {i}",
                status="published",
                idempotency_key=f"r{article.pk}-{i}",
            )
            for i in range(0, n, 3)
        ),
        batch_size=2000,
    )


def measure(client: Client, url: str, runs: int) -> tuple[float, int]:
    client.get(url)
    queries: list[str] = []

    def record(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from broadsheet.newsroom.services import find_section
    from broadsheet.talk.models import Comment, Commenter
    from broadsheet.web.demo import load_demo

    load_demo(log=lambda m: None)
    articles = list(find_section("national/politics").articles()[:3])
    small, big = articles[1], articles[2]
    Comment.objects.filter(article__in=[small, big]).delete()
    user = get_user_model().objects.create_user("bench-render")
    Commenter.objects.create(user=user, display_name="Bench render")
    fill(small, 10, user)
    fill(big, args.comments, user)
    reader = get_user_model().objects.create_user("bench-reader")
    Commenter.objects.create(user=reader, display_name="Bench reader")
    print(
        f"articles: {Comment.objects.filter(article=small).count()} vs "
        f"{Comment.objects.filter(article=big).count()} comments (replies included)"
    )
    for label, client in (("anonymous", Client()), ("logged-in", Client())):
        if label == "logged-in":
            client.force_login(reader)
        t_small, q_small = measure(client, small.url, args.runs)
        t_big, q_big = measure(client, big.url, args.runs)
        print(
            f"{label:10s} 10: {t_small * 1000:6.1f} ms {q_small} queries | "
            f"{args.comments}: {t_big * 1000:6.1f} ms {q_big} queries | "
            f"ratio {t_big / t_small:.2f}"
        )


if __name__ == "__main__":
    main()
