"""Synthetic newspaper text from a small vocabulary written for the project (no copied text).

Deterministic for a seed: the same `random.Random` gives the same headlines, bodies and
comments. Words follow a Zipf-like frequency, and every article has a subject (a person, a
place or an organisation, generated from syllables) that recurs in it, so that a search
for a name finds the few articles about that name, as in a real archive. No Django here.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field


def words(text: str) -> list[str]:
    return text.split()


# Common words of news prose, most frequent first (their order sets their weight).
COMMON = words(
    """
the of to and a in that is for on said with was as by it at from has be have are were
will its an which but not this after more than been also their would about who had they
over new year two last first other could into some up out government officials people
years time percent week month according told while public three state plans
during under since local national city country report reports before between against
support policy new day plan data made many still part former program because where court
former minister workers companies market prices rate rates growth officials president
assembly party election economy budget school schools students teachers hospital health
patients housing rent residents police investigation case law bill committee members
council meeting vote votes industry exports imports trade prices demand supply energy
power climate weather rain season team players game games fans coach league match
festival museum film book music artists audience research university scientists study
results figures analysis survey
"""
)

# Words that give an article its topic; each article draws a few and repeats them.
TOPICS = words(
    """
semiconductor battery shipbuilding steel tariff subsidy inflation mortgage pension
childcare birthrate commuters subway railway airport harbour fisheries farmers rice
kimchi tourism hanok temple palace baseball football marathon archery esports webtoon
drama orchestra opera exhibition heritage typhoon heatwave drought wildfire earthquake
flood vaccine clinic surgeons nurses dementia elderly youth unemployment startup venture
robot satellite rocket telecom broadband smartphone platform streaming copyright privacy
prosecutor verdict appeal constitution referendum coalition opposition diplomat summit
embassy treaty sanctions border defence navy drill veterans reunification refugees
migrants dormitory tuition curriculum exam scholarship library bookstore publisher
newspaper broadcaster reporter columnist editorial ferry bridge tunnel highway
"""
)

FAMILY_NAMES = words(
    """
Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang
"""
)
SYLLABLES = words(
    """
min ji seo jun hye woo yeon hyun su eun jae young sung ho jin kyung hee dong won tae na
ra bin ha yun do gyu seok chul mi
"""
)
PLACE_ENDINGS = ["-gun", "-si", "-dong", "-myeon", " Province", " Island", " Valley"]
ORG_KINDS = ["Foundation", "Institute", "Union", "Association", "Group", "Agency", "Council"]

DATELINES = ["SEOUL", "BUSAN", "INCHEON", "DAEGU", "DAEJEON", "GWANGJU", "ULSAN", "SEJONG"]
HEADLINE_VERBS = words(
    """
plans weighs faces wins loses backs rejects unveils delays opens closes expands cuts
raises warns defends questions approves ends starts joins leaves
"""
)


def zipf_weights(n: int) -> list[float]:
    """Cumulative Zipf-like weights for n words (the first is the most frequent)."""
    return list(itertools.accumulate(1.0 / (rank + 2) for rank in range(n)))


@dataclass
class Vocabulary:
    """The words and subjects an archive is written from; built once per run."""

    people: list[str]
    places: list[str]
    organisations: list[str]
    common: list[str] = field(default_factory=lambda: COMMON)
    topics: list[str] = field(default_factory=lambda: TOPICS)

    def __post_init__(self) -> None:
        self.common_weights = zipf_weights(len(self.common))
        self.topic_weights = zipf_weights(len(self.topics))
        self.subjects = self.people + self.places + self.organisations


def person_name(rng: random.Random) -> str:
    given = f"{rng.choice(SYLLABLES)}-{rng.choice(SYLLABLES)}".capitalize()
    return f"{rng.choice(FAMILY_NAMES)} {given}"


def syllables(rng: random.Random) -> str:
    return (rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize()


def build_vocabulary(rng: random.Random, subjects: int = 20000) -> Vocabulary:
    """People, places and organisations generated from syllables (about `subjects` in all)."""
    people = sorted({person_name(rng) for _ in range(subjects // 2)})
    places = sorted({syllables(rng) + rng.choice(PLACE_ENDINGS) for _ in range(subjects // 4)})
    organisations = sorted(
        {f"{syllables(rng)} {rng.choice(ORG_KINDS)}" for _ in range(subjects // 4)}
    )
    return Vocabulary(people=people, places=places, organisations=organisations)


@dataclass
class ArticleText:
    title: str
    subheadline: str
    summary: str
    dateline: str
    blocks: list[tuple[str, object]]  # (block type, value) for the body StreamField
    topics: list[str]

    def searchable_body(self) -> str:
        """The body as Wagtail's search indexer sees it (StreamBlock.get_searchable_content)."""
        parts: list[str] = []
        for kind, value in self.blocks:
            if kind == "quote":
                value = dict(value)  # type: ignore[call-overload]
                parts.extend([value["text"], value["attribution"]])
            else:
                parts.append(str(value))
        return ", ".join(parts)


