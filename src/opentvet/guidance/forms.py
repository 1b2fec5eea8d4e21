"""Forms of the guidance pages (validation only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.catalogue.models import Province
from opentvet.catalogue.options import CatalogueChoiceField
from opentvet.guidance.inventory import CHOICES, ITEMS
from opentvet.guidance.models import CounsellingSession, GuidanceEvent


class InventoryForm(forms.Form):
    education_level = forms.ChoiceField(
        label=_("Bạn đã tốt nghiệp"),
        required=False,
        choices=[("", _("Chưa chọn")), ("thcs", _("THCS")), ("thpt", _("THPT"))],
    )
    province = CatalogueChoiceField(
        label=_("Tỉnh/thành phố nơi bạn muốn học"),
        required=False,
        queryset=Province.objects.all(),
        empty_label=_("Chưa chọn"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text,
                choices=CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vui lòng chọn một mức.")},
            )

    def item_fields(self) -> list[Any]:
        return [self[item.key] for item in ITEMS]


class SessionForm(forms.ModelForm):
    class Meta:
        model = CounsellingSession
        fields = ["person_name", "held_on", "topic", "notes"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self) -> None:
        pass


class EventForm(forms.ModelForm):
    class Meta:
        model = GuidanceEvent
        fields = ["title", "starts_at", "place", "capacity", "description"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def _post_clean(self) -> None:
        pass


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^\s*0\d{9}\s*$",
        error_messages={"invalid": _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")},
    )
    school = forms.CharField(label=_("Trường đang học"), max_length=150, required=False)


class InterestCodeForm(forms.Form):
    code = forms.CharField(label=_("Mã Holland"), max_length=3)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
