"""Tracer pages: staff open surveys and see outcomes; graduates answer through a public link;
the institution's outcomes are public. Employment rates always come with the response rate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.tabular.export import export_xlsx, xlsx_response
from opentvet.learners import access, selectors, services
from opentvet.learners.forms import TracerAnswerForm
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import Student, TracerSurvey
from opentvet.web.views.common import actor_of, paginate, querystring_without


def _link(request: HttpRequest, raw: str) -> str:
    return request.build_absolute_uri(reverse("learners:tracer_public", args=[raw]))


@login_required
def tracer_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    surveys = selectors.tracer_list(actor=actor)
    if request.GET.get("format") == "xlsx":
        if not access.can_any(actor, "data.export"):
            raise Http404
        content = export_xlsx(
            title=_("Khảo sát việc làm"),
            columns=[
                (_("Mã người học"), "student.code"),
                (_("Họ và tên"), "student.full_name"),
                (_("Chương trình"), "programme.name"),
                (_("Đợt (tháng)"), "wave"),
                (_("Đã trả lời"), lambda s: s.responded_at is not None),
                (_("Có việc làm"), "employed"),
                (_("Đúng ngành"), "in_field"),
                (_("Nơi làm việc"), "employer"),
                (_("Thu nhập"), lambda s: s.get_salary_band_display()),
                (_("Khởi nghiệp"), "started_business"),
                (_("Học tiếp"), "further_study"),
            ],
            rows=surveys.filter(access.learner_reach_q(actor, "data.export")).iterator(
                chunk_size=2000
            ),
        )
        return xlsx_response(content, "khao-sat-viec-lam.xlsx")
    institutions = access.institutions_for(actor, "student.view")
    ids = [i.pk for i in institutions]
    by_institution = selectors.institution_outcomes(ids)
    rows = [(i, by_institution.get(i.pk)) for i in institutions if i.pk in by_institution]
    return render(
        request,
        "learners/tracer_list.html",
        {
            "page": paginate(request, surveys),
            "query": querystring_without(request, "page"),
            "institution_rows": rows,
            "programme_rows": {i.pk: selectors.programme_outcomes_of(i.pk) for i, _o in rows[:10]},
            "cohort_rows": {
                i.pk: sorted(selectors.cohort_outcomes(i.pk).items()) for i, _o in rows[:10]
            },
            "new_links": request.session.pop("tracer_links", []),
        },
    )


@login_required
@require_POST
def tracer_open_view(request: HttpRequest, class_id: str) -> HttpResponse:
    """Open surveys of one wave for the class's graduates; the links are shown once."""
    actor = actor_of(request)
    class_group = access.access_class_by_id(actor, class_id)
    if not access.can_at(actor, "graduation.manage", class_group.institution):
        raise Http404
    wave = 12 if request.POST.get("wave") == "12" else 6
    graduates = Student.all_objects.filter(class_group=class_group, status=Status.GRADUATED)
    existing = set(
        TracerSurvey.all_objects.filter(student__in=graduates, wave=wave).values_list(
            "student_id", flat=True
        )
    )
    links = []
    for student in graduates.select_related("programme_version__programme", "class_group"):
        if student.pk in existing:
            continue
        _survey, raw = services.tracer_create(actor=actor, student=student, wave=wave)
        links.append(
            {"name": student.full_name, "email": student.email, "url": _link(request, raw)}
        )
    request.session["tracer_links"] = links
    messages.success(request, _("Đã tạo %(n)d phiếu khảo sát.") % {"n": len(links)})
    return redirect("learners:tracer_list")


@login_required
@require_POST
def tracer_remind_view(request: HttpRequest, survey_id: str) -> HttpResponse:
    actor = actor_of(request)
    survey = (
        TracerSurvey.all_objects.select_related("institution", "student")
        .filter(pk=parse_id(survey_id))
        .first()
    )
    if survey is None or not access.can_at(actor, "graduation.manage", survey.institution):
        raise Http404
    try:
        raw = services.tracer_remind(actor=actor, survey=survey)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        request.session["tracer_links"] = [
            {
                "name": survey.student.full_name,
                "email": survey.student.email,
                "url": _link(request, raw),
            }
        ]
        messages.success(request, _("Đã tạo đường dẫn nhắc lại (đường dẫn cũ hết hiệu lực)."))
    return redirect("learners:tracer_list")


@login_required
@require_http_methods(["GET", "POST"])
def tracer_enter_view(request: HttpRequest, survey_id: str) -> HttpResponse:
    """Staff enter an answer gathered by phone or in person."""
    actor = actor_of(request)
    survey = (
        TracerSurvey.all_objects.select_related("institution", "student")
        .filter(pk=parse_id(survey_id))
        .first()
    )
    if survey is None or not access.can_at(actor, "graduation.manage", survey.institution):
        raise Http404
    form = TracerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tracer_answer(actor=actor, survey=survey, answer=form.answer())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã ghi nhận câu trả lời."))
            return redirect("learners:tracer_list")
    return render(
        request,
        "learners/tracer_form.html",
        {"form": form, "survey": survey, "staff": True},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def tracer_public_view(request: HttpRequest, token: str) -> HttpResponse:
    """The graduate's page: no login, a tokenised link, one answer, an expiry date."""
    survey = access.access_survey_by_token(token)
    if survey.has_response:
        return render(request, "learners/tracer_done.html", {"survey": survey, "already": True})
    if survey.expires_at < timezone.now():
        return render(
            request, "learners/tracer_done.html", {"survey": survey, "expired": True}, status=410
        )
    form = TracerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tracer_answer(survey=survey, answer=form.answer())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return render(request, "learners/tracer_done.html", {"survey": survey, "thanks": True})
    return render(
        request,
        "learners/tracer_form.html",
        {"form": form, "survey": survey, "staff": False},
        status=400 if request.method == "POST" else 200,
    )


def institution_outcomes_view(request: HttpRequest, org_id: str) -> HttpResponse:
    """Public: the institution's graduate employment by programme and cohort (aggregates only)."""
    institution = Organisation.objects.filter(pk=parse_id(org_id), kind=OrgKind.INSTITUTION).first()
    if institution is None:
        raise Http404
    waves = [
        {
            "months": wave,
            "overall": selectors.institution_outcomes([institution.pk], wave).get(institution.pk),
            "programmes": selectors.programme_outcomes_of(institution.pk, wave),
            "cohorts": sorted(selectors.cohort_outcomes(institution.pk, wave).items()),
        }
        for wave in (12, 6)
    ]
    return render(
        request, "learners/outcomes_public.html", {"institution": institution, "waves": waves}
    )
