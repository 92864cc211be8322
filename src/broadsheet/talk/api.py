"""JSON API for comments (mounted at /api/comments/ by broadsheet.api): thin over services.

Writes need the reader's session and the CSRF token (header X-CSRFToken), like the forms.
Refusals are CommentErrors that propagate to the API's one ReaderError handler
(broadsheet.api): {"code", "detail"} and the matching 4xx status; 429 adds Retry-After.
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import django_auth

from broadsheet.core.api_schemas import ErrorOut, RowId
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk import services
from broadsheet.talk.clauses import clause_label
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import Comment, ReportReason
from broadsheet.talk.presentation import client_ip, status_message

router = Router(tags=["comments"])


class CommentIn(Schema):
    text: str = Field(max_length=5000)
    parent_id: RowId | None = None
    idempotency_key: str | None = Field(None, max_length=64)


class EditIn(Schema):
    text: str = Field(max_length=5000)


class ReportIn(Schema):
    reason: ReportReason
    note: str = Field("", max_length=1000)


class CommentOut(Schema):
    id: int
    article_id: int
    parent_id: int | None
    author: str
    text: str
    status: str
    clause: str
    clause_title: str
    created_at: str
    edited: bool
    recommendations: int
    featured: bool


class ThreadCommentOut(CommentOut):
    replies: list[CommentOut]


class ThreadOut(Schema):
    total: int
    page: int
    pages: int
    sort: str
    comments: list[ThreadCommentOut]


class PostedOut(CommentOut):
    message: str = Field(description="What happens to the comment now (published, held ...)")
    html: str = Field(description="The comment as the page renders it")
    created: bool = Field(description="False when an idempotent retry found the first post")


class EditedOut(CommentOut):
    message: str


class MyCommentOut(Schema):
    id: int
    article: str
    article_url: str | None
    in_reply_to: int | None
    text: str
    status: str
    policy_clause: str
    created_at: str
    edited_at: str | None
    recommendations: int


class DeletedOut(Schema):
    deleted: bool


class RecommendedOut(Schema):
    recommended: bool
    recommendations: int


class ReportedOut(Schema):
    reported: bool
    message: str


# What the services refuse a write with (CommentError), as {"code", "detail"}: invalid or
# too long (400), not the author or suspended (403), no such comment or article (404), a
# profile or report conflict (409), too fast (429, with Retry-After).
REFUSALS: dict[int, type[Schema]] = {s: ErrorOut for s in (400, 403, 404, 409, 429)}


def _out(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "article_id": comment.article_id,
        "parent_id": comment.parent_id,
        "author": services.display_name(comment),
        "text": comment.text,
        "status": comment.status,
        "clause": comment.clause,
        "clause_title": clause_label(comment.clause),
        "created_at": comment.created_at.isoformat(),
        "edited": comment.edited_at is not None,
        "recommendations": comment.recommend_count,
        "featured": comment.is_featured,
    }


def _article(article_id: int) -> ArticlePage:
    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        raise CommentError("not_found", _("There is no such article."), status=404)
    return article


@router.get(
    "/articles/{article_id}",
    response={200: ThreadOut, 404: ErrorOut},
    summary="A page of an article's comments",
)
def list_comments(
    request: HttpRequest,
    article_id: RowId,
    sort: Literal["newest", "oldest", "recommended"] = "newest",
    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1,
):
    article = _article(article_id)
    thread = services.thread_page(article, request.user, sort=sort, page=page)
    return {
        "total": thread.total,
        "page": thread.page,
        "pages": thread.pages,
        "sort": thread.sort,
        "comments": [
            {**_out(c), "replies": [_out(r) for r in c.thread_replies]} for c in thread.comments
        ],
    }


@router.post(
    "/articles/{article_id}",
    auth=django_auth,
    response={200: PostedOut, 201: PostedOut, **REFUSALS},
    summary="Post a comment or a reply",
)
def create_comment(request: HttpRequest, article_id: RowId, payload: CommentIn):
    """Idempotent: send the same `Idempotency-Key` header (or field) when retrying."""
    key = request.headers.get("Idempotency-Key") or payload.idempotency_key or ""
    article = _article(article_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(pk=payload.parent_id, article=article).first()
        if parent is None:
            raise CommentError("parent", _("There is no such comment to reply to."), status=404)
    result = services.post_comment(
        article,
        request.user,
        payload.text,
        idempotency_key=key,
        parent=parent,
        ip=client_ip(request),
        language=get_language(),
    )
    comment = result.comment
    html = render_to_string(
        "talk/includes/comment.html",
        {
            "comment": services.single_comment(comment, request.user),
            "article": article,
            "report_reasons": ReportReason.choices,
        },
        request=request,
    )
    body = {
        **_out(comment),
        "message": status_message(comment),
        "html": html,
        "created": result.created,
    }
    return JsonResponse(body, status=201 if result.created else 200)


# Declared before the "/{comment_id}" routes: django-ninja matches paths in declaration order
# and "/{comment_id}" (PATCH/DELETE only) would otherwise take "mine" and answer 405.
@router.get(
    "/mine",
    auth=django_auth,
    response=list[MyCommentOut],
    summary="All your comments (data download)",
)
def mine(request: HttpRequest):
    return services.export_reader_comments(request.user)


@router.patch(
    "/{comment_id}",
    auth=django_auth,
    response={200: EditedOut, **REFUSALS},
    summary="Edit your comment (5 minutes)",
)
def edit_comment(request: HttpRequest, comment_id: RowId, payload: EditIn):
    comment = services.edit_comment(request.user, comment_id, payload.text, ip=client_ip(request))
    return {**_out(comment), "message": status_message(comment)}


@router.delete(
    "/{comment_id}",
    auth=django_auth,
    response={200: DeletedOut, **REFUSALS},
    summary="Delete your comment",
)
def delete_comment(request: HttpRequest, comment_id: RowId):
    services.delete_comment(request.user, comment_id)
    return {"deleted": True}


@router.post(
    "/{comment_id}/recommend",
    auth=django_auth,
    response={200: RecommendedOut, **REFUSALS},
    summary="Recommend, or take back",
)
def recommend(request: HttpRequest, comment_id: RowId):
    recommended, count = services.toggle_recommendation(
        request.user, comment_id, ip=client_ip(request)
    )
    return {"recommended": recommended, "recommendations": count}


@router.post(
    "/{comment_id}/report",
    auth=django_auth,
    response={200: ReportedOut, **REFUSALS},
    summary="Report a comment",
)
def report(request: HttpRequest, comment_id: RowId, payload: ReportIn):
    services.report_comment(
        request.user, comment_id, payload.reason.value, payload.note, ip=client_ip(request)
    )
    return {"reported": True, "message": _("Thank you. A moderator will look at the comment.")}
