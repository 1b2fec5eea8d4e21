"""Results: who teaches which module to which class, the scores, changes after lock, conduct."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opentvet.learners import grading
from opentvet.learners.models.base import TenantRow
from opentvet.learners.models.students import ClassGroup, Student


def default_components() -> list[dict[str, object]]:
    return [dict(c) for c in grading.DEFAULT_COMPONENTS]


class ModuleOffering(TenantRow):
    """A module of the class's programme taught to the class (phân công giảng dạy).

    ``teacher`` enters the grades until ``grade_deadline``; ``locked_at`` closes entry, after
    which a change needs an approved ``GradeChange``.
    """

    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="offerings")
    module = models.ForeignKey(
        "programmes.ProgrammeModule",
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("mô-đun/môn học"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teaching_offerings",
        verbose_name=_("nhà giáo giảng dạy"),
    )
    school_year = models.CharField(_("năm học"), max_length=9, default="")
    term = models.PositiveSmallIntegerField(_("học kỳ"), default=1)
    components = models.JSONField(_("thành phần điểm"), default=default_components)
    planned_hours = models.PositiveSmallIntegerField(_("số giờ theo kế hoạch"), default=0)
    grade_deadline = models.DateField(_("hạn nhập điểm"), null=True, blank=True)
    locked_at = models.DateTimeField(_("khóa điểm lúc"), null=True, blank=True, editable=False)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantRow.Meta):
        ordering = ["class_group_id", "term", "module__order"]
        verbose_name = _("phân công giảng dạy")
        verbose_name_plural = _("phân công giảng dạy")
        constraints = [
            models.UniqueConstraint(fields=["class_group", "module"], name="offering_unique")
        ]

    def __str__(self) -> str:
        return f"{self.module} — {self.class_group.code}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class ModuleResult(TenantRow):
    """One learner's scores in one offering and the derived grade."""

    offering = models.ForeignKey(ModuleOffering, on_delete=models.CASCADE, related_name="results")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="results")
    scores = models.JSONField(default=dict, blank=True)
    resit_exam = models.DecimalField(
        _("điểm thi lại"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    final_score = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    grade_point = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    letter = models.CharField(max_length=2, blank=True)
    passed = models.BooleanField(null=True)
    # Credits and term copied from the offering so GPA queries need no joins.
    credits = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TenantRow.Meta):
        ordering = ["offering_id", "student__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "student"], name="result_unique")
        ]

    def __str__(self) -> str:
        # Shown in histories (audit object_repr): words, not "25 @ 26: 5.9"; the learner's
        # name when it is already loaded (no query from here).
        from opentvet.core.numbers import format_vn

        cached = self._state.fields_cache.get("student")
        who = cached.full_name if cached is not None else f"#{self.student_id}"
        score = format_vn(self.final_score) if self.final_score is not None else "—"
        return _("Kết quả của người học %(who)s, học phần #%(offering)s: %(score)s") % {
            "who": who,
            "offering": self.offering_id,
            "score": score,
        }

    @property
    def had_resit(self) -> bool:
        return self.resit_exam is not None


class GradeChange(TenantRow):
    """A request to change a locked result; applied only when approved (duyệt sửa điểm)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Từ chối")

    result = models.ForeignKey(ModuleResult, on_delete=models.CASCADE, related_name="changes")
    new_scores = models.JSONField(default=dict)
    new_resit_exam = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantRow.Meta):
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.result_id} ({self.state})"


class ConductRating(TenantRow):
    """Conduct rating (đánh giá kết quả rèn luyện) of one learner for one term."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="conduct")
    school_year = models.CharField(_("năm học"), max_length=9)
    term = models.PositiveSmallIntegerField(_("học kỳ"), default=1)
    points = models.PositiveSmallIntegerField(_("điểm rèn luyện"))
    rating = models.CharField(
        _("xếp loại"), max_length=10, choices=grading.CONDUCT_CHOICES, editable=False
    )

    class Meta(TenantRow.Meta):
        ordering = ["student_id", "school_year", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year", "term"], name="conduct_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student_id} {self.school_year}/{self.term}: {self.points}"
