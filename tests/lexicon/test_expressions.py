"""Expressions: phrasal verbs and idioms are found in the sentence, also when an object
splits them ("set the talks up", "called it off"), and explained with their sense first.
Five tables pin precision and recall, each labelled by hand: test_expressions_table.tsv
(written for the project), test_expressions_heldout.tsv (real SemEval-2007 sentences),
test_expressions_fortunes.tsv and test_expressions_fortunes_topics.tsv (quotations of two
sets of files of Debian's fortunes package), on which the rules were tuned (the last three
after a first, held-out score), and test_expressions_fortunes_more.tsv (a third set of
files), labelled and committed before the finder ran on it and scored once with the
finished rules: the held-out figure."""

from __future__ import annotations

import pytest
from benchmarks.lexicon_coverage import (
    FORTUNES_DIR,
    FORTUNES_MORE_TABLE,
    FORTUNES_TOPICS_TABLE,
    MORE_FILES,
    TOPIC_FILES,
    expression_scores,
    read_fortunes,
    read_held_out,
    read_table,
)

from broadsheet.lexicon.engine.phrases import MAX_TOKENS, expressions_at, expressions_in
from tests.shared_data import shared_path

# Measured on the table the rules were tuned on (docs/lexicon-notes.md,
# benchmarks/lexicon_coverage.py): P 93.5, R 99.0; the floors leave room for one or two
# sentences, not for a different finder.
MIN_PRECISION = 0.90
MIN_RECALL = 0.95
# SemEval-2007 sentences: held out when first scored (P 44.3 = 27/61, R 49.1 = 27/55), then
# the rules were changed after reading its errors, so it is now a tuning table too:
# 29 of 53 found are right (P 54.7), 29 of 55 expected are found (R 52.7).
SEMEVAL_PRECISION = (29, 53)  # (true positives, found): precision = tp / found
SEMEVAL_RECALL = (29, 55)  # (true positives, expected)
# The third table: quotations of Debian's fortunes package, labelled and committed before
# the finder first ran on them. Held out when first scored (P 48.0 = 24/50, R 54.5 = 24/44);
# the "going to" rule was then written from its errors and the fourth table's, so both are
# tuning tables now: 24 of 47 found are right (P 51.1), 24 of 44 expected are found.
FORTUNES_PRECISION = (24, 47)  # (true positives, found)
FORTUNES_RECALL = (24, 44)  # (true positives, expected)
# The fourth table: other files of the package (TOPIC_FILES), labelled and committed
# (f369051) before the finder ran on them. First score, held out: P 59.1 (26/44), R 52.0
# (26/50); with the "going to" rule: 26 of 43 (P 60.5), 26 of 50.
TOPICS_PRECISION = (26, 43)
TOPICS_RECALL = (26, 50)
# The fifth table, held out: eight more files of the package (MORE_FILES), labelled and
# committed (a134893) before the finder ran on them, scored once with the rules of 8b64717:
# 19 of 33 found are right (P 57.6), 19 of 47 expected are found (R 40.4).
MORE_PRECISION = (19, 33)
MORE_RECALL = (19, 47)


def counts(lex, rows) -> tuple[int, int, int]:
    """(true positives, found, expected) over a table."""
    _p, _r, tp, fp, fn = expression_scores(lex, rows)
    return tp, tp + fp, tp + fn


@pytest.fixture(scope="module")
def semeval():
    return read_held_out(wsd_dir=shared_path("wsd", "semeval2007"))


@pytest.fixture(scope="module")
def fortunes():
    if not (FORTUNES_DIR / "literature").exists():
        pytest.skip(
            f"needs Debian's fortunes package ({FORTUNES_DIR}), which ./run test installs: "
            "apt-get install fortunes"
        )
    return read_fortunes()


@pytest.fixture(scope="module")
def topics(fortunes):
    return read_fortunes(FORTUNES_TOPICS_TABLE, files=TOPIC_FILES)


@pytest.fixture(scope="module")
def more(fortunes):
    return read_fortunes(FORTUNES_MORE_TABLE, files=MORE_FILES)


def test_the_table_has_at_least_100_sentences_with_and_without_expressions():
    rows = read_table()
    assert len(rows) >= 100
    assert sum(1 for _s, gold in rows if not gold) >= 20


def test_precision_and_recall_on_the_table(lexicon):
    precision, recall, *_counts = expression_scores(lexicon, read_table())
    assert precision >= MIN_PRECISION, precision
    assert recall >= MIN_RECALL, recall


def test_the_semeval_table_is_every_sentence_read_from_shared(semeval):
    """135 real sentences, read from ../shared (the repository holds only their ids)."""
    assert len(semeval) == 135
    assert sum(len(gold) for _s, gold in semeval) >= 50
    assert semeval[0][0].startswith("Your Oct. 6 editorial")


def test_precision_and_recall_on_the_semeval_table(lexicon, semeval):
    """Not lower than measured after the rules were tuned on it (docs/lexicon-notes.md)."""
    tp, found, expected = counts(lexicon, semeval)
    assert tp * SEMEVAL_PRECISION[1] >= SEMEVAL_PRECISION[0] * found, (tp, found)
    assert tp * SEMEVAL_RECALL[1] >= SEMEVAL_RECALL[0] * expected, (tp, expected)


def test_the_fortunes_table_is_110_real_sentences_read_from_the_package(fortunes):
    """Read from /usr/share/games/fortunes at test time (the repository holds ids, digests
    and labels); a sentence whose text changed fails here, not as a wrong figure."""
    assert len(fortunes) == 110
    assert sum(len(gold) for _s, gold in fortunes) == 44


