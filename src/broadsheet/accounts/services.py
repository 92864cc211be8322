"""The reader's own data: what we hold about them, its download, and deleting the account.

What other apps hold about a reader (comments, saved words...) is reached only through the
reader-data hooks (docs/ARCHITECTURE.md); accounts imports none of those apps.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import (
    ImproperlyConfigured,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
)
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from broadsheet.core.errors import ReaderError

CommentsChoice = Literal["anonymise", "remove"]
COMMENT_CHOICES: tuple[CommentsChoice, ...] = ("anonymise", "remove")


class AccountError(ReaderError):
    """A request about an account that cannot be carried out; the message is for the reader."""


def display_name(user) -> str:
    """The name the reader is shown by: one an app gave them (their commenter name), else
    what the provider gave (broadsheet_reader_display_name hooks)."""
    for fn in hooks.get_hooks("broadsheet_reader_display_name"):
        name = fn(user)
        if name:
            return name
    return user.get_full_name() or user.get_username()


def reader_data(user) -> dict[str, Any]:
    """What each app holds about the reader, merged (broadsheet_reader_data hooks)."""
    data: dict[str, Any] = {}
    for fn in hooks.get_hooks("broadsheet_reader_data"):
        data.update(fn(user))
    return data


def _provider_name(account) -> str:
    try:
        return account.get_provider().name
    except (ObjectDoesNotExist, MultipleObjectsReturned, ImproperlyConfigured):
        # The operator has since removed or duplicated the provider's configuration.
        return account.provider.replace("_", " ").title()


def linked_accounts(user) -> list[dict[str, Any]]:
    """The reader's social accounts: provider name, the provider's id for them, dates."""
    rows = []
    for account in user.socialaccount_set.order_by("date_joined", "pk"):
        rows.append(
            {
                "provider": account.provider,
                "provider_name": _provider_name(account),
                "uid": account.uid,
                "linked_at": account.date_joined,
                "last_login": account.last_login,
                "received": account.extra_data,
            }
        )
    return rows


def export_account_data(user) -> dict[str, Any]:
    """Everything the paper holds about a reader, as JSON-ready data for "Download my data"."""
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "display_name": display_name(user),
            "name": user.get_full_name(),
            "email": user.email or None,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "social_accounts": [
            {
                **row,
                "linked_at": row["linked_at"].isoformat(),
                "last_login": row["last_login"].isoformat() if row["last_login"] else None,
            }
            for row in linked_accounts(user)
        ],
        **reader_data(user),
    }


def delete_account(user, *, comments: CommentsChoice) -> None:
    """Delete a reader's account; their comments stay as from a deleted reader or are removed.

    Staff accounts are refused: an administrator removes those in the Wagtail admin, so the
    newsroom's records keep their authors.
    """
    if comments not in COMMENT_CHOICES:
        raise AccountError("comments", _("Choose what happens to your comments."))
    if user.is_staff or user.is_superuser:
        raise AccountError(
            "staff", _("Staff accounts are removed by an administrator, not here."), status=403
        )
    with transaction.atomic():
        # Each app lets go of the reader's data first (broadsheet_erase_reader_data hooks).
        for fn in hooks.get_hooks("broadsheet_erase_reader_data"):
            fn(user, comments)
        # Social accounts, e-mail addresses and the commenter profile go with the user.
        user.delete()
