"""Coverage of demo articles full of names, with and without the editors' glossary, as
`./run bench lexicon_coverage` counts it for every demo article (docs/lexicon-notes.md):
every word token looked up with its sentence; a nonsense split does not count."""

from __future__ import annotations

import pytest
from benchmarks.lexicon_coverage import classify, coverage, without_glossary

from broadsheet.lexicon import lookups
from broadsheet.lexicon.engine.names import romanised_korean
from broadsheet.newsroom.models import ArticlePage
from tests.lexicon.django_helpers import fresh_glossary  # noqa: F401

pytestmark = pytest.mark.django_db

# One of the 26 demo articles (a lean test), the one with most names: Korean officials,
# Beijing, Moscow, Vladivostok.
SLUGS = ("six-party-talks-resume-beijing-vladivostok-summit",)
# Measured on this article: 100% both ways (every token; the whole paper: 99.99% and
# 99.72%, docs/lexicon-notes.md). The floors leave room for a word or two, no more.
MIN_WITH_GLOSSARY = 0.995
MIN_WITHOUT_GLOSSARY = 0.995


@pytest.fixture(scope="module")
def texts(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        articles = ArticlePage.objects.live().filter(slug__in=SLUGS)
        out = [(a.pk, f"{a.title}\n{a.plain_text()}") for a in articles]
    assert len(out) == len(SLUGS)
    return out


def test_coverage_with_and_without_the_glossary(texts):
    with_glossary = coverage(texts, lookups.look_up)
    with without_glossary():
        alone = coverage(texts, lookups.look_up)
    assert with_glossary.covered >= MIN_WITH_GLOSSARY, (with_glossary.covered, with_glossary.misses)
    assert alone.covered >= MIN_WITHOUT_GLOSSARY, (alone.covered, alone.misses)
    assert with_glossary.counts["glossary"] > 0 and alone.counts["glossary"] == 0
    # names are names: answered as names, never through a split into dictionary words
    assert (
        alone.counts["name note"] + alone.counts["name card"]
        > with_glossary.counts["name note"] + with_glossary.counts["name card"]
    )
    assert not [k for k in alone.derived if romanised_korean(k.split(" -> ")[0])], alone.derived


def test_a_nonsense_split_is_not_covered():
    class Split:
        glossary = None
        card = None
        kind = "derived"
        derived_from = ("yongin", "yon", "gin")

    assert classify(Split()) == "not covered"
