"""The moderators' queue in the Wagtail admin: who may see it, and what its buttons do."""

from __future__ import annotations

import pytest

from broadsheet.talk.models import CommentStatus, ModerationAction

pytestmark = pytest.mark.django_db


def test_queue_shows_held_comments_with_the_rule(client, post, reader, moderator, verified_login):
    held = post(reader, "write to me at kim@example.com")
    verified_login(client, moderator)
    html = client.get("/admin/comments/").content.decode()
    assert f'id="comment-{held.pk}"' in html and "personal_data" in html
    assert "Protect privacy" in html


def test_readers_and_editors_cannot_open_the_queue(client, reader, db, verified_login):
    from broadsheet.newsroom.staff import create_staff_user

    client.force_login(reader)
    assert client.get("/admin/comments/").status_code in (302, 403)
    editor, _ = create_staff_user("editor-q", "editor", "pw-123456789")
    verified_login(client, editor)
    response = client.get("/admin/comments/")
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != "/admin/comments/"


def test_approve_and_reject_from_the_queue_are_logged(
    client, post, reader, moderator, verified_login
):
    one = post(reader, "see example.com")
    two = post(reader, "and example.org")
    verified_login(client, moderator)
    client.post(f"/admin/comments/{one.pk}/approve/", {"reason": "ok"})
    client.post(f"/admin/comments/{two.pk}/reject/", {"clause": "links", "reason": "ad"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == CommentStatus.PUBLISHED and two.status == CommentStatus.REJECTED
    kinds = set(ModerationAction.objects.filter(actor=moderator).values_list("kind", flat=True))
    assert {"approved", "rejected"} <= kinds
    log = client.get("/admin/comments/log/").content.decode()
    assert "Approved" in log and "Rejected" in log


def test_reader_can_not_post_to_moderation_actions(
    client, post, reader, make_reader, verified_login
):
    comment = post(reader, "see example.com")
    other = make_reader()
    other.is_staff = True
    other.save()
    verified_login(client, other)
    response = client.post(f"/admin/comments/{comment.pk}/approve/")
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_ban_from_the_queue(client, post, reader, moderator, verified_login):
    comment = post(reader, "see example.com")
    verified_login(client, moderator)
    client.post(f"/admin/comments/{comment.pk}/ban/", {"reason": "spam bot"})
    reader.commenter.refresh_from_db()
    assert reader.commenter.is_banned


def test_editors_edit_each_language_of_the_policy_in_the_admin(
    client, home, django_user_model, verified_login
):
    """Both translations of the policy open in Wagtail's editor and show in the page explorer."""
    from broadsheet.talk.models import PolicyPage

    admin = django_user_model.objects.create_superuser("policy-admin", "a@example.org", "pw")
    verified_login(client, admin)
    pages = list(PolicyPage.objects.select_related("locale"))
    assert {p.locale.language_code for p in pages} >= {"en", "ko"}
    for page in pages:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200 and page.title in response.content.decode()
    explorer = client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert all(page.title in explorer for page in pages)


@pytest.mark.parametrize(
    "query",
    [
        "comment=abc",
        "comment=1.5",
        "comment=-1",
        "comment=%EF%BC%91",  # a full-width digit one: isdigit() but not a comment number
        "comment=99999999999999999999",
        "comment=1&p=x",
        "p=-3",
        "comment=%00",
    ],
)
def test_audit_log_ignores_a_malformed_filter_never_500(
    client, post, reader, moderator, query, verified_login
):
    """A malformed ?comment= or ?p= is ignored with a note; the log still answers 200."""
    verified_login(client, moderator)
    response = client.get(f"/admin/comments/log/?{query}")
    assert response.status_code == 200


def test_audit_log_filters_by_comment(client, post, reader, moderator, verified_login):
    one = post(reader, "see example.com")
    two = post(reader, "and example.org")
    verified_login(client, moderator)
    client.post(f"/admin/comments/{one.pk}/approve/", {"reason": "first-reason"})
    client.post(f"/admin/comments/{two.pk}/approve/", {"reason": "second-reason"})
    html = client.get(f"/admin/comments/log/?comment={one.pk}").content.decode()
    assert "first-reason" in html and "second-reason" not in html
    noted = client.get("/admin/comments/log/?comment=abc").content.decode()
    assert "first-reason" in noted and "second-reason" in noted
    assert "not a comment number" in noted
