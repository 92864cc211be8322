"""The reader's own pages: profile, data download and account deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks

from broadsheet.accounts import services
from broadsheet.accounts.forms import DeleteAccountForm


@never_cache
@login_required
def profile(request):
    # Other apps add sections to the profile (saved words, comments): fn(request) -> html.
    sections = [
        html for fn in hooks.get_hooks("broadsheet_profile_sections") if (html := fn(request))
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "sections": sections,
            "display_name": services.display_name(request.user),
            "linked_accounts": services.linked_accounts(request.user),
        },
    )


@never_cache
@login_required
@require_GET
def download_data(request):
    data = services.export_account_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="broadsheet-my-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.delete_account(request.user, comments=form.cleaned_data["comments"])
            except services.AccountError as error:
                form.add_error(None, error.message)
            else:
                logout(request)
                messages.success(request, _("Your account has been deleted."))
                return redirect("/")
        status = 400
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)
