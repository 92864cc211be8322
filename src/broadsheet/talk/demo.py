"""The demo's Standards Board Policy page, starter word lists and a few readers' comments."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from broadsheet.newsroom.models import HomePage
from broadsheet.newsroom.services import find_section
from broadsheet.talk import app_settings
from broadsheet.talk.models import (
    Comment,
    Commenter,
    CommentStatus,
    PolicyClause,
    PolicyPage,
)
from broadsheet.talk.services.wordlists import load_default_lists

# The policy's text by language; the demo publishes the languages the site offers.
POLICY_TITLE = {"en": "Standards Board Policy", "ko": "기준위원회 댓글 정책"}
POLICY_INTRO = (
    "<p>Broadsheet's comments are a place to discuss the news with other readers. The paper's "
    "Standards Board wrote these rules; moderators apply them, and software helps by holding "
    "comments that need a person to look at them. Every comment is at most %(max)d characters.</p>"
)
POLICY_INTRO_KO = (
    "<p>브로드시트의 댓글난은 독자들이 뉴스를 함께 이야기하는 곳입니다. 아래 규정은 본지 "
    "기준위원회가 정했으며, 모더레이터가 적용하고 소프트웨어는 사람의 검토가 필요한 댓글을 "
    "보류해 돕습니다. 댓글은 %(max)d자 이내로 쓸 수 있습니다.</p>"
)
# key, heading, text, Korean heading, Korean text
CLAUSE_TEXT = [
    (
        "respect",
        "Respect other people",
        "No abuse, slurs, threats or hate against anyone. Comments with words on the banned list "
        "are rejected automatically, however they are spelled or spaced.",
        "다른 사람을 존중합니다",
        "누구에게도 욕설, 비하, 위협, 혐오 표현을 하지 않습니다. "
        "금지어가 포함된 댓글은 철자나 띄어쓰기를 바꾸어도 자동으로 거부됩니다.",
    ),
    (
        "civility",
        "Argue with ideas, not people",
        "Insults and words on the suspect list send a comment to a moderator before it appears.",
        "사람이 아닌 생각을 비판합니다",
        "모욕적 표현이나 주의 단어가 있는 댓글은 모더레이터가 확인한 뒤 게시됩니다.",
    ),
    (
        "privacy",
        "Protect privacy",
        "Do not post phone numbers, e-mail addresses, resident registration numbers or other "
        "personal data — yours or anyone else's. Such comments are held for review.",
        "개인정보를 보호합니다",
        "전화번호, 이메일 주소, 주민등록번호 등 본인이나 타인의 개인정보를 올리지 않습니다. "
        "이런 댓글은 검토를 위해 보류됩니다.",
    ),
    (
        "links",
        "Links are checked first",
        "Comments with links wait for a moderator; links become clickable only once approved.",
        "링크는 먼저 확인합니다",
        "링크가 있는 댓글은 모더레이터의 확인을 기다리며, 승인된 뒤에만 링크를 누를 수 있습니다.",
    ),
    (
        "legibility",
        "Write to be read",
        "Comments written in capitals or with long runs of the same character are held.",
        "읽기 좋게 씁니다",
        "대문자로만 쓰거나 같은 글자를 길게 반복한 댓글은 보류됩니다.",
    ),
    (
        "spam",
        "No spam",
        "Posting the same comment again is refused. Advertising is removed.",
        "도배와 광고를 하지 않습니다",
        "같은 댓글을 다시 올리면 거부됩니다. 광고는 삭제됩니다.",
    ),
    (
        "newcomers",
        "New readers",
        "A new reader's first comment is read by a moderator before it appears.",
        "처음 쓰는 독자",
        "새 독자의 첫 댓글은 모더레이터가 읽은 뒤 게시됩니다.",
    ),
    (
        "premoderation",
        "Pre-moderated stories",
        "On some stories, and sometimes across the site, every comment is read before it appears.",
        "사전 검토 기사",
        "일부 기사나 때에 따라 사이트 전체에서 모든 댓글을 게시 전에 검토합니다.",
    ),
    (
        "community",
        "Readers' reports",
        "Any reader may report a comment. A comment reported by several readers is hidden until "
        "a moderator reviews it.",
        "독자 신고",
        "독자는 누구나 댓글을 신고할 수 있습니다. "
        "여러 독자가 신고한 댓글은 모더레이터가 검토할 때까지 숨겨집니다.",
    ),
    (
        "pace",
        "A human pace",
        "There is a limit to how many comments an account or a network address may post in a few "
        "minutes; you will be told how long to wait.",
        "적당한 속도로",
        "한 계정이나 네트워크 주소에서 몇 분 동안 올릴 수 있는 댓글 수에는 한도가 있으며, "
        "기다려야 할 "
        "시간을 알려 드립니다.",
    ),
    (
        "sanctions",
        "Suspensions and bans",
        "Moderators may suspend an account from commenting for a time or ban it. A suspended or "
        "banned reader's waiting comments are not published.",
        "이용 정지와 차단",
        "모더레이터는 계정의 댓글 작성을 일정 기간 정지하거나 차단할 수 있습니다. "
        "정지·차단된 독자의 "
        "대기 중인 댓글은 게시되지 않습니다.",
    ),
    (
        "moderators",
        "Moderators' decisions",
        "Moderators may reject a comment that breaks the spirit of these rules and will say which "
        "rule applies. Every decision is recorded.",
        "모더레이터의 결정",
        "모더레이터는 이 규정의 취지에 어긋나는 댓글을 거부할 수 있으며, 어떤 조항이 적용되는지 "
        "알려 드립니다. 모든 결정은 기록됩니다.",
    ),
]
READERS = [("demo-minji", "Minji K."), ("demo-dave", "Dave in Daegu"), ("demo-sora", "소라")]
COMMENTS = [
    (
        0,
        "Good to see the audit finally covering the housing fund. Will the hearings be "
        "streamed in English?",
        None,
    ),
    (1, "Interesting piece.\nThe committee has said this every year though.", None),
    (2, "국정감사 기간마다 같은 이야기가 반복되는 것 같아요. 이번에는 달랐으면 합니다 🙏", None),
    (1, "They said last week the hearings would be streamed with subtitles.", 0),
]


def _policy_text(language: str) -> tuple[str, str, list[tuple[str, str, str]]]:
    """Title, introduction and (key, heading, text) clauses of the demo policy in a language."""
    intro = {"en": POLICY_INTRO, "ko": POLICY_INTRO_KO}[language]
    clauses = [
        (key, heading, text) if language == "en" else (key, heading_ko, text_ko)
        for key, heading, text, heading_ko, text_ko in CLAUSE_TEXT
    ]
    return POLICY_TITLE[language], intro % {"max": app_settings.max_comment_characters()}, clauses


def _publish_policy(parent, *, language: str, slug: str, translation_of=None) -> PolicyPage:
    title, intro, clauses = _policy_text(language)
    locale, _created = Locale.objects.get_or_create(language_code=language)
    page = PolicyPage(title=title, slug=slug, intro=intro, locale=locale, show_in_menus=False)
    if translation_of is not None:
        page.translation_key = translation_of.translation_key
    for position, (key, heading, text) in enumerate(clauses):
        # sort_order fixes the order on every database (Orderable sorts by it alone).
        page.clauses.add(PolicyClause(key=key, heading=heading, text=text, sort_order=position))
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def create_policy_page(log=print) -> PolicyPage:
    """The policy in the site's language, and its translation into each other language offered.

    Translations sit beside the original under the home page (one page tree for the paper;
    docs/decisions/talk-policy-translations.md), with the original's translation key.
    """
    default = settings.LANGUAGE_CODE
    page = PolicyPage.objects.filter(locale__language_code=default).first()
    home = HomePage.objects.get(locale__language_code=default)
    if page is None:
        page = _publish_policy(home, language=default, slug="standards-board-policy")
        log("demo: Standards Board Policy published")
    for language, _name in settings.LANGUAGES:
        if (
            language not in POLICY_TITLE
            or page.get_translations(inclusive=True).filter(locale__language_code=language).exists()
        ):
            continue
        _publish_policy(
            home, language=language, slug=f"{page.slug}-{language}", translation_of=page
        )
        log(f"demo: Standards Board Policy translated ({language})")
    return page


@transaction.atomic
def load_demo_talk(log=print) -> None:
    create_policy_page(log)
    load_default_lists()  # talk/data/words; migration 0005 loaded them already on most sites
    politics = find_section("national/politics")
    article = politics.articles().first() if politics else None
    if article is None or Comment.objects.exists():
        return
    User = get_user_model()
    readers = []
    for username, name in READERS:
        user, _ = User.objects.get_or_create(username=username)
        Commenter.objects.get_or_create(
            user=user, defaults={"display_name": name, "accepted_policy_at": timezone.now()}
        )
        readers.append(user)
    created: list[Comment] = []
    start = timezone.now() - timedelta(hours=3)
    for i, (reader, text, parent) in enumerate(COMMENTS):
        created.append(
            Comment.objects.create(
                article=article,
                author=readers[reader],
                text=text,
                parent=created[parent] if parent is not None else None,
                status=CommentStatus.PUBLISHED,
                idempotency_key=f"demo-comment-{i}",
                created_at=start + timedelta(minutes=20 * i),
                decided_at=start,
            )
        )
    log(f"demo: {len(created)} comments under “{article.title}”")
