"""Guidance endpoints: the inventory's items, scoring with recommendations, interest codes."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from opentvet.api.base import Schema
from opentvet.catalogue.models import Occupation
from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind
from opentvet.guidance import services
from opentvet.guidance.inventory import ITEMS
from opentvet.guidance.recommend import interest_code_map, recommend
from opentvet.guidance.scoring import holland_code, score

router = Router(tags=["guidance"])


class ItemOut(Schema):
    key: str
    type: str
    text: str


class ScoreIn(Schema):
    answers: dict[str, int]
    education_level: str = ""
    province: int | None = None


class RecommendationOut(Schema):
    occupation_code: str
    occupation: str
    riasec: str
    score: float
    reasons: list[str]


class ScoreOut(Schema):
    code: str
    scores: dict[str, int]
    recommendations: list[RecommendationOut]


class CodeOut(Schema):
    occupation_code: str
    code: str


class CodeIn(Schema):
    code: str
    note: str = ""


@router.get("/items", response=list[ItemOut], auth=None)
def items(request: HttpRequest) -> Any:
    return [{"key": i.key, "type": i.type, "text": i.text} for i in ITEMS]


@router.post("/score", response=ScoreOut, auth=None)
def score_answers(request: HttpRequest, payload: ScoreIn) -> Any:
    """Score answers (0–2 per item) without storing them; unanswered items count 0."""
    scores = score(payload.answers)
    recs = recommend(scores, education_level=payload.education_level, province_id=payload.province)
    return {
        "code": holland_code(scores),
        "scores": scores,
        "recommendations": [
            {
                "occupation_code": r.occupation.code,
                "occupation": r.occupation.name,
                "riasec": r.riasec,
                "score": r.score,
                "reasons": r.reasons,
            }
            for r in recs
        ],
    }


@router.get("/occupation-codes", response=list[CodeOut], auth=None)
def codes(request: HttpRequest) -> Any:
    return [{"occupation_code": k, "code": v} for k, v in sorted(interest_code_map().items())]


@router.put("/occupation-codes/{occupation_code}", response=CodeOut)
def set_code(request: HttpRequest, occupation_code: str, payload: CodeIn) -> Any:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    authority = Organisation.objects.filter(kind=OrgKind.NATIONAL_AUTHORITY).order_by("pk").first()
    occupation = Occupation.objects.filter(code=occupation_code[:7]).first()
    if (
        authority is None
        or occupation is None
        or not actor.can(services.INTEREST_EDIT_PERM, authority.path)
    ):
        raise Http404
    interest = services.interest_code_set(
        actor=actor,
        authority=authority,
        occupation=occupation,
        code=payload.code,
        note=payload.note,
    )
    return {"occupation_code": occupation.code, "code": interest.code}
