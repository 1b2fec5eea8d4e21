"""Learners pages: students, classes, grade sheets, graduation, register, imports. Thin views:
objects through ``access``, reads through ``selectors``, writes through ``services``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import parse_id
from opentvet.core.dbrouter import heavy_for_authorities
from opentvet.core.tabular.export import export_xlsx, xlsx_response
from opentvet.core.tabular.importer import get_import
from opentvet.core.tabular.jobs import import_job_start
from opentvet.core.tabular.templates import template_xlsx
from opentvet.learners import access, selectors, services
from opentvet.learners.documents import (
    diploma_docx,
    diplomas_pdf,
    transcript_docx,
    transcripts_pdf,
)
from opentvet.learners.forms import (
    ClassForm,
    GraduationForm,
    ImportForm,
    SessionForm,
    StatusForm,
    StudentFilterForm,
    StudentForm,
)
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import (
    AttendanceStatus,
    ModuleOffering,
    ModuleResult,
    StatusChange,
    Student,
    StudentCertificate,
)
from opentvet.learners.rules import RulesCache
from opentvet.learners.views_grading import graduation_exam_form
from opentvet.web.views.common import (
    actor_of,
    errors_to_form,
    paginate,
    paginate_large,
    querystring_without,
)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMPORT_KINDS = {"nguoi-hoc": "learners_students", "ket-qua": "learners_results"}


def _file(content: bytes, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _student_columns() -> list[tuple[Any, Any]]:
    return [
        (_("Mã người học"), "code"),
        (_("Họ và tên"), "full_name"),
        (_("Ngày sinh"), "date_of_birth"),
        (_("Giới tính"), lambda s: s.get_gender_display()),
        (_("Dân tộc"), "ethnicity"),
        (_("Số CCCD"), "citizen_id"),
        (_("Lớp"), lambda s: s.class_group.code if s.class_group else ""),
        (_("Trạng thái"), lambda s: s.get_status_display()),
        (_("Điện thoại"), "phone"),
        (_("Email"), "email"),
        (_("Cơ sở"), "institution.name"),
    ]


# --- students --------------------------------------------------------------------------------


@login_required
@heavy_for_authorities
def student_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = StudentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.StudentFilters(q=data.get("q") or "", status=data.get("status") or "")
    students = selectors.student_list(actor=actor, filters=filters)
    # Name words match whole words; when nothing does, the last word may be half typed
    # ("nguyen van hu"): then look inside the names and say the matches are approximate.
    inside = selectors.student_list(
        actor=actor, filters=dataclasses.replace(filters, whole_words=False)
    )
    if request.GET.get("format") == "xlsx":
        if not access.can_any(actor, "data.export"):
            raise Http404
        if filters.q and not students.exists():
            students = inside
        content = export_xlsx(
            title=_("Người học"),
            columns=_student_columns(),
            rows=students.filter(access.learner_reach_q(actor, "data.export")).iterator(
                chunk_size=2000
            ),
        )
        return xlsx_response(content, "nguoi-hoc.xlsx")
    rows = selectors.student_rows(actor=actor)
    page = paginate_large(request, students, rows=rows)
    approximate = bool(filters.q) and page.paginator.count == 0
    if approximate:
        page = paginate_large(request, inside, rows=rows)
    context = {
        "form": form,
        "page": page,
        "approximate": approximate,
        "query": querystring_without(request, "page"),
        "institutions": access.institutions_for(actor, "student.change"),
    }
    template = (
        "learners/partials/student_rows.html" if request.htmx else "learners/student_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def student_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access.access_institution(actor, org_id, "student.change")
    form = StudentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            student = services.student_create(
                actor=actor, institution=institution, data=form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã thêm hồ sơ người học."))
            return redirect("learners:student_detail", student_id=student.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "learners/student_form.html",
        {"form": form, "institution": institution},
        status=status,
    )


@login_required
def student_detail_view(request: HttpRequest, student_id: str) -> HttpResponse:
    actor = actor_of(request)
    student = access.access_student_by_id(actor, student_id)
    can_change = access.can_at(actor, "student.change", student.institution)
    (transcript,) = selectors.transcripts([student])
    eligibility = (
        selectors.graduation_eligibility(student)
        if student.status == Status.STUDYING and student.programme_version_id
        else None
    )
    return render(
        request,
        "learners/student_detail.html",
        {
            "student": student,
            "transcript": transcript,
            "eligibility": eligibility,
            "history": StatusChange.all_objects.filter(student=student),
            "certificates": StudentCertificate.all_objects.filter(student=student),
            "can_change": can_change,
            "class_link": student.class_group_id is not None
            and access.can_open_class(actor, student.class_group),
            "list_link": access.can_any(actor, "student.view"),
            "status_form": StatusForm() if can_change else None,
            "diploma": getattr(student, "diploma", None) if hasattr(student, "diploma") else None,
            "exam_form": graduation_exam_form(actor, student),
        },
    )


@login_required
@require_POST
def student_status_view(request: HttpRequest, student_id: str) -> HttpResponse:
    actor = actor_of(request)
    student = access.access_student_by_id(actor, student_id, for_write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.student_change_status(actor=actor, student=student, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã cập nhật trạng thái người học."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("learners:student_detail", student_id=student.pk)


@login_required
def student_transcript_view(request: HttpRequest, student_id: str, fmt: str) -> HttpResponse:
    actor = actor_of(request)
    student = access.access_student_by_id(actor, student_id)
    (transcript,) = selectors.transcripts([student])
    today = timezone.localdate()
    if fmt == "docx":
        content = transcript_docx(transcript, student.institution, today)
        return _file(content, DOCX, f"bang-diem-{student.code}.docx")
    content = transcripts_pdf([transcript], student.institution, today)
    return _file(content, PDF, f"bang-diem-{student.code}.pdf", inline=True)


@login_required
def my_record_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    student = (
        Student.all_objects.filter(user=actor.user)
        .filter(access.learner_reach_q(actor, "student.self"))
        .first()
    )
    if student is None:
        raise Http404
    return redirect("learners:student_detail", student_id=student.pk)


# --- classes ---------------------------------------------------------------------------------


@login_required
def class_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    classes = selectors.class_list(actor=actor, q=request.GET.get("q", "")[:100])
    if request.GET.get("format") == "xlsx":
        if not access.can_any(actor, "data.export"):
            raise Http404
        content = export_xlsx(
            title=_("Lớp học"),
            columns=[
                (_("Mã lớp"), "code"),
                (_("Tên lớp"), "name"),
                (_("Khóa"), "intake_year"),
                (_("Chương trình"), lambda c: str(c.programme_version)),
                (
                    _("Giáo viên chủ nhiệm"),
                    lambda c: c.homeroom_teacher.full_name if c.homeroom_teacher else "",
                ),
                (_("Sĩ số"), "n_students"),
                (_("Cơ sở"), "institution.name"),
            ],
            rows=classes.filter(access.learner_reach_q(actor, "data.export")),
        )
        return xlsx_response(content, "lop-hoc.xlsx")
    return render(
        request,
        "learners/class_list.html",
        {
            "page": paginate(request, classes),
            "query": querystring_without(request, "page"),
            "institutions": access.institutions_for(actor, "student.change"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access.access_institution(actor, org_id, "student.change")
    form = ClassForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            class_group = services.class_create(
                actor=actor, institution=institution, data=form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã mở lớp %(code)s.") % {"code": class_group.code})
            return redirect("learners:class_detail", class_id=class_group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "learners/class_form.html",
        {"form": form, "institution": institution},
        status=status,
    )


@login_required
def class_detail_view(request: HttpRequest, class_id: str) -> HttpResponse:
    actor = actor_of(request)
    class_group = access.access_class_by_id(actor, class_id)
    institution = class_group.institution
    can_change = access.can_at(actor, "student.change", institution)
    can_manage = access.can_at(actor, "results.manage", institution)
    can_graduate = access.can_at(actor, "graduation.manage", institution)
    students = list(selectors.class_students(class_group))
    if request.GET.get("format") == "xlsx" and access.can_at(actor, "data.export", institution):
        content = export_xlsx(title=class_group.code, columns=_student_columns(), rows=students)
        return xlsx_response(content, f"lop-{class_group.code}.xlsx")
    offerings = list(selectors.class_offerings(class_group))
    unplaced = (
        Student.all_objects.filter(
            institution=institution, class_group__isnull=True, status=Status.STUDYING
        ).order_by("search_name")[:200]
        if can_change
        else []
    )
    eligibility = {}
    if can_graduate:
        cache = RulesCache()  # one read of the rules for the whole class
        for student in students:
            if student.status == Status.STUDYING:
                eligibility[student.pk] = selectors.graduation_eligibility(student, cache=cache)
    from opentvet.programmes.models import ProgrammeModule

    offered = {o.module_id for o in offerings}
    return render(
        request,
        "learners/class_detail.html",
        {
            "class_group": class_group,
            "students": students,
            "offerings": offerings,
            "unplaced": unplaced,
            "eligibility": eligibility,
            "graduation_basis": next((e.basis for e in eligibility.values() if e.basis), ""),
            "can_change": can_change,
            "can_manage": can_manage,
            "can_graduate": can_graduate,
            "graduation_form": GraduationForm(initial={"decided_on": timezone.localdate()}),
            "modules": ProgrammeModule.all_objects.filter(
                version=class_group.programme_version_id
            ).exclude(pk__in=offered)
            if can_manage
            else [],
            "teachers": _teachers(institution) if can_manage else [],
            "online_share": selectors.online_share(offerings),
            "flags": selectors.absence_flags(offerings),
        },
    )


def _teachers(institution: Any) -> Any:
    from opentvet.core.models import User

    return User.objects.filter(
        memberships__organisation__path__startswith=institution.path,
        memberships__role_id="teacher",
        memberships__is_active=True,
    ).distinct()


@login_required
@require_POST
def class_enrol_view(request: HttpRequest, class_id: str) -> HttpResponse:
    actor = actor_of(request)
    class_group = access.access_class_by_id(actor, class_id, for_write=True)
    ids = [parse_id(v) for v in request.POST.getlist("students")]
    students = list(Student.all_objects.filter(pk__in=ids, institution=class_group.institution))
    try:
        outcome = services.student_enrol(actor=actor, class_group=class_group, students=students)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        for warning in outcome.warnings:
            messages.warning(request, warning)
        messages.success(request, _("Đã xếp %(n)d người học vào lớp.") % {"n": outcome.enrolled})
    return redirect("learners:class_detail", class_id=class_group.pk)


@login_required
@require_POST
def class_offering_view(request: HttpRequest, class_id: str) -> HttpResponse:
    actor = actor_of(request)
    class_group = access.access_class_by_id(actor, class_id)
    if not access.can_at(actor, "results.manage", class_group.institution):
        raise Http404
    from opentvet.core.models import User
    from opentvet.programmes.models import ProgrammeModule

    module = ProgrammeModule.all_objects.filter(
        pk=parse_id(request.POST.get("module")), version=class_group.programme_version_id
    ).first()
    teacher = (
        _teachers(class_group.institution).filter(pk=parse_id(request.POST["teacher"])).first()
        if request.POST.get("teacher")
        else None
    )
    deadline = request.POST.get("grade_deadline") or None
    if request.POST.get("all"):
        # Assign every module not yet assigned (the training plan of the whole course).
        offered = set(
            ModuleOffering.all_objects.filter(class_group=class_group).values_list(
                "module_id", flat=True
            )
        )
        modules = ProgrammeModule.all_objects.filter(
            version=class_group.programme_version_id
        ).exclude(pk__in=offered)
    elif module is None:
        raise Http404
    else:
        modules = [module]
    count = 0
    try:
        for item in modules:
            term = int(request.POST.get("term") or 0) or (item.order - 1) // 5 + 1
            year = class_group.intake_year + (term - 1) // 2
            services.offering_create(
                actor=actor,
                class_group=class_group,
                module=item,
                teacher=teacher if isinstance(teacher, User) else None,
                term=term,
                school_year=request.POST.get("school_year", "")[:9] or f"{year}-{year + 1}",
                grade_deadline=dt.date.fromisoformat(deadline) if deadline else None,
            )
            count += 1
    except (ValidationError, ValueError) as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Đã phân công %(n)d mô-đun/môn học.") % {"n": count})
    return redirect("learners:class_detail", class_id=class_group.pk)


@login_required
def class_transcripts_view(request: HttpRequest, class_id: str) -> HttpResponse:
    actor = actor_of(request)
    class_group = access.access_class_by_id(actor, class_id)
    if not access.can_at(actor, "student.view", class_group.institution):
        raise Http404
    students = selectors.class_students(class_group).select_related(
        "programme_version__programme__training_level", "class_group", "diploma"
    )
    content = transcripts_pdf(
        selectors.transcripts(students), class_group.institution, timezone.localdate()
    )
    return _file(content, PDF, f"bang-diem-lop-{class_group.code}.pdf", inline=True)


@login_required
@require_POST
def class_graduate_view(request: HttpRequest, class_id: str) -> HttpResponse:
    actor = actor_of(request)
    class_group = access.access_class_by_id(actor, class_id)
    if not access.can_at(actor, "graduation.manage", class_group.institution):
        raise Http404
    form = GraduationForm(request.POST)
    ids = [parse_id(v) for v in request.POST.getlist("students")]
    students = list(
        Student.all_objects.filter(pk__in=ids, class_group=class_group).select_related(
            "programme_version__programme", "class_group"
        )
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("learners:class_detail", class_id=class_group.pk)
    try:
        decision = services.graduation_decide(
            actor=actor, institution=class_group.institution, students=students, **form.cleaned_data
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã công nhận tốt nghiệp %(n)d người học theo quyết định %(num)s.")
            % {"n": len(students), "num": decision.number},
        )
    return redirect("learners:class_detail", class_id=class_group.pk)


# --- grade sheets ----------------------------------------------------------------------------


def _sheet_context(actor: Any, offering: Any) -> dict[str, Any]:
    institution = offering.institution
    can_enter = (
        offering.teacher_id == actor.user.pk and access.can_at(actor, "results.enter", institution)
    ) or access.can_at(actor, "results.manage", institution)
    return {
        "offering": offering,
        "sheet": selectors.offering_sheet(offering),
        "closed": services.offering_closed(offering),
        "can_enter": can_enter,
        "can_manage": access.can_at(actor, "results.manage", institution),
        "components": offering.components,
        "session_form": SessionForm(initial={"held_on": timezone.localdate()}),
        "flags": selectors.absence_flags([offering]),
        "attendance_choices": AttendanceStatus.choices,
        "changes": offering_changes(offering),
    }


def offering_changes(offering: Any) -> Any:
    from opentvet.learners.models import GradeChange

    return GradeChange.all_objects.filter(result__offering=offering).select_related(
        "result__student", "requested_by"
    )


@login_required
def offering_detail_view(request: HttpRequest, offering_id: str) -> HttpResponse:
    actor = actor_of(request)
    offering = access.access_offering_by_id(actor, offering_id)
    return render(request, "learners/offering_detail.html", _sheet_context(actor, offering))


@login_required
@require_POST
def offering_grade_view(request: HttpRequest, offering_id: str, student_id: str) -> HttpResponse:
    """htmx: save one learner's row of the grade sheet and answer the re-rendered row."""
    actor = actor_of(request)
    offering = access.access_offering_by_id(actor, offering_id, for_write=True)
    student = Student.all_objects.filter(
        pk=parse_id(student_id), class_group=offering.class_group_id
    ).first()
    if student is None:
        raise Http404
    values = {c["key"]: request.POST.get(c["key"], "") for c in offering.components}
    values["resit"] = request.POST.get("resit", "")
    error = ""
    try:
        services.results_enter(actor=actor, offering=offering, rows={student.pk: values})
    except ValidationError as exc:
        error = "; ".join(m.split(": ", 1)[-1] for m in exc.messages)
    result = ModuleResult.all_objects.filter(offering=offering, student=student).first()
    context = {
        **_sheet_context(actor, offering),
        "student": student,
        "result": result,
        "error": error,
        "typed": values if error else None,
        "saved": not error,
    }
    # 200 either way: htmx swaps only successful answers, and the row carries the error.
    return render(request, "learners/partials/grade_row.html", context)


