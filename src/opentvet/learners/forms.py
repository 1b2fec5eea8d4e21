"""Forms of the learners pages. They validate input only; writes happen in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.catalogue.models import Ward
from opentvet.core.models import Organisation, OrgKind, User
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import ClassGroup, Student
from opentvet.learners.models.students import PolicyGroup
from opentvet.learners.models.tracer import SalaryBand
from opentvet.learners.services import STUDENT_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên, mã, số CCCD"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *Status.choices]
    )


class StudentForm(forms.ModelForm):
    policy_groups = forms.MultipleChoiceField(
        label=_("Đối tượng chính sách"),
        choices=PolicyGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Student
        fields = [f for f in STUDENT_FIELDS if f != "disciplined"]
        widgets = {"date_of_birth": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_id = self.data.get("province") or self.instance.province_id
        wards = Ward.objects.all()
        self.fields["ward"].queryset = (
            wards.filter(province_id=province_id) if province_id else wards.none()
        )
        self.fields["citizen_id"].widget.attrs.update(inputmode="numeric", maxlength=12)

    def _post_clean(self) -> None:
        # Model validation (CCCD format, uniqueness) runs in the service, once.
        pass

    def clean_citizen_id(self) -> str:
        from opentvet.learners.models.students import validate_citizen_id

        value = (self.cleaned_data.get("citizen_id") or "").replace(" ", "")
        validate_citizen_id(value)
        return value


class ClassForm(forms.ModelForm):
    # Declared, not generated: the generated field would query the programmes app's tenant
    # manager when the module is imported, outside any scope.
    programme_version = forms.ModelChoiceField(
        label=_("chương trình đào tạo"), queryset=Organisation.objects.none()
    )
    unit = forms.ModelChoiceField(
        label=_("khoa quản lý"), queryset=Organisation.objects.none(), required=False
    )

    class Meta:
        model = ClassGroup
        fields = ["code", "name", "intake_year", "homeroom_teacher", "training_mode", "start_date"]
        widgets = {"start_date": DATE_INPUT}

    def __init__(self, *args: Any, institution: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from opentvet.programmes.models import ProgrammeVersion

        self.order_fields(["code", "name", "intake_year", "programme_version", "unit"])
        self.fields["programme_version"].queryset = ProgrammeVersion.all_objects.filter(
            institution=institution, status__in=["published", "approved"]
        ).select_related("programme")
        self.fields["unit"].queryset = Organisation.objects.filter(
            parent=institution, kind=OrgKind.UNIT
        )
        self.fields["homeroom_teacher"].queryset = User.objects.filter(
            memberships__organisation__path__startswith=institution.path,
            memberships__role_id="teacher",
            memberships__is_active=True,
        ).distinct()

    def _post_clean(self) -> None:
        pass


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Chuyển sang"),
        choices=[c for c in Status.choices if c[0] != Status.GRADUATED],
    )
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_INPUT)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class GraduationForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định công nhận tốt nghiệp"), max_length=60)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE_INPUT)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Ngày học"), widget=DATE_INPUT)
    hours = forms.IntegerField(label=_("Số giờ"), min_value=1, max_value=12, initial=4)
    online = forms.BooleanField(label=_("Học trực tuyến"), required=False)
    topic = forms.CharField(label=_("Nội dung"), max_length=255, required=False)


YES_NO = [("yes", _("Có")), ("no", _("Không"))]


class TracerAnswerForm(forms.Form):
    employed = forms.ChoiceField(
        label=_("Hiện nay bạn có việc làm không?"), choices=YES_NO, widget=forms.RadioSelect
    )
    in_field = forms.ChoiceField(
        label=_("Công việc có đúng ngành, nghề bạn đã học không?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    employer = forms.CharField(label=_("Nơi làm việc"), max_length=255, required=False)
    salary_band = forms.ChoiceField(
        label=_("Thu nhập bình quân"), choices=[("", "—"), *SalaryBand.choices], required=False
    )
    self_employed = forms.BooleanField(label=_("Tôi tự tạo việc làm"), required=False)
    started_business = forms.BooleanField(
        label=_("Tôi đã khởi nghiệp (thành lập cơ sở kinh doanh)"), required=False
    )
    further_study = forms.BooleanField(label=_("Tôi đang học tiếp"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        employed = data.get("employed") == "yes"
        if employed and not data.get("in_field"):
            self.add_error("in_field", _("Hãy cho biết công việc có đúng ngành, nghề không."))
        return data

    def answer(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["employed"] = data.get("employed") == "yes"
        data["in_field"] = {"yes": True, "no": False}.get(data.get("in_field") or "")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
