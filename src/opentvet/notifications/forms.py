from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.notifications.models import EmailMode


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("Nhận thông báo qua thư điện tử"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
    )
