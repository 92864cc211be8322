"""The newsroom's staff roles: Editors publish pages; Moderators keep the comments clean."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

EDITORS = "Editors"
MODERATORS = "Moderators"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_MODEL_PERMISSIONS = [
    ("newsroom", "add_author"),
    ("newsroom", "change_author"),
    ("newsroom", "view_author"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_staff_groups() -> dict[str, Group]:
    """Create or repair the Editors and Moderators groups; safe to run again."""
    admin_access = _permission("wagtailadmin", "access_admin")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    editors.permissions.add(admin_access)
    moderators.permissions.add(admin_access)
    root = Page.get_first_root_node()
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=_permission("wagtailcore", codename)
        )
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        permission = _permission(app_label, codename)
        if app_label == "wagtailimages":
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=Collection.get_first_root_node(), permission=permission
            )
        else:
            editors.permissions.add(permission)
    # Other apps name what their roles need: fn() -> [(group name, app_label, codename)].
    for fn in hooks.get_hooks("broadsheet_staff_permissions"):
        for group_name, app_label, codename in fn():
            group = editors if group_name == EDITORS else moderators
            group.permissions.add(_permission(app_label, codename))
    # Wagtail's own first migration makes page-publishing "Moderators"; ours moderate comments.
    GroupPagePermission.objects.filter(group=moderators).delete()
    return {EDITORS: editors, MODERATORS: moderators}


class StaffAccountRefused(Exception):
    """create_staff would hand staff rights to an account that was not made for them."""


@transaction.atomic
def create_staff_user(username: str, role: str, password: str, *, promote_existing: bool = False):
    """A staff account in the Editors or Moderators group.

    A new account gets the password. An existing staff account is only added to the group.
    An existing reader account (anyone may register a username first) is refused unless
    promote_existing is given; an account linked to a social login is always refused,
    since whoever controls that social account would become staff.
    """
    groups = ensure_staff_groups()
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=username).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(username=username, password=password, is_staff=True)
    else:
        if SocialAccount.objects.filter(user=user).exists():
            raise StaffAccountRefused(
                f"{username!r} is linked to a social login and is never made staff; "
                "create a staff account under another username"
            )
        if not user.is_staff:
            if not promote_existing:
                raise StaffAccountRefused(
                    f"{username!r} is an existing reader account, not staff; "
                    "pass --promote-existing to make it staff, or choose another username"
                )
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    user.groups.add(groups[EDITORS if role == "editor" else MODERATORS])
    return user, created
