"""The newsroom's staff roles: Editors publish pages; Moderators keep the comments clean."""

from __future__ import annotations

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


@transaction.atomic
def create_staff_user(username: str, role: str, password: str):
    """A staff account in the Editors or Moderators group; an existing one is left as it is."""
    groups = ensure_staff_groups()
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(groups[EDITORS if role == "editor" else MODERATORS])
    return user, created
