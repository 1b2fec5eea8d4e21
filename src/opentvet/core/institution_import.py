"""Import of institutions (cơ sở GDNN) from Excel by a provincial officer.

The first real use of ``core.tabular``: the officer of a provincial authority (Sở) downloads the
template, lists the institutions of the province and uploads it; every row is checked and the
institutions are created under the officer's organisation, all or none.

The write is a bulk version of ``services.organisation_create``: the same rules (the kind of
child allowed under the target, the ward inside the target's province, the actor holding
``org.change`` there) and the same records (an ``organisation_create`` audit entry and an
"established" ``OrganisationEvent`` per institution), but a few queries per thousand rows instead
of six per row. Keep the two in step when the creation rules change.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opentvet.core.access import Actor
from opentvet.core.audit import snapshot
from opentvet.core.models import (
    AuditEntry,
    InstitutionType,
    Organisation,
    OrganisationEvent,
    OrgKind,
    Ownership,
)
from opentvet.core.tabular.columns import (
    Choice,
    Column,
    Email,
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
    register_import,
)
from opentvet.core.text import fold

# Organisation kinds that may be named as an institution's governing body (cơ quan chủ quản).
GOVERNING_KINDS = (
    OrgKind.MINISTRY,
    OrgKind.NATIONAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.PROVINCIAL_AUTHORITY,
)
# Where institutions may be created (mirrors services._ALLOWED_CHILDREN).
_PARENT_KINDS = (
    OrgKind.NATIONAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.PROVINCIAL_AUTHORITY,
)


@register_import("institutions")
class InstitutionImport(ImportSpec):
    """Institutions of one province, created under the importing authority."""

    title = gettext_lazy("cơ sở GDNN")
    sheet_title = gettext_lazy("Cơ sở GDNN")
    permission = "org.change"
    model = Organisation
    unique_keys = ("code",)
    batch_size = 1000
    columns = [
        Column(
            "code",
            gettext_lazy("Mã cơ sở"),
            required=True,
            parser=Text(30),
            help=gettext_lazy("Mã duy nhất trên toàn quốc, ví dụ mã trong giấy chứng nhận."),
            example="CDN-HN-01",
        ),
        Column(
            "name",
            gettext_lazy("Tên cơ sở"),
            required=True,
            parser=Text(255),
            example="Trường Cao đẳng nghề Ví Dụ",
        ),
        Column(
            "institution_type",
            gettext_lazy("Loại hình cơ sở"),
            required=True,
            parser=Choice(InstitutionType.choices),
            example=InstitutionType.COLLEGE.label,
        ),
        Column(
            "ownership",
            gettext_lazy("Loại hình sở hữu"),
            required=True,
            parser=Choice(Ownership.choices),
            example=Ownership.PUBLIC.label,
        ),
        Column(
            "governing_body",
            gettext_lazy("Cơ quan chủ quản"),
            parser=Lookup(
                "governing_bodies",
                reason=gettext_lazy("Không có cơ quan chủ quản với mã này."),
                description=gettext_lazy("Mã cơ quan chủ quản trong hệ thống"),
            ),
            help=gettext_lazy("Để trống nếu không có hoặc chưa có trong hệ thống."),
        ),
        Column(
            "ward",
            gettext_lazy("Xã/phường"),
            parser=Lookup(
                "wards",
                reason=gettext_lazy("Không có xã/phường này trong tỉnh/thành phố."),
                description=gettext_lazy(
                    "Tên hoặc mã xã/phường thuộc tỉnh/thành phố của đơn vị nhập"
                ),
            ),
            example="Phường Ba Đình",
        ),
        Column(
            "street_address",
            gettext_lazy("Địa chỉ"),
            parser=Text(255),
            help=gettext_lazy("Số nhà, đường, thôn/tổ dân phố."),
            example="Số 1 đường Ví Dụ",
        ),
        Column("phone", gettext_lazy("Điện thoại"), parser=Phone(), example="0241234567"),
        Column(
            "email",
            gettext_lazy("Email"),
            parser=Email(),
            aliases=(gettext_lazy("Thư điện tử"),),
            example="lienhe@vidu.edu.vn",
        ),
        Column(
            "leader_name", gettext_lazy("Người đứng đầu"), parser=Text(150), example="Nguyễn Văn An"
        ),
    ]

    def examples_for(self, organisation: Organisation) -> dict[str, Any]:
        from opentvet.catalogue.models import Ward

        if organisation.province_id is None:
            return {"ward": ""}
        ward = Ward.objects.filter(province_id=organisation.province_id).order_by("code").first()
        return {"ward": ward.name if ward else ""}

    def prepare(self, actor: Actor, organisation: Organisation) -> None:
        super().prepare(actor, organisation)
        if organisation.kind not in _PARENT_KINDS:
            raise ImportRefused(_("Chỉ nhập được cơ sở GDNN vào cơ quan quản lý GDNN."))
        if organisation.province_id is None and organisation.kind != OrgKind.NATIONAL_AUTHORITY:
            raise ImportRefused(_("Đơn vị nhập chưa có tỉnh/thành phố."))
        # Imported lazily: the catalogue app loads after core.
        from opentvet.catalogue.models import Ward

        wards = list(Ward.objects.filter(province=organisation.province))
        self.lookups["wards"] = lookup_mapping(
            wards,
            lambda w: w.code,
            lambda w: w.name,
            lambda w: w.codename,
        )
        bodies = Organisation.objects.filter(kind__in=GOVERNING_KINDS, valid_to__isnull=True)
        self.lookups["governing_bodies"] = lookup_mapping(bodies, lambda o: o.code)

    def write(
        self, rows: list[ImportRow], actor: Actor, organisation: Organisation, progress: Progress
    ) -> int:
        # Checked again here: a caller may reach write() without validate().
        if not actor.can("org.change", organisation.path):
            raise PermissionError("org.change")
        today = timezone.localdate()
        now = timezone.now()
        written = 0
        for batch in self.batches(rows, self.batch_size):
            institutions = []
            for row in batch:
                values = row.values
                institution = Organisation(
                    parent=organisation,
                    kind=OrgKind.INSTITUTION,
                    province=organisation.province,
                    path="",
                    depth=organisation.depth + 1,
                    **values,
                )
                institution.search_name = fold(f"{institution.name}  {institution.code}")
                institutions.append(institution)
            Organisation.objects.bulk_create(institutions)
            pks = [i.pk for i in institutions]
            # The path holds the new primary key: one UPDATE computes it for the whole batch.
            Organisation.objects.filter(pk__in=pks).update(
                path=Concat(Value(organisation.path), Cast("pk", CharField()), Value("/"))
            )
            entries, events = [], []
            for institution in institutions:
                institution.path = f"{organisation.path}{institution.pk}/"
                after = snapshot(institution)
                entries.append(
                    AuditEntry(
                        at=now,
                        actor=actor.user,
                        actor_label=str(actor.user),
                        organisation=institution,
                        organisation_path=institution.path,
                        action=AuditEntry.Action.CREATE,
                        verb="organisation_create",
                        object_type="core.organisation",
                        object_id=str(institution.pk),
                        object_repr=str(institution)[:255],
                        changes={
                            k: [None, v] for k, v in after.items() if v not in (None, "", [], {})
                        },
                    )
                )
                events.append(
                    OrganisationEvent(
                        organisation=institution,
                        kind=OrganisationEvent.Kind.ESTABLISHED,
                        effective_date=today,
                        new_name=institution.name,
                    )
                )
            AuditEntry.all_objects.bulk_create(entries)
            OrganisationEvent.objects.bulk_create(events)
            written += len(institutions)
            progress(
                written * 100 // len(rows),
                _("Đã ghi %(n)d/%(total)d cơ sở") % {"n": written, "total": len(rows)},
            )
        return written
