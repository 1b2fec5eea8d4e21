"""Writes on meetings (cuộc họp, buổi làm việc): invite, edit until closed, conclude.

A meeting is convened by an organisation (the People's Committee, the Sở, the national
department). It invites organisations and people of its own subtree, links the invitation (giấy
mời) and the reports it reviews, keeps its minutes, and is closed by a conclusion notice (thông
báo kết luận, type "TB" of Decree 30/2020/NĐ-CP, Appendix III) numbered in the convener's
register of outgoing documents. Each direction of the notice becomes a task of its owner.

Sending the notice to the participants (liên thông văn bản) is not done here:
``meeting_conclusion_issue`` records them as the notice's intended recipients
(``NoticeRecipient``: "để thực hiện" for the owners of directions, "để biết" for the other
invitees) and returns the document, which the sending service takes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import AuditEntry, Membership, Organisation, OrgKind, User
from opentvet.reporting.models import (
    Document,
    DocumentType,
    Meeting,
    NoticeRecipient,
    Priority,
    Submission,
)
from opentvet.reporting.services.steering import _require, _user, document_issue, task_assign


@dataclass(frozen=True)
class Direction:
    """One direction of a conclusion notice (ý kiến chỉ đạo): who does what, by when."""

    owner: Organisation
    title: str
    deadline: dt.date | None = None
    description: str = ""
    priority: str = Priority.NORMAL


def _people_organisation(person: User, convener: Organisation) -> Organisation | None:
    """The organisation of the convener's subtree where ``person`` holds an active role."""
    membership = (
        Membership.objects.filter(
            user=person, is_active=True, organisation__path__startswith=convener.path
        )
        .select_related("organisation")
        .order_by("organisation__path")
        .first()
    )
    return membership.organisation if membership else None


def _validate(
    *,
    actor: Actor | None,
    organisation: Organisation,
    kind: str,
    title: str,
    held_on: dt.date | None,
    guests: Sequence[Organisation],
    invited_people: Sequence[User],
    invitation: Document | None,
    submissions: Sequence[Submission],
    documents: Sequence[Document],
) -> None:
    """Invitees, the invitation and linked reports must lie in the convener's subtree and in the
    actor's reach; every message names the field it is about."""
    errors: dict[str, str] = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("Loại cuộc họp không hợp lệ.")
    if not title.strip():
        errors["title"] = _("Cần nhập tiêu đề cuộc họp.")
    if held_on is None:
        errors["held_on"] = _("Cần nhập ngày họp.")
    for guest in guests:
        inside = guest.path.startswith(organisation.path) and guest.pk != organisation.pk
        if not inside or (actor is not None and not actor.can("task.view", guest.path)):
            errors["guests"] = _(
                "Đơn vị được mời phải là đơn vị thuộc phạm vi quản lý của đơn vị chủ trì."
            )
    for person in invited_people:
        home = _people_organisation(person, organisation)
        if home is None or (actor is not None and not actor.can("task.view", home.path)):
            errors["invited_people"] = _(
                "Người được mời phải có vai trò tại đơn vị chủ trì hoặc đơn vị thuộc phạm vi."
            )
    if invitation is not None and (
        invitation.organisation_id != organisation.pk
        or invitation.direction != Document.Direction.OUTGOING
        or invitation.doc_type != DocumentType.GIAY_MOI
    ):
        errors["invitation"] = _(
            "Giấy mời phải là giấy mời trong sổ văn bản đi của đơn vị chủ trì."
        )
    for submission in submissions:
        if not submission.institution_path.startswith(organisation.path) or (
            not submission.was_submitted
        ):
            errors["submissions"] = _(
                "Chỉ liên kết được báo cáo đã gửi của đơn vị thuộc phạm vi quản lý."
            )
    for document in documents:
        if not document.organisation_path.startswith(organisation.path) or (
            actor is not None and not actor.can("document.view", document.organisation_path)
        ):
            errors["documents"] = _(
                "Văn bản liên quan phải thuộc sổ văn bản của đơn vị chủ trì hoặc đơn vị trực thuộc."
            )
    if errors:
        raise ValidationError(errors)


def _names(objects: Iterable[object]) -> list[str]:
    return sorted(str(o) for o in objects)


