"""Excel in for staff and qualifications, on the one import mechanism (``core.tabular``).

Both write all rows or none (``run_import``), with row-level Vietnamese errors. The write is a
bulk version of ``services.staff_member_create`` / ``qualification_add`` with the same rules and
one ``<verb>`` audit entry per row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opentvet.core.access import Actor
from opentvet.core.audit import snapshot
from opentvet.core.models import AuditEntry, Organisation, OrgKind
from opentvet.core.tabular.columns import (
    Choice,
    CitizenId,
    Column,
    Date,
    DecimalNumber,
    Email,
    Integer,
    Lookup,
    Phone,
    Text,
    lookup_mapping,
)
from opentvet.core.tabular.importer import (
    ImportRefused,
    ImportRow,
    ImportSpec,
    Progress,
    RowError,
    register_import,
)
from opentvet.core.text import fold
from opentvet.staff.models import (
    QUALIFICATION_LEVELS,
    ContractType,
    ProfessionalTitle,
    Qualification,
    QualificationKind,
    StaffCategory,
    StaffMember,
    TeachingKind,
    TitleHistory,
    TrainingLevelCode,
)


def _audit_rows(actor: Actor, institution: Organisation, verb: str, instances: list[Any]) -> None:
    now = timezone.now()
    AuditEntry.all_objects.bulk_create(
        [
            AuditEntry(
                at=now,
                actor=actor.user,
                actor_label=str(actor.user),
                organisation=institution,
                organisation_path=institution.path,
                action=AuditEntry.Action.CREATE,
                verb=verb,
                object_type=i._meta.label_lower,
                object_id=str(i.pk),
                object_repr=str(i)[:255],
                changes={
                    k: [None, v] for k, v in snapshot(i).items() if v not in (None, "", [], {})
                },
            )
            for i in instances
        ]
    )


def _refuse_non_institution(organisation: Organisation) -> None:
    if organisation.kind != OrgKind.INSTITUTION:
        raise ImportRefused(_("Chỉ nhập nhân sự vào một cơ sở GDNN."))


@register_import("staff")
class StaffImport(ImportSpec):
    title = gettext_lazy("nhà giáo, cán bộ")
    sheet_title = gettext_lazy("Nhân sự")
    permission = "staff.change"
    unique_keys = ("code",)
    columns = [
        Column("code", gettext_lazy("Mã cán bộ"), required=True, parser=Text(30), example="GV001"),
        Column(
            "full_name",
            gettext_lazy("Họ và tên"),
            required=True,
            parser=Text(150),
            example="Nguyễn Văn An",
        ),
        Column(
            "category",
            gettext_lazy("Loại cán bộ"),
            required=True,
            parser=Choice(StaffCategory.choices),
            example=StaffCategory.TEACHER.label,
        ),
        Column(
            "unit",
            gettext_lazy("Đơn vị"),
            parser=Lookup(
                "units",
                reason=gettext_lazy("Không có đơn vị này trong cơ sở."),
                description=gettext_lazy("Tên hoặc mã đơn vị trực thuộc"),
            ),
            example="Khoa Công nghệ thông tin",
        ),
        Column("position", gettext_lazy("Chức vụ"), parser=Text(120)),
        Column(
            "contract_type",
            gettext_lazy("Loại hợp đồng"),
            required=True,
            parser=Choice(ContractType.choices),
            example=ContractType.CIVIL_SERVANT.label,
        ),
        Column(
            "teaching_level",
            gettext_lazy("Trình độ giảng dạy"),
            parser=Choice(TrainingLevelCode.choices),
            help=gettext_lazy("Bắt buộc với nhà giáo."),
            example=TrainingLevelCode.CAO_DANG.label,
        ),
        Column(
            "teaching_kind",
            gettext_lazy("Loại giảng dạy"),
            parser=Choice(TeachingKind.choices),
            example=TeachingKind.INTEGRATED.label,
        ),
        Column(
            "title",
            gettext_lazy("Mã chức danh"),
            parser=Lookup(
                "titles",
                reason=gettext_lazy("Không có mã chức danh nghề nghiệp này."),
                description=gettext_lazy("Mã số chức danh, ví dụ V.09.02.03"),
            ),
            example="V.09.02.03",
        ),
        Column(
            "title_since",
            gettext_lazy("Giữ chức danh từ"),
            parser=Date(),
            help=gettext_lazy("Bắt buộc khi có mã chức danh."),
            example=dt.date(2020, 9, 1),
        ),
        Column("start_date", gettext_lazy("Ngày vào làm"), parser=Date()),
        Column("email", gettext_lazy("Thư điện tử"), parser=Email()),
        Column("phone", gettext_lazy("Điện thoại"), parser=Phone()),
        Column("date_of_birth", gettext_lazy("Ngày sinh"), parser=Date()),
        Column("citizen_id", gettext_lazy("Số CCCD"), parser=CitizenId()),
        Column(
            "salary_coefficient",
            gettext_lazy("Hệ số lương"),
            parser=DecimalNumber(decimal_places=2, min_value=1, max_value=10),
        ),
    ]

    def examples_for(self, organisation: Organisation) -> dict[str, Any]:
        unit = Organisation.objects.filter(parent=organisation, kind=OrgKind.UNIT).first()
        return {"unit": unit.name if unit else ""}

    def prepare(self, actor: Actor, organisation: Organisation) -> None:
        super().prepare(actor, organisation)
        _refuse_non_institution(organisation)
        units = list(Organisation.objects.filter(parent=organisation, kind=OrgKind.UNIT))
        self.lookups["units"] = lookup_mapping(units, lambda u: u.code, lambda u: u.name)
        self.lookups["titles"] = lookup_mapping(
            list(ProfessionalTitle.objects.all()), lambda t: t.code
        )

    def existing_keys(self, key: str, values: list[Any]) -> set[Any]:
        assert self.organisation is not None
        return set(
            StaffMember.all_objects.filter(
                institution=self.organisation, code__in=values
            ).values_list("code", flat=True)
        )

    def clean_row(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("category") == StaffCategory.TEACHER and not values.get("teaching_level"):
            raise RowError(_("Nhà giáo cần có trình độ giảng dạy."), "teaching_level")
        title = values.get("title")
        if title is not None and not values.get("title_since"):
            raise RowError(_("Cần ngày bổ nhiệm chức danh."), "title_since")
        coefficient = values.get("salary_coefficient")
        if title is not None and title.coefficient_out_of_range(coefficient):
            raise RowError(
                _("Hệ số lương của chức danh %(code)s từ %(lo)s đến %(hi)s.")
                % {
                    "code": title.code,
                    "lo": title.coefficient_min,
                    "hi": title.coefficient_max,
                },
                "salary_coefficient",
                coefficient,
            )
        return values

    def write(
        self, rows: list[ImportRow], actor: Actor, organisation: Organisation, progress: Progress
    ) -> int:
        if not actor.can("staff.change", organisation.path):
            raise PermissionError("staff.change")
        written = 0
        for batch in self.batches(rows, self.batch_size):
            members = []
            for row in batch:
                member = StaffMember(institution=organisation, **row.values)
                member.search_name = fold(f"{member.full_name} {member.code}")
                members.append(member)
            StaffMember.all_objects.bulk_create(members)
            TitleHistory.all_objects.bulk_create(
                [
                    TitleHistory(staff=m, title=m.title, effective_date=m.title_since)
                    for m in members
                    if m.title_id and m.title_since
                ]
            )
            _audit_rows(actor, organisation, "staff_member_create", members)
            written += len(members)
            progress(written * 100 // len(rows), _("Đã ghi %(n)d dòng") % {"n": written})
        return written


_KIND_RANK_HELP = gettext_lazy(
    "Văn bằng: 1 trung cấp, 2 cao đẳng, 3 đại học, 4 thạc sĩ, 5 tiến sĩ. Sư phạm: 1 sơ cấp, "
    "2 trung cấp, 3 cao đẳng. Kỹ năng nghề: bậc 1–5. Ngoại ngữ: bậc 1–6. Tin học: 1 cơ bản, "
    "2 nâng cao."
)


@register_import("staff_qualifications")
class QualificationImport(ImportSpec):
    title = gettext_lazy("văn bằng, chứng chỉ")
    sheet_title = gettext_lazy("Văn bằng, chứng chỉ")
    permission = "staff.change"
    columns = [
        Column(
            "staff",
            gettext_lazy("Mã cán bộ"),
            required=True,
            parser=Lookup(
                "staff",
                reason=gettext_lazy("Không có cán bộ với mã này trong cơ sở."),
                description=gettext_lazy("Mã cán bộ trong hồ sơ nhân sự"),
            ),
            example="GV001",
        ),
        Column(
            "kind",
            gettext_lazy("Loại"),
            required=True,
            parser=Choice(QualificationKind.choices),
            example=QualificationKind.PEDAGOGY.label,
        ),
        Column(
            "rank",
            gettext_lazy("Trình độ, mức"),
            required=True,
            parser=Integer(1, 6),
            help=_KIND_RANK_HELP,
            example=3,
        ),
        Column(
            "name",
            gettext_lazy("Tên văn bằng, chứng chỉ"),
            required=True,
            parser=Text(255),
            example="Chứng chỉ nghiệp vụ sư phạm dạy trình độ cao đẳng",
        ),
        Column("field", gettext_lazy("Chuyên ngành, nghề"), parser=Text(255)),
        Column("issuer", gettext_lazy("Nơi cấp"), parser=Text(255)),
        Column("number", gettext_lazy("Số hiệu"), parser=Text(60)),
        Column("issued_on", gettext_lazy("Ngày cấp"), parser=Date()),
        Column("expires_on", gettext_lazy("Ngày hết hạn"), parser=Date()),
    ]

    def prepare(self, actor: Actor, organisation: Organisation) -> None:
        super().prepare(actor, organisation)
        _refuse_non_institution(organisation)
        members = list(StaffMember.all_objects.filter(institution=organisation))
        self.lookups["staff"] = lookup_mapping(members, lambda m: m.code)

    def clean_row(self, values: dict[str, Any]) -> dict[str, Any]:
        kind, rank = values["kind"], values["rank"]
        allowed = {r for r, _l in QUALIFICATION_LEVELS.get(kind, [])}
        if rank not in allowed:
            raise RowError(
                _("Mức %(rank)d không có với loại này (cho phép: %(allowed)s).")
                % {"rank": rank, "allowed": ", ".join(str(a) for a in sorted(allowed))},
                "rank",
                rank,
            )
        issued, expires = values.get("issued_on"), values.get("expires_on")
        if issued and expires and expires < issued:
            raise RowError(_("Ngày hết hạn trước ngày cấp."), "expires_on", expires)
        return values

    def write(
        self, rows: list[ImportRow], actor: Actor, organisation: Organisation, progress: Progress
    ) -> int:
        if not actor.can("staff.change", organisation.path):
            raise PermissionError("staff.change")
        written = 0
        for batch in self.batches(rows, self.batch_size):
            items = [Qualification(**row.values) for row in batch]
            Qualification.all_objects.bulk_create(items)
            _audit_rows(actor, organisation, "qualification_add", items)
            written += len(items)
            progress(written * 100 // len(rows), _("Đã ghi %(n)d dòng") % {"n": written})
        return written
