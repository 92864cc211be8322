"""The moderators' queue: pending, reported, approved and rejected comments, actions, audit log.

Thin views over talk.services; every action is a POST that the services check and record.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from broadsheet.talk import services
from broadsheet.talk.clauses import CLAUSE_CHOICES, MODERATOR_DEFAULT_CLAUSE
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import ModerationAction

TABS = [
    ("pending", gettext_lazy("Pending")),
    ("reported", gettext_lazy("Reported")),
    ("published", gettext_lazy("Approved")),
    ("rejected", gettext_lazy("Rejected")),
]


def _moderator(request):
    if not services.can_moderate(request.user):
        raise PermissionDenied
    return request.user


def queue(request):
    _moderator(request)
    status = request.GET.get("status", "pending")
    if status not in dict(TABS) and status != "all":
        status = "pending"
    page = Paginator(services.moderation_queue(status), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "talk/admin/queue.html",
        {
            "tabs": TABS,
            "status": status,
            "page": page,
            "counts": services.queue_counts(),
            "clauses": CLAUSE_CHOICES,
            "default_clause": MODERATOR_DEFAULT_CLAUSE,
        },
    )


def audit_log(request):
    _moderator(request)
    actions = ModerationAction.objects.select_related("actor", "subject", "comment__article")
    wanted = request.GET.get("comment", "")
    comment_id = _comment_number(wanted)
    if comment_id is not None:
        actions = actions.filter(comment_id=comment_id)
    elif wanted:
        # A hand-edited or fuzzed URL: show the whole log and say why, never a 500.
        messages.warning(
            request, _("“%(value)s” is not a comment number.") % {"value": wanted[:20]}
        )
    page = Paginator(actions, 100).get_page(request.GET.get("p"))
    return render(request, "talk/admin/log.html", {"page": page, "comment_id": comment_id})


def _comment_number(value: str) -> int | None:
    """A comment id from a query string, or None: ASCII digits only, within a bigint."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


@require_POST
def act(request, comment_id: int, action: str):
    moderator = _moderator(request)
    reason = request.POST.get("reason", "").strip()[:300]
    try:
        comment = services.comment_for_moderation(moderator, comment_id)
        if action == "approve":
            services.approve_comment(moderator, comment.pk, reason)
            done = _("Comment approved.")
        elif action == "reject":
            services.reject_comment(
                moderator,
                comment.pk,
                reason,
                request.POST.get("clause") or MODERATOR_DEFAULT_CLAUSE,
            )
            done = _("Comment rejected.")
        elif action in ("feature", "unfeature"):
            services.feature_comment(moderator, comment.pk, action == "feature")
            done = _("Featured.") if action == "feature" else _("No longer featured.")
        elif action == "suspend":
            try:
                days = int(request.POST.get("days", "7"))
            except ValueError:
                days = 0
            services.suspend_reader(moderator, comment.author, days=days, reason=reason)
            done = _("Reader suspended for %(days)d days.") % {"days": days}
        elif action == "ban":
            services.ban_reader(moderator, comment.author, reason)
            done = _("Reader banned.")
        elif action == "redact":
            count = services.redact_comment(
                moderator, comment.pk, request.POST.get("passage", ""), reason
            )
            done = ngettext(
                "%(count)d occurrence redacted.", "%(count)d occurrences redacted.", count
            ) % {"count": count}
        elif action == "reinstate":
            services.reinstate_reader(moderator, comment.author, reason)
            done = _("Reader reinstated.")
        else:
            raise CommentError("action", _("Unknown action."), status=404)
    except CommentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "talk_admin:queue"
    return redirect(back)
