"""Listings cut short for the tag and archive tests: pages of PER_PAGE, at most MAX_PAGES deep."""

from __future__ import annotations

import pytest

from broadsheet.newsroom import models

PER_PAGE = 2
MAX_PAGES = 3


@pytest.fixture
def short_listings(settings, monkeypatch) -> None:
    settings.NEWSROOM_LISTING_MAX_PAGES = MAX_PAGES
    monkeypatch.setattr(models, "ARTICLES_PER_PAGE", PER_PAGE)
