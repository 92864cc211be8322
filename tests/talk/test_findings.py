"""Moderators see why, in their language: rule, matched term and clause (talk/findings.py)."""

from __future__ import annotations

from django.utils import translation

from broadsheet.talk.findings import RULES, describe
from broadsheet.talk.models import ModeratedWord, WordKind
from broadsheet.talk.moderation import RULES as RULE_FUNCTIONS


def test_every_rule_has_a_name():
    assert {rule.__name__ for rule in RULE_FUNCTIONS} <= set(RULES)


def test_a_finding_in_english_and_korean():
    finding = {"rule": "banned_words", "detail": "시발", "clause": "respect", "verdict": "reject"}
    with translation.override("en"):
        assert (
            describe(finding)
            == "Banned word “시발” — §1 Respect other people: no abuse, slurs or threats"
        )
    with translation.override("ko"):
        text = describe(finding)
    assert text.startswith("금지어 “시발” — §1") and "Respect" not in text
    with translation.override("ko"):
        assert describe(
            {"rule": "personal_data", "detail": "phone number", "clause": "privacy"}
        ).startswith("개인정보: 전화번호 — §3")


def test_queue_and_log_name_the_rule_the_term_and_the_clause(
    client, post, reader, moderator, verified_login
):
    ModeratedWord.objects.update_or_create(
        word="nitwit", defaults={"kind": WordKind.SUSPECT, "language": "en", "clause": "civility"}
    )
    held = post(reader, "what a n1tw1t")
    verified_login(client, moderator)
    queue = client.get("/admin/comments/").content.decode()
    assert "Suspect word “nitwit” — §2" in queue
    log = client.get(f"/admin/comments/log/?comment={held.pk}").content.decode()
    assert "Suspect word “nitwit” — §2" in log