def test_precision_and_recall_on_the_fortunes_table(lexicon, fortunes):
    """Not lower than measured (docs/lexicon-notes.md)."""
    tp, found, expected = counts(lexicon, fortunes)
    assert tp * FORTUNES_PRECISION[1] >= FORTUNES_PRECISION[0] * found, (tp, found)
    assert tp * FORTUNES_RECALL[1] >= FORTUNES_RECALL[0] * expected, (tp, expected)


def test_the_fourth_table_is_110_other_sentences_of_the_package(topics, fortunes):
    assert len(topics) == 110
    assert sum(len(gold) for _s, gold in topics) == 50
    assert not {s for s, _gold in topics} & {s for s, _gold in fortunes}


def test_precision_and_recall_on_the_fourth_table(lexicon, topics):
    """Not lower than measured (docs/lexicon-notes.md)."""
    tp, found, expected = counts(lexicon, topics)
    assert tp * TOPICS_PRECISION[1] >= TOPICS_PRECISION[0] * found, (tp, found)
    assert tp * TOPICS_RECALL[1] >= TOPICS_RECALL[0] * expected, (tp, expected)


def test_the_fifth_table_is_110_sentences_of_other_files(more, topics, fortunes):
    assert len(more) == 110
    assert sum(len(gold) for _s, gold in more) == 47
    assert not {s for s, _gold in more} & {s for table in (topics, fortunes) for s, _gold in table}


def test_precision_and_recall_on_the_held_out_fifth_table(lexicon, more):
    """Not lower than measured in the one run on it (docs/lexicon-notes.md)."""
    tp, found, expected = counts(lexicon, more)
    assert tp * MORE_PRECISION[1] >= MORE_PRECISION[0] * found, (tp, found)
    assert tp * MORE_RECALL[1] >= MORE_RECALL[0] * expected, (tp, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a verb with its plain preposition: WordNet's commonest synset of the pair holds
        # the verb alone ("belong") or with another preposition ("work on")
        ("They belong to the same party.", set()),
        # "going to" after "be" and before a verb is the future, not "go to" (attend)
        ("Prices are going to rise again.", set()),
        ("You're not going to believe it.", set()),
        ("He is going to convict the owner.", set()),
        ("Retired doctors now work at rural clinics.", set()),
        ("Neighbours look after the children.", {"look after"}),
        ("Youngsters had to fend for themselves.", {"fend for"}),
        # auxiliaries head no verb idiom; a name is not part of an expression
        ("The delay is due to the rain.", set()),
        ("The firm was located in the South Bronx.", set()),
        # a determiner makes the next word a noun ("this kind of" is not the adverb)
        ("Nobody expected this kind of answer.", set()),
        # "the" stands for WordNet's "one's"; a separated particle before a noun that can be
        # nothing else is a preposition ("take [place] in government")
        ("Such schemes line the pockets of insiders.", {"line one's pockets"}),
        ("They take place in government programs.", {"take place"}),
    ],
)
def test_rules_of_the_finder(lexicon, sentence, expected):
    assert {e.lemma for e in expressions_in(lexicon, sentence)} == expected


@pytest.mark.parametrize(
    ("word", "sentence", "lemma", "words", "offsets"),
    [
        ("up", "Officials set the talks up within a week.", "set up", ("set", "up"), (-3, 0)),
        ("called", "The mayor called it off at the last minute.", "call off", ("called", "off"), (0, 2)),
        ("turn", "They will turn the offer down.", "turn down", ("turn", "down"), (0, 3)),
        ("sets", "She sets the meeting up herself.", "set up", ("sets", "up"), (0, 3)),
        ("took", "The judge took his age into account.", "take into account",
         ("took", "into", "account"), (0, 3, 4)),
        ("carried", "Police carried out raids.", "carry out", ("carried", "out"), (0, 1)),
    ],
)  # fmt: skip
def test_the_word_is_explained_by_its_expression_first(
    lookup, word, sentence, lemma, words, offsets
):
    r = lookup(word, context=sentence)
    assert r.expression is not None, sentence
    assert (r.expression.lemma, r.expression.words, r.expression.offsets) == (lemma, words, offsets)
    assert r.expression.senses and r.expression.senses[0].lemma == lemma


def test_a_preposition_is_not_a_particle(lookup):
    assert lookup("set", context="He set the book on the table and left.").expression is None
    assert lookup("off", context="He called, and it was off.").expression is None


def test_the_object_is_not_part_of_the_expression(lookup):
    assert lookup("talks", context="Officials set the talks up.").expression is None


def test_the_work_is_bounded_and_linear(lexicon):
    """A sentence of thousands of words is read up to MAX_TOKENS words, and twice the
    words take about twice the work (counted in dictionary probes, not in time)."""
    probes = []
    original = lexicon.has

    def counting(lemma, pos):
        probes.append(lemma)
        return original(lemma, pos)

    lexicon.has = counting
    try:
        counts = []
        for n in (50, 100, MAX_TOKENS * 3):
            probes.clear()
            expressions_in(lexicon, " ".join(["they set the plan up"] * (n // 5)))
            counts.append(len(probes))
        probes.clear()
        expressions_at(lexicon, "word " * 10_000, 5_000)
        assert probes == []  # beyond MAX_TOKENS: not read at all
    finally:
        lexicon.has = original
    assert counts[1] <= 2.5 * counts[0]
    assert counts[2] <= 1.25 * counts[1] * MAX_TOKENS / 100  # read up to MAX_TOKENS words


def test_a_word_met_only_inside_another_has_no_expression(lookup):
    assert lookup("called", context="They called it off.").expression is not None
    assert lookup("call", context="They called it off.").expression is None