@login_required
@require_POST
def offering_grades_save_all_view(request: HttpRequest, offering_id: str) -> HttpResponse:
    """The whole grade sheet in one post ("Lưu tất cả"): each row carries its learner's id in a
    hidden ``student`` box, then the component boxes in the same order; all rows or none."""
    actor = actor_of(request)
    offering = access.access_offering_by_id(actor, offering_id, for_write=True)
    ids = request.POST.getlist("student")
    keys = [c["key"] for c in offering.components]
    columns = {key: request.POST.getlist(key) for key in [*keys, "resit"]}
    if any(len(values) != len(ids) for values in columns.values()):
        messages.error(request, _("Bảng điểm gửi lên không đủ ô; hãy tải lại trang."))
        return redirect("learners:offering_detail", offering_id=offering.pk)
    students = set(
        Student.all_objects.filter(
            pk__in=[parse_id(i) for i in ids], class_group=offering.class_group_id
        ).values_list("pk", flat=True)
    )
    rows = {}
    for index, raw_id in enumerate(ids):
        pk = parse_id(raw_id)
        if pk not in students:
            raise Http404
        rows[pk] = {key: columns[key][index] for key in columns}
    try:
        services.results_enter(actor=actor, offering=offering, rows=rows)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Đã lưu điểm của %(n)d người học.") % {"n": len(rows)})
    return redirect("learners:offering_detail", offering_id=offering.pk)


