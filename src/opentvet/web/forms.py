"""Forms of the web shell. They validate input only; writes happen in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.catalogue.models import Province, Ward
from opentvet.catalogue.options import CatalogueChoiceField
from opentvet.core.models import (
    ApiToken,
    InstitutionType,
    Organisation,
    OrgKind,
    Ownership,
    Role,
    UnitKind,
)
from opentvet.core.services import ORGANISATION_PROFILE_FIELDS


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả loại")), *list(OrgKind.choices)]
    )
    province = CatalogueChoiceField(
        label=_("Tỉnh/thành phố"),
        required=False,
        queryset=Province.objects.all(),
        empty_label=_("Tất cả tỉnh"),
    )
    institution_type = forms.ChoiceField(
        label=_("Loại hình cơ sở"),
        required=False,
        choices=[("", _("Tất cả loại hình")), *list(InstitutionType.choices)],
    )
    ownership = forms.ChoiceField(
        label=_("Sở hữu"), required=False, choices=[("", _("Tất cả")), *list(Ownership.choices)]
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("name", _("Tên A-Z")),
            ("-name", _("Tên Z-A")),
            ("code", _("Mã")),
            ("province", _("Tỉnh")),
            ("type", _("Loại hình")),
        ],
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_PROFILE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["governing_body"].queryset = Organisation.objects.filter(
            kind__in=[
                OrgKind.MINISTRY,
                OrgKind.PEOPLES_COMMITTEE,
                OrgKind.PROVINCIAL_AUTHORITY,
                OrgKind.NATIONAL_AUTHORITY,
                OrgKind.INSTITUTION,
            ]
        )
        province_id = self.data.get("province") or (
            self.instance.province_id if self.instance else None
        )
        wards = Ward.objects.select_related("province")
        self.fields["ward"].queryset = (
            wards.filter(province_id=province_id) if province_id else wards.none()
        )
        if self.instance.kind != OrgKind.INSTITUTION:
            for name in ["institution_type", "ownership", "governing_body", "autonomy_group"]:
                self.fields.pop(name)
        if self.instance.kind != OrgKind.UNIT:
            self.fields.pop("unit_kind")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ward, province = data.get("ward"), data.get("province")
        if ward and province and ward.province_id != province.pk:
            self.add_error("ward", _("Xã/phường không thuộc tỉnh/thành phố đã chọn."))
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service (audited_update → full_clean), not twice here.
        pass


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa (để bạn nhận ra)"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Phạm vi"),
        choices=ApiToken.Scope.choices,
        initial=[ApiToken.Scope.READ],
        widget=forms.CheckboxSelectMultiple,
    )
    valid_days = forms.TypedChoiceField(
        label=_("Thời hạn"),
        coerce=int,
        initial=90,
        choices=[(30, _("30 ngày")), (90, _("90 ngày")), (365, _("1 năm"))],
    )


class MemberGrantForm(forms.Form):
    """Give a person a role here; the person is found by email/phone or created."""

    identifier = forms.CharField(label=_("Thư điện tử hoặc số điện thoại"), max_length=150)
    full_name = forms.CharField(
        label=_("Họ và tên (khi tạo tài khoản mới)"), max_length=150, required=False
    )
    role = forms.ModelChoiceField(label=_("Vai trò"), queryset=Role.objects.none())
    title = forms.CharField(label=_("Chức danh"), max_length=100, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [r.pk for r in Role.objects.all() if organisation.kind in r.holder_kinds]
        self.fields["role"].queryset = Role.objects.filter(pk__in=roles)


class ChildOrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"))
    code = forms.CharField(label=_("Mã"), max_length=30)
    name = forms.CharField(label=_("Tên"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=50, required=False)
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"), required=False, choices=[("", "—"), *UnitKind.choices]
    )
    institution_type = forms.ChoiceField(
        label=_("Loại hình cơ sở"), required=False, choices=[("", "—"), *InstitutionType.choices]
    )
    ownership = forms.ChoiceField(
        label=_("Loại hình sở hữu"), required=False, choices=[("", "—"), *Ownership.choices]
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if Organisation.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Mã này đã được dùng cho một tổ chức khác."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == OrgKind.INSTITUTION and not data.get("institution_type"):
            self.add_error("institution_type", _("Hãy chọn loại hình cơ sở."))
        if data.get("kind") == OrgKind.UNIT and not data.get("unit_kind"):
            self.add_error("unit_kind", _("Hãy chọn loại đơn vị."))
        return data


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        help_text=_(
            "Ít nhất 8 ký tự, không toàn chữ số, không quá giống họ tên hay địa chỉ thư, "
            "không phải mật khẩu phổ biến."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PasswordSetForm(forms.Form):
    new_password1 = PasswordChangeForm.base_fields["new_password1"]
    new_password2 = PasswordChangeForm.base_fields["new_password2"]


class PasswordResetForm(forms.Form):
    identifier = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại của tài khoản"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class SecondStepForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng xác thực"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VnDecimalInput(forms.TextInput):
    """A number box that shows ``1250,5`` (``core.numbers``) and brings up the decimal keypad."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        from opentvet.core.numbers import format_vn, to_decimal

        return format_vn(value, grouping=False) if to_decimal(value) is not None else str(value)


class VnDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way (``1250,5``, ``1.250,5``; ``7.5`` still works),
    shown back the same way: the one number field of every form."""

    widget = VnDecimalInput

    def to_python(self, value: Any) -> Any:
        from decimal import InvalidOperation

        from opentvet.core.numbers import parse_vn

        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                value = parse_vn(value)
            except InvalidOperation:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No type="number" min/max/step: the browser would refuse the decimal comma.
        return {}
