"""Forms of the reporting pages. They validate input only; writes happen in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opentvet.core.models import Organisation, User
from opentvet.reporting.models import (
    OUTGOING_DOCUMENT_TYPES,
    Difficulty,
    DifficultyCategory,
    Document,
    DocumentLink,
    DocumentType,
    DraftingProject,
    IndicatorDefinition,
    Meeting,
    Periodicity,
    Priority,
    ReportKind,
    ReportTemplate,
    Submission,
    TemplateItem,
)
from opentvet.web.forms import VnDecimalField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def field_name(code: str) -> str:
    """A form field name for an indicator code (dots are awkward in ids and selectors)."""
    return code.replace(".", "__")


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Tên mẫu báo cáo"), max_length=255)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    periodicities = forms.MultipleChoiceField(
        label=_("Kỳ báo cáo"),
        choices=Periodicity.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một kỳ báo cáo.")},
    )
    report_kind = forms.ChoiceField(
        label=_("Loại báo cáo"),
        choices=ReportKind.choices,
        initial=ReportKind.OTHER,
        help_text=_("Báo cáo do văn bản quy định có hạn nộp theo văn bản đó."),
    )
    due_days = forms.IntegerField(
        label=_("Hạn nộp (số ngày sau cuối kỳ, chỉ cho báo cáo theo yêu cầu)"),
        min_value=0,
        max_value=90,
        initial=5,
    )
    swing_threshold = forms.IntegerField(
        label=_("Ngưỡng biến động cần giải trình (%)"), min_value=1, max_value=1000, initial=30
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TemplateItemsForm(forms.Form):
    definitions = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("report indicator", "Chỉ tiêu"),
        queryset=IndicatorDefinition.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một chỉ tiêu.")},
    )

    def __init__(self, *args: Any, template: ReportTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from opentvet.reporting.services.templates import latest_definitions

        used = set(template.items.values_list("definition__code", flat=True))
        ids = [d.pk for d in latest_definitions() if d.code not in used]
        self.fields["definitions"].queryset = IndicatorDefinition.objects.filter(
            pk__in=ids
        ).order_by("code")
        self.fields["definitions"].label_from_instance = lambda d: (
            f"{d.code} — {d.name} ({d.get_kind_display()}, v{d.version})"
        )


class DefinitionForm(forms.ModelForm):
    class Meta:
        model = IndicatorDefinition
        fields = ["code", "name", "unit", "kind", "registry_code", "aggregation", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass  # the service creates the next version; (code, version) is unique there


class PeriodOpenForm(forms.Form):
    periodicity = forms.ChoiceField(label=_("Loại kỳ"), choices=Periodicity.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Kỳ số (tháng, quý, nửa năm)"), min_value=1, max_value=12, initial=1
    )

    def __init__(self, *args: Any, template: ReportTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periodicity"].choices = [
            (v, label) for v, label in Periodicity.choices if v in template.periodicities
        ]
        self.fields["year"].initial = timezone.localdate().year


class SubmissionForm(forms.Form):
    """One number (and an explanation) per indicator, one text per narrative section."""

    def __init__(
        self, *args: Any, items: list[TemplateItem], submission: Submission, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        values = {v.code: v for v in submission.values.all()}
        self.rows = []
        for item in items:
            code = item.definition.code
            row = values.get(code)
            name = field_name(code)
            self.fields[f"v_{name}"] = VnDecimalField(
                label=item.definition.name,
                required=False,
                max_digits=18,
                decimal_places=4,
                initial=row.value if row and row.value is not None else None,
                error_messages={"invalid": _("Giá trị phải là một số, ví dụ 1250,5.")},
            )
            self.fields[f"c_{name}"] = forms.CharField(
                label=_("Giải trình"),
                required=False,
                initial=row.comment if row else "",
                widget=forms.TextInput(attrs={"placeholder": _("Giải trình (nếu cần)")}),
            )
            self.rows.append((item, row, self[f"v_{name}"], self[f"c_{name}"]))
        self.sections = []
        for section in submission.period.template.sections:
            key = section["key"]
            self.fields[f"s_{key}"] = forms.CharField(
                label=section["title"],
                required=False,
                initial=submission.narrative.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.sections.append((section, self[f"s_{key}"]))

    def values(self) -> dict[str, Any]:
        return {
            i.definition.code: self.cleaned_data.get(f"v_{field_name(i.definition.code)}")
            for i in self.items
        }

    def comments(self) -> dict[str, str]:
        return {
            i.definition.code: self.cleaned_data.get(f"c_{field_name(i.definition.code)}", "")
            for i in self.items
        }

    def narrative(self) -> dict[str, str]:
        return {key[2:]: value for key, value in self.cleaned_data.items() if key.startswith("s_")}


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DifficultyForm(forms.Form):
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=DifficultyCategory.choices)
    title = forms.CharField(label=_("Nội dung vướng mắc"), max_length=500)
    description = forms.CharField(
        label=_("Mô tả, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            from opentvet.reporting.services.steering import difficulty_authorities

            self.fields["routed_to"] = forms.ModelChoiceField(
                label=_("Gửi đến"),
                required=False,
                empty_label=_("Theo lĩnh vực (mặc định)"),
                queryset=difficulty_authorities(organisation).order_by("-depth"),
            )


class DifficultyAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.ModelChoiceField(
        label=_("Văn bản giải quyết"), required=False, queryset=Document.all_objects.none()
    )

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents


class DifficultyRouteForm(forms.Form):
    to = forms.ModelChoiceField(label=_("Chuyển đến"), queryset=Organisation.objects.none())
    note = forms.CharField(
        label=_("Ý kiến khi chuyển"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, difficulty: Difficulty, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from opentvet.reporting.services.steering import difficulty_authorities

        self.fields["to"].queryset = (
            difficulty_authorities(difficulty.organisation)
            .exclude(pk=difficulty.routed_to_id)
            .order_by("-depth")
        )


class DocumentIssueForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=OUTGOING_DOCUMENT_TYPES)
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    issuer = forms.CharField(
        label=_("Viết tắt tên cơ quan (để trống: mặc định)"), max_length=20, required=False
    )
    file = forms.FileField(label=_("Tệp văn bản"), required=False)


class DocumentIncomingForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentType.choices)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=80, help_text=_("Ví dụ: 24/CT-TTg"))
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE)
    received_on = forms.DateField(label=_("Ngày đến"), widget=DATE, required=False)
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    file = forms.FileField(label=_("Tệp văn bản"), required=False)


class DocumentLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=DocumentLink.Kind.choices)
    target = forms.ModelChoiceField(label=_("Văn bản"), queryset=Document.all_objects.none())

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = documents


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email or obj.phone or str(obj.pk)


class _DocumentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.symbol} — {obj.subject[:80]}"


class _DocumentsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.symbol} — {obj.subject[:80]}"


class _SubmissionsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.institution.name} — {obj.period.label} ({obj.get_status_display()})"


class MeetingForm(forms.Form):
    """A meeting with its invitees and links; the choices are the convener's subtree within the
    actor's reach (``reporting.selectors.meeting_invitable_*``)."""

    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    held_on = forms.DateField(label=_("Ngày họp"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    chair = forms.CharField(label=_("Chủ trì"), max_length=150, required=False)
    guests = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được mời"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invited_people = _PersonChoice(
        label=_("Người được mời"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    participants = forms.CharField(
        label=_("Thành phần khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: đoàn công tác của nhà trường, mỗi người một dòng."),
    )
    invitation = _DocumentChoice(
        label=_("Giấy mời"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Giấy mời đã vào sổ văn bản đi của đơn vị chủ trì."),
    )
    submissions = _SubmissionsChoice(
        label=_("Báo cáo được xem xét"),
        queryset=Submission.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = _DocumentsChoice(
        label=_("Văn bản liên quan"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    minutes = forms.CharField(
        label=_("Diễn biến cuộc họp (biên bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        people: Any,
        invitations: Any,
        submissions: Any,
        documents: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guests"].queryset = organisations
        self.fields["invited_people"].queryset = people
        self.fields["invitation"].queryset = invitations
        self.fields["submissions"].queryset = submissions
        self.fields["documents"].queryset = documents


class ConclusionForm(forms.Form):
    """The conclusion notice (thông báo kết luận) that closes a meeting."""

    conclusions = forms.CharField(
        label=_("Nội dung kết luận"), widget=forms.Textarea(attrs={"rows": 6})
    )
    issued_on = forms.DateField(label=_("Ngày ban hành thông báo"), widget=DATE)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    subject = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Kết luận tại <tên cuộc họp> ngày <ngày họp>”."),
    )


class DirectionForm(forms.Form):
    """One direction of the conclusion (ý kiến chỉ đạo) that becomes a task; blank rows are
    ignored."""

    owner = forms.ModelChoiceField(
        label=_("Đơn vị thực hiện"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)
    priority = forms.ChoiceField(
        label=_("Mức ưu tiên"), choices=Priority.choices, initial=Priority.NORMAL
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


DirectionFormSet = forms.formset_factory(DirectionForm, extra=3, max_num=30, absolute_max=30)


class TaskForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE)
    priority = forms.ChoiceField(
        label=_("Mức ưu tiên"), choices=Priority.choices, initial=Priority.NORMAL
    )
    key_year = forms.IntegerField(
        label=_("Nhiệm vụ trọng tâm của năm"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class TaskProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Kết quả, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Minh chứng"), required=False)


class DraftingForm(forms.ModelForm):
    class Meta:
        model = DraftingProject
        fields = ["kind", "title", "owner_unit", "due_date"]
        widgets = {"due_date": DATE}

    def _post_clean(self) -> None:
        pass


class DraftingTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Chuyển sang"), choices=DraftingProject.Status.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class BriefingForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12)
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("pdf", "PDF"), ("docx", "Word")])

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].initial = organisations.order_by("path").first()
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month
