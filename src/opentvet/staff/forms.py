"""Forms of the staff pages. They validate input only; writes happen in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.core.models import Organisation
from opentvet.staff.models import (
    QUALIFICATION_LEVELS,
    ContractType,
    DevelopmentActivity,
    ProfessionalTitle,
    PromotionRound,
    Qualification,
    StaffCategory,
    StaffMember,
)
from opentvet.staff.services import STAFF_FIELDS

PERSONAL_FIELDS = ("citizen_id", "date_of_birth", "salary_coefficient")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Loại cán bộ"),
        required=False,
        choices=[("", _("Tất cả")), *StaffCategory.choices],
    )
    contract_type = forms.ChoiceField(
        label=_("Loại hợp đồng"),
        required=False,
        choices=[("", _("Tất cả")), *ContractType.choices],
    )


class StaffMemberForm(forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [f for f in STAFF_FIELDS if f != "achievements"]
        widgets = {
            "date_of_birth": DATE,
            "title_since": DATE,
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(
        self, *args: Any, institution: Organisation, personal: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.filter(
            parent=institution, kind="unit"
        ).order_by("name")
        self.fields["occupation"].queryset = self.fields["occupation"].queryset.filter(level=4)
        self.fields["title"].queryset = ProfessionalTitle.objects.all()
        if not personal:
            for name in PERSONAL_FIELDS:
                self.fields.pop(name)

    def _post_clean(self) -> None:
        # Model validation runs in the service (audited_create/update → full_clean).
        pass


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = [
            "kind",
            "rank",
            "name",
            "field",
            "issuer",
            "number",
            "issued_on",
            "expires_on",
            "evidence",
        ]
        widgets = {"issued_on": DATE, "expires_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = sorted({r for levels in QUALIFICATION_LEVELS.values() for r, _l in levels})
        self.fields["rank"] = forms.TypedChoiceField(
            label=_("Trình độ, mức"),
            coerce=int,
            choices=[(r, str(r)) for r in choices],
            help_text=_(
                "Văn bằng: 1 trung cấp … 3 đại học, 4 thạc sĩ, 5 tiến sĩ. Sư phạm: 1 sơ cấp, "
                "2 trung cấp, 3 cao đẳng. Kỹ năng nghề: bậc 1–5. Ngoại ngữ: bậc 1–6."
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, rank = data.get("kind"), data.get("rank")
        if kind and rank is not None:
            allowed = {r for r, _l in QUALIFICATION_LEVELS.get(kind, [])}
            if rank not in allowed:
                self.add_error("rank", _("Mức này không có với loại văn bằng, chứng chỉ đã chọn."))
        return data

    def _post_clean(self) -> None:
        pass


class DevelopmentForm(forms.ModelForm):
    class Meta:
        model = DevelopmentActivity
        fields = ["kind", "name", "partner", "country", "start_date", "end_date", "hours"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def _post_clean(self) -> None:
        pass


class RoundForm(forms.ModelForm):
    class Meta:
        model = PromotionRound
        fields = ["name", "method", "target_title", "reference_date"]
        widgets = {"reference_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_title"].queryset = ProfessionalTitle.objects.filter(
            promotes_from__isnull=False
        ).distinct()

    def _post_clean(self) -> None:
        pass


class ApplicationForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Nhà giáo"), queryset=StaffMember.all_objects.none())
    evidence_note = forms.CharField(
        label=_("Hồ sơ, minh chứng"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = forms.FileField(label=_("Tệp hồ sơ"), required=False)


class DecisionForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Kết quả"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Đạt — bổ nhiệm")), ("0", _("Không đạt"))],
    )
    decision = forms.CharField(label=_("Số quyết định"), max_length=120, required=False)
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), required=False, widget=DATE)
    score = forms.DecimalField(label=_("Điểm"), required=False, max_digits=5, decimal_places=2)


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2017, max_value=2100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
