"""The word lists in the Wagtail admin: download as TSV/CSV, upload a file to add or update.

Thin views over talk.services.wordlists. Downloading needs the permission to view moderated
words; uploading needs the permissions to add and change them. Uploads are POSTs (Django's CSRF
check applies), bounded by TALK_WORD_LIST_MAX_BYTES, and every refused line is listed with its
number while the others are imported.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from broadsheet.talk import app_settings
from broadsheet.talk.errors import CommentError
from broadsheet.talk.services import wordlists

CONTENT_TYPES = {"tsv": "text/tab-separated-values", "csv": "text/csv"}


def _require(request, *perms: str) -> None:
    if not request.user.is_authenticated or not all(
        request.user.has_perm(f"talk.{p}") for p in perms
    ):
        raise PermissionDenied


def word_lists(request):
    """GET: the page with the download links and the upload form; POST: an upload."""
    _require(request, "view_moderatedword")
    result = None
    status = 200
    if request.method == "POST":
        _require(request, "add_moderatedword", "change_moderatedword")
        try:
            result = _upload(request)
        except CommentError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(
                request,
                _("Imported: %(added)d added, %(updated)d updated, %(bad)d lines refused.")
                % {"added": result.added, "updated": result.updated, "bad": len(result.errors)},
            )
    return render(
        request,
        "talk/admin/words.html",
        {
            "result": result,
            "formats": wordlists.FORMATS,
            "max_kb": app_settings.max_word_list_bytes() // 1024,
        },
        status=status,
    )


def _upload(request) -> wordlists.ImportResult:
    upload = request.FILES.get("file")
    if upload is None:
        raise CommentError("file", _("Choose a TSV or CSV file to upload."))
    limit = app_settings.max_word_list_bytes()
    if upload.size is None or upload.size > limit:
        raise CommentError(
            "too_large",
            _("A word list file may be at most %(kb)d KB.") % {"kb": limit // 1024},
            status=413,
        )
    fmt = request.POST.get("format") or ("csv" if upload.name.lower().endswith(".csv") else "tsv")
    text = wordlists.decode_upload(upload.read(limit + 1))
    return wordlists.import_lists(text, fmt)


def download(request, fmt: str):
    _require(request, "view_moderatedword")
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(
        wordlists.export_lists(fmt), content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="word-lists.{fmt}"'
    return response
