"""Rendering a comment's plain text: everything escaped, line breaks kept, links inert until
a moderator approves them."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from broadsheet.talk import services
from broadsheet.talk.clauses import clause_label
from broadsheet.talk.findings import describe, rule_label
from broadsheet.talk.models import MAX_DISPLAY_NAME, MAX_REPORT_NOTE
from broadsheet.talk.moderation import find_links

register = template.Library()


def render_comment_text(text: str, links_clickable: bool) -> SafeString:
    pieces: list[str] = []
    rest = text
    if links_clickable:
        for link in find_links(text):
            before, found, rest = rest.partition(link)
            if not found:
                continue
            href = link if link.lower().startswith(("http://", "https://")) else f"https://{link}"
            if " " in link or "(dot)" in link or "[dot]" in link:
                pieces += [escape(before), escape(link)]
                continue
            pieces += [
                escape(before),
                f'<a href="{escape(href)}" rel="nofollow ugc noopener" '
                f'class="bs-comment__link">{escape(link)}</a>',
            ]
    pieces.append(escape(rest))
    return mark_safe("".join(pieces).replace("\n", "<br>\n"))  # noqa: S308 - every piece escaped


@register.filter
def comment_text(comment) -> SafeString:
    return render_comment_text(comment.text, comment.links_approved)


@register.filter
def comment_author(comment) -> str:
    return services.display_name(comment)


@register.filter
def clause_title(key: str) -> str:
    return clause_label(key)


@register.simple_tag
def report_note_max() -> int:
    return MAX_REPORT_NOTE


@register.simple_tag
def display_name_max() -> int:
    return MAX_DISPLAY_NAME


@register.filter
def finding_text(finding: dict) -> str:
    """A finding (rule, matched term, clause) in the active language (talk/findings.py)."""
    return describe(finding) if isinstance(finding, dict) else ""


@register.filter
def rule_name(rule: str) -> str:
    return rule_label(rule)
