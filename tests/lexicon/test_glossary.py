"""The editorial glossary in lookups: article term > site-wide term > loaded file > dictionary."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from broadsheet.lexicon import glossary, lookups
from broadsheet.lexicon.models import GlossaryGloss, GlossaryTerm
from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.staff import create_staff_user
from tests.lexicon.django_helpers import fresh_glossary  # noqa: F401

pytestmark = pytest.mark.django_db


def term(text, explanation="", korean="", **kw):
    t = GlossaryTerm(term=text, explanation=explanation, **kw)
    if korean:
        t.glosses = [GlossaryGloss(language="ko", text=korean)]
    t.full_clean()
    t.save()
    return t


def gloss_form(*pairs):
    """The admin's inline gloss rows: gloss_form("ko", "휴전") or none."""
    data = {
        "glosses-TOTAL_FORMS": str(len(pairs) // 2),
        "glosses-INITIAL_FORMS": "0",
        "glosses-MIN_NUM_FORMS": "0",
        "glosses-MAX_NUM_FORMS": "1000",
    }
    for i in range(len(pairs) // 2):
        data.update(
            {
                f"glosses-{i}-language": pairs[2 * i],
                f"glosses-{i}-text": pairs[2 * i + 1],
                f"glosses-{i}-id": "",
                f"glosses-{i}-DELETE": "",
            }
        )
    return data


def test_adding_japanese_is_rows_only():
    """A gloss in another language needs no code: a row, and the answer lists it."""
    made = term("ceasefire", "An agreement to stop fighting.", "휴전")
    GlossaryGloss.objects.create(term=made, language="ja", text="停戦")
    entry = lookups.look_up("ceasefire").glossary
    assert entry.gloss_in("ja") == "停戦" and entry.gloss_in("ko") == "휴전"
    answer = lookups.as_dict(lookups.look_up("ceasefire"))
    assert {g["language"] for g in answer["glosses"]} == {"ko", "ja"}
    assert 'lang="ja"' in lookups.answer_html(answer)


@pytest.fixture
def other_article(article):
    return ArticlePage.objects.live().exclude(pk=article.pk).first()


def test_a_site_wide_editorial_term_wins_over_the_dictionary():
    """The demo glossary's NIS is explained by the editors, with its Korean gloss."""
    result = lookups.look_up("NIS")
    assert result.kind == "glossary"
    assert result.glossary.source == "editorial"
    assert result.glossary.gloss_in("ko")
    assert "intelligence" in result.glossary.explanation.lower()


def test_an_article_term_wins_over_the_site_wide_term(article, other_article):
    term("budget rider", "Site-wide explanation.", "부수 조항")
    term("budget rider", "This article's explanation.", "예산 부수 조항", article=article)
    assert lookups.look_up("budget rider", article_id=article.pk).glossary.explanation == (
        "This article's explanation."
    )
    assert (
        lookups.look_up("budget rider", article_id=other_article.pk).glossary.explanation
        == "Site-wide explanation."
    )
    assert lookups.look_up("budget rider").glossary.explanation == "Site-wide explanation."


def test_the_dictionary_answers_what_the_glossary_lacks():
    result = lookups.look_up("intervened", "The army intervened in the dispute.")
    assert result.kind != "glossary"
    assert result.glossary is None
    assert result.lemma == "intervene"


def test_the_glossary_entry_keeps_the_dictionary_senses_after_it():
    term("sanction", "A penalty one country puts on another.", "제재")
    result = lookups.look_up("sanctions")
    assert result.kind == "glossary"
    assert result.glossary.gloss_in("ko") == "제재"
    assert result.senses, "the dictionary's senses follow the editors' entry"


def test_acronyms_match_only_in_capitals():
    """NIS the agency; "nis" typed in lower case is not the agency."""
    assert lookups.look_up("NIS").kind == "glossary"
    lower = lookups.look_up("nis")
    assert lower is None or lower.glossary is None
    it = lookups.look_up("it")
    assert it.glossary is None, "the pronoun is not Information Technology"


def test_terms_match_across_case_hyphens_and_curly_quotes():
    term("lame-duck session", "A sitting of a parliament after an election, before the new one.")
    for text in (
        "lame-duck session",
        "Lame-duck session",
        "lame duck session",
        "lame‑duck session’s",
    ):
        assert lookups.look_up(text).glossary.term == "lame-duck session", text


def test_an_editorial_term_without_korean_borrows_it_from_a_loaded_file():
    term("ceasefire", "An agreement to stop fighting.")
    term("ceasefire", korean="휴전", source=GlossaryTerm.Source.FILE)
    entry = lookups.look_up("ceasefire").glossary
    assert entry.source == "editorial"
    assert entry.explanation == "An agreement to stop fighting."
    assert entry.gloss_in("ko") == "휴전"


def test_a_loaded_gloss_reaches_inflected_forms_through_the_lemma():
    term("intervene", korean="개입하다", source=GlossaryTerm.Source.FILE)
    result = lookups.look_up("intervened", "The army intervened.")
    assert result.glossary.gloss_in("ko") == "개입하다"
    assert result.lemma == "intervene"


def test_a_loaded_gloss_adds_korean_without_changing_the_dictionarys_answer():
    """A compound keeps its "made of" note and kind; the file only adds Korean."""
    term("policymakers", korean="정책 입안자", source=GlossaryTerm.Source.FILE)
    result = lookups.look_up("policymakers")
    assert result.kind == "derived"
    assert result.note.code == "compound"
    assert result.glossary.gloss_in("ko") == "정책 입안자"


def test_an_editorial_term_wins_over_a_loaded_one():
    term("intervene", korean="개입하다", source=GlossaryTerm.Source.FILE)
    term("intervene", "To step in.", "간섭하다")
    assert lookups.look_up("intervene").glossary.gloss_in("ko") == "간섭하다"


def test_saving_and_deleting_a_term_changes_the_next_lookup_at_once():
    lookups.look_up("Seoul")  # the glossary is now cached in this process
    made = term("Gwanghwamun", "A square and gate in central Seoul.", "광화문")
    assert lookups.look_up("Gwanghwamun").glossary.gloss_in("ko") == "광화문"
    gloss = made.glosses.get(language="ko")
    gloss.text = "광화문 광장"
    gloss.save(update_fields=["text"])
    assert lookups.look_up("Gwanghwamun").glossary.gloss_in("ko") == "광화문 광장"
    made.delete()
    found = lookups.look_up("Gwanghwamun")
    assert found is None or found.glossary is None


def test_terms_for_an_article_list_its_own_terms_first_and_no_loaded_ones(article):
    term("budget rider", "A clause attached to a budget bill.", article=article)
    term("ceasefire", korean="휴전", source=GlossaryTerm.Source.FILE)
    terms = glossary.terms_for_article(article.pk)
    assert terms[0].term == "budget rider"
    names = {t.term for t in terms}
    assert {"NIS", "Pyongyang", "in the wake of"} <= names
    assert "ceasefire" not in names


def test_a_duplicate_term_is_a_form_error_not_a_crash():
    with pytest.raises(ValidationError):
        term("nis", "Again.")  # NIS is in the demo glossary already


def test_a_term_needs_an_explanation_or_a_korean_gloss():
    with pytest.raises(ValidationError):
        term("lame duck")


def test_editors_may_manage_glossary_terms(django_user_model):
    editor, _ = create_staff_user("editor", "editor", "a-long-password-1")
    editor = django_user_model.objects.get(pk=editor.pk)
    for action in ("add", "change", "delete", "view"):
        assert editor.has_perm(f"lexicon.{action}_glossaryterm"), action


def test_an_editor_adds_a_term_in_the_admin(client, article, verified_login):
    editor, _ = create_staff_user("editor", "editor", "a-long-password-1")
    verified_login(client, editor)
    listing = client.get("/admin/snippets/lexicon/glossaryterm/", {"q": "NIS"})
    assert listing.status_code == 200
    assert "NIS" in listing.content.decode()
    url = "/admin/snippets/lexicon/glossaryterm/add/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "term": "pork-barrel",
            "kind": "term",
            "explanation": "Spending to win votes at home.",
            **gloss_form("ko", "선심성 예산"),
            "article": article.pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert (
        lookups.look_up("pork-barrel", article_id=article.pk).glossary.gloss_in("ko")
        == "선심성 예산"
    )
    again = client.post(
        url,
        {
            "term": "Pork-barrel",
            "kind": "term",
            "explanation": "x",
            **gloss_form(),
            "article": article.pk,
        },
    )
    assert again.status_code == 200, "a duplicate is refused with a form error"
    assert GlossaryTerm.objects.filter(key="pork barrel").count() == 1


def test_a_word_of_a_glossary_name_is_explained_by_the_name():
    """ "Ahn said..." names a person the glossary knows as "Ahn Ha-jin"."""
    term("Ahn Sol-mi", "A fictional trade official.", "안솔미", kind=GlossaryTerm.Kind.PERSON)
    result = lookups.look_up("Sol-mi")
    assert result.glossary.term == "Sol-mi"
    assert "Ahn Sol-mi" in result.glossary.explanation
    assert result.glossary.gloss_in("ko") == "안솔미"
    assert lookups.look_up("sol-mi") is None or lookups.look_up("sol-mi").glossary is None
