"""Writes on official documents, meetings, tasks, difficulties and drafting projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.audit import audited_create, audited_update
from opentvet.core.models import Organisation, OrgKind, User
from opentvet.notifications import events as notify_events
from opentvet.reporting.models import (
    Difficulty,
    DifficultyCategory,
    DifficultyResponse,
    Document,
    DocumentCounter,
    DocumentLink,
    DocumentType,
    DraftingProject,
    Meeting,
    Priority,
    Submission,
    Task,
    TaskUpdate,
)
from opentvet.reporting.services.templates import audit_action


def _require(actor: Actor | None, perm: str, path: str) -> None:
    if actor is not None and not actor.can(perm, path):
        raise PermissionError(perm)


def _user(actor: Actor | None) -> User | None:
    return actor.user if actor else None


# --- Documents -----------------------------------------------------------------------------

# Issuer abbreviations by kind of organisation, used when the caller gives none. Decree
# 30/2020/NĐ-CP, Appendix I: the symbol is "number/type-issuer"; official letters (công văn)
# are "number/issuer-drafting unit" without a type abbreviation.
_ISSUER_BY_KIND = {
    OrgKind.MINISTRY: "BGDĐT",
    OrgKind.NATIONAL_AUTHORITY: "GDNN",
    OrgKind.PEOPLES_COMMITTEE: "UBND",
    OrgKind.PROVINCIAL_AUTHORITY: "SGDĐT",
}


def issuer_abbreviation(organisation: Organisation) -> str:
    return _ISSUER_BY_KIND.get(OrgKind(organisation.kind), organisation.code.split("-")[0])


def document_symbol(number: int, doc_type: str, issuer: str) -> str:
    """``172/GM-UBND``; a công văn has no type: ``123/UBND-VX`` (Decree 30/2020, Appendix I)."""
    if doc_type == DocumentType.CONG_VAN:
        return f"{number}/{issuer}"
    return f"{number}/{doc_type}-{issuer}"


def _next_number(organisation: Organisation, doc_type: str, year: int) -> int:
    """Take the next number under a row lock: no gaps, no duplicates, even with many writers."""
    counter, _created = DocumentCounter.objects.get_or_create(
        organisation=organisation, doc_type=doc_type, year=year
    )
    counter = DocumentCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def document_issue(
    *,
    actor: Actor | None,
    organisation: Organisation,
    doc_type: str,
    subject: str,
    issued_on: dt.date | None = None,
    signer: str = "",
    issuer: str = "",
    file: File[Any] | None = None,
) -> Document:
    """Register an outgoing document and give it the next number of its type and year."""
    _require(actor, "document.change", organisation.path)
    if doc_type not in DocumentType.values or doc_type == DocumentType.LEGAL:
        raise ValidationError({"doc_type": _("Loại văn bản không hợp lệ.")})
    if not subject.strip():
        raise ValidationError({"subject": _("Cần nhập trích yếu văn bản.")})
    issued_on = issued_on or timezone.localdate()
    number = _next_number(organisation, doc_type, issued_on.year)
    abbreviation = issuer.strip() or issuer_abbreviation(organisation)
    document = Document(
        organisation=organisation,
        organisation_path=organisation.path,
        direction=Document.Direction.OUTGOING,
        doc_type=doc_type,
        year=issued_on.year,
        number=number,
        symbol=document_symbol(number, doc_type, abbreviation),
        issuing_body=organisation.name,
        issued_on=issued_on,
        subject=subject.strip(),
        signer=signer,
    )
    if file is not None:
        document.file = file
    audited_create(
        actor=_user(actor), verb="document_issue", instance=document, organisation=organisation
    )
    return document


@transaction.atomic
def document_register_incoming(
    *,
    actor: Actor | None,
    organisation: Organisation,
    doc_type: str,
    symbol: str,
    issuing_body: str,
    issued_on: dt.date,
    subject: str,
    received_on: dt.date | None = None,
    signer: str = "",
    file: File[Any] | None = None,
) -> Document:
    """Record a document received from elsewhere, with the symbol it carries."""
    _require(actor, "document.change", organisation.path)
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": _("Loại văn bản không hợp lệ.")})
    document = Document(
        organisation=organisation,
        organisation_path=organisation.path,
        direction=Document.Direction.INCOMING,
        doc_type=doc_type,
        year=issued_on.year,
        number=None,
        symbol=symbol.strip(),
        issuing_body=issuing_body.strip(),
        issued_on=issued_on,
        received_on=received_on or timezone.localdate(),
        subject=subject.strip(),
        signer=signer,
    )
    if file is not None:
        document.file = file
    audited_create(
        actor=_user(actor),
        verb="document_register_incoming",
        instance=document,
        organisation=organisation,
    )
    return document


@transaction.atomic
def document_link(
    *, actor: Actor | None, source: Document, target: Document, kind: str
) -> DocumentLink:
    _require(actor, "document.change", source.organisation_path)
    if source.pk == target.pk:
        raise ValidationError(_("Không thể liên kết văn bản với chính nó."))
    link, created = DocumentLink.objects.get_or_create(source=source, target=target, kind=kind)
    if created:
        audit_action(
            actor,
            "document_link",
            source,
            source.organisation,
            link=[None, f"{kind}:{target.symbol}"],
        )
    return link


# --- Meetings and tasks ---------------------------------------------------------------------


@transaction.atomic
def task_assign(
    *,
    actor: Actor | None,
    assigned_by: Organisation,
    owner: Organisation,
    title: str,
    description: str = "",
    deadline: dt.date | None = None,
    priority: str = Priority.NORMAL,
    owner_person: User | None = None,
    meeting: Meeting | None = None,
    key_year: int | None = None,
    parent: Task | None = None,
    source_document: Document | None = None,
) -> Task:
    """Assign a task; the owner is the assigning organisation or an organisation under it."""
    _require(actor, "task.change", assigned_by.path)
    if not owner.path.startswith(assigned_by.path):
        raise ValidationError({"owner": _("Chỉ giao nhiệm vụ cho đơn vị thuộc phạm vi quản lý.")})
    if parent is not None and parent.owner_id != owner.pk:
        raise ValidationError({"parent": _("Hành động phải cùng đơn vị với nhiệm vụ trọng tâm.")})
    task = Task(
        assigned_by=assigned_by,
        owner=owner,
        owner_path=owner.path,
        owner_person=owner_person,
        title=title.strip(),
        description=description,
        deadline=deadline,
        priority=priority,
        key_year=key_year,
        parent=parent,
        meeting=meeting,
        source_document=source_document,
    )
    audited_create(actor=_user(actor), verb="task_assign", instance=task, organisation=owner)
    notify_events.task_assigned(task, by=_user(actor))
    return task


@transaction.atomic
def task_update_progress(
    *,
    actor: Actor | None,
    task: Task,
    progress: int,
    note: str = "",
    evidence: File[Any] | None = None,
    evidence_document: Document | None = None,
) -> TaskUpdate:
    """Report progress on a task (with evidence); 100% completes it."""
    _require(actor, "task.change", task.owner_path)
    if task.status in {Task.Status.DONE, Task.Status.CANCELLED}:
        raise ValidationError(_("Nhiệm vụ đã kết thúc."))
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Tiến độ phải từ 0 đến 100%.")})
    update = TaskUpdate(
        task=task,
        at=timezone.now(),
        by=_user(actor),
        progress=progress,
        note=note.strip(),
        evidence_document=evidence_document,
    )
    if evidence is not None:
        update.evidence = evidence
    update.save()
    status = Task.Status.DONE if progress == 100 else Task.Status.IN_PROGRESS
    audited_update(
        actor=_user(actor),
        verb="task_update_progress",
        instance=task,
        organisation=task.owner,
        data={
            "progress": progress,
            "status": status,
            "completed_at": timezone.now() if progress == 100 else None,
        },
    )
    if task.parent_id:
        parent = Task.all_objects.select_for_update().get(pk=task.parent_id)
        actions = list(parent.actions.values_list("progress", flat=True))
        average = round(sum(actions) / len(actions)) if actions else parent.progress
        Task.all_objects.filter(pk=parent.pk).update(
            progress=average,
            status=Task.Status.IN_PROGRESS if average < 100 else Task.Status.DONE,
        )
    notify_events.task_updated(task, progress=progress, note=note.strip(), by=_user(actor))
    return update


# --- Difficulties -----------------------------------------------------------------------------


def default_route(organisation: Organisation, category: str) -> Organisation:
    """The level that resolves a difficulty: the provincial department for training, staff and
    finance matters, the national authority for policy. Falls back to the nearest authority."""
    ancestors = {
        o.kind: o
        for o in Organisation.objects.filter(pk__in=organisation.ancestors_ids()).exclude(
            pk=organisation.pk
        )
    }
    order = (
        [OrgKind.NATIONAL_AUTHORITY, OrgKind.PROVINCIAL_AUTHORITY, OrgKind.PEOPLES_COMMITTEE]
        if category == DifficultyCategory.POLICY
        else [OrgKind.PROVINCIAL_AUTHORITY, OrgKind.PEOPLES_COMMITTEE, OrgKind.NATIONAL_AUTHORITY]
    )
    for kind in order:
        if kind in ancestors:
            return ancestors[kind]
    return organisation.parent or organisation


# Difficulties go to an authority above the institution (issue 13, item 6): the provincial
# department (Sở), the provincial People's Committee or the national authority; never to the
# ministry node, which only roots the tree here.
DIFFICULTY_AUTHORITY_KINDS = (
    OrgKind.PROVINCIAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.NATIONAL_AUTHORITY,
)


def difficulty_authorities(organisation: Organisation) -> Any:
    """The authorities above ``organisation`` a difficulty may be raised or forwarded to."""
    return Organisation.objects.filter(
        pk__in=organisation.ancestors_ids(),
        kind__in=DIFFICULTY_AUTHORITY_KINDS,
        valid_to__isnull=True,
    ).exclude(pk=organisation.pk)


def _check_authority(organisation: Organisation, to: Organisation, field: str) -> None:
    if not difficulty_authorities(organisation).filter(pk=to.pk).exists():
        raise ValidationError(
            {field: _("Chỉ gửi đến cơ quan quản lý cấp trên của đơn vị nêu vướng mắc.")}
        )


@transaction.atomic
def difficulty_raise(
    *,
    actor: Actor | None,
    organisation: Organisation,
    category: str,
    title: str,
    description: str = "",
    submission: Submission | None = None,
    routed_to: Organisation | None = None,
) -> Difficulty:
    """An institution raises a difficulty, alone or inside a report, to ``routed_to`` (any
    authority above it) or, when not chosen, to the default level for its category. The
    resolvers there are notified."""
    _require(actor, "difficulty.raise", organisation.path)
    if category not in DifficultyCategory.values:
        raise ValidationError({"category": _("Lĩnh vực không hợp lệ.")})
    if not title.strip():
        raise ValidationError({"title": _("Cần nêu nội dung khó khăn, vướng mắc.")})
    if submission is not None and submission.institution_id != organisation.pk:
        raise ValidationError(_("Báo cáo không thuộc đơn vị này."))
    if routed_to is not None:
        _check_authority(organisation, routed_to, "routed_to")
    difficulty = Difficulty(
        organisation=organisation,
        organisation_path=organisation.path,
        submission=submission,
        category=category,
        title=title.strip(),
        description=description.strip(),
        routed_to=routed_to or default_route(organisation, category),
        raised_at=timezone.now(),
    )
    audited_create(
        actor=_user(actor), verb="difficulty_raise", instance=difficulty, organisation=organisation
    )
    notify_events.difficulty_received(difficulty, by=_user(actor))
    return difficulty


def _author(actor: Actor | None) -> tuple[User | None, str]:
    user = _user(actor)
    return user, (user.full_name if user else "")


@transaction.atomic
def difficulty_route(
    *, actor: Actor | None, difficulty: Difficulty, to: Organisation, note: str = ""
) -> DifficultyResponse:
    """The level handling a difficulty forwards it to another authority above the institution
    (e.g. Sở → UBND tỉnh → Cục); the step is kept with its author and date, and the resolvers
    at the new level are notified."""
    _require(actor, "difficulty.resolve", difficulty.routed_to.path)
    if difficulty.status != Difficulty.Status.OPEN:
        raise ValidationError(_("Chỉ chuyển được vướng mắc đang chờ xử lý."))
    if to.pk == difficulty.routed_to_id:
        raise ValidationError({"to": _("Vướng mắc đang ở cấp này.")})
    _check_authority(difficulty.organisation, to, "to")
    user, name = _author(actor)
    response = DifficultyResponse.objects.create(
        difficulty=difficulty,
        kind=DifficultyResponse.Kind.FORWARDED,
        organisation=difficulty.routed_to,
        forwarded_to=to,
        text=note.strip(),
        by=user,
        by_name=name,
        at=timezone.now(),
    )
    audited_update(
        actor=user,
        verb="difficulty_route",
        instance=difficulty,
        organisation=difficulty.organisation,
        data={"routed_to": to},
    )
    notify_events.difficulty_received(difficulty, by=user)
    return response


@transaction.atomic
def difficulty_answer(
    *,
    actor: Actor | None,
    difficulty: Difficulty,
    answer: str,
    document: Document | None = None,
    task: Task | None = None,
) -> DifficultyResponse:
    """The resolving level answers, citing the document or direction that resolves it. Each
    answer is kept (author, date, document); the difficulty shows the latest, and whoever raises
    difficulties at the institution is notified."""
    _require(actor, "difficulty.resolve", difficulty.routed_to.path)
    if difficulty.status == Difficulty.Status.CLOSED:
        raise ValidationError(_("Vướng mắc đã đóng."))
    if not answer.strip():
        raise ValidationError({"answer": _("Cần nhập nội dung trả lời.")})
    user, name = _author(actor)
    now = timezone.now()
    response = DifficultyResponse.objects.create(
        difficulty=difficulty,
        kind=DifficultyResponse.Kind.ANSWERED,
        organisation=difficulty.routed_to,
        text=answer.strip(),
        document=document,
        by=user,
        by_name=name,
        at=now,
    )
    audited_update(
        actor=user,
        verb="difficulty_answer",
        instance=difficulty,
        organisation=difficulty.organisation,
        data={
            "answer": answer.strip(),
            "status": Difficulty.Status.ANSWERED,
            "answered_at": now,
            "answered_by": user,
            "resolving_document": document,
            "resolving_task": task,
        },
    )
    notify_events.difficulty_answered(
        difficulty, answered_by=difficulty.routed_to, text=answer.strip(), by=user
    )
    return response


@transaction.atomic
def difficulty_close(*, actor: Actor | None, difficulty: Difficulty) -> None:
    """Close an answered difficulty: the institution that raised it, or the resolving level."""
    if actor is not None and not (
        actor.can("difficulty.raise", difficulty.organisation_path)
        or actor.can("difficulty.resolve", difficulty.routed_to.path)
    ):
        raise PermissionError("difficulty.raise")
    if difficulty.status != Difficulty.Status.ANSWERED:
        raise ValidationError(_("Chỉ đóng được vướng mắc đã có trả lời."))
    audited_update(
        actor=_user(actor),
        verb="difficulty_close",
        instance=difficulty,
        organisation=difficulty.organisation,
        data={"status": Difficulty.Status.CLOSED, "closed_at": timezone.now()},
    )


# --- Drafting projects ------------------------------------------------------------------------

DRAFTING_TRANSITIONS = {
    DraftingProject.Status.DRAFTING: {
        DraftingProject.Status.CONSULTING,
        DraftingProject.Status.SUBMITTED,
    },
    DraftingProject.Status.CONSULTING: {
        DraftingProject.Status.DRAFTING,
        DraftingProject.Status.SUBMITTED,
    },
    DraftingProject.Status.SUBMITTED: {
        DraftingProject.Status.REVISING,
        DraftingProject.Status.ISSUED,
    },
    DraftingProject.Status.REVISING: {
        DraftingProject.Status.SUBMITTED,
        DraftingProject.Status.CONSULTING,
    },
    DraftingProject.Status.ISSUED: set(),
}


@transaction.atomic
def drafting_create(
    *,
    actor: Actor | None,
    organisation: Organisation,
    kind: str,
    title: str,
    owner_unit: str = "",
    owner_person: User | None = None,
    due_date: dt.date | None = None,
) -> DraftingProject:
    _require(actor, "document.change", organisation.path)
    project = DraftingProject(
        organisation=organisation,
        organisation_path=organisation.path,
        kind=kind,
        title=title,
        owner_unit=owner_unit,
        owner_person=owner_person,
        due_date=due_date,
        history=[
            {
                "status": DraftingProject.Status.DRAFTING,
                "at": timezone.localdate().isoformat(),
                "note": "",
            }
        ],
    )
    audited_create(
        actor=_user(actor), verb="drafting_create", instance=project, organisation=organisation
    )
    return project


@transaction.atomic
def drafting_transition(
    *,
    actor: Actor | None,
    project: DraftingProject,
    to: str,
    note: str = "",
    on: dt.date | None = None,
    issued_document: Document | None = None,
) -> None:
    """Move a drafting project along: drafting → consulting → submitted → revising → issued."""
    _require(actor, "document.change", project.organisation_path)
    if to not in DRAFTING_TRANSITIONS.get(DraftingProject.Status(project.status), set()):
        raise ValidationError(
            {
                "to": _("Không thể chuyển từ “%(a)s” sang “%(b)s”.")
                % {
                    "a": project.get_status_display(),
                    "b": DraftingProject.Status(to).label
                    if to in DraftingProject.Status.values
                    else to,
                }
            }
        )
    history = [
        *project.history,
        {"status": to, "at": (on or timezone.localdate()).isoformat(), "note": note.strip()},
    ]
    data: dict[str, Any] = {"status": to, "history": history}
    if issued_document is not None:
        data["issued_document"] = issued_document
    audited_update(
        actor=_user(actor),
        verb="drafting_transition",
        instance=project,
        organisation=project.organisation,
        data=data,
    )
