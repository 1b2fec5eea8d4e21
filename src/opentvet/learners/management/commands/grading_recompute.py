"""``opentvet grading_recompute [--dry-run] [--institution CODE]``: recompute stored grades.

Lists, per learner, what recomputing module results and diploma register lines under the dated
grading rules (Thông tư 04/2022/TT-BLĐTBXH) changes; without ``--dry-run`` applies it through
``learners.recompute.grading_recompute_apply`` (audited, as the system).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opentvet.core.models import Organisation
from opentvet.core.scopes import scopes_disabled
from opentvet.learners.models import Student
from opentvet.learners.recompute import (
    RecomputePlan,
    grading_recompute_apply,
    grading_recompute_plan,
)


def describe(plan: RecomputePlan) -> list[str]:
    """The plan as lines of text (the command's output; the page shows the same)."""
    lines = [
        f"{plan.institution.code} {plan.institution.name}: "
        f"{plan.result_count}/{plan.checked_results} kết quả, "
        f"{plan.diploma_count}/{plan.checked_diplomas} dòng sổ gốc thay đổi"
    ]
    for learner in plan.learners:
        lines.append(f"  {learner.student.code} {learner.student.full_name}")
        for change in learner.results:
            module = change.result.offering.module
            text = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in change.changes)
            lines.append(f"    {module.code} {module.name}: {text}")
        if learner.diploma is not None:
            text = "; ".join(
                f"{c.field}: {c.before} → {c.after}"
                for c in learner.diploma.changes
                if c.field != "classification_basis"
            )
            lines.append(
                f"    sổ gốc {learner.diploma.entry.register_number}: {text or '(căn cứ)'}"
            )
    return lines


class Command(BaseCommand):
    help = "Tính lại điểm chữ, điểm 4, xếp loại tốt nghiệp theo quy định đang áp dụng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê thay đổi")
        parser.add_argument("--institution", default="", help="mã cơ sở (mặc định: tất cả)")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            ids = Student.all_objects.values_list("institution_id", flat=True).distinct()
            institutions = Organisation.objects.filter(pk__in=ids).order_by("code")
            if options["institution"]:
                institutions = institutions.filter(code=options["institution"])
                if not institutions:
                    raise CommandError(f"Không có cơ sở {options['institution']}")
            for institution in institutions:
                if options["dry_run"]:
                    plan = grading_recompute_plan(actor=None, institution=institution)
                else:
                    plan = grading_recompute_apply(actor=None, institution=institution)
                for line in describe(plan):
                    self.stdout.write(line)
            if options["dry_run"]:
                self.stdout.write("Chạy thử: chưa ghi thay đổi nào.")
