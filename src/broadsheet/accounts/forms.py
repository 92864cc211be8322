"""The reader's account forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    comments = forms.ChoiceField(
        label=_("What should happen to your comments?"),
        choices=[
            ("anonymise", _("Keep them, shown as from “a deleted reader”")),
            ("remove", _("Remove them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your comments.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={
            "required": _("Tick the box to confirm that you want to delete your account."),
        },
    )