@transaction.atomic
def meeting_create(
    *,
    actor: Actor | None,
    organisation: Organisation,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    chair: str = "",
    participants: str = "",
    minutes: str = "",
    conclusions: str = "",
    guests: Iterable[Organisation] = (),
    invited_people: Iterable[User] = (),
    invitation: Document | None = None,
    submissions: Iterable[Submission] = (),
    documents: Iterable[Document] = (),
) -> Meeting:
    """Convene a meeting with its invitees, invitation and the reports it reviews.

    ``conclusions`` is for meetings recorded after the fact (the demo's history); a meeting
    held in the system is concluded with ``meeting_conclusion_issue``.
    """
    _require(actor, "task.change", organisation.path)
    guests, invited_people = list(guests), list(invited_people)
    submissions, documents = list(submissions), list(documents)
    _validate(
        actor=actor,
        organisation=organisation,
        kind=kind,
        title=title,
        held_on=held_on,
        guests=guests,
        invited_people=invited_people,
        invitation=invitation,
        submissions=submissions,
        documents=documents,
    )
    meeting = Meeting(
        organisation=organisation,
        organisation_path=organisation.path,
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        chair=chair.strip(),
        participants=participants.strip(),
        minutes=minutes.strip(),
        conclusions=conclusions.strip(),
        invitation=invitation,
    )
    audited_create(
        actor=_user(actor), verb="meeting_create", instance=meeting, organisation=organisation
    )
    meeting.guest_organisations.set(guests)
    meeting.invited_people.set(invited_people)
    meeting.submissions.set(submissions)
    meeting.documents.set(documents)
    if guests or invited_people or submissions or documents:
        audit_log(
            actor=_user(actor),
            verb="meeting_invite",
            instance=meeting,
            organisation=organisation,
            changes={
                "guest_organisations": [None, _names(guests)],
                "invited_people": [None, _names(invited_people)],
                "submissions": [None, _names(submissions)],
                "documents": [None, _names(documents)],
            },
        )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Actor | None,
    meeting: Meeting,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    chair: str = "",
    participants: str = "",
    minutes: str = "",
    guests: Iterable[Organisation] = (),
    invited_people: Iterable[User] = (),
    invitation: Document | None = None,
    submissions: Iterable[Submission] = (),
    documents: Iterable[Document] = (),
) -> Meeting:
    """Change a meeting that is not yet concluded: details, invitees, links and minutes."""
    _require(actor, "task.change", meeting.organisation_path)
    meeting = (
        Meeting.all_objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    )
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("Cuộc họp đã có thông báo kết luận, không sửa được nữa."))
    organisation = meeting.organisation
    guests, invited_people = list(guests), list(invited_people)
    submissions, documents = list(submissions), list(documents)
    _validate(
        actor=actor,
        organisation=organisation,
        kind=kind,
        title=title,
        held_on=held_on,
        guests=guests,
        invited_people=invited_people,
        invitation=invitation,
        submissions=submissions,
        documents=documents,
    )
    audited_update(
        actor=_user(actor),
        verb="meeting_update",
        instance=meeting,
        organisation=organisation,
        data={
            "kind": kind,
            "title": title.strip(),
            "held_on": held_on,
            "place": place.strip(),
            "chair": chair.strip(),
            "participants": participants.strip(),
            "minutes": minutes.strip(),
            "invitation": invitation,
        },
    )
    changes: dict[str, list[list[str]]] = {}
    for name, new in (
        ("guest_organisations", guests),
        ("invited_people", invited_people),
        ("submissions", submissions),
        ("documents", documents),
    ):
        related = getattr(meeting, name)
        before = _names(related.all())
        if before != _names(new):
            changes[name] = [before, _names(new)]
            related.set(new)
    if changes:
        audit_log(
            actor=_user(actor),
            verb="meeting_invite",
            instance=meeting,
            organisation=organisation,
            changes=changes,
        )
    return meeting


def conclusion_subject(meeting: Meeting) -> str:
    """The summary line (trích yếu) of a conclusion notice."""
    return _("Kết luận tại %(title)s ngày %(day)s") % {
        "title": meeting.title,
        "day": meeting.held_on.strftime("%d/%m/%Y"),
    }


