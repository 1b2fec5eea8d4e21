"""Excel imports of learners (with their class: the enrolment) and of results.

Both run through ``core.tabular`` (every row validated, errors as row/column/value/reason in
Vietnamese, all rows or none, a background job with progress). What makes the student import
fast (``bench/bench_import.py``): look-ups (provinces, wards, classes, existing codes and CCCD
numbers) are loaded once; each valid row keeps only the parsed values; rows are written with
one parameterised INSERT per batch (``executemany``), the values already clean; the audit log
gets one entry for the import with its counts (written by ``run_import``) instead of one per row.
The results import uses ``bulk_create``/``bulk_update`` (smaller files).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.tabular.columns import (
    CellError,
    Choice,
    CitizenId,
    Column,
    Date,
    DecimalNumber,
    Email,
    Lookup,
    Phone,
    Text,
    lookup_mapping,
)
from opentvet.core.tabular.importer import (
    ImportIssue,
    ImportRefused,
    ImportRow,
    ImportSpec,
    Progress,
    RowError,
    register_import,
)
from opentvet.core.text import fold
from opentvet.learners.access import can_at
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import ClassGroup, ModuleOffering, ModuleResult, Student
from opentvet.learners.models.students import Gender, PolicyGroup
from opentvet.learners.rules import RulesCache


def _check_target(actor: Actor, organisation: Organisation, perm: str) -> None:
    if not can_at(actor, perm, organisation):
        raise PermissionError(perm)
    if organisation.kind != OrgKind.INSTITUTION:
        raise ImportRefused(_("Chỉ nhập người học vào một cơ sở GDNN."))


def _province_keys(province: Any) -> list[str]:
    short = province.name
    for prefix in ("Thành phố ", "Tỉnh "):
        short = short.removeprefix(prefix)
    return [province.code, province.name, short, province.codename]


@register_import("learners_students")
class StudentImport(ImportSpec):
    """Learners of one institution, each optionally placed in a class (the enrolment)."""

    title = gettext_lazy("người học")
    sheet_title = gettext_lazy("Người học")
    model = Student
    unique_keys = ("code", "citizen_id")
    batch_size = 2000
    columns = [
        Column(
            "code",
            gettext_lazy("Mã người học"),
            required=True,
            parser=Text(30),
            example="CD25CNTT001",
        ),
        Column(
            "full_name",
            gettext_lazy("Họ và tên"),
            required=True,
            parser=Text(150),
            example="Nguyễn Thị Lan",
        ),
        Column(
            "date_of_birth",
            gettext_lazy("Ngày sinh"),
            required=True,
            parser=Date(min_value=dt.date(1940, 1, 1)),
            example=dt.date(2007, 5, 12),
        ),
        Column(
            "gender",
            gettext_lazy("Giới tính"),
            required=True,
            parser=Choice(Gender.choices),
            example="Nữ",
        ),
        Column(
            "ethnicity",
            gettext_lazy("Dân tộc"),
            parser=Text(50),
            example="Kinh",
            help=gettext_lazy("Để trống: Kinh."),
        ),
        Column(
            "citizen_id",
            gettext_lazy("Số CCCD"),
            required=True,
            parser=CitizenId(),
            example="096307001234",
            help=gettext_lazy("Định dạng ô là Văn bản để giữ số 0 ở đầu."),
        ),
        Column(
            "province",
            gettext_lazy("Tỉnh/thành phố"),
            parser=Lookup(
                "provinces",
                reason=gettext_lazy(
                    "Không có tỉnh/thành phố này (34 tỉnh, thành phố từ 01/7/2025)."
                ),
                description=gettext_lazy("Tên hoặc mã tỉnh/thành phố hiện hành"),
            ),
            example="Cà Mau",
        ),
        Column(
            "ward",
            gettext_lazy("Xã/phường"),
            parser=Text(100),
            example="Phường Bạc Liêu",
            help=gettext_lazy("Tên hoặc mã xã/phường thuộc tỉnh/thành phố ở cột trước."),
        ),
        Column(
            "street_address",
            gettext_lazy("Địa chỉ"),
            parser=Text(255),
            example="Số 5 đường Trần Phú",
        ),
        Column("phone", gettext_lazy("Điện thoại"), parser=Phone(), example="0912345678"),
        Column("email", gettext_lazy("Email"), parser=Email(), example="lan@example.vn"),
        Column(
            "policy_groups",
            gettext_lazy("Đối tượng chính sách"),
            parser=Text(255),
            help=gettext_lazy("Có thể ghi nhiều đối tượng, cách nhau bằng dấu chấm phẩy (;)."),
        ),
        Column(
            "class_group",
            gettext_lazy("Mã lớp"),
            parser=Lookup(
                "classes",
                reason=gettext_lazy("Không có lớp với mã này trong trường."),
                description=gettext_lazy("Mã lớp đã mở trong hệ thống"),
            ),
            help=gettext_lazy("Xếp người học vào lớp (nhập học). Để trống nếu chưa xếp lớp."),
        ),
        Column("enrolled_on", gettext_lazy("Ngày nhập học"), parser=Date()),
    ]

    def prepare(self, actor: Actor, organisation: Organisation) -> None:
        _check_target(actor, organisation, "student.change")
        self.actor = actor
        self.organisation = organisation
        from opentvet.catalogue.models import Province, Ward

        provinces = list(Province.objects.all())
        self.lookups["provinces"] = lookup_mapping(
            provinces, *(lambda p, i=i: _province_keys(p)[i] for i in range(4))
        )
        wards_by_name: dict[tuple[int, str], int | None] = {}
        wards_by_code: dict[str, tuple[int, int]] = {}
        for ward_id, province_id, name in Ward.objects.values_list("code", "province_id", "name"):
            key = (province_id, fold(name))
            wards_by_name[key] = None if key in wards_by_name else ward_id
            short = fold(name.split(" ", 1)[1]) if " " in name else ""
            if short:
                skey = (province_id, short)
                wards_by_name.setdefault(skey, ward_id)
            wards_by_code[str(ward_id)] = (ward_id, province_id)
        self.wards_by_name = wards_by_name
        self.wards_by_code = wards_by_code
        classes = ClassGroup.all_objects.filter(institution=organisation).values_list(
            "pk", "code", "programme_version_id"
        )
        self.class_versions = {pk: version for pk, _code, version in classes}
        self.lookups["classes"] = {fold(code): pk for pk, code, _v in classes}
        self.policy_labels = {fold(str(label)): code for code, label in PolicyGroup.choices}
        self.policy_labels.update({code: code for code in PolicyGroup.values})
        self.today = timezone.localdate()

    def clean_row(self, values: dict[str, Any]) -> dict[str, Any]:
        if values["date_of_birth"] > self.today:
            raise RowError(_("Ngày sinh ở tương lai."), "date_of_birth", values["date_of_birth"])
        ward = values["ward"]
        if ward:
            province = values["province"]
            found = self.wards_by_code.get(ward)
            if found is not None:
                if province is not None and found[1] != province.code:
                    raise RowError(_("Xã/phường không thuộc tỉnh/thành phố đã ghi."), "ward", ward)
                values["ward"] = found[0]
            elif province is None:
                raise RowError(_("Ghi tỉnh/thành phố để tìm xã/phường theo tên."), "ward", ward)
            else:
                ward_id = self.wards_by_name.get((province.code, fold(ward)), 0)
                if ward_id == 0:
                    raise RowError(_("Không có xã/phường này trong tỉnh/thành phố."), "ward", ward)
                if ward_id is None:
                    raise RowError(
                        _("Có nhiều xã/phường trùng tên này; hãy nhập mã."), "ward", ward
                    )
                values["ward"] = ward_id
        else:
            values["ward"] = None
        policy = values["policy_groups"]
        if policy:
            codes = []
            for raw_part in policy.split(";"):
                part = raw_part.strip()
                if not part:
                    continue
                code = self.policy_labels.get(fold(part))
                if code is None:
                    raise RowError(
                        _("Không có đối tượng chính sách “%(p)s”.") % {"p": part},
                        "policy_groups",
                        policy,
                    )
                codes.append(code)
            values["policy_groups"] = codes
        else:
            values["policy_groups"] = []
        if not values["ethnicity"]:
            values["ethnicity"] = "Kinh"
        return values

    def existing_keys(self, key: str, values: list[Any]) -> set[Any]:
        if key == "code":
            # Codes are unique per institution; CCCD numbers nationwide (the default check).
            found: set[Any] = set()
            for start in range(0, len(values), 5000):
                found.update(
                    Student.all_objects.filter(
                        institution=self.organisation, code__in=values[start : start + 5000]
                    ).values_list("code", flat=True)
                )
            return found
        return super().existing_keys(key, values)

    def write(
        self, rows: list[ImportRow], actor: Actor, organisation: Organisation, progress: Progress
    ) -> int:
        if not can_at(actor, "student.change", organisation):
            raise PermissionError("student.change")
        # One parameterised INSERT run with executemany per batch: the ORM's bulk_create spends
        # most of its time preparing 20 values per row through every field (see the module
        # docstring); the values here are already clean, so only dates and JSON are adapted.
        ops = connection.ops
        table = connection.ops.quote_name(Student._meta.db_table)
        names = ", ".join(ops.quote_name(c) for c in _STUDENT_COLUMNS)
        marks = ", ".join(["%s"] * len(_STUDENT_COLUMNS))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        date = ops.adapt_datefield_value
        now = ops.adapt_datetimefield_value(timezone.now())
        today = date(self.today)
        versions = self.class_versions
        institution_id = organisation.pk
        written = 0
        total = len(rows)
        with connection.cursor() as cursor:
            for batch in self.batches(rows, self.batch_size):
                params = []
                for row in batch:
                    v = row.values
                    province = v["province"]
                    class_id = v["class_group"]
                    params.append(
                        (
                            institution_id,
                            v["code"],
                            v["full_name"],
                            fold(v["full_name"]),
                            date(v["date_of_birth"]),
                            v["gender"],
                            v["ethnicity"],
                            v["citizen_id"],
                            province.code if province is not None else None,
                            v["ward"],
                            v["street_address"],
                            v["phone"],
                            v["email"],
                            json.dumps(v["policy_groups"]),
                            class_id,
                            versions.get(class_id) if class_id else None,
                            date(v["enrolled_on"] or self.today) if class_id else None,
                            Status.STUDYING.value,
                            today,
                            False,
                            "{}",
                            now,
                        )
                    )
                cursor.executemany(sql, params)
                written += len(params)
                progress(
                    written * 100 // total,
                    _("Đã ghi %(n)d/%(total)d người học") % {"n": written, "total": total},
                )
        return written


#: Columns written by the student import, in the order of the values above.
_STUDENT_COLUMNS = (
    "institution_id",
    "code",
    "full_name",
    "search_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "citizen_id",
    "province_id",
    "ward_id",
    "street_address",
    "phone",
    "email",
    "policy_groups",
    "class_group_id",
    "programme_version_id",
    "enrolled_on",
    "status",
    "status_since",
    "disciplined",
    "graduation_exam",
    "created_at",
)


_SCORE = DecimalNumber(decimal_places=1, min_value=0, max_value=10)


@register_import("learners_results")
class ResultImport(ImportSpec):
    """Module results of the institution's classes; each row is a learner in one module."""

    title = gettext_lazy("kết quả học tập")
    sheet_title = gettext_lazy("Kết quả học tập")
    batch_size = 2000
    columns = [
        Column(
            "class_code",
            gettext_lazy("Mã lớp"),
            required=True,
            parser=Text(30),
            example="CD25CNTT1",
        ),
        Column(
            "module_code",
            gettext_lazy("Mã mô-đun/môn học"),
            required=True,
            parser=Text(20),
            example="MĐ01",
        ),
        Column(
            "student_code",
            gettext_lazy("Mã người học"),
            required=True,
            parser=Text(30),
            example="CD25CNTT001",
        ),
        Column(
            "cc",
            gettext_lazy("Điểm trung bình kiểm tra"),
            required=True,
            parser=_SCORE,
            example=7.5,
        ),
        Column("thi", gettext_lazy("Điểm thi kết thúc"), required=True, parser=_SCORE, example=8),
        Column(
            "resit",
            gettext_lazy("Điểm thi lại"),
            parser=_SCORE,
            help=gettext_lazy("Chỉ ghi khi điểm lần đầu chưa đạt."),
        ),
    ]

    @functools.cached_property
    def rules(self) -> RulesCache:
        """Grading rules per class start (Thông tư 04/2022 as dated data), read once per import."""
        return RulesCache()

    def prepare(self, actor: Actor, organisation: Organisation) -> None:
        _check_target(actor, organisation, "results.manage")
        self.actor = actor
        self.organisation = organisation
        offerings = ModuleOffering.all_objects.filter(institution=organisation).select_related(
            "class_group", "module"
        )
        self.offerings = {(fold(o.class_group.code), fold(o.module.code)): o for o in offerings}
        self.students = {
            (class_id, fold(code)): pk
            for pk, code, class_id in Student.all_objects.filter(
                institution=organisation, class_group__isnull=False
            ).values_list("pk", "code", "class_group_id")
        }
        self.today = timezone.localdate()

    def clean_row(self, values: dict[str, Any]) -> dict[str, Any]:
        offering = self.offerings.get((fold(values["class_code"]), fold(values["module_code"])))
        if offering is None:
            raise RowError(
                _("Lớp chưa được phân công mô-đun/môn học này."),
                "module_code",
                values["module_code"],
            )
        from opentvet.learners.services import offering_closed

        if offering_closed(offering, self.today):
            raise RowError(
                _("Đã khóa điểm mô-đun này của lớp."), "module_code", values["module_code"]
            )
        student_id = self.students.get((offering.class_group_id, fold(values["student_code"])))
        if student_id is None:
            raise RowError(
                _("Người học không thuộc lớp này."), "student_code", values["student_code"]
            )
        scores = {"cc": values["cc"], "thi": values["thi"]}
        resit = values["resit"]
        rules = self.rules.for_offering(offering)
        first = rules.final_score(offering.components, scores)
        if resit is not None and first is not None and rules.grade(first).passed:
            raise RowError(_("Chỉ thi lại khi điểm lần đầu chưa đạt."), "resit", resit)
        return {"offering": offering, "student_id": student_id, "scores": scores, "resit": resit}

    def check_rows(self, rows: list[ImportRow]) -> list[ImportIssue]:
        seen: dict[tuple[int, int], int] = {}
        issues = []
        header = str(self.columns[2].header)
        for row in rows:
            key = (row.values["offering"].pk, row.values["student_id"])
            if key in seen:
                issues.append(
                    ImportIssue(
                        row.number,
                        header,
                        "",
                        _("Trùng với dòng %(row)d trong tệp.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row.number
        return issues

    def write(
        self, rows: list[ImportRow], actor: Actor, organisation: Organisation, progress: Progress
    ) -> int:
        if not can_at(actor, "results.manage", organisation):
            raise PermissionError("results.manage")
        existing = {
            (r.offering_id, r.student_id): r
            for r in ModuleResult.all_objects.filter(institution=organisation)
        }
        created, updated = [], []
        for row in rows:
            v = row.values
            offering = v["offering"]
            result = existing.get((offering.pk, v["student_id"]))
            if result is None:
                result = ModuleResult(
                    institution_id=organisation.pk, offering=offering, student_id=v["student_id"]
                )
                created.append(result)
            else:
                updated.append(result)
            scores: dict[str, Decimal | None] = v["scores"]
            rules = self.rules.for_offering(offering)
            final = rules.final_score(offering.components, scores, v["resit"])
            result.scores = {k: str(s) for k, s in scores.items()}
            result.resit_exam = v["resit"]
            result.credits = offering.module.credits
            if final is None:  # pragma: no cover - both components are required
                raise CellError(_("Thiếu điểm."))
            outcome = rules.grade(final)
            result.final_score, result.grade_point = outcome.final, outcome.point
            result.letter, result.passed = outcome.letter, outcome.passed
        ModuleResult.all_objects.bulk_create(created, batch_size=self.batch_size)
        ModuleResult.all_objects.bulk_update(
            updated,
            ["scores", "resit_exam", "final_score", "grade_point", "letter", "passed", "credits"],
            batch_size=self.batch_size,
        )
        progress(100, _("Đã ghi %(n)d kết quả") % {"n": len(rows)})
        return len(rows)
