"""ARPAbet (CMU Pronouncing Dictionary) to IPA, General American.

Stress marks go before the syllable: the consonants before a stressed vowel are split so
that the longest legal English onset (maximal onset) starts the stressed syllable.
"""

from __future__ import annotations

from broadsheet.lexicon.engine.index import Lexicon
from broadsheet.lexicon.engine.results import Pronunciation

VOWELS = {
    "AA": "ɑ", "AE": "æ", "AH": "ʌ", "AO": "ɔ", "AW": "aʊ", "AY": "aɪ", "EH": "ɛ", "ER": "ɝ",
    "EY": "eɪ", "IH": "ɪ", "IY": "i", "OW": "oʊ", "OY": "ɔɪ", "UH": "ʊ", "UW": "u",
}  # fmt: skip
UNSTRESSED = {"AH": "ə", "ER": "ɚ"}
CONSONANTS = {
    "B": "b", "CH": "tʃ", "D": "d", "DH": "ð", "F": "f", "G": "ɡ", "HH": "h", "JH": "dʒ",
    "K": "k", "L": "l", "M": "m", "N": "n", "NG": "ŋ", "P": "p", "R": "ɹ", "S": "s", "SH": "ʃ",
    "T": "t", "TH": "θ", "V": "v", "W": "w", "Y": "j", "Z": "z", "ZH": "ʒ",
}  # fmt: skip
ONSETS = {
    tuple(o.split())
    for o in (  # noqa: SIM905
        "P R|T R|K R|B R|D R|G R|F R|TH R|SH R|P L|K L|B L|G L|F L|S L|S P|S T|S K|S M|S N|"
        "S W|T W|K W|D W|G W|TH W|S P R|S T R|S K R|S P L|S K W|P Y|B Y|F Y|K Y|M Y|HH Y|V Y|"
        "S K Y"
    ).split("|")
}


def to_ipa(arpabet: str) -> str:
    phones = arpabet.split()
    out: list[str] = []
    pending: list[str] = []  # consonants since the last vowel
    for ph in phones:
        base, stress = (ph[:-1], ph[-1]) if ph[-1].isdigit() else (ph, "")
        if base in VOWELS:
            split = 0 if not out else len(pending)  # word-initial consonants all in onset
            if out:
                # maximal onset: keep the longest legal cluster before the vowel
                split = len(pending)
                for k in range(len(pending), -1, -1):
                    tail = tuple(pending[len(pending) - k :])
                    if k <= 1 or tail in ONSETS:
                        split = len(pending) - k
                        break
            coda = pending[:split]
            onset = pending[split:]
            out.extend(CONSONANTS[c] for c in coda)
            mark = {"1": "ˈ", "2": "ˌ"}.get(stress, "")
            unstressed = stress == "0" and base in UNSTRESSED
            vowel = UNSTRESSED[base] if unstressed else VOWELS[base]
            out.append(mark + "".join(CONSONANTS[c] for c in onset) + vowel)
            pending = []
        elif base in CONSONANTS:
            pending.append(base)
    out.extend(CONSONANTS[c] for c in pending)
    ipa = "".join(out)
    if ipa.startswith("ˈ") and sum(1 for ph in phones if ph.rstrip("012") in VOWELS) == 1:
        ipa = ipa[1:]  # one-syllable words: no stress mark needed
    return f"/{ipa}/"


def pronunciations(lex: Lexicon, words: list[str]) -> tuple[Pronunciation, ...]:
    """CMUdict pronunciations of words (at most two variants each; a multi-word name gets
    the first variant of each of its words)."""
    out: list[Pronunciation] = []
    seen = set()
    for word in words:
        parts = word.replace("_", " ").replace("-", " ").split()
        if not parts:
            continue
        variants = [lex.pronunciations(p) for p in parts]
        if not all(variants):
            continue
        if len(parts) == 1:
            for arpa in variants[0][:2]:
                if (word, arpa) not in seen:
                    seen.add((word, arpa))
                    out.append(Pronunciation(word.replace("_", " "), arpa, to_ipa(arpa)))
        else:
            firsts = [v[0] for v in variants]
            arpa = " ".join(firsts)
            ipa = "/" + " ".join(to_ipa(a).strip("/") for a in firsts) + "/"
            if (word, arpa) not in seen:
                seen.add((word, arpa))
                out.append(Pronunciation(word.replace("_", " "), arpa, ipa))
    return tuple(out)
