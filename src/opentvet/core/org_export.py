"""The organisations export job: the directory list, with the page's filters, as .xlsx."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from opentvet.core.access import Actor
from opentvet.core.jobs import JobOutput, Progress, job_handler
from opentvet.core.models import Job
from opentvet.core.selectors import OrganisationFilters, organisation_list


@job_handler("organisations_export")
def organisations_export(job: Job, actor: Actor, progress: Progress) -> JobOutput:
    filters = OrganisationFilters(**job.params.get("filters", {}))
    rows = organisation_list(actor=actor, filters=filters).filter(
        path__startswith=job.organisation.path
    )
    total = rows.count() or 1
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Tổ chức"))
    headers = [
        _("Mã"),
        _("Tên"),
        _("Loại"),
        _("Loại hình cơ sở"),
        _("Sở hữu"),
        _("Tỉnh/thành phố"),
        _("Xã/phường"),
        _("Địa chỉ"),
        _("Điện thoại"),
        _("Thư điện tử"),
        _("Người đứng đầu"),
        _("Trực thuộc"),
    ]
    sheet.append([_header_cell(sheet, h) for h in headers])
    for done, org in enumerate(rows.select_related("ward", "parent").iterator(chunk_size=500), 1):
        sheet.append(
            [
                org.code,
                org.name,
                org.get_kind_display(),
                org.get_institution_type_display(),
                org.get_ownership_display(),
                org.province.name if org.province else "",
                org.ward.name if org.ward else "",
                org.street_address,
                org.phone,
                org.email,
                org.leader_name,
                org.parent.name if org.parent else "",
            ]
        )
        if done % 200 == 0:
            progress(done * 100 // total, _("Đã ghi %(n)d dòng") % {"n": done})
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobOutput(
        {"rows": total if rows.exists() else 0}, f"to-chuc-{stamp}.xlsx", buffer.getvalue()
    )


def _header_cell(sheet, text: str):  # type: ignore[no-untyped-def]
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell
