"""Imports as background jobs: upload, then a worker validates and writes with progress.

``import_job_start`` checks the permission, stores the upload under ``MEDIA_ROOT/imports/``
(outside the web root; files there are never served) and starts a ``tabular_import`` job. The
handler runs the registered spec through ``run_import``. When the sheet has errors the job
fails with a Vietnamese summary ("Có 3 dòng lỗi; không có dòng nào được ghi."), the first
``MAX_DETAILS`` errors in ``job.result["details"]`` and the full list as an .xlsx in
``job.result_file``. The upload is deleted when the job ends: it may hold personal data.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opentvet.core.access import Actor
from opentvet.core.jobs import (
    JobInputError,
    JobOutput,
    Progress,
    job_cleanup,
    job_handler,
    job_start,
)
from opentvet.core.models import Job, Organisation
from opentvet.core.tabular.export import export_xlsx
from opentvet.core.tabular.importer import (
    ImportIssue,
    ImportRefused,
    ImportReport,
    get_import,
    run_import,
)

JOB_KIND = "tabular_import"
UPLOAD_DIR = "imports"
MAX_UPLOAD_BYTES = 30 * 1024 * 1024
#: Errors kept in the job row (JSON); the .xlsx error report has them all.
MAX_DETAILS = 1000


def import_job_start(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    uploaded_file: UploadedFile | Any,
) -> Job:
    """Store the uploaded .xlsx and start the import job of ``kind`` for ``organisation``.

    Raises ``PermissionError`` if the actor may not import here, ``ValidationError`` (Vietnamese)
    if the file is not an .xlsx workbook or is too large, ``LookupError`` for an unknown kind.
    """
    spec_class = get_import(kind)
    if spec_class.permission and not actor.can(spec_class.permission, organisation.path):
        raise PermissionError(spec_class.permission)
    name = getattr(uploaded_file, "name", "") or "import.xlsx"
    size = getattr(uploaded_file, "size", None)
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp lớn quá %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    uploaded_file.seek(0)
    if uploaded_file.read(4) != b"PK\x03\x04":  # every .xlsx is a zip archive
        raise ValidationError(_("Tệp không phải là tệp Excel .xlsx hợp lệ."))
    uploaded_file.seek(0)
    stored = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", uploaded_file)
    return job_start(
        actor=actor,
        organisation=organisation,
        kind=JOB_KIND,
        title=_("Nhập %(what)s từ tệp %(file)s") % {"what": spec_class.title, "file": name},
        params={"kind": kind, "path": stored, "filename": name[:200]},
    )


@job_cleanup(JOB_KIND)
def tabular_import_cleanup(job: Job) -> None:
    """A dead worker left the upload (it may hold personal data): delete it."""
    path = str(job.params.get("path", ""))
    if path.startswith(f"{UPLOAD_DIR}/") and ".." not in path:
        default_storage.delete(path)


def errors_xlsx(errors: list[ImportIssue]) -> bytes:
    """The error list as a sheet the user can sort and filter while fixing the file."""
    return export_xlsx(
        title=_("Lỗi"),
        columns=[
            (_("Dòng"), lambda e: e.row or None),
            (_("Cột"), "column"),
            (_("Giá trị"), lambda e: e.as_dict()["value"]),
            (_("Lý do"), "reason"),
        ],
        rows=errors,
        widths=[8, 28, 30, 70],
    )


def failure_message(report: ImportReport) -> str:
    rows = report.bad_rows
    if rows:
        return ngettext(
            "Có %(n)d dòng lỗi; không có dòng nào được ghi.",
            "Có %(n)d dòng lỗi; không có dòng nào được ghi.",
            rows,
        ) % {"n": rows}
    if report.errors and report.errors[0].row == report.header_row and report.header_row:
        return _("Tệp không đúng mẫu (thiếu, thừa hoặc lặp cột); không có dòng nào được ghi.")
    return report.errors[0].reason if report.errors else _("Không có dòng nào được ghi.")


@job_handler(JOB_KIND)
def tabular_import_job(job: Job, actor: Actor, progress: Progress) -> JobOutput:
    """Run the registered import named in ``job.params["kind"]`` on the stored upload."""
    params = job.params
    path = str(params.get("path", ""))
    if not path.startswith(f"{UPLOAD_DIR}/") or ".." in path:
        raise JobInputError(_("Không tìm thấy tệp đã tải lên."))
    try:
        spec = get_import(str(params.get("kind", "")))()
    except LookupError:
        raise JobInputError(_("Loại dữ liệu nhập không được hỗ trợ.")) from None
    try:
        with default_storage.open(path, "rb") as fileobj:
            report = run_import(
                spec,
                fileobj,
                actor=actor,
                organisation=job.organisation,
                progress=progress,
                filename=params.get("filename", ""),
            )
    except FileNotFoundError:
        raise JobInputError(_("Không tìm thấy tệp đã tải lên.")) from None
    except PermissionError:
        raise JobInputError(_("Bạn không có quyền nhập dữ liệu cho đơn vị này.")) from None
    except ImportRefused as exc:
        raise JobInputError(str(exc)) from None
    finally:
        default_storage.delete(path)
    if not report.ok:
        _attach_error_report(job, report)
        raise JobInputError(
            failure_message(report), [e.as_dict() for e in report.errors[:MAX_DETAILS]]
        )
    return JobOutput({"kind": spec.kind, "rows": report.total_rows, "written": report.written})


def _attach_error_report(job: Job, report: ImportReport) -> None:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job.result_file.save(
        f"loi-nhap-{stamp}.xlsx", ContentFile(errors_xlsx(report.errors)), save=False
    )
    Job.all_objects.filter(pk=job.pk).update(result_file=job.result_file.name)
