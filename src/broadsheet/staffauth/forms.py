"""The one-field forms of the second step: a code from the app, or a recovery code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from broadsheet.staffauth.devices import MAX_CODE_LENGTH


class CodeForm(forms.Form):
    """A form whose code field, once refused, says so to assistive technology too."""

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        if field == "code":
            attrs = self.fields["code"].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = "code-help code-error"


class AppCodeForm(CodeForm):
    """Six digits from the authenticator app (spaces are allowed and ignored)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=MAX_CODE_LENGTH,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 10,
                "aria-describedby": "code-help",
            }
        ),
    )


class RecoveryCodeForm(CodeForm):
    """One of the recovery codes shown at enrolment (each works once)."""

    code = forms.CharField(
        label=_("Recovery code"),
        max_length=MAX_CODE_LENGTH + 4,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 16,
                "aria-describedby": "code-help",
            }
        ),
    )
