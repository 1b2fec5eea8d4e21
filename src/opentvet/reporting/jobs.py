"""Background jobs: the roll-up document of a period and the monthly briefing pack (PDF/Word).

Both are laid out by ``core.documents`` in the format of Decree 30/2020/NĐ-CP (issuing body,
national motto, number and symbol, place and date, title, recipients, signature block). The
number is left blank ("   /BC-...") as on a draft: the registry gives it when the document is
issued (``services.document_issue``), so rendering never uses up a number.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opentvet.core.access import Actor
from opentvet.core.documents import (
    Block,
    OfficialDocument,
    formal_name,
    issuing_body_lines,
    render_docx,
    render_pdf,
    signature_lines,
)
from opentvet.core.jobs import JobInputError, JobOutput, Progress, job_handler
from opentvet.core.models import Job, Organisation
from opentvet.regulations.authorities import authority_name
from opentvet.reporting import selectors
from opentvet.reporting.access import access_organisation_with, access_period_by_id
from opentvet.reporting.models import Difficulty, Task
from opentvet.reporting.services.steering import issuer_abbreviation


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value.normalize():f}"
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{frac}" if frac else grouped


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:+}%".replace(".", ",")


def _place(organisation: Organisation) -> str:
    if organisation.province_id and organisation.province is not None:
        return organisation.province.name.replace("Tỉnh ", "").replace("Thành phố ", "")
    return "Hà Nội"


def _shell(organisation: Organisation, kind_title: str, subject: str) -> OfficialDocument:
    # The issuing-body lines, the signature block and the place come from the organisation that
    # issues (core.documents: Decree 30/2020/NĐ-CP, Appendix I), never from the viewer.
    above, issuer = issuing_body_lines(organisation)
    authority, title = signature_lines(organisation)
    return OfficialDocument(
        issuer=issuer,
        issuer_parent=above,
        # A draft: the registry gives the number when the document is issued.
        number_symbol="\u00a0" * 8 + f"/BC-{issuer_abbreviation(organisation)}",
        place=_place(organisation),
        date=timezone.localdate(),
        kind_title=kind_title,
        subject=subject,
        signer_authority=authority,
        signer_title=title,
        signer_name=organisation.leader_name,
    )


def _not_self(lines: list[str], organisation: Organisation) -> list[str]:
    """Recipients without the issuer itself: a roll-up is not addressed to the body issuing it."""
    own = {
        n.casefold()
        for n in (organisation.name, organisation.short_name, formal_name(organisation))
        if n
    }
    return [line for line in lines if line.strip(" -;").casefold() not in own]


def _rollup_table(rollup: list[selectors.RollupRow]) -> Block:
    rows = [
        [
            _("TT"),
            pgettext("report indicator", "Chỉ tiêu"),
            _("Đơn vị tính"),
            _("Kỳ này"),
            _("Số cơ sở"),
            _("Kỳ trước"),
            _("So với kỳ trước"),
            _("Cùng kỳ năm trước"),
        ]
    ]
    for index, r in enumerate(rollup, start=1):
        name = r.name if r.has_source else f"{r.name} ({_('chưa có nguồn dữ liệu')})"
        rows.append(
            [
                str(index),
                name,
                r.unit,
                _num(r.value),
                str(r.reporting),
                _num(r.previous),
                _pct(r.change_previous),
                _num(r.last_year),
            ]
        )
    return Block("table", rows=rows, widths=[0.5, 4, 1.4, 1.4, 1, 1.4, 1.3, 1.4])


def _render(doc: OfficialDocument, fmt: str, stem: str) -> tuple[str, bytes]:
    if fmt == "docx":
        return f"{stem}.docx", render_docx(doc)
    return f"{stem}.pdf", render_pdf(doc)


@job_handler("reporting.rollup_document")
def rollup_document(job: Job, actor: Actor, progress: Progress) -> JobOutput:
    period = access_period_by_id(actor, job.params["period_id"])
    root = access_organisation_with(actor, job.params["root_id"], "report.view")
    progress(10, _("Đang tổng hợp số liệu"))
    rollup = selectors.period_rollup(actor=actor, period=period, root=root)
    status = selectors.period_status(actor=actor, period=period, root=root)
    submitted = sum(1 for s in status if s.state in {"submitted", "acknowledged"})
    late = sum(1 for s in status if s.late)
    doc = _shell(
        root,
        _("Báo cáo"),
        _("Tổng hợp %(t)s — %(p)s") % {"t": period.template.name, "p": period.label},
    )
    doc.landscape = True
    doc.blocks = [
        Block("heading", _("I. TÌNH HÌNH NỘP BÁO CÁO")),
        Block(
            "paragraph",
            _(
                "Kỳ báo cáo từ %(a)s đến %(b)s, hạn nộp %(d)s. Số cơ sở phải báo "
                "cáo: %(n)d; đã gửi: %(s)d; nộp muộn hoặc chưa nộp quá hạn: %(l)d."
            )
            % {
                "a": f"{period.start:%d/%m/%Y}",
                "b": f"{period.end:%d/%m/%Y}",
                "d": f"{period.due_date:%d/%m/%Y}",
                "n": len(status),
                "s": submitted,
                "l": late,
            },
        ),
        Block("heading", _("II. SỐ LIỆU TỔNG HỢP")),
        *_comparison_note(actor, period, root),
        _rollup_table(rollup),
    ]
    named = [line.strip() for line in period.template.recipients.splitlines() if line.strip()]
    # A template that names no recipient reports to the national VET authority in force at the
    # period's end (dated rule data: Tổng cục GDNN until 28/02/2025, then Cục GDNN và GDTX);
    # the issuer itself is never among its recipients.
    listed = _not_self(named, root) or [authority_name("national", on=period.end)]
    doc.recipients = [*listed, _("Lưu: VT")]
    progress(70, _("Đang dựng văn bản"))
    filename, content = _render(
        doc, job.params.get("format", "pdf"), slugify(f"tong-hop-{period.label}") or "tong-hop"
    )
    return JobOutput({_("Số cơ sở"): len(status), _("Đã gửi"): submitted}, filename, content)


def _date(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


@job_handler("reporting.briefing_pack")
def briefing_pack(job: Job, actor: Actor, progress: Progress) -> JobOutput:
    params: dict[str, Any] = job.params
    organisation = access_organisation_with(actor, params["organisation_id"], "report.view")
    year, month = int(params["year"]), int(params["month"])
    if not 1 <= month <= 12:
        raise JobInputError(_("Tháng không hợp lệ."))
    progress(10, _("Đang tổng hợp số liệu"))
    data = selectors.briefing_data(actor=actor, organisation=organisation, year=year, month=month)
    doc = _shell(
        organisation,
        _("Báo cáo"),
        _("Tài liệu giao ban tháng %(m)d năm %(y)d") % {"m": month, "y": year},
    )
    blocks: list[Block] = [Block("heading", _("I. SỐ LIỆU CHÍNH"))]
    period = data["period"]
    if period is not None:
        counts = data["submission_counts"]
        blocks.append(
            Block(
                "paragraph",
                _(
                    "Theo %(t)s kỳ %(p)s: %(n)d cơ sở phải báo cáo, %(s)d đã gửi, "
                    "%(r)d bị trả lại, %(m)d chưa gửi."
                )
                % {
                    "t": period.template.name,
                    "p": period.label,
                    "n": data["expected"],
                    "s": counts.get("submitted", 0) + counts.get("acknowledged", 0),
                    "r": counts.get("returned", 0),
                    "m": counts.get("missing", 0),
                },
            )
        )
        blocks.append(_rollup_table(data["rollup"]))
    else:
        blocks.append(Block("paragraph", _("Chưa có kỳ báo cáo nào kết thúc trong tháng.")))
    progress(40, _("Đang tổng hợp nhiệm vụ"))
    task_counts = data["task_counts"]
    labels = dict(Task.Status.choices)
    blocks.append(Block("heading", _("II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ")))
    blocks.append(
        Block(
            "paragraph",
            "; ".join(f"{labels[s]}: {task_counts.get(s, 0)}" for s in Task.Status.values) + ".",
        )
    )
    if data["key_tasks"]:
        blocks.append(Block("paragraph", _("Nhiệm vụ trọng tâm năm %(y)d:") % {"y": year}))
        blocks.append(
            Block(
                "table",
                rows=[[_("TT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Tiến độ"), _("Trạng thái")]]
                + [
                    [
                        str(i),
                        t.title,
                        t.owner.short_name or t.owner.name,
                        f"{t.progress}%",
                        t.get_status_display(),
                    ]
                    for i, t in enumerate(data["key_tasks"], start=1)
                ],
                widths=[0.5, 6, 2, 1, 1.6],
            )
        )
    blocks.extend(_key_task_blocks(data["key_task_rollup"]))
    if data["overdue"]:
        blocks.append(Block("paragraph", _("Nhiệm vụ quá hạn:")))
        blocks.append(
            Block(
                "table",
                rows=[[_("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời hạn"), _("Tiến độ")]]
                + [
                    [
                        t.title,
                        t.owner.short_name or t.owner.name,
                        _date(t.deadline),
                        f"{t.progress}%",
                    ]
                    for t in data["overdue"]
                ],
                widths=[6, 2, 1.2, 1],
            )
        )
    blocks.append(Block("heading", _("III. KHÓ KHĂN, VƯỚNG MẮC CHƯA ĐƯỢC GIẢI QUYẾT")))
    if data["difficulties"]:
        now = timezone.now()
        blocks.append(
            Block(
                "table",
                rows=[[_("Đơn vị"), _("Nội dung"), _("Lĩnh vực"), _("Cấp xử lý"), _("Số ngày")]]
                + [
                    [
                        d.organisation.short_name or d.organisation.name,
                        d.title,
                        d.get_category_display(),
                        d.routed_to.short_name or d.routed_to.name,
                        str((now - d.raised_at).days),
                    ]
                    for d in data["difficulties"]
                ],
                widths=[2, 5, 1.6, 2, 0.8],
            )
        )
    else:
        blocks.append(Block("paragraph", _("Không có khó khăn, vướng mắc đang mở.")))
    blocks.append(Block("heading", _("IV. ĐỀ ÁN, VĂN BẢN ĐANG XÂY DỰNG")))
    if data["drafting"]:
        blocks.append(
            Block(
                "table",
                rows=[[_("Tên"), _("Loại"), _("Chủ trì"), _("Thời hạn"), _("Trạng thái")]]
                + [
                    [
                        p.title,
                        p.get_kind_display(),
                        p.owner_unit,
                        _date(p.due_date),
                        p.get_status_display(),
                    ]
                    for p in data["drafting"]
                ],
                widths=[5, 1.5, 2, 1.2, 1.6],
            )
        )
    else:
        blocks.append(Block("paragraph", _("Không có.")))
    if data["documents"]:
        blocks.append(Block("heading", _("V. VĂN BẢN TRONG THÁNG")))
        blocks.append(
            Block(
                "bullets",
                items=[
                    f"{d.symbol} ({_date(d.issued_on)}): {d.subject}" for d in data["documents"]
                ],
            )
        )
    doc.blocks = blocks
    doc.landscape = True
    doc.recipients = [_("Lãnh đạo đơn vị"), _("Các phòng, đơn vị trực thuộc"), _("Lưu: VT")]
    progress(80, _("Đang dựng văn bản"))
    filename, content = _render(doc, params.get("format", "pdf"), f"giao-ban-{year}-{month:02d}")
    open_difficulties = sum(1 for d in data["difficulties"] if d.status == Difficulty.Status.OPEN)
    return JobOutput(
        {
            _("Nhiệm vụ quá hạn"): len(data["overdue"]),
            _("Vướng mắc đang chờ xử lý"): open_difficulties,
        },
        filename,
        content,
    )


def _key_task_blocks(rollup: Any) -> list[Block]:
    """The key tasks of the year from the institutions' submitted reports (by province for the
    nation, by institution below), with their mean progress."""
    if rollup is None or not rollup.count:
        return []
    rows = [[_("Đơn vị"), _("Số cơ sở"), _("Số nhiệm vụ"), _("Tiến độ bình quân")]]
    for group in rollup.groups:
        rows.append(
            [group.label, str(group.institutions), str(group.count), f"{group.mean_progress}%"]
        )
    return [
        Block(
            "paragraph",
            _(
                "Nhiệm vụ trọng tâm trong báo cáo của các cơ sở: %(n)d nhiệm vụ của %(i)d cơ sở, "
                "tiến độ bình quân %(p)d%%."
            )
            % {"n": rollup.count, "i": rollup.institutions, "p": rollup.mean_progress},
        ),
        Block("table", rows=rows, widths=[5, 1.2, 1.2, 1.6]),
    ]


def _comparison_note(actor: Actor, period: Any, root: Any) -> list[Block]:
    """Which institutions the "previous period" columns compare (like for like)."""
    previous, _last_year = selectors.period_comparisons(actor=actor, period=period, root=root)
    if previous.period is None:
        return []
    return [
        Block(
            "paragraph",
            _(
                "Cột kỳ trước và so với kỳ trước chỉ tính %(n)d cơ sở gửi báo cáo ở cả hai kỳ "
                "(%(p)s và %(c)s)."
            )
            % {"n": previous.both, "p": previous.period.label, "c": period.label},
        )
    ]
