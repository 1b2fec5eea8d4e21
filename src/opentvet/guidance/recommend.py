"""Occupation recommendations from an interest profile, each with a plain explanation.

Ranking (weights are documented here, shown to users as reasons, not hidden):

- interest fit, 60 %: the person's scores on the occupation's RIASEC letters (``scoring.fit``);
- education level: THCS graduates are shown trung cấp programmes only — cao đẳng admits upper-
  secondary graduates (Luật GDNN 74/2014/QH13, Điều 33 and 45 **(confirm)**; the law in force on a
  date is the rule ``law.vet``: Law 124/2025/QH15 replaces 74/2014);
- province, 15 %: programmes of the occupation in the person's province;
- labour market, 25 %: graduates' employment rate from tracer surveys (learners app) and job
  openings recorded by institutions and partner enterprises (``DemandSignal``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.admissions import integration
from opentvet.catalogue.models import Occupation
from opentvet.guidance.inventory import TYPE_NAMES
from opentvet.guidance.models import DemandSignal, OccupationInterest
from opentvet.guidance.scoring import fit

W_FIT, W_PROVINCE, W_MARKET = 0.60, 0.15, 0.25


@dataclass
class Recommendation:
    occupation: Occupation
    riasec: str
    score: float
    fit: float
    reasons: list[str] = field(default_factory=list)
    programmes: int = 0
    programmes_in_province: int = 0


def interest_code_map() -> dict[str, str]:
    """Code per catalogue entry: edited codes first, then the catalogue's seed column."""
    codes = dict(Occupation.objects.exclude(riasec="").values_list("code", "riasec"))
    codes.update(OccupationInterest.objects.values_list("occupation_id", "code"))
    return codes


def effective_code(code: str, codes: Mapping[str, str]) -> str:
    for prefix in (code, code[:5], code[:3]):
        if codes.get(prefix):
            return codes[prefix]
    return ""


def recommend(
    scores: Mapping[str, int],
    *,
    education_level: str = "",
    province_id: int | None = None,
    limit: int = 10,
) -> list[Recommendation]:
    codes = interest_code_map()
    occupations = Occupation.objects.filter(level=4, is_active=True)
    if education_level == "thcs":
        occupations = occupations.filter(code__startswith="5")
    versions = integration.published_versions()
    offered = {
        row["programme__occupation_id"]: row
        for row in versions.values("programme__occupation_id")
        .annotate(
            n=Count("pk"),
            local=Count("pk", filter=Q(institution__province_id=province_id or -1)),
        )
        .order_by()
    }
    if offered:
        occupations = occupations.filter(code__in=list(offered))
    year = timezone.localdate().year
    demand = dict(
        DemandSignal.all_objects.filter(year__gte=year - 1)
        .values_list("occupation_id")
        .annotate(n=Sum("openings"))
        .order_by()
    )
    programme_ids = defaultdict(list)
    for pid, occ in versions.values_list("programme_id", "programme__occupation_id"):
        programme_ids[occ].append(pid)
    outcomes = integration.employment_outcomes(
        sorted({p for ps in programme_ids.values() for p in ps})
    )

    result: list[Recommendation] = []
    for occupation in occupations:
        code = effective_code(occupation.code, codes)
        f = fit(scores, code)
        if not code or f <= 0:
            continue
        top = sorted(code, key=lambda c: -scores.get(c, 0))
        reasons = [
            _("Ngành thuộc nhóm sở thích %(code)s; bạn đạt %(pct)d%% ở nhóm %(type)s.")
            % {"code": code, "pct": scores.get(top[0], 0), "type": TYPE_NAMES[top[0]]}
        ]
        info = offered.get(occupation.code, {})
        local = int(info.get("local", 0))
        province_part = 1.0 if local else 0.0
        if local:
            reasons.append(_("Có %(n)d chương trình đào tạo ngay tại tỉnh của bạn.") % {"n": local})
        rates = [
            float(outcomes[p].employment_rate)
            for p in programme_ids.get(occupation.code, [])
            if p in outcomes and outcomes[p].employment_rate is not None
        ]
        market = 0.0
        if rates:
            rate = sum(rates) / len(rates)
            market += 0.6 * rate / 100
            reasons.append(
                _("Tỷ lệ người tốt nghiệp có việc làm khoảng %(rate)d%%.") % {"rate": round(rate)}
            )
        openings = int(demand.get(occupation.code, 0))
        if openings:
            market += 0.4 * min(1.0, math.log10(1 + openings) / 3)
            reasons.append(
                _("Doanh nghiệp và nhà trường đã ghi nhận %(n)d vị trí cần tuyển.")
                % {"n": openings}
            )
        if education_level == "thcs":
            reasons.append(_("Phù hợp người tốt nghiệp THCS (trình độ trung cấp)."))
        total = W_FIT * f + W_PROVINCE * province_part + W_MARKET * market
        result.append(
            Recommendation(
                occupation=occupation,
                riasec=code,
                score=round(100 * total, 1),
                fit=f,
                reasons=reasons,
                programmes=int(info.get("n", 0)),
                programmes_in_province=local,
            )
        )
    result.sort(key=lambda r: (-r.score, r.occupation.code))
    return result[:limit]