@login_required
@require_POST
def offering_lock_view(request: HttpRequest, offering_id: str) -> HttpResponse:
    actor = actor_of(request)
    offering = access.access_offering_by_id(actor, offering_id, manage=True)
    try:
        services.offering_lock(actor=actor, offering=offering)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Đã khóa điểm."))
    return redirect("learners:offering_detail", offering_id=offering.pk)


@login_required
@require_POST
def offering_change_request_view(request: HttpRequest, offering_id: str) -> HttpResponse:
    actor = actor_of(request)
    offering = access.access_offering_by_id(actor, offering_id, for_write=True)
    result = (
        ModuleResult.all_objects.filter(
            offering=offering, student_id=parse_id(request.POST.get("student"))
        )
        .select_related("offering", "student")
        .first()
    )
    if result is None:
        raise Http404
    scores = {c["key"]: request.POST.get(c["key"], "") for c in offering.components}
    try:
        services.grade_change_request(
            actor=actor,
            result=result,
            new_scores=scores,
            new_resit=request.POST.get("resit") or None,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi yêu cầu sửa điểm, chờ phê duyệt."))
    return redirect("learners:offering_detail", offering_id=offering.pk)


@login_required
@require_POST
def grade_change_decide_view(request: HttpRequest, change_id: str) -> HttpResponse:
    actor = actor_of(request)
    change = access.access_grade_change_by_id(actor, change_id)
    try:
        services.grade_change_decide(
            actor=actor, change=change, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Đã xử lý yêu cầu sửa điểm."))
    return redirect("learners:offering_detail", offering_id=change.result.offering_id)


@login_required
@require_POST
def offering_session_view(request: HttpRequest, offering_id: str) -> HttpResponse:
    actor = actor_of(request)
    offering = access.access_offering_by_id(actor, offering_id, for_write=True)
    form = SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thông tin buổi học chưa hợp lệ."))
        return redirect("learners:offering_detail", offering_id=offering.pk)
    marks = {}
    for key, value in request.POST.items():
        if key.startswith("att_"):
            marks[parse_id(key[4:])] = value
    try:
        services.session_record(actor=actor, offering=offering, marks=marks, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Đã điểm danh buổi học."))
    return redirect("learners:offering_detail", offering_id=offering.pk)


@login_required
def teaching_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    offerings = list(selectors.teacher_offerings(actor=actor))
    return render(
        request,
        "learners/teaching.html",
        {"offerings": offerings, "flags": selectors.absence_flags(offerings)},
    )


# --- diploma register ------------------------------------------------------------------------


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    entries = selectors.diploma_register(actor=actor)
    if request.GET.get("format") == "xlsx":
        if not access.can_any(actor, "data.export"):
            raise Http404
        content = export_xlsx(
            title=_("Sổ gốc cấp văn bằng"),
            columns=[
                (_("Số vào sổ"), "register_number"),
                (_("Số hiệu"), "serial"),
                (_("Họ và tên"), "full_name"),
                (_("Ngày sinh"), "date_of_birth"),
                (_("Ngành, nghề"), "programme_name"),
                (_("Lớp"), "class_code"),
                (_("Xếp loại"), lambda e: e.classification_label()),
                (_("Căn cứ xếp loại"), "classification_basis"),
                (_("Quyết định"), "decision.number"),
                (_("Ngày cấp"), "issued_on"),
            ],
            rows=entries.filter(access.learner_reach_q(actor, "data.export")).iterator(
                chunk_size=2000
            ),
        )
        return xlsx_response(content, "so-goc-van-bang.xlsx")
    return render(
        request,
        "learners/register.html",
        {"page": paginate(request, entries), "query": querystring_without(request, "page")},
    )


@login_required
def diploma_view(request: HttpRequest, entry_id: str, fmt: str) -> HttpResponse:
    actor = actor_of(request)
    entry = access.access_diploma_by_id(actor, entry_id)
    if fmt == "docx":
        return _file(diploma_docx(entry, entry.institution), DOCX, f"van-bang-{entry.pk}.docx")
    return _file(
        diplomas_pdf([entry], entry.institution), PDF, f"van-bang-{entry.pk}.pdf", inline=True
    )


# --- imports ---------------------------------------------------------------------------------


def _import_kind(slug: str) -> str:
    kind = IMPORT_KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


@login_required
def import_template_view(request: HttpRequest, slug: str) -> HttpResponse:
    spec = get_import(_import_kind(slug))
    return xlsx_response(template_xlsx(spec), f"mau-{slug}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, org_id: str, slug: str) -> HttpResponse:
    actor = actor_of(request)
    kind = _import_kind(slug)
    perm = "student.change" if kind == "learners_students" else "results.manage"
    institution = access.access_institution(actor, org_id, perm)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(
                actor=actor,
                organisation=institution,
                kind=kind,
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            errors_to_form(form, ValidationError({"file": error.messages}))
        else:
            return redirect("learners:import_job", job_id=job.pk)
    return render(
        request,
        "learners/import.html",
        {"form": form, "institution": institution, "slug": slug, "spec": get_import(kind)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_job_view(request: HttpRequest, job_id: str) -> HttpResponse:
    """Progress of an import, polled with htmx.

    ``web:job_detail`` reads jobs through the tenant manager, which does not reach an
    institution's job for staff whose role is held at a unit (the training office); the job's
    owner is checked here instead, as ``core.access.access_job_by_id`` does.
    """
    from django.core.exceptions import ValidationError as DjangoValidationError

    from opentvet.core.models import Job

    actor = actor_of(request)
    try:
        job = Job.all_objects.filter(pk=str(job_id)[:64]).first()
    except (DjangoValidationError, ValueError):
        raise Http404 from None
    if job is None or not (actor.is_superuser or job.created_by_id == actor.user.pk):
        raise Http404
    template = "learners/partials/job_status.html" if request.htmx else "learners/job.html"
    return render(request, template, {"job": job})


@login_required
def import_job_download_view(request: HttpRequest, job_id: str) -> HttpResponse:
    from django.http import FileResponse

    from opentvet.core.models import Job

    actor = actor_of(request)
    try:
        job = Job.all_objects.filter(pk=str(job_id)[:64]).first()
    except (ValidationError, ValueError):
        raise Http404 from None
    if job is None or job.created_by_id != actor.user.pk or not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
