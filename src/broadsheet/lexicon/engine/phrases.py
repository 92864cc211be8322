"""Expressions of a sentence: multi-word dictionary entries that contain the looked-up word.

Two shapes, both from WordNet's multi-word lemmas (inflected forms through morphy):

* contiguous: 2-5 adjacent words ("carried out", "keep an eye on", "dragged their feet" as
  "drag one's feet");
* separated: a verb, its object of 1-4 words, then the rest of a multi-word verb that
  starts with a particle ("set the talks up", "called it off", "took his age into account").

A separated particle followed by the start of a noun phrase ("set the book on the table")
is a preposition, not part of the verb. The work is bounded: at most MAX_TOKENS words are
read, and each word tries a fixed number of spans, so the cost is linear in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.lexicon.engine.context import find_target
from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.normalize import clean, tokenize
from broadsheet.lexicon.engine.wordlists import function_words


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


MAX_TOKENS = 400  # words of a sentence read (the context is bounded to 2,000 characters)
MAX_NGRAM = 5  # longest contiguous expression tried
MAX_OBJECT = 4  # words between a verb and its particle ("set [the new talks] up")
MAX_TAIL = 2  # words of a separated verb after its object ("take ... into account")

# Adverbial particles of English phrasal verbs (written for the project).
PARTICLES = word_set(
    "up down off out in on over away back through around round about along apart aside "
    "forward ahead by together across behind into"
)
# Words that can make up a verb's object besides nouns, adjectives and numbers.
OBJECT_WORDS = word_set(
    "the a an this that these those some any no every each both all many much more most few "
    "several such other another own same my your his her its our their me you him it us "
    "them one someone somebody something everyone everybody everything anyone anything "
    "nothing nobody"
)
# Words that open a noun phrase: after a separated particle they make it a preposition.
NOUN_PHRASE_START = OBJECT_WORDS - {"one", "more", "most", "much", "own", "same"}
# Heads that are auxiliaries, not the verb of a phrasal verb ("are [cutting back] on").
AUXILIARIES = word_set("be am is are was were been being have has had do does did")
BE_FORMS = word_set("be am is are was were been being not")  # before "going to" + verb
# Number words: "four hundred" is an entry, not an expression.
NUMBERS = word_set(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion trillion"
)
DETERMINERS = word_set(
    "the a an these those some any no every many several such another my your his its our their"
)
# Before an adverb or adjective entry ("this kind of"), also these: its first word is a noun.
NOUN_DETERMINERS = DETERMINERS | {"this", "that"}
# Words that are only prepositions, never adverbial particles: in "verb + one of these" the
# word always has an object, so WordNet's entry may be the verb with its plain preposition
# ("look at", "belong to") or an idiom ("look after", "fend for"); see _plain_preposition.
PREPOSITIONS = word_set("to at for with of from into onto upon after against toward")

POSSESSIVES = word_set("my your his her its our their")
REFLEXIVES = word_set("myself yourself himself herself itself ourselves themselves")
POS_NAMES = {"v": "verb", "r": "adverb", "a": "adjective", "n": "noun"}
EXPRESSION_POS = ("v", "r", "a")  # nouns ("interest rate") are compounds, not expressions

Token = tuple[str, int, int]


@dataclass(frozen=True)
class Expression:
    """A multi-word entry found in a sentence: "set up" in "set the talks up"."""

    lemma: str  # dictionary form, words separated by spaces: "set up"
    pos: str  # WordNet's: v, r, a or n
    tokens: tuple[int, ...]  # indices of its words among the sentence's words
    words: tuple[str, ...]  # its words as written: ("set", "up")
    separated: bool  # other words (an object) stand between its words

    @property
    def key(self) -> str:
        return self.lemma.replace(" ", "_")


def _word(token: Token) -> str:
    return token[0].rstrip(".").lower()


def _joined(text: str, toks: list[Token], first: int, last: int) -> bool:
    """No punctuation but hyphens and apostrophes between words first..last."""
    gap = text[toks[first][2] : toks[last][1]]
    return all(ch in " \t-'" or ch.isalnum() for ch in gap)


def _variants(words: list[str]) -> list[str]:
    """The words as text, and with possessives (or "the" after the first word) as "one's" and
    reflexives as "oneself"."""
    out = [" ".join(words)]
    swapped = ["one's" if w in POSSESSIVES else "oneself" if w in REFLEXIVES else w for w in words]
    if swapped != words:
        out.append(" ".join(swapped))
    if "the" in words[1:]:  # "line the pockets": WordNet's "line one's pockets"
        out.append(" ".join("one's" if w == "the" else w for w in swapped))
    return out


def _contiguous(lex: Lexicon, text: str, toks: list[Token], idx: int) -> list[Expression]:
    found = []
    for n in range(MAX_NGRAM, 1, -1):
        for start in range(max(0, idx - n + 1), min(idx, len(toks) - n) + 1):
            end = start + n - 1
            if not _joined(text, toks, start, end) or _inside_name(toks, start, end):
                continue
            words = [_word(t) for t in toks[start : end + 1]]
            if _only_grammar(words):
                continue  # "more than", "four hundred": no expression to explain
            for variant in _variants(words):
                for pos, forms in lex.lemmas(variant).items():
                    if not _fits(lex, toks, start, pos, words):
                        continue
                    for form in forms:
                        if "_" in form:
                            found.append(
                                Expression(
                                    form.replace("_", " "),
                                    pos,
                                    tuple(range(start, end + 1)),
                                    tuple(t[0].rstrip(".") for t in toks[start : end + 1]),
                                    False,
                                )
                            )
    return found


def _only_grammar(words: list[str]) -> bool:
    """Function words or numbers only: "more than", "four hundred"."""
    fw = function_words()
    return all(w in fw or w in NUMBERS for w in words)


def _inside_name(toks: list[Token], start: int, end: int) -> bool:
    """A capitalised word after the first: the words run into a name ("in the South Bronx")."""
    return any(toks[i][0][:1].isupper() for i in range(start + 1, end + 1))


def _fits(lex: Lexicon, toks: list[Token], start: int, pos: str, words: list[str]) -> bool:
    """Whether an entry of part of speech pos fits its place in the sentence."""
    if pos == "v":
        if _after_determiner(toks, start) or words[0] in AUXILIARIES:
            return False  # "the strike off": a noun; "be due", "is born": no verb idiom
        if _future_going_to(lex, toks, start, words):
            return False  # "they're going to make": the future, not "go to" (attend)
        if len(words) == 2 and words[1] in PREPOSITIONS:
            return not _plain_preposition(lex, words[0], words[1])
        return True
    # "this kind of", "a bit": a noun with its determiner, not the adverb
    return not (start > 0 and _word(toks[start - 1]) in NOUN_DETERMINERS)


def _plain_preposition(lex: Lexicon, form: str, prep: str) -> bool:
    """Whether WordNet shows the verb `form` with its plain preposition prep rather than an
    idiom: the commonest synset of "verb prep" also holds the verb alone or with another
    particle ("belong to" = "belong", "work at" = "work on", "subscribe to" = "subscribe")."""
    for verb in lex.lemmas(form).get("v", ()):
        senses = lex.senses_of(f"{verb}_{prep}", "v")
        if not senses:
            continue
        for other in lex.synset(senses[0][0])["words"]:
            head, _, rest = other.partition("_")
            if head == verb and (not rest or (rest != prep and rest in PARTICLES | PREPOSITIONS)):
                return True
    return False


def _is_object(lex: Lexicon, words: list[str]) -> bool:
    """Whether words can be a verb's object: no function words but determiners and object
    pronouns, and no inflected verb that cannot be a noun ("talks [broke] down")."""
    fw = function_words()
    for w in words:
        if w in fw:
            if w not in OBJECT_WORDS:
                return False
            continue
        forms = lex.lemmas(w)
        verb_forms = forms.get("v", ())
        if verb_forms and w not in verb_forms and "n" not in forms:
            return False
    return True


def _future_going_to(lex: Lexicon, toks: list[Token], start: int, words: list[str]) -> bool:
    """ "going to" after a form of "be" and before a verb: the future ("is going to
    convict", "you're not going to believe it")."""
    if words != ["going", "to"] or start == 0 or start + 2 >= len(toks):
        return False
    before = _word(toks[start - 1]).replace("\u2019", "'")
    if before not in BE_FORMS and not before.endswith(("'re", "'m", "'s", "n't")):
        return False
    after = _word(toks[start + 2])
    return after not in NOUN_PHRASE_START and after in lex.lemmas(after).get("v", ())


def _after_determiner(toks: list[Token], i: int) -> bool:
    """Word i follows an article, determiner or possessive: it is a noun, not a verb."""
    return i > 0 and _word(toks[i - 1]) in DETERMINERS


def _opens_noun_phrase(text: str, toks: list[Token], after: int) -> bool:
    """Whether the word after `after` starts a noun phrase joined to it."""
    if after + 1 >= len(toks) or not _joined(text, toks, after, after + 1):
        return False
    nxt = toks[after + 1][0]
    return _word(toks[after + 1]) in NOUN_PHRASE_START or nxt[:1].isdigit()


def _separated_from(lex: Lexicon, text: str, toks: list[Token], v: int) -> list[Expression]:
    """Multi-word verbs whose verb is word v and whose particle follows an object."""
    head = _word(toks[v])
    if head in AUXILIARIES or head in PARTICLES or _after_determiner(toks, v):
        return []
    verbs = lex.lemmas(head).get("v", [])
    if not verbs:
        return []
    found = []
    for gap in range(1, MAX_OBJECT + 1):
        p = v + 1 + gap
        if p >= len(toks) or not _joined(text, toks, v, p):
            break
        obj = [_word(t) for t in toks[v + 1 : p]]
        if not _is_object(lex, obj) or _word(toks[p]) not in PARTICLES:
            continue
        for tail in range(1, MAX_TAIL + 1):
            last = p + tail - 1
            if last >= len(toks) or not _joined(text, toks, p, last):
                break
            if _opens_noun_phrase(text, toks, last) or _noun_follows(lex, text, toks, last):
                continue
            rest = "_".join(_word(t) for t in toks[p : last + 1])
            for verb in verbs:
                if lex.has(f"{verb}_{rest}", "v"):
                    idxs = (v, *range(p, last + 1))
                    found.append(
                        Expression(
                            f"{verb} {rest.replace('_', ' ')}",
                            "v",
                            idxs,
                            tuple(toks[i][0].rstrip(".") for i in idxs),
                            True,
                        )
                    )
    return found


def _noun_follows(lex: Lexicon, text: str, toks: list[Token], after: int) -> bool:
    """The word after `after` is a name or a word that can only be a noun: a separated
    particle before it is a preposition ("take [place] in government programs")."""
    if after + 1 >= len(toks) or not _joined(text, toks, after, after + 1):
        return False
    nxt = toks[after + 1][0]
    word = _word(toks[after + 1])
    if nxt[:1].isupper():
        return True
    if word in function_words():
        return False
    return set(lex.lemmas(word)) == {"n"}


def _separated(lex: Lexicon, text: str, toks: list[Token], idx: int) -> list[Expression]:
    found = _separated_from(lex, text, toks, idx)
    # idx as a particle (or a later word of the verb): its verb is 2..MAX_OBJECT+MAX_TAIL back
    for v in range(max(0, idx - MAX_OBJECT - MAX_TAIL), idx - 1):
        found += [e for e in _separated_from(lex, text, toks, v) if idx in e.tokens]
    return found


def _best_first(found: list[Expression]) -> list[Expression]:
    """Longest first (more of the sentence explained), then verbs, then separated ones: a
    verb whose particle closes its object ("called [the strike] off") is likelier than
    the noun of that object read as a verb ("strike off")."""
    unique = list({(e.lemma, e.pos, e.tokens): e for e in found}.values())
    return sorted(unique, key=lambda e: (-len(e.tokens), e.pos != "v", not e.separated))


def expressions_at(lex: Lexicon, text: str, idx: int) -> list[Expression]:
    """Expressions of the sentence `text` that contain its word number idx, best first."""
    toks = tokenize(text)[:MAX_TOKENS]
    if not 0 <= idx < len(toks):
        return []
    text = clean(text)
    return _best_first(_contiguous(lex, text, toks, idx) + _separated(lex, text, toks, idx))


def expressions_in(lex: Lexicon, text: str) -> list[Expression]:
    """The expressions (multi-word verbs, adverbs, adjectives) of a sentence; where two
    overlap, the longer one. Used to measure the finder on a table of sentences."""
    toks = tokenize(text)[:MAX_TOKENS]
    text = clean(text)
    found: list[Expression] = []
    for idx in range(len(toks)):
        found += _contiguous(lex, text, toks, idx)
        found += _separated_from(lex, text, toks, idx)
    chosen: list[Expression] = []
    taken: set[int] = set()
    for e in _best_first([e for e in found if e.pos in EXPRESSION_POS]):
        if taken.isdisjoint(e.tokens):
            chosen.append(e)
            taken.update(e.tokens)
    return sorted(chosen, key=lambda e: e.tokens)


def word_index(text: str, headword: str) -> int | None:
    """The index of headword among the words of text, or None when it is not there."""
    span = find_target(text, headword)
    if span is None:
        return None
    toks = tokenize(text)[:MAX_TOKENS]
    idx = next((i for i, (_t, s, e) in enumerate(toks) if s <= span[0] < e), None)
    first = headword.split()[0].lower()
    if idx is None:
        return None
    token = toks[idx][0].lower().rstrip(".")
    if token != first and not token.startswith(first + "'"):
        return None  # only met inside another word ("call" in "called")
    return idx


def phrases_in_context(lex: Lexicon, context: str, headword: str, limit: int = 3) -> list[str]:
    """Dictionary forms of the multi-word entries of `context` that include `headword`
    (expressions and compounds alike), and function-word phrases ("according to")."""
    idx = word_index(context, headword)
    if idx is None:
        return []
    width = len(headword.split())
    text = clean(context)
    toks = tokenize(text)[:MAX_TOKENS]
    fw = function_words()
    found: list[str] = []
    for n in (4, 3, 2):
        if n <= width:
            continue
        for start in range(max(0, idx + width - n), min(idx, len(toks) - n) + 1):
            if not _joined(text, toks, start, start + n - 1):
                continue
            words = " ".join(_word(t) for t in toks[start : start + n])
            if words in fw:
                found.append(words)
    found += [e.lemma for e in expressions_at(lex, text, idx) if len(e.tokens) > width]
    return list(dict.fromkeys(found))[:limit]
