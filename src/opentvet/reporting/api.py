"""``/api/v1/reporting``: periods and roll-ups, submissions and their workflow, documents,
tasks, difficulties. Thin: the same access layer, services and selectors as the pages."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from opentvet.api.base import LimitOffsetPagination, Schema
from opentvet.core.access import Actor
from opentvet.reporting import live, selectors, services
from opentvet.reporting.access import (
    access_live_root,
    access_organisation_with,
    access_period_by_id,
    access_submission_by_id,
)

router = Router(tags=["reporting"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class PeriodOut(Schema):
    id: int
    template_id: int
    template_name: str
    periodicity: str
    year: int
    number: int
    start: dt.date
    end: dt.date
    due_date: dt.date
    due_basis: str  # what set the due date: "Căn cứ: Điều 38 Thông tư 04/2022/TT-BLĐTBXH"
    status: str

    @staticmethod
    def resolve_template_name(obj: Any) -> str:
        return str(obj.template.name)


class RollupRowOut(Schema):
    code: str
    name: str
    unit: str
    has_source: bool
    value: Decimal | None
    reporting: int
    previous: Decimal | None
    last_year: Decimal | None
    # Like for like: this period's value over the institutions that also reported then.
    value_vs_previous: Decimal | None
    value_vs_last_year: Decimal | None


class ValueOut(Schema):
    code: str
    definition_version: int
    value: Decimal | None
    computed_value: Decimal | None
    source: str
    comment: str


class SubmissionOut(Schema):
    id: int
    period_id: int
    institution_id: int
    status: str
    version: int
    narrative: dict[str, str]
    review_comment: str
    values: list[ValueOut]

    @staticmethod
    def resolve_values(obj: Any) -> list[Any]:
        return list(obj.values.order_by("pk"))


class SubmissionPatch(Schema):
    values: dict[str, Decimal | None] = {}
    comments: dict[str, str] = {}
    narrative: dict[str, str] = {}


class SubmissionReviewIn(Schema):
    comment: str = ""


class IssueOut(Schema):
    code: str
    message: str


class DocumentOut(Schema):
    id: int
    organisation_id: int
    direction: str
    doc_type: str
    year: int
    number: int | None
    symbol: str
    issuing_body: str
    issued_on: dt.date
    subject: str


class DocumentIssueIn(Schema):
    doc_type: str
    subject: str
    issued_on: dt.date | None = None
    signer: str = ""


class TaskOut(Schema):
    id: int
    title: str
    owner_id: int
    assigned_by_id: int
    deadline: dt.date | None
    priority: str
    status: str
    progress: int
    key_year: int | None


class DifficultyOut(Schema):
    id: int
    organisation_id: int
    category: str
    title: str
    routed_to_id: int
    status: str
    raised_at: dt.datetime
    answer: str


@router.get("/periods", response=list[PeriodOut])
@paginate(LimitOffsetPagination)
def list_periods(request: HttpRequest) -> Any:
    return selectors.period_list(actor=_actor(request))


@router.get("/periods/{period_id}/rollup", response=list[RollupRowOut])
def period_rollup(request: HttpRequest, period_id: str) -> Any:
    actor = _actor(request)
    period = access_period_by_id(actor, period_id)
    root = selectors.reporting_root(actor, period)
    if root is None:
        raise Http404
    return selectors.period_rollup(actor=actor, period=period, root=root)


@router.get("/submissions/{submission_id}", response=SubmissionOut)
def get_submission(request: HttpRequest, submission_id: str) -> Any:
    return access_submission_by_id(_actor(request), submission_id)


@router.patch("/submissions/{submission_id}", response=SubmissionOut)
def patch_submission(request: HttpRequest, submission_id: str, payload: SubmissionPatch) -> Any:
    actor = _actor(request)
    submission = access_submission_by_id(actor, submission_id, perm="report.prepare")
    services.submission_save(
        actor=actor,
        submission=submission,
        values=payload.values,
        comments=payload.comments,
        narrative=payload.narrative,
    )
    return submission


@router.get("/submissions/{submission_id}/issues", response=list[IssueOut])
def submission_issues(request: HttpRequest, submission_id: str) -> Any:
    submission = access_submission_by_id(_actor(request), submission_id, perm="report.prepare")
    return services.submission_validate(submission)


@router.post("/submissions/{submission_id}/sign", response=SubmissionOut)
def sign_submission(request: HttpRequest, submission_id: str) -> Any:
    actor = _actor(request)
    submission = access_submission_by_id(actor, submission_id, perm="report.sign")
    return services.submission_sign(actor=actor, submission=submission)


@router.post("/submissions/{submission_id}/submit", response=SubmissionOut)
def submit_submission(request: HttpRequest, submission_id: str) -> Any:
    actor = _actor(request)
    submission = access_submission_by_id(actor, submission_id, perm="report.prepare")
    services.submission_submit(actor=actor, submission=submission)
    return submission


@router.post("/submissions/{submission_id}/return", response=SubmissionOut)
def return_submission(request: HttpRequest, submission_id: str, payload: SubmissionReviewIn) -> Any:
    actor = _actor(request)
    submission = access_submission_by_id(actor, submission_id, perm="report.review")
    return services.submission_return(actor=actor, submission=submission, comment=payload.comment)


@router.post("/submissions/{submission_id}/acknowledge", response=SubmissionOut)
def acknowledge_submission(
    request: HttpRequest, submission_id: str, payload: SubmissionReviewIn
) -> Any:
    actor = _actor(request)
    submission = access_submission_by_id(actor, submission_id, perm="report.review")
    return services.submission_acknowledge(
        actor=actor, submission=submission, comment=payload.comment
    )


@router.get("/documents", response=list[DocumentOut])
@paginate(LimitOffsetPagination)
def list_documents(request: HttpRequest) -> Any:
    return selectors.document_list(actor=_actor(request))


@router.post("/organisations/{org_id}/documents", response=DocumentOut)
def issue_document(request: HttpRequest, org_id: str, payload: DocumentIssueIn) -> Any:
    actor = _actor(request)
    organisation = access_organisation_with(actor, org_id, "document.change")
    return services.document_issue(actor=actor, organisation=organisation, **payload.dict())


@router.get("/tasks", response=list[TaskOut])
@paginate(LimitOffsetPagination)
def list_tasks(request: HttpRequest) -> Any:
    return selectors.task_list(actor=_actor(request)).order_by("deadline", "pk")


@router.get("/difficulties", response=list[DifficultyOut])
@paginate(LimitOffsetPagination)
def list_difficulties(request: HttpRequest) -> Any:
    return selectors.difficulty_list(actor=_actor(request))


class LiveRowOut(Schema):
    organisation_id: int | None
    name: str
    level: str
    institutions: int
    value: Decimal | None
    breakdown: dict[str, Decimal]


class LiveOut(Schema):
    indicator_code: str
    indicator_name: str
    unit: str
    org_id: int
    org_name: str
    by: str
    start: dt.date
    end: dt.date
    aggregation: str
    value: Decimal | None
    institutions: int
    breakdown: dict[str, Decimal]
    rows: list[LiveRowOut]
    computed_at: dt.datetime


@router.get("/live/{indicator_code}", response=LiveOut)
def live_figure(
    request: HttpRequest,
    indicator_code: str,
    org: str = "",
    by: str = "province",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    """A registered indicator computed now from live data for ``org``'s subtree (default: the
    caller's highest organisation with live figures), broken down by province or institution.
    Counts add up; percentages are averaged over institutions. An organisation out of reach,
    an unknown indicator or breakdown is 404."""
    actor = _actor(request)
    root = access_live_root(actor, org) if org else live.default_live_root(actor)
    if root is None or by not in live.BREAKDOWNS or live.live_indicator(indicator_code) is None:
        raise Http404
    figure = live.live_figure(
        actor=actor, code=indicator_code, root=root, by=by, start=start, end=end
    )
    return {
        "indicator_code": indicator_code,
        "indicator_name": str(figure.indicator.name),
        "unit": str(figure.indicator.unit),
        "org_id": root.pk,
        "org_name": root.name,
        "by": by,
        "start": figure.start,
        "end": figure.end,
        "aggregation": "mean" if figure.is_ratio else "sum",
        "value": figure.total,
        "institutions": figure.institutions,
        "breakdown": figure.parts,
        "rows": [
            {
                "organisation_id": r.organisation_id,
                "name": r.label,
                "level": r.kind,
                "institutions": r.institutions,
                "value": r.value,
                "breakdown": r.parts,
            }
            for r in figure.rows
        ],
        "computed_at": figure.computed_at,
    }
