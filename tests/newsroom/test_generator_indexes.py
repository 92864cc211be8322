"""A large generate_newsroom run sets the tables' secondary indexes aside and builds them again.

Whatever happens to the run (it ends, it fails, it is killed), the database ends with every
index the migrations made, defined as before (on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from broadsheet.newsroom.generator import articles, indexes, search_index
from broadsheet.newsroom.generator.articles import generate_articles
from broadsheet.newsroom.generator.indexes import (
    deferred_indexes,
    restore_indexes,
    secondary_indexes,
    should_defer,
)
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk.generator import generate_comments
from broadsheet.talk.models import Comment

TABLES = [Page, ArticlePage, IndexEntry, Comment]


def definitions():
    return {model.__name__: secondary_indexes(model) for model in TABLES}


def test_a_large_run_writes_without_the_indexes_and_ends_with_all_of_them(db, monkeypatch):
    before = definitions()
    assert all(before.values())  # every table has indexes to set aside
    during = []
    index_articles = search_index.index_articles

    def watched(*args):
        during.append([secondary_indexes(m) for m in (Page, ArticlePage, IndexEntry)])
        index_articles(*args)

    monkeypatch.setattr(search_index, "index_articles", watched)
    generated = generate_articles(4, chunk=2, defer_indexes=True)
    assert generate_comments(generated, comments=6, readers=3, defer_indexes=True) == 6
    assert during == [[[], [], []]] * 2
    assert definitions() == before


def test_a_failed_run_still_ends_with_every_index(db, monkeypatch):
    before = definitions()

    def fail():
        raise RuntimeError("the run stops here")

    monkeypatch.setattr(articles.search_index, "refresh_title_norms", fail)
    with pytest.raises(RuntimeError):
        generate_articles(2, chunk=2, defer_indexes=True)
    assert definitions() == before


def test_a_killed_run_leaves_its_indexes_to_the_next_one(db):
    before = secondary_indexes(Comment)
    block = deferred_indexes([Comment])
    assert block.__enter__() == [name for name, _ in before]
    assert secondary_indexes(Comment) == []  # the process dies here: no finally runs
    assert restore_indexes() == len(before)  # what the next run does first
    assert secondary_indexes(Comment) == before
    block.__exit__(None, None, None)
    assert secondary_indexes(Comment) == before


def test_only_large_runs_that_at_least_double_a_table_set_its_indexes_aside():
    assert should_defer(1_000_000, 26)
    assert not should_defer(indexes.DEFER_MIN_ROWS - 1, 0)
    assert not should_defer(indexes.DEFER_MIN_ROWS, indexes.DEFER_MIN_ROWS + 1)
