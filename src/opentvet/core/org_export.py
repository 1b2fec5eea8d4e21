"""The organisations export job: the directory list, with the page's filters, as .xlsx."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.jobs import JobOutput, Progress, job_handler
from opentvet.core.models import Job
from opentvet.core.selectors import OrganisationFilters, organisation_list
from opentvet.core.tabular.export import export_xlsx


@job_handler("organisations_export")
def organisations_export(job: Job, actor: Actor, progress: Progress) -> JobOutput:
    filters = OrganisationFilters(**job.params.get("filters", {}))
    rows = (
        organisation_list(actor=actor, filters=filters)
        .filter(path__startswith=job.organisation.path)
        .select_related("ward", "parent")
    )
    total = rows.count()
    content = export_xlsx(
        title=_("Tổ chức"),
        columns=[
            (_("Mã"), "code"),
            (_("Tên"), "name"),
            (_("Loại"), "get_kind_display"),
            (_("Loại hình cơ sở"), "get_institution_type_display"),
            (_("Sở hữu"), "get_ownership_display"),
            (_("Tỉnh/thành phố"), "province.name"),
            (_("Xã/phường"), "ward.name"),
            (_("Địa chỉ"), "street_address"),
            (_("Điện thoại"), "phone"),
            (_("Thư điện tử"), "email"),
            (_("Người đứng đầu"), "leader_name"),
            (_("Trực thuộc"), "parent.name"),
        ],
        rows=rows.iterator(chunk_size=1000),
        progress=lambda done: progress(
            done * 100 // max(total, 1), _("Đã ghi %(n)d dòng") % {"n": done}
        ),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobOutput({"rows": total}, f"to-chuc-{stamp}.xlsx", content)
