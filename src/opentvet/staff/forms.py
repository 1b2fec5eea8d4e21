"""Forms of the staff pages. They validate input only; writes happen in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.core.models import Organisation
from opentvet.staff.eligibility import ACHIEVEMENT_LABELS
from opentvet.staff.models import (
    QUALIFICATION_LEVELS,
    ContractType,
    Criterion,
    CriterionRequirement,
    DevelopmentActivity,
    DevelopmentPlan,
    DevelopmentPlanItem,
    EmploymentRecord,
    ProfessionalTitle,
    PromotionRound,
    Qualification,
    StaffCategory,
    StaffMember,
    Standard,
    StandardFramework,
    TeachingAssignment,
)
from opentvet.staff.services import STAFF_FIELDS
from opentvet.web.forms import VnDecimalField

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
        fields = ["name", "method", "target_title", "reference_date", "quota"]
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
    score = VnDecimalField(label=_("Điểm"), required=False, max_digits=5, decimal_places=2)


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2017, max_value=2100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


# --- employment history, teaching assignments, account -----------------------------------------


class NoModelValidation:
    """Model validation runs in the service (audited_create/update → full_clean)."""

    def _post_clean(self) -> None:
        pass


class EmploymentForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = EmploymentRecord
        fields = [
            "start_date",
            "end_date",
            "organisation_name",
            "position",
            "contract_type",
            "decision",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {"organisation_name": _("Nơi công tác, đơn vị")}


class AssignmentForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = TeachingAssignment
        fields = ["school_year", "subject", "occupation", "class_name", "hours"]
        help_texts = {
            "school_year": _("Năm bắt đầu của năm học, ví dụ 2025 cho năm học 2025–2026."),
            "hours": _("Giờ chuẩn đã quy đổi (Thông tư 07/2017/TT-BLĐTBXH)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = self.fields["occupation"].queryset.filter(level=4)


class AccountForm(forms.Form):
    """Link an existing account, or create one for the person."""

    action = forms.ChoiceField(
        label=_("Cách gắn tài khoản"),
        choices=[
            ("link", _("Gắn tài khoản có sẵn")),
            ("create", _("Tạo tài khoản mới")),
        ],
        widget=forms.RadioSelect,
        initial="link",
    )
    identifier = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại của tài khoản có sẵn"),
        max_length=254,
        required=False,
    )
    email = forms.EmailField(label=_("Thư điện tử (tài khoản mới)"), required=False)
    phone = forms.CharField(label=_("Số điện thoại (tài khoản mới)"), max_length=20, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "link" and not data.get("identifier"):
            self.add_error("identifier", _("Nhập thư điện tử hoặc số điện thoại."))
        if data.get("action") == "create" and not (data.get("email") or data.get("phone")):
            self.add_error("email", _("Cần có thư điện tử hoặc số điện thoại."))
        return data


# --- development plans -------------------------------------------------------------------------


class PlanForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["year", "target_hours_per_teacher", "target_internships", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PlanItemForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = DevelopmentPlanItem
        fields = ["kind", "name", "partner", "participants", "hours"]


# --- reference data ----------------------------------------------------------------------------


class FrameworkVersionForm(forms.Form):
    code = forms.CharField(label=_("Mã phiên bản"), max_length=40)
    name = forms.CharField(label=_("Tên bộ chuẩn"), max_length=255)
    regulation = forms.CharField(label=_("Căn cứ (văn bản sửa đổi)"), max_length=255)
    valid_from = forms.DateField(label=_("Hiệu lực từ"), widget=DATE)


class FrameworkForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = StandardFramework
        fields = ["name", "regulation", "valid_from"]
        widgets = {"valid_from": DATE}


class StandardForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["number", "name"]


class CriterionForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["number", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class RequirementForm(NoModelValidation, forms.ModelForm):
    class Meta:
        model = CriterionRequirement
        fields = ["training_level", "teaching_kind", "kind", "min_rank", "label"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, rank = data.get("kind"), data.get("min_rank")
        if kind and rank is not None and rank not in {r for r, _l in QUALIFICATION_LEVELS[kind]}:
            self.add_error("min_rank", _("Mức này không có với loại văn bằng, chứng chỉ đã chọn."))
        return data


QUALIFICATION_RULE_HELP = _(
    "Mỗi dòng một yêu cầu: loại;mức;tên yêu cầu — loại là degree (văn bằng), pedagogy "
    "(sư phạm), skill (kỹ năng nghề), language (ngoại ngữ), it (tin học). "
    "Ví dụ: degree;4;Bằng thạc sĩ trở lên"
)


class TitleForm(NoModelValidation, forms.ModelForm):
    """A title with its promotion rules as structured fields (``promotion_rules`` is built from
    them; rules the form does not know are kept as they are)."""

    years_in_rank = forms.IntegerField(
        label=_("Số năm giữ hạng dưới tối thiểu"), min_value=1, max_value=30, required=False
    )
    qualification_rules = forms.CharField(
        label=_("Văn bằng, chứng chỉ bắt buộc"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=QUALIFICATION_RULE_HELP,
    )
    standard_met = forms.BooleanField(label=_("Phải đạt chuẩn nhà giáo"), required=False)
    no_discipline = forms.BooleanField(label=_("Không trong thời gian kỷ luật"), required=False)
    achievements = forms.MultipleChoiceField(
        label=_("Thành tích (có ít nhất một)"),
        choices=list(ACHIEVEMENT_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    achievement_label = forms.CharField(
        label=_("Mô tả yêu cầu thành tích"), max_length=255, required=False
    )

    class Meta:
        model = ProfessionalTitle
        fields = [
            "code",
            "name",
            "pay_group",
            "coefficient_min",
            "coefficient_max",
            "requirements",
            "regulation",
            "valid_from",
        ]
        widgets = {"valid_from": DATE, "requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.other_rules: list[dict[str, Any]] = []
        if self.instance.pk and not self.is_bound:
            lines = []
            for rule in self.instance.promotion_rules or []:
                name = rule.get("rule")
                if name == "years_in_rank":
                    self.initial["years_in_rank"] = rule.get("years")
                elif name == "qualification":
                    lines.append(
                        f"{rule.get('kind')};{rule.get('min_rank')};{rule.get('label', '')}"
                    )
                elif name == "standard_met":
                    self.initial["standard_met"] = True
                elif name == "no_discipline":
                    self.initial["no_discipline"] = True
                elif name == "achievement":
                    self.initial["achievements"] = rule.get("any_of", [])
                    self.initial["achievement_label"] = rule.get("label", "")
            self.initial["qualification_rules"] = "\n".join(lines)
        if self.instance.pk:
            known = {
                "years_in_rank",
                "qualification",
                "standard_met",
                "no_discipline",
                "achievement",
            }
            self.other_rules = [
                r for r in self.instance.promotion_rules or [] if r.get("rule") not in known
            ]

    def clean_qualification_rules(self) -> list[dict[str, Any]]:
        rules = []
        for number, line in enumerate(
            self.cleaned_data.get("qualification_rules", "").splitlines(), 1
        ):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";", 2)]
            if len(parts) < 2 or parts[0] not in QUALIFICATION_LEVELS or not parts[1].isdigit():
                raise forms.ValidationError(
                    _("Dòng %(n)d chưa đúng dạng loại;mức;tên yêu cầu.") % {"n": number}
                )
            kind, rank = parts[0], int(parts[1])
            if rank not in {r for r, _l in QUALIFICATION_LEVELS[kind]}:
                raise forms.ValidationError(
                    _("Dòng %(n)d: mức %(r)d không có với loại này.") % {"n": number, "r": rank}
                )
            label = parts[2] if len(parts) > 2 and parts[2] else kind
            rules.append({"rule": "qualification", "kind": kind, "min_rank": rank, "label": label})
        return rules

    def promotion_rules(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        rules: list[dict[str, Any]] = []
        if data.get("years_in_rank"):
            rules.append({"rule": "years_in_rank", "years": data["years_in_rank"]})
        rules.extend(data.get("qualification_rules") or [])
        if data.get("standard_met"):
            rules.append({"rule": "standard_met"})
        if data.get("achievements"):
            rule: dict[str, Any] = {"rule": "achievement", "any_of": list(data["achievements"])}
            if data.get("achievement_label"):
                rule["label"] = data["achievement_label"]
            rules.append(rule)
        if data.get("no_discipline"):
            rules.append({"rule": "no_discipline"})
        return rules + self.other_rules

    def service_data(self) -> dict[str, Any]:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        data["promotion_rules"] = self.promotion_rules()
        return data
