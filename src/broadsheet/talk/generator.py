"""Synthetic comments in bulk for `generate_newsroom` (its `broadsheet_generate_data` hook).

Comments go to the generated articles, more of them to a few articles (as readers crowd to
some stories), one in five a reply, each written after its article and its parent, by a
pool of generated readers. Rows are computed here and written with the newsroom
generator's bulk writer (COPY on PostgreSQL), a chunk of articles per transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from broadsheet.newsroom.generator import rows
from broadsheet.newsroom.generator.articles import Generated
from broadsheet.newsroom.generator.indexes import deferred_indexes, should_defer
from broadsheet.newsroom.generator.text import POOL_SIZE, Writer, build_vocabulary
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk.models import Comment, Commenter, CommentStatus

READER_PREFIX = "generated-reader-"
REPLY_SHARE = 0.2
HELD_SHARE = 0.02
COLUMNS = [
    "id", "article_id", "author_id", "parent_id", "text", "status", "rule", "clause",
    "reasons", "moderator_note", "links_approved", "is_featured", "recommend_count",
    "report_count", "idempotency_key", "ip_hash", "created_at", "edited_at", "decided_at",
    "approved_at",
]  # fmt: skip


def ensure_readers(count: int) -> list[int]:
    """User ids of `count` generated readers with commenter profiles (re-runs reuse them)."""
    User = get_user_model()
    names = [f"{READER_PREFIX}{n + 1}" for n in range(count)]
    password = make_password(None)  # unusable: generated readers cannot log in
    User.objects.bulk_create(
        [User(username=name, password=password) for name in names], ignore_conflicts=True
    )
    users = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    Commenter.objects.bulk_create(
        [Commenter(user_id=pk, display_name=f"Reader {name[len(READER_PREFIX):]}")
         for name, pk in users.items()],
        ignore_conflicts=True,
    )  # fmt: skip
    return [users[name] for name in names]


def comments_per_article(rng: random.Random, articles: int, comments: int) -> list[int]:
    """How many comments each article gets: `comments` in all, skewed towards a few."""
    counts = [0] * articles
    for _ in range(comments):
        counts[int(articles * rng.random() ** 3)] += 1
    rng.shuffle(counts)
    return counts


def generate_comments(
    generated: Generated,
    *,
    comments: int,
    seed: int = 1,
    readers: int = 2000,
    chunk: int = 20_000,
    defer_indexes: bool | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> int:
    """`comments` comments on the generated articles; returns how many were written.

    The comment table's secondary indexes are dropped for the run and built once at the end
    when `defer_indexes` is true (None: when the run at least doubles the table).
    """
    if comments <= 0 or generated.count == 0:
        return 0
    rng = random.Random(seed + 1)  # nosec B311: synthetic data, not secrets
    pool_size = min(POOL_SIZE, 100 + 2 * comments)
    writer = Writer(build_vocabulary(random.Random(seed)), rng, pool_size=pool_size)  # nosec B311
    reader_ids = ensure_readers(readers)
    counts = comments_per_article(rng, generated.count, comments)
    written = 0
    if defer_indexes is None:
        defer_indexes = should_defer(comments, Comment.objects.count())
    with deferred_indexes([Comment] if defer_indexes else [], log):
        for offset in range(0, generated.count, chunk):
            first = generated.first_id + offset
            last = min(first + chunk - 1, generated.last_id)
            dates = dict(
                ArticlePage.objects.filter(pk__gte=first, pk__lte=last).values_list(
                    "pk", "published_at"
                )
            )
            wanted = sum(counts[offset : offset + chunk])
            with transaction.atomic():
                next_id = rows.reserve_ids(Comment, wanted)
                batch = []
                for article_id, published_at in sorted(dates.items()):
                    n = counts[article_id - generated.first_id]
                    batch.extend(_thread(writer, reader_ids, article_id, published_at, n, next_id))
                    next_id += n
                written += rows.write_rows(Comment, COLUMNS, batch, raw=["reasons"])
            log(f"comments: {written} of {comments}")
    rows.reset_sequences(Comment)
    return written


def _thread(writer, reader_ids, article_id, published_at, n, first_id) -> list[tuple]:
    rng = writer.rng
    made: list[tuple] = []
    top_level: list[tuple[int, dt.datetime]] = []
    when = published_at
    for number in range(n):
        comment_id = first_id + number
        when = when + dt.timedelta(minutes=rng.randint(1, 90))
        parent_id = None
        if top_level and rng.random() < REPLY_SHARE:
            parent_id = rng.choice(top_level)[0]
        else:
            top_level.append((comment_id, when))
        held = rng.random() < HELD_SHARE
        status = CommentStatus.PENDING if held else CommentStatus.PUBLISHED
        made.append(
            (comment_id, article_id, rng.choice(reader_ids), parent_id, writer.comment(),
             str(status), "", "", "[]", "", False, False, 0, 0, f"generated-{comment_id}", "",
             when, None, None if held else when, None)
        )  # fmt: skip
    return made
