"""Reader pages and the no-JavaScript forms: thin views that call talk.services."""

from __future__ import annotations

import json
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.core.errors import ReaderError
from broadsheet.newsroom import fragments
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk import app_settings, services
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import Comment, CommentStatus, PolicyPage, ReportReason
from broadsheet.talk.presentation import client_ip, status_message


def policy_page() -> PolicyPage | None:
    """The Standards Board Policy in the reader's language, else the site's, in one query."""
    wanted = get_language() or settings.LANGUAGE_CODE
    pages = (
        PolicyPage.objects.live()
        .filter(locale__language_code__in={wanted, settings.LANGUAGE_CODE})
        .order_by("path")
    )
    by_language: dict[str, PolicyPage] = {}
    for page in pages.select_related("locale"):
        by_language.setdefault(page.locale.language_code, page)
    return by_language.get(wanted) or by_language.get(settings.LANGUAGE_CODE)


# The panel's own query parameters (order and page of comments): such a panel is not shared.
PANEL_PARAMETERS = {"csort", "cpage"}


def _int(value, default: int = 1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def form_context(request, article, **extra) -> dict:
    return {
        "article": article,
        "policy": policy_page(),
        "max_chars": app_settings.max_comment_characters(),
        "max_input": app_settings.max_comment_input(),
        "idempotency_key": uuid.uuid4().hex,
        **extra,
    }


def panel_context(request, article) -> dict:
    user = request.user
    anonymous = not user.is_authenticated
    sort = request.GET.get("csort", "newest")
    thread = services.thread_page(
        article, None if anonymous else user, sort=sort, page=_int(request.GET.get("cpage"))
    )
    commenter = None if anonymous else services.commenter_for(user)
    return form_context(
        request,
        article,
        thread=thread,
        anonymous=anonymous,
        commenter=commenter,
        needs_setup=not anonymous and (commenter is None or commenter.accepted_policy_at is None),
        sorts=services.SORT_LABELS,
        report_reasons=ReportReason.choices,
        can_moderate=services.can_moderate(user),
    )


def render_panel(request, article) -> str:
    """The comments section under an article (the `broadsheet_article_panels` hook).

    For anonymous readers it holds nothing per-visitor (no CSRF token), so the page caches;
    their first page in the default order is also kept as a fragment under the article's
    fragment key (newsroom/fragments.py), which every comment that changes the page moves.
    """
    shared = not request.user.is_authenticated and not PANEL_PARAMETERS & set(request.GET)
    fragment = fragments.key(request) if shared else None
    if fragment is None:
        return render_to_string("talk/panel.html", panel_context(request, article), request=request)
    key = make_template_fragment_key("talk_panel", [article.pk, fragment])
    html = cache.get(key)
    if not isinstance(html, str):
        html = render_to_string("talk/panel.html", panel_context(request, article), request=request)
        cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - the panel's own rendered template


def render_profile_section(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    mine = (
        Comment.objects.filter(author=user)
        .exclude(status=CommentStatus.DELETED)
        .select_related("article")
        .order_by("-created_at")[:20]
    )
    return render_to_string(
        "talk/profile_section.html",
        {
            "comments": mine,
            "commenter": services.commenter_for(user),
        },
        request=request,
    )


def _article(article_id) -> ArticlePage:
    return get_object_or_404(ArticlePage.objects.live().public(), pk=_int(article_id, 0))


def refusals_as_pages(view):
    """A refusal a service raises (a ReaderError) becomes the message page with its status."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ReaderError as error:
            page = render(request, "talk/message.html", {"error": error}, status=error.status)
            return _with_headers(page, error)

    return wrapper


def _with_headers(response, error: ReaderError | None):
    """A refusal's own headers (Retry-After for a rate limit) on the page that shows it."""
    for name, value in (error.headers() if error else {}).items():
        response[name] = value
    return response


def _error_page(request, article, error: CommentError, **context):
    response = render(
        request,
        "talk/form_error.html",
        form_context(request, article, error=error, **context),
        status=error.status,
    )
    return _with_headers(response, error)


@login_required
@require_POST
def post(request, article_id):
    """The comment form without JavaScript: post, then back to the comment on the article."""
    article = _article(article_id)
    parent = None
    if request.POST.get("parent"):
        parent = (
            Comment.objects.published()
            .filter(pk=_int(request.POST["parent"], 0), article=article)
            .first()
        )
        if parent is None:
            raise Http404(_("There is no such comment to reply to."))
    text = request.POST.get("text", "")
    try:
        result = services.post_comment(
            article,
            request.user,
            text,
            idempotency_key=request.POST.get("idempotency_key", ""),
            parent=parent,
            ip=client_ip(request),
            language=get_language(),
        )
    except CommentError as error:
        return _error_page(request, article, error, text=text, parent=parent)
    messages.add_message(
        request,
        messages.SUCCESS if result.comment.status == CommentStatus.PUBLISHED else messages.INFO,
        status_message(result.comment),
    )
    return redirect(f"{article.url}#comment-{result.comment.pk}")


@login_required
@require_POST
def setup(request, article_id):
    """The reader's first comment: a display name and acceptance of the policy."""
    article = _article(article_id)
    try:
        services.set_up_commenter(
            request.user,
            request.POST.get("display_name", ""),
            accept_policy=request.POST.get("accept_policy") == "on",
            language=get_language(),
        )
    except CommentError as error:
        return _error_page(
            request, article, error, setup=True, display_name=request.POST.get("display_name", "")
        )
    messages.success(request, _("Welcome! You can now write comments."))
    return redirect(f"{article.url}#comment-form")


@login_required
@require_http_methods(["GET", "POST"])
@refusals_as_pages
def edit(request, comment_id):
    comment = services.comment_for_editing(request.user, comment_id)
    text = comment.text
    error = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            comment = services.edit_comment(request.user, comment.pk, text, ip=client_ip(request))
        except CommentError as refusal:
            error = refusal
        else:
            messages.info(request, _("Your comment is updated. ") + status_message(comment))
            return redirect(f"{comment.article.url}#comment-{comment.pk}")
    page = render(
        request,
        "talk/edit.html",
        form_context(request, comment.article, comment=comment, text=text, error=error),
        status=error.status if error else 200,
    )
    return _with_headers(page, error)


@login_required
@require_http_methods(["GET", "POST"])
@refusals_as_pages
def delete(request, comment_id):
    comment = services.comment_for_editing(request.user, comment_id, deleting=True)
    if request.method == "POST":
        services.delete_comment(request.user, comment.pk)
        messages.success(request, _("Your comment is deleted."))
        return redirect(f"{comment.article.url}#comments")
    return render(request, "talk/delete.html", {"comment": comment})


@login_required
@require_POST
@refusals_as_pages
def recommend(request, comment_id):
    recommended, _count = services.toggle_recommendation(
        request.user, comment_id, ip=client_ip(request)
    )
    comment = Comment.objects.select_related("article").get(pk=comment_id)
    messages.success(request, _("Recommended.") if recommended else _("Recommendation taken back."))
    return redirect(f"{comment.article.url}#comment-{comment.pk}")


@login_required
@require_http_methods(["GET", "POST"])
@refusals_as_pages
def report(request, comment_id):
    comment = services.visible_comment(request.user, comment_id)
    error = None
    if request.method == "POST":
        try:
            services.report_comment(
                request.user,
                comment.pk,
                request.POST.get("reason", ""),
                request.POST.get("note", ""),
                ip=client_ip(request),
            )
        except CommentError as refusal:
            error = refusal
        else:
            messages.success(request, _("Thank you. A moderator will look at the comment."))
            return redirect(f"{comment.article.url}#comment-{comment.pk}")
    page = render(
        request,
        "talk/report.html",
        {
            "comment": comment,
            "error": error,
            "report_reasons": ReportReason.choices,
        },
        status=error.status if error else 200,
    )
    return _with_headers(page, error)


@login_required
def export(request):
    """The reader's comments as a JSON download."""
    data = json.dumps(services.export_reader_comments(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="broadsheet-comments.json"'
    return response


@login_required
@require_POST
def preferences(request):
    commenter = services.commenter_for(request.user)
    if commenter is not None:
        commenter.email_on_reply = request.POST.get("email_on_reply") == "on"
        commenter.email_on_rejection = request.POST.get("email_on_rejection") == "on"
        commenter.save(update_fields=["email_on_reply", "email_on_rejection"])
        messages.success(request, _("Your e-mail preferences are saved."))
    return redirect("accounts:profile")
