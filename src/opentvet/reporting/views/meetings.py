"""Pages of meetings: convene with invitees, edit until closed, conclude with a numbered notice
whose directions become tasks, print the notice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opentvet.core.documents import Block, OfficialDocument, render_pdf
from opentvet.core.models import Organisation, OrgKind
from opentvet.reporting import selectors, services
from opentvet.reporting.access import access_meeting_by_id, access_organisation_with
from opentvet.reporting.forms import (
    ConclusionForm,
    DirectionForm,
    DirectionFormSet,
    MeetingForm,
    TaskForm,
)
from opentvet.reporting.jobs import _place
from opentvet.reporting.models import Document, DocumentType, Meeting, NoticeRecipient
from opentvet.reporting.views.common import orgs_with
from opentvet.reporting.views.steering import _owners
from opentvet.web.views.common import actor_of, errors_to_form, paginate


@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    meetings = selectors.meeting_list(actor=actor)
    if not (actor.is_superuser or actor.paths_with("task.view") or meetings.exists()):
        raise Http404
    return render(
        request,
        "reporting/meeting_list.html",
        {
            "page": paginate(request, meetings),
            "orgs": orgs_with(actor, "task.change"),
        },
    )


def _meeting_form(request: HttpRequest, actor: Any, convener: Organisation, **kwargs: Any) -> Any:
    return MeetingForm(
        request.POST or None,
        organisations=selectors.meeting_invitable_organisations(actor=actor, convener=convener),
        people=selectors.meeting_invitable_people(actor=actor, convener=convener),
        invitations=selectors.meeting_linkable_documents(actor=actor, convener=convener).filter(
            organisation=convener,
            direction=Document.Direction.OUTGOING,
            doc_type=DocumentType.GIAY_MOI,
        ),
        submissions=selectors.meeting_linkable_submissions(actor=actor, convener=convener),
        documents=selectors.meeting_linkable_documents(actor=actor, convener=convener),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_with(actor, org_id, "task.change")
    form = _meeting_form(request, actor, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã tạo cuộc họp."))
            return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
    return render(
        request,
        "reporting/meeting_form.html",
        {"form": form, "title": _("Cuộc họp mới"), "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit_view(request: HttpRequest, meeting_id: str) -> HttpResponse:
    actor = actor_of(request)
    meeting = access_meeting_by_id(actor, meeting_id, for_write=True)
    if meeting.status == Meeting.Status.CLOSED:
        messages.error(request, _("Cuộc họp đã có thông báo kết luận, không sửa được nữa."))
        return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
    initial = {
        "kind": meeting.kind,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "chair": meeting.chair,
        "participants": meeting.participants,
        "minutes": meeting.minutes,
        "invitation": meeting.invitation_id,
        "guests": list(meeting.guest_organisations.values_list("pk", flat=True)),
        "invited_people": list(meeting.invited_people.values_list("pk", flat=True)),
        "submissions": list(meeting.submissions.values_list("pk", flat=True)),
        "documents": list(meeting.documents.values_list("pk", flat=True)),
    }
    form = _meeting_form(request, actor, meeting.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=actor, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu cuộc họp."))
            return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
    return render(
        request,
        "reporting/meeting_form.html",
        {
            "form": form,
            "title": _("Sửa cuộc họp"),
            "organisation": meeting.organisation,
            "meeting": meeting,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_conclude_view(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Close the meeting: the conclusion notice and its directions, in one form."""
    actor = actor_of(request)
    meeting = access_meeting_by_id(actor, meeting_id, for_write=True)
    if meeting.status == Meeting.Status.CLOSED:
        messages.error(request, _("Cuộc họp đã có thông báo kết luận."))
        return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
    data = request.POST or None
    form = ConclusionForm(
        data,
        initial={
            "issued_on": max(timezone.localdate(), meeting.held_on),
            "signer": meeting.chair,
            "conclusions": meeting.conclusions,
        },
    )
    directions = DirectionFormSet(
        data,
        prefix="chidao",
        form_kwargs={"owners": _owners(actor, meeting.organisation)},
    )
    if request.method == "POST" and form.is_valid() and directions.is_valid():
        given = [
            services.Direction(**row.cleaned_data)
            for row in directions.forms
            if row.has_changed() and row.cleaned_data
        ]
        try:
            document = services.meeting_conclusion_issue(
                actor=actor, meeting=meeting, directions=given, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Đã ban hành thông báo kết luận số %(s)s và giao %(n)d nhiệm vụ.")
                % {"s": document.symbol, "n": len(given)},
            )
            return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
    return render(
        request,
        "reporting/meeting_conclude.html",
        {"form": form, "directions": directions, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def meeting_direction_row_view(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """htmx: one more blank direction row for the conclusion form (and the formset's count)."""
    actor = actor_of(request)
    meeting = access_meeting_by_id(actor, meeting_id, for_write=True)
    try:
        index = int(request.GET.get("n", ""))
    except ValueError:
        raise Http404 from None
    if not 0 <= index < DirectionFormSet.max_num:
        raise Http404
    row = DirectionForm(prefix=f"chidao-{index}", owners=_owners(actor, meeting.organisation))
    return render(
        request,
        "reporting/partials/direction_row.html",
        {"row": row, "meeting": meeting, "next": index + 1, "oob": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail_view(request: HttpRequest, meeting_id: str) -> HttpResponse:
    actor = actor_of(request)
    meeting = access_meeting_by_id(actor, meeting_id)
    can_edit = actor.can("task.change", meeting.organisation_path)
    form = TaskForm(request.POST or None, owners=_owners(actor, meeting.organisation))
    status = 200
    if request.method == "POST":
        meeting = access_meeting_by_id(actor, meeting_id, for_write=True)
        if meeting.status == Meeting.Status.CLOSED:
            # After the notice, directions are the notice's; later tasks go through the board.
            messages.error(request, _("Cuộc họp đã có thông báo kết luận, không sửa được nữa."))
            return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
        if form.is_valid():
            try:
                services.task_assign(
                    actor=actor,
                    assigned_by=meeting.organisation,
                    meeting=meeting,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect("reporting:meeting_detail", meeting_id=meeting.pk)
        status = 400
    visible_documents = selectors.document_list(actor=actor)
    notice = meeting.conclusion_document
    return render(
        request,
        "reporting/meeting_detail.html",
        {
            "meeting": meeting,
            "is_open": meeting.status == Meeting.Status.OPEN,
            "tasks": selectors.task_list(actor=actor).filter(meeting=meeting),
            "guests": meeting.guest_organisations.order_by("path"),
            "people": meeting.invited_people.order_by("full_name"),
            "submissions": selectors.submission_list(actor=actor).filter(meetings=meeting),
            "documents": visible_documents.filter(meetings=meeting),
            "invitation": meeting.invitation,
            "invitation_visible": meeting.invitation_id is not None
            and visible_documents.filter(pk=meeting.invitation_id).exists(),
            "notice": notice,
            "notice_visible": notice is not None
            and visible_documents.filter(pk=notice.pk).exists(),
            "recipients": NoticeRecipient.objects.filter(document=notice).select_related(
                "organisation", "person"
            )
            if notice
            else [],
            "form": form,
            "can_edit": can_edit,
        },
        status=status,
    )


def _issuer_parent(organisation: Organisation) -> str:
    # A People's Committee or a ministry heads its own line; an institution shows its governing
    # body, any other node its parent (Decree 30/2020/NĐ-CP, Appendix I).
    if organisation.kind in {OrgKind.PEOPLES_COMMITTEE, OrgKind.MINISTRY}:
        return ""
    parent = organisation.governing_body or organisation.parent
    return parent.name if parent else ""


@login_required
@require_GET
def meeting_notice_view(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The conclusion notice as a Decree 30 PDF, for the convener and the participants."""
    actor = actor_of(request)
    meeting = access_meeting_by_id(actor, meeting_id)
    notice = meeting.conclusion_document
    if notice is None:
        raise Http404
    organisation = meeting.organisation
    tasks = meeting.tasks.filter(source_document=notice).select_related("owner")
    intro = _(
        "Ngày %(day)s, tại %(place)s, %(chair)s chủ trì %(title)s. Sau khi nghe báo cáo và ý "
        "kiến của các đại biểu, %(chair)s kết luận như sau:"
    ) % {
        "day": meeting.held_on.strftime("%d/%m/%Y"),
        "place": meeting.place or organisation.name,
        "chair": meeting.chair or organisation.name,
        "title": meeting.title,
    }
    blocks = [Block("paragraph", intro)]
    blocks += [Block("paragraph", p) for p in meeting.conclusions.splitlines() if p.strip()]
    if tasks:
        blocks.append(Block("heading", _("Ý kiến chỉ đạo, giao nhiệm vụ")))
        blocks.append(
            Block(
                "bullets",
                items=[
                    _("%(owner)s: %(title)s (thời hạn: %(deadline)s).")
                    % {
                        "owner": t.owner.name,
                        "title": t.title,
                        "deadline": t.deadline.strftime("%d/%m/%Y") if t.deadline else "—",
                    }
                    for t in tasks
                ],
            )
        )
    # The layout adds the dash and the semicolon of each line of "Nơi nhận".
    recipients = [
        f"{r.organisation.name}"
        + (f" ({r.person})" if r.person_id else "")
        + f" ({r.get_purpose_display().lower()})"
        for r in NoticeRecipient.objects.filter(document=notice).select_related(
            "organisation", "person"
        )
    ] + [_("Lưu: VT")]
    document = OfficialDocument(
        issuer=organisation.name,
        issuer_parent=_issuer_parent(organisation),
        number_symbol=notice.symbol,
        place=_place(organisation),
        date=notice.issued_on,
        kind_title=_("THÔNG BÁO"),
        subject=notice.subject,
        blocks=blocks,
        recipients=recipients,
        signer_title=(organisation.leader_title or "").upper(),
        signer_name=notice.signer,
    )
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    stem = notice.symbol.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="thong-bao-ket-luan-{stem}.pdf"'
    return response
