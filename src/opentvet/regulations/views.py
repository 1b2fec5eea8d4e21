"""The national authority's rules pages: every dated rule with its versions, and a revision
through ``services.rule_revise`` (audited). Thin views; others get 404 (``access``)."""

from __future__ import annotations

import json
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from opentvet.regulations.access import access_rule_by_id, require_national
from opentvet.regulations.models import LegalDocument, Rule, Verification
from opentvet.regulations.selectors import basis_text, rule_versions
from opentvet.regulations.services import rule_revise
from opentvet.web.views.common import actor_of, errors_to_form


class RuleReviseForm(forms.Form):
    value = forms.CharField(
        label=gettext_lazy("Nội dung (JSON)"), widget=forms.Textarea(attrs={"rows": 12})
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Áp dụng từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_document = forms.ModelChoiceField(
        label=gettext_lazy("Văn bản căn cứ"),
        queryset=LegalDocument.objects.all(),
        required=False,
    )
    article = forms.CharField(label=gettext_lazy("Điều, khoản"), max_length=120, required=False)
    verification = forms.ChoiceField(
        label=gettext_lazy("Mức xác minh"), choices=Verification.choices
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_value(self) -> object:
        try:
            return json.loads(self.cleaned_data["value"])
        except json.JSONDecodeError:
            raise ValidationError(_("Nội dung phải là JSON hợp lệ.")) from None


@login_required
def rule_list_view(request: HttpRequest) -> HttpResponse:
    require_national(actor_of(request))
    today = timezone.localdate()
    rows = []
    rules = Rule.objects.select_related("legal_document").order_by("key", "-valid_from")
    for key, group in groupby(rules, key=lambda r: r.key):
        versions = list(group)
        current = next(
            (
                r
                for r in versions
                if r.valid_from <= today and (r.valid_to is None or r.valid_to > today)
            ),
            None,
        )
        shown = current or versions[0]
        rows.append(
            {"key": key, "rule": shown, "current": current is not None, "count": len(versions)}
        )
    return render(request, "regulations/rule_list.html", {"rows": rows, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def rule_detail_view(request: HttpRequest, rule_id: str) -> HttpResponse:
    actor = actor_of(request)
    rule = access_rule_by_id(actor, rule_id)
    versions = rule_versions(rule.key)
    latest = versions[0]
    form = RuleReviseForm(
        request.POST or None,
        initial={
            "value": json.dumps(latest.value, ensure_ascii=False, indent=2),
            "valid_from": timezone.localdate(),
            "legal_document": latest.legal_document_id,
            "article": latest.article,
            "verification": latest.verification,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = rule_revise(
                actor=actor,
                rule=latest,
                value=data["value"],
                valid_from=data["valid_from"],
                legal_document=data["legal_document"],
                article=data["article"],
                verification=data["verification"],
                note=data["note"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi phiên bản mới của quy định."))
            return redirect("regulations:rule_detail", rule_id=new.pk)
    return render(
        request,
        "regulations/rule_detail.html",
        {
            "rule": rule,
            "versions": [
                (v, basis_text(v), json.dumps(v.value, ensure_ascii=False)) for v in versions
            ],
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
