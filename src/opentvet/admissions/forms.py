"""Forms of the admissions pages. They validate input only; writes happen in services."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantProfile,
    DocumentKind,
    Quota,
    RoundKind,
    WishStatus,
)
from opentvet.admissions.services import MAX_UPLOAD_BYTES, PROFILE_FIELDS
from opentvet.catalogue.models import Province, TrainingLevel
from opentvet.catalogue.options import CatalogueChoiceField
from opentvet.programmes.models import DeliveryMode, ProgrammeVersion
from opentvet.web.forms import VnDecimalField
from opentvet.web.widgets import PlainSelect


class PortalFilterForm(forms.Form):
    q = forms.CharField(label=_("Ngành, nghề"), required=False, max_length=100)
    level = CatalogueChoiceField(
        label=_("Trình độ"),
        required=False,
        queryset=TrainingLevel.objects.all(),
        empty_label=_("Tất cả"),
        widget=PlainSelect,
    )
    province = CatalogueChoiceField(
        label=_("Tỉnh/thành phố"),
        required=False,
        queryset=Province.objects.all(),
        empty_label=_("Tất cả"),
        widget=PlainSelect,
    )
    # A text filter (name, short name or code; diacritics and case ignored), not a drop-down:
    # nationally there are ~1,900 institutions, and rendering them all on every search cost
    # 1.5 s per page (docs/benchmarks.md, "Page latency").
    institution = forms.CharField(
        label=_("Cơ sở đào tạo"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Tên hoặc mã cơ sở, không cần dấu"), "type": "search"}
        ),
    )
    delivery_mode = forms.ChoiceField(
        label=_("Hình thức"),
        required=False,
        choices=[("", _("Tất cả")), *DeliveryMode.choices],
        widget=PlainSelect,
    )
    max_tuition = forms.IntegerField(
        label=_("Học phí tối đa/năm (đồng)"), required=False, min_value=0, max_value=10**10
    )
    international = forms.BooleanField(label=_("Chương trình quốc tế"), required=False)
    open_only = forms.BooleanField(label=_("Đang tuyển sinh"), required=False)


class OtpStartForm(forms.Form):
    identifier = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
    )
    full_name = forms.CharField(
        label=_("Họ và tên (nếu đăng ký lần đầu)"), max_length=150, required=False
    )


class OtpVerifyForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã xác nhận (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Mã gồm 6 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ApplicantProfile
        fields = PROFILE_FIELDS
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def _post_clean(self) -> None:
        pass  # model validation runs in the service


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại giấy tờ"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Tệp (PDF, JPEG, PNG; tối đa 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 5 MB."))
        return upload


class ApplyForm(forms.Form):
    """Ranked wishes: wish_1 (most wanted) … wish_n; the hidden key makes the submit idempotent."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self, *args: Any, admission_round: AdmissionRound, quotas: list[Quota], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— Không chọn —"))] + [
            (str(q.pk), f"{q.programme_version.programme.name} — {q.institution.name}")
            for q in quotas
        ]
        for n in range(1, admission_round.max_wishes + 1):
            self.fields[f"wish_{n}"] = forms.ChoiceField(
                label=_("Nguyện vọng %(n)d") % {"n": n}, choices=choices, required=n == 1
            )
        if not self.is_bound:
            self.initial["idempotency_key"] = secrets.token_urlsafe(24)

    def quota_ids(self) -> list[int]:
        return [
            int(self.cleaned_data[name])
            for name in sorted(
                (f for f in self.fields if f.startswith("wish_")),
                key=lambda f: int(f.split("_")[1]),
            )
            if self.cleaned_data.get(name)
        ]


class RoundForm(forms.ModelForm):
    class Meta:
        model = AdmissionRound
        fields = [
            "name",
            "year",
            "opens_on",
            "closes_on",
            "confirm_by",
            "max_wishes",
            "score_formula",
            "how_to_apply",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "confirm_by": forms.DateInput(attrs={"type": "date"}),
        }

    def _post_clean(self) -> None:
        pass


class QuotaForm(forms.Form):
    programme_version = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=ProgrammeVersion.all_objects.none()
    )
    seats = forms.IntegerField(label=_("Chỉ tiêu"), min_value=0, max_value=100000)
    min_score = VnDecimalField(
        label=_("Điểm sàn"), required=False, min_value=0, max_value=40, decimal_places=2
    )

    def __init__(self, *args: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme_version"]
        field.queryset = versions  # type: ignore[attr-defined]
        field.label_from_instance = lambda v: (
            f"{v.programme.name} — {v.institution.short_name or v.institution.name}"
        )  # type: ignore[attr-defined]


OFFICER_ACTIONS = [
    (WishStatus.ELIGIBLE, _("Đủ điều kiện")),
    (WishStatus.MISSING_DOCUMENTS, _("Thiếu hồ sơ")),
    (WishStatus.REJECTED, _("Không đủ điều kiện")),
    (WishStatus.ADMITTED, _("Trúng tuyển (xét tuyển quanh năm)")),
    (WishStatus.ENROLLED, _("Nhập học (chuyển thành người học)")),
]


class WishActionForm(forms.Form):
    status = forms.ChoiceField(label=_("Quyết định"), choices=OFFICER_ACTIONS)
    note = forms.CharField(
        label=_("Ghi chú gửi thí sinh"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, classes: Any = None, may_admit: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_admit:
            # A joint round admits through the allocation: do not offer what will be refused.
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in OFFICER_ACTIONS if value != WishStatus.ADMITTED
            ]
        if classes is not None:
            # Enrolment of a confirmed applicant: the class to put them in.
            field = forms.ModelChoiceField(
                label=_("Lớp nhập học"),
                queryset=classes,
                required=False,
                empty_label=_("— Lớp khóa hiện tại (khi chỉ có một lớp) —"),
                help_text=_("Chỉ dùng khi chọn “Nhập học”."),
            )
            field.label_from_instance = lambda c: (  # type: ignore[method-assign]
                f"{c.code} — {c.name} (khóa {c.intake_year})"
            )
            self.fields["class_group"] = field


ROUND_KINDS = RoundKind.choices
