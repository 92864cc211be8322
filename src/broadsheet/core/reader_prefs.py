"""The reader's display choices: colour theme, article text size and English level, in cookies.

The server reads the cookies so the first paint is right (a class on <html>, no flash) and
the page works without JavaScript (a form POSTs here). Only the known values are ever used,
so the page cache keeps at most len(THEMES) * len(TEXT_SIZES) * len(LEARNER_LEVELS) copies
of a page per language (`cache_key_part`). "system" follows the browser's
prefers-color-scheme. The learner level chooses the "Words to know" box the dictionary shows
at the top of an article ("off": none; docs/reader-features.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

THEME_COOKIE = "bs_theme"
TEXT_SIZE_COOKIE = "bs_text"
THEMES = ("system", "light", "dark")
TEXT_SIZES = ("standard", "large", "larger")
LEVEL_COOKIE = "bs_level"
LEARNER_LEVELS = ("off", "A2", "B1", "B2", "C1")


def theme(request: HttpRequest) -> str:
    value = request.COOKIES.get(THEME_COOKIE, "")
    return value if value in THEMES else THEMES[0]


def text_size(request: HttpRequest) -> str:
    value = request.COOKIES.get(TEXT_SIZE_COOKIE, "")
    return value if value in TEXT_SIZES else TEXT_SIZES[0]


def learner_level(request: HttpRequest) -> str:
    value = request.COOKIES.get(LEVEL_COOKIE, "")
    return value if value in LEARNER_LEVELS else LEARNER_LEVELS[0]


def cache_key_part(request: HttpRequest) -> str:
    """What the page cache adds to its key: a page rendered for one choice is kept apart."""
    part = f"{theme(request)}.{text_size(request)}"
    level = learner_level(request)
    return part if level == LEARNER_LEVELS[0] else f"{part}.{level}"


def context(request: HttpRequest) -> dict:
    """Template context processor: the choices and the class list for <html>."""
    chosen_theme, chosen_size = theme(request), text_size(request)
    return {
        "reader_theme": chosen_theme,
        "reader_text_size": chosen_size,
        "reader_themes": THEMES,
        "reader_text_sizes": TEXT_SIZES,
        "reader_html_class": f"bs-theme-{chosen_theme} bs-text-{chosen_size}",
    }


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


def _refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


# No CSRF token: reader pages stay cacheable (like the language link). The only effect is a
# display preference, and a cross-site Origin is refused.
@csrf_exempt
@require_POST
def choose(request: HttpRequest) -> HttpResponse:
    """Store the theme, text size and/or learner level sent by a form, then go back."""
    origin = request.headers.get("Origin")
    if origin and origin != f"{request.scheme}://{request.get_host()}":
        return _refusal("Display settings can only be changed on this site.", 403)
    chosen = {
        THEME_COOKIE: request.POST.get("theme"),
        TEXT_SIZE_COOKIE: request.POST.get("text_size"),
        LEVEL_COOKIE: request.POST.get("level"),
    }
    allowed = {THEME_COOKIE: THEMES, TEXT_SIZE_COOKIE: TEXT_SIZES, LEVEL_COOKIE: LEARNER_LEVELS}
    if all(value is None for value in chosen.values()):
        return _refusal("Choose a theme, a text size or a level.", 400)
    for name, value in chosen.items():
        if value is not None and value not in allowed[name]:
            return _refusal("That display setting does not exist.", 400)
    response = HttpResponseRedirect(_safe_next(request))
    for name, value in chosen.items():
        if value is not None:
            response.set_cookie(
                name,
                value,
                max_age=settings.READER_PREFS_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=False,  # main.mjs applies a choice at once without a reload
                samesite="Lax",
            )
    return response
