"""The reader's profile page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from wagtail import hooks


@login_required
def profile(request):
    # Other apps add sections to the profile (saved words, comments): fn(request) -> html.
    sections = [html for fn in hooks.get_hooks("broadsheet_profile_sections")
                if (html := fn(request))]
    return render(request, "accounts/profile.html", {"sections": sections})
