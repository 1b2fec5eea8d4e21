from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opentvet.core.models import Organisation, User
from opentvet.correspondence.models import Delivery, Dispatch


class DispatchForm(forms.ModelForm):
    meeting_at = forms.DateTimeField(
        label=_("Thời gian họp (giấy mời)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)

    class Meta:
        model = Dispatch
        fields = [
            "doc_type",
            "subject",
            "body",
            "signer_title",
            "signer_name",
            "meeting_at",
            "meeting_place",
            "meeting_chair",
            "invitees",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "invitees": forms.Textarea(attrs={"rows": 3}),
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"))


class SendForm(forms.Form):
    """One choice per possible recipient: not sent, for action, for information."""

    CHOICES = [
        ("", "—"),
        (Delivery.Purpose.ACTION, Delivery.Purpose.ACTION.label),
        (Delivery.Purpose.INFORMATION, Delivery.Purpose.INFORMATION.label),
    ]

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        for o in organisations:
            self.fields[f"org_{o.pk}"] = forms.ChoiceField(
                label=o.name, choices=self.CHOICES, required=False
            )

    def chosen(self) -> tuple[list[Organisation], list[Organisation]]:
        action, info = [], []
        for o in self.organisations:
            value = self.cleaned_data.get(f"org_{o.pk}")
            if value == Delivery.Purpose.ACTION:
                action.append(o)
            elif value == Delivery.Purpose.INFORMATION:
                info.append(o)
        return action, info


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Người xử lý"), queryset=User.objects.none())
    deadline = forms.DateField(
        label=_("Hạn xử lý"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    note = forms.CharField(
        label=_("Ý kiến giao xử lý"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]
        self.fields["handler"].label_from_instance = lambda u: u.full_name  # type: ignore[attr-defined]


class HandleForm(forms.Form):
    result = forms.CharField(label=_("Kết quả xử lý"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    subject = forms.CharField(label=_("Trích yếu văn bản trả lời"), max_length=500)
    body = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=150)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=150)


class ImportForm(forms.Form):
    package = forms.FileField(label=_("Gói tin edXML"))
