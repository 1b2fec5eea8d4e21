"""Forms of the programme pages. They parse input only; rules and writes live in services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.catalogue.models import Occupation, Province, TrainingLevel
from opentvet.catalogue.options import CatalogueChoiceField
from opentvet.core.models import Organisation, OrgKind
from opentvet.programmes.models import (
    ConsultationRecord,
    DeliveryMode,
    Programme,
    ProgrammeModule,
    ProgrammeVersion,
    VersionStatus,
)
from opentvet.programmes.services import MODULE_FIELDS, VERSION_FIELDS

COUNTRIES = [
    ("", _("—")),
    ("DE", _("Đức")),
    ("AU", _("Úc")),
    ("GB", _("Anh")),
    ("KR", _("Hàn Quốc")),
    ("JP", _("Nhật Bản")),
    ("SG", _("Singapore")),
    ("MY", _("Malaysia")),
    ("FR", _("Pháp")),
]
INTERNATIONAL_CHOICES = [
    ("", _("Tất cả")),
    ("yes", _("Chuyển giao quốc tế")),
    ("no", _("Trong nước")),
]


class _NoModelValidation:
    def _post_clean(self) -> None:
        # Model validation runs in the service (audited_create/update → full_clean), not here.
        pass


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    training_level = forms.ChoiceField(label=_("Trình độ"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái phiên bản"),
        required=False,
        choices=[("", _("Tất cả")), *VersionStatus.choices],
    )
    delivery_mode = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=[("", _("Tất cả")), *DeliveryMode.choices]
    )
    international = forms.ChoiceField(
        label=_("Quốc tế"), required=False, choices=INTERNATIONAL_CHOICES
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("code", _("Mã")),
            ("name", _("Tên A-Z")),
            ("-name", _("Tên Z-A")),
            ("occupation", _("Mã ngành, nghề")),
            ("level", _("Trình độ")),
            ("-created", _("Mới tạo")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_level"].choices = [
            ("", _("Tất cả")),
            *TrainingLevel.objects.values_list("code", "name"),
        ]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    occupation = forms.CharField(
        label=_("Mã ngành, nghề (hoặc nhóm)"), required=False, max_length=7
    )
    training_level = forms.ChoiceField(label=_("Trình độ"), required=False)
    province = CatalogueChoiceField(
        label=_("Tỉnh/thành phố"),
        required=False,
        queryset=Province.objects.all(),
        empty_label=_("Tất cả tỉnh"),
    )
    delivery_mode = forms.ChoiceField(
        label=_("Hình thức"), required=False, choices=[("", _("Tất cả")), *DeliveryMode.choices]
    )
    international = forms.ChoiceField(
        label=_("Quốc tế"), required=False, choices=INTERNATIONAL_CHOICES
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("province", _("Tỉnh")),
            ("institution", _("Cơ sở")),
            ("occupation", _("Ngành, nghề")),
            ("level", _("Trình độ")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_level"].choices = [
            ("", _("Tất cả")),
            *TrainingLevel.objects.values_list("code", "name"),
        ]


class ProgrammeCreateForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=_("Ngành, nghề (cấp IV)"),
        queryset=Occupation.objects.filter(level=4, is_active=True).order_by("code"),
    )
    training_level = forms.ModelChoiceField(
        label=_("Trình độ"), queryset=TrainingLevel.objects.all(), empty_label=None
    )
    code = forms.CharField(label=_("Mã chương trình"), max_length=30)
    name = forms.CharField(
        label=_("Tên chương trình"),
        max_length=255,
        required=False,
        help_text=_("Để trống: lấy tên ngành, nghề."),
    )
    unit = forms.ModelChoiceField(
        label=_("Khoa quản lý"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, institution: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.filter(
            kind=OrgKind.UNIT, path__startswith=institution.path
        ).order_by("name")
        self.fields["occupation"].label_from_instance = lambda o: f"{o.code} {o.name}"


class ProgrammeEditForm(_NoModelValidation, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "unit", "pilot_status", "pilot_start_year", "pilot_end_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.filter(
            kind=OrgKind.UNIT, path__startswith=self.instance.institution.path
        ).order_by("name")


class VersionForm(_NoModelValidation, forms.ModelForm):
    origin_country = forms.ChoiceField(
        label=_("Nước chuyển giao"), required=False, choices=COUNTRIES
    )

    class Meta:
        model = ProgrammeVersion
        fields = VERSION_FIELDS
        widgets = {
            "effective_from": _date_widget(),
            "entry_requirements": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "partner_enterprises": forms.Textarea(attrs={"rows": 2}),
            "change_summary": forms.Textarea(attrs={"rows": 2}),
        }


class ModuleForm(_NoModelValidation, forms.ModelForm):
    class Meta:
        model = ProgrammeModule
        fields = MODULE_FIELDS


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationForm(_NoModelValidation, forms.ModelForm):
    class Meta:
        model = ConsultationRecord
        fields = ["kind", "held_on", "organisation_name", "participants", "requests", "response"]
        widgets = {
            "held_on": _date_widget(),
            "requests": forms.Textarea(attrs={"rows": 2}),
            "response": forms.Textarea(attrs={"rows": 2}),
        }


class ApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=_date_widget())
    decision_signer = forms.CharField(label=_("Người ký"), max_length=150)


class PublishForm(forms.Form):
    effective_from = forms.DateField(label=_("Áp dụng từ ngày"), widget=_date_widget())


_LINE = re.compile(r"^\s*(\d{7})\s*[,;:\s]\s*(\d+)\s*$")


class RegistrationForm(forms.Form):
    certificate_number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=60)
    issued_on = forms.DateField(label=_("Ngày cấp"), widget=_date_widget())
    issued_by = forms.CharField(label=_("Cơ quan cấp"), max_length=255)
    lines = forms.CharField(
        label=_("Ngành, nghề và quy mô/năm"),
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "6480201 120\n6340301 80"}),
        help_text=_("Mỗi dòng: mã ngành, nghề cấp IV (7 chữ số) và quy mô tuyển sinh/năm."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)

    def clean_lines(self) -> list[tuple[Occupation, int]]:
        parsed: list[tuple[str, int]] = []
        errors = []
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), 1):
            if not raw.strip():
                continue
            match = _LINE.match(raw)
            if not match:
                errors.append(
                    _("Dòng %(n)d: cần mã 7 chữ số và quy mô, ví dụ “6480201 120”.") % {"n": number}
                )
                continue
            parsed.append((match.group(1), int(match.group(2))))
        occupations = Occupation.objects.select_related("training_level").in_bulk(
            [code for code, _scale in parsed]
        )
        result = []
        for code, scale in parsed:
            occupation = occupations.get(code)
            if occupation is None or occupation.level != 4 or occupation.training_level is None:
                errors.append(_("Mã %(code)s không có trong danh mục cấp IV.") % {"code": code})
                continue
            result.append((occupation, scale))
        if errors:
            raise forms.ValidationError(errors)
        if not result:
            raise forms.ValidationError(_("Nhập ít nhất một ngành, nghề."))
        return result
