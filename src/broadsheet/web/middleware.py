"""Security headers on every response; a strict Content-Security-Policy on reader pages."""

from __future__ import annotations

from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def content_security_policy() -> str:
    """The reader pages' policy: no inline script or style, nothing from other origins."""
    form_action = " ".join(["'self'", *settings.CSP_FORM_ACTION_EXTRA])
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        f"form-action {form_action}",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
    ]
    if settings.HTTPS:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(ADMIN_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", self.policy)
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        return response
