"""The second step of the staff login: enrol an authenticator app, or show a code from it.

Thin views: the devices module checks codes and writes devices; the middleware sends every
unverified admin-capable session here.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from broadsheet.staffauth import devices
from broadsheet.staffauth.access import can_reach_admin
from broadsheet.staffauth.forms import AppCodeForm, RecoveryCodeForm


def _next(request: HttpRequest) -> str:
    """Where to go once verified: a local `next`, or the admin's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _refuse_unless_staff(request: HttpRequest) -> HttpResponse | None:
    """Only an admin-capable account that gave its password may use these pages."""
    if not can_reach_admin(request.user):
        return redirect_to_login(_next(request), reverse("wagtailadmin_login"))
    return None


def _check(request: HttpRequest, form_class, template: str) -> HttpResponse:
    refusal = _refuse_unless_staff(request)
    if refusal:
        return refusal
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next(request))
    if not devices.has_enrolled(user):
        return redirect(_with_next("staffauth:set_up", request))
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST":
        check = devices.check_code(user, request.POST.get("code", ""))
        if check.device is not None:
            devices.mark_verified(request, check.device)
            return redirect(_next(request))
        if check.retry_after:
            status = 429
            form.add_error(
                None,
                _("Too many wrong codes. Wait %(seconds)d seconds, then try again.")
                % {"seconds": check.retry_after},
            )
        else:
            status = 400
            form.add_error("code", _("That code is not right, or it was used already."))
    response = render(request, template, {"form": form, "next": _next(request)}, status=status)
    if status == 429:
        response["Retry-After"] = str(check.retry_after)
    return response


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app before any admin page."""
    return _check(request, AppCodeForm, "staffauth/verify.html")


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify_recovery(request: HttpRequest) -> HttpResponse:
    """The same step with a recovery code, for a staff member without their phone."""
    return _check(request, RecoveryCodeForm, "staffauth/recovery.html")


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """First login without a device: scan the code, confirm one code, see the recovery codes.

    Only an account with no confirmed app may enrol here; adding or replacing a device of an
    enrolled account needs `./run manage reset_two_factor` by an administrator.
    """
    refusal = _refuse_unless_staff(request)
    if refusal:
        return refusal
    user = request.user
    if devices.has_enrolled(user):
        return redirect(_with_next("staffauth:verify", request))
    form = AppCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device, codes = devices.confirm_app_device(user, request.POST.get("code", ""))
        if device is not None:
            devices.mark_verified(request, device)
            shown = {"codes": codes, "next": _next(request)}
            return render(request, "staffauth/recovery_codes.html", shown)
        status = 400
        form.add_error("code", _("That code is not right. Check the key and try the next code."))
    device = devices.pending_app_device(user)
    context: dict[str, object] = {
        "form": form,
        "next": _next(request),
        "qr": devices.qr_svg(device, _("QR code of your sign-in key")),
        "key": devices.key_text(device),
    }
    return render(request, "staffauth/set_up.html", context, status=status)