@transaction.atomic
def meeting_conclusion_issue(
    *,
    actor: Actor | None,
    meeting: Meeting,
    conclusions: str,
    directions: Sequence[Direction] = (),
    issued_on: dt.date | None = None,
    signer: str = "",
    subject: str = "",
) -> Document:
    """Close a meeting with its conclusion notice (thông báo kết luận) and return the notice.

    The notice is numbered in the convener's register of outgoing documents as a "TB" (Decree
    30/2020/NĐ-CP, Appendix III), e.g. ``12/TB-UBND``: the convener's right to hold the meeting
    (``task.change``) is the right checked, since the leader who chairs it concludes it; the
    registry gives the number under its row lock. Each direction becomes a task owned by its
    organisation with its deadline; the invitees and owners are recorded as the notice's
    intended recipients (``NoticeRecipient``), for the sending service to deliver.
    """
    _require(actor, "task.change", meeting.organisation_path)
    meeting = (
        Meeting.all_objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    )
    organisation = meeting.organisation
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("Cuộc họp đã có thông báo kết luận."))
    issued_on = issued_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not conclusions.strip():
        errors["conclusions"] = _("Cần nhập nội dung kết luận.")
    if issued_on < meeting.held_on:
        errors["issued_on"] = _("Ngày ban hành thông báo không được trước ngày họp.")
    for direction in directions:
        if not direction.owner.path.startswith(organisation.path):
            errors["directions"] = _(
                "Chỉ giao nhiệm vụ cho đơn vị thuộc phạm vi quản lý của đơn vị chủ trì."
            )
        elif not direction.title.strip():
            errors["directions"] = _("Mỗi ý kiến chỉ đạo cần có nội dung nhiệm vụ.")
        elif direction.deadline is not None and direction.deadline < issued_on:
            errors["directions"] = _("Thời hạn thực hiện không được trước ngày ban hành thông báo.")
    if errors:
        raise ValidationError(errors)

    document = document_issue(
        actor=None,  # the convener's right was checked above
        organisation=organisation,
        doc_type=DocumentType.THONG_BAO,
        subject=subject.strip() or conclusion_subject(meeting),
        issued_on=issued_on,
        signer=signer.strip() or meeting.chair,
    )
    owners: dict[int, Organisation] = {}
    for direction in directions:
        task_assign(
            actor=actor,
            assigned_by=organisation,
            owner=direction.owner,
            title=direction.title,
            description=direction.description,
            deadline=direction.deadline,
            priority=direction.priority,
            meeting=meeting,
            source_document=document,
        )
        owners.setdefault(direction.owner.pk, direction.owner)
    recipients = _record_recipients(meeting, document, owners)
    # The notice travels: each participating organisation finds it in its incoming register
    # (correspondence), to act on it (owners of directions) or for information. A person
    # invited at a unit (a faculty) is reached through their institution's register.
    from opentvet.correspondence.services import issued_document_send

    def desk(o: Organisation) -> Organisation:
        return o if o.kind != OrgKind.UNIT or o.parent is None else desk(o.parent)

    act = {
        desk(r.organisation).pk: desk(r.organisation)
        for r in recipients
        if r.purpose == NoticeRecipient.Purpose.ACT
    }
    know = {
        desk(r.organisation).pk: desk(r.organisation)
        for r in recipients
        if r.purpose != NoticeRecipient.Purpose.ACT
    }
    issued_document_send(
        actor=actor,
        registry=document,
        for_action=list(act.values()),
        for_information=[o for pk, o in know.items() if pk not in act],
    )
    audit_log(
        actor=_user(actor),
        verb="meeting_conclusion_issue",
        instance=document,
        organisation=organisation,
        action=AuditEntry.Action.ACTION,
        changes={
            "meeting": [None, meeting.title],
            "symbol": [None, document.symbol],
            "recipients": [
                None,
                [f"{r.organisation.name} ({r.get_purpose_display()})" for r in recipients],
            ],
        },
    )
    audited_update(
        actor=_user(actor),
        verb="meeting_conclude",
        instance=meeting,
        organisation=organisation,
        data={
            "conclusions": conclusions.strip(),
            "status": Meeting.Status.CLOSED,
            "closed_at": timezone.now(),
            "conclusion_document": document,
        },
    )
    return document


def _record_recipients(
    meeting: Meeting, document: Document, owners: dict[int, Organisation]
) -> list[NoticeRecipient]:
    """Nơi nhận: owners of directions to act, other invited organisations and people to know."""
    seen: set[tuple[int, int | None]] = set()
    rows: list[NoticeRecipient] = []

    def add(organisation: Organisation, person: User | None = None) -> None:
        key = (organisation.pk, person.pk if person else None)
        if key in seen:
            return
        seen.add(key)
        purpose = (
            NoticeRecipient.Purpose.ACT
            if organisation.pk in owners
            else NoticeRecipient.Purpose.INFO
        )
        rows.append(
            NoticeRecipient(
                document=document, organisation=organisation, person=person, purpose=purpose
            )
        )

    for owner in owners.values():
        add(owner)
    for guest in meeting.guest_organisations.order_by("path"):
        add(guest)
    for person in meeting.invited_people.order_by("full_name"):
        home = _people_organisation(person, meeting.organisation)
        if home is not None:
            add(home, person)
    NoticeRecipient.objects.bulk_create(rows)
    return rows