SUBJECT, TOPIC = "\x01", "\x02"  # slots in the sentence pool, filled per article
POOL_SIZE = 20_000


class Writer:
    """Writes articles and comments from a vocabulary with one seeded random generator.

    Sentences come from a pool of templates drawn once from the vocabulary; an article fills
    their slots with its subject and topics. Drawing every word afresh was most of the
    generator's time (a profile of a 3,000-article run), the pool makes it a small part.
    """

    def __init__(
        self, vocabulary: Vocabulary, rng: random.Random, pool_size: int = POOL_SIZE
    ) -> None:
        self.vocabulary = vocabulary
        self.rng = rng
        self.pool = [self._template() for _ in range(pool_size)]

    def words(self, n: int) -> list[str]:
        v = self.vocabulary
        return self.rng.choices(v.common, cum_weights=v.common_weights, k=n)

    def _template(self) -> str:
        rng = self.rng
        words = self.words(rng.randint(8, 18))
        words.insert(rng.randrange(len(words)), TOPIC)
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), SUBJECT)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def sentences(self, n: int, subject: str, topic: str) -> str:
        text = " ".join(self.rng.choices(self.pool, k=n))
        return text.replace(SUBJECT, subject).replace(TOPIC, topic)

    def sentence(self, subject: str, topics: list[str]) -> str:
        return self.sentences(1, subject, self.rng.choice(topics))

    def paragraph(self, subject: str, topics: list[str]) -> str:
        return self.sentences(self.rng.randint(2, 4), subject, self.rng.choice(topics))

    def article(self) -> ArticleText:
        rng, v = self.rng, self.vocabulary
        subject = rng.choice(v.subjects)
        topics = rng.choices(v.topics, cum_weights=v.topic_weights, k=3)
        verb = rng.choice(HEADLINE_VERBS)
        title = f"{subject} {verb} {topics[0]} {' '.join(self.words(rng.randint(2, 5)))}"
        title = title[0].upper() + title[1:]
        blocks: list[tuple[str, object]] = []
        for index in range(rng.randint(4, 7)):
            if index == 2 and rng.random() < 0.4:
                blocks.append(("heading", f"{topics[1].capitalize()} {' '.join(self.words(3))}"))
            if index == 3 and rng.random() < 0.3:
                quote = {
                    "text": self.sentence(subject, topics),
                    "attribution": rng.choice(v.people),
                }
                blocks.append(("quote", quote))
            blocks.append(("paragraph", self.paragraph(subject, topics)))
        return ArticleText(
            title=title[:250],
            subheadline=self.sentence(subject, topics)[:300],
            summary=self.sentence(subject, topics),
            dateline=rng.choice(DATELINES),
            blocks=blocks,
            topics=topics,
        )

    def comment(self) -> str:
        rng, v = self.rng, self.vocabulary
        topics = rng.choices(v.topics, cum_weights=v.topic_weights, k=1)
        text = self.sentences(rng.randint(1, 2), "", topics[0])
        return " ".join(text.split())[:240]

    def tag_names(self, n: int) -> list[str]:
        v, rng = self.vocabulary, self.rng
        return rng.choices(v.topics, cum_weights=v.topic_weights, k=n)
