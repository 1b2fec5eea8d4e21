"""Transcripts (bảng điểm) and diplomas (bằng tốt nghiệp) as PDF and Word.

Both follow the administrative layout of ``core.documents`` (Decree 30/2020/NĐ-CP: issuer top
left, national motto top right, place and date, title in capitals, signature block), with the
fonts it registers. A class's transcripts are one PDF, one student per page. The table is drawn
with plain cell strings rather than one ``Paragraph`` per cell: a 40-student class renders in a
fraction of a second (``bench/bench_import.py --transcripts``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from opentvet.core.documents import (
    Block,
    OfficialDocument,
    issuing_body_lines,
    pdf_styles,
    render_docx,
    signature_lines,
    vietnamese_date_line,
)
from opentvet.core.models import Organisation
from opentvet.learners.grading import GRADUATION_LABELS
from opentvet.learners.models import DiplomaEntry
from opentvet.learners.selectors import Transcript

# Who signs what (Decree 30/2020/NĐ-CP, Article 13): the head of the training office signs
# transcripts for the head ("TL."); the head signs diplomas.
TRANSCRIPT_SIGNER = "Trưởng phòng Đào tạo"


def _place(institution: Organisation) -> str:
    province = institution.province.name if institution.province_id else ""
    return province.replace("Tỉnh ", "").replace("Thành phố ", "")


def _num(value: Decimal | None, places: int = 1) -> str:
    if value is None:
        return ""
    return f"{value:.{places}f}".replace(".", ",")


def _parent_name(institution: Organisation) -> str:
    """The line above the school's name: its governing body, from the organisation tree."""
    return issuing_body_lines(institution)[0]


def _result_rows(transcript: Transcript) -> list[list[str]]:
    rows = [
        [
            _("TT"),
            _("Mã"),
            _("Mô-đun/môn học"),
            _("Tín chỉ"),
            _("Điểm 10"),
            _("Điểm 4"),
            _("Điểm chữ"),
        ]
    ]
    for index, result in enumerate(transcript.results, start=1):
        module = result.offering.module
        rows.append(
            [
                str(index),
                module.code,
                module.name
                + (" *" if result.had_resit else "")
                + (" " + _("(đk)") if getattr(result, "conditional", False) else ""),
                str(result.credits),
                _num(result.final_score),
                _num(result.grade_point),
                result.letter,
            ]
        )
    return rows


def _student_lines(transcript: Transcript) -> list[tuple[str, str]]:
    student = transcript.student
    class_group = student.class_group
    version = student.programme_version
    return [
        (_("Họ và tên"), student.full_name),
        (_("Ngày sinh"), student.date_of_birth.strftime("%d/%m/%Y")),
        (_("Mã người học"), student.code),
        (_("Lớp"), class_group.code if class_group else ""),
        (_("Ngành, nghề"), version.programme.name if version else ""),
        (_("Trình độ"), version.programme.training_level.name if version else ""),
    ]


def transcripts_pdf(
    transcripts: Sequence[Transcript], institution: Organisation, on: dt.date
) -> bytes:
    """Transcripts of many learners as one A4 PDF, one learner per page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table
    from reportlab.platypus import TableStyle as TS

    styles = pdf_styles()
    width = A4[0] - 40 * mm
    story: list[object] = []
    head_style = TS([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    grid = TS(
        [
            ("FONT", (0, 0), (-1, -1), "Serif", 10),
            ("FONT", (0, 0), (-1, 0), "Serif-Bold", 10),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
            ("ALIGN", (3, 0), (-1, -1), "CENTER"),
            ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    info_style = TS(
        [
            ("FONT", (0, 0), (-1, -1), "Serif", 11),
            ("FONT", (1, 0), (1, -1), "Serif-Bold", 11),
            ("FONT", (3, 0), (3, -1), "Serif-Bold", 11),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    left = [
        Paragraph(_parent_name(institution).upper(), styles["center"]),
        Paragraph(institution.name.upper(), styles["center_bold"]),
        Paragraph("―――――", styles["center"]),
    ]
    right = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles["center_bold"]),
        Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", styles["motto"]),
    ]
    date_line = Paragraph(vietnamese_date_line(_place(institution), on), styles["date"])
    for index, transcript in enumerate(transcripts):
        if index:
            story.append(PageBreak())
        header = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
        header.setStyle(head_style)
        story += [header, Spacer(1, 8)]
        story.append(Paragraph(_("BẢNG ĐIỂM HỌC TẬP TOÀN KHÓA"), styles["title"]))
        story.append(Spacer(1, 6))
        lines = _student_lines(transcript)
        pairs = [
            [lines[i][0] + ":", lines[i][1], lines[i + 1][0] + ":", lines[i + 1][1]]
            for i in range(0, len(lines), 2)
        ]
        info = Table(pairs, colWidths=[width * 0.17, width * 0.38, width * 0.15, width * 0.30])
        info.setStyle(info_style)
        story += [info, Spacer(1, 6)]
        rows = _result_rows(transcript)
        table = Table(
            rows,
            colWidths=[w * width for w in (0.06, 0.10, 0.43, 0.09, 0.1, 0.09, 0.13)],
            repeatRows=1,
        )
        table.setStyle(grid)
        story += [table, Spacer(1, 6)]
        label = GRADUATION_LABELS.get(_class_code(transcript), "")
        summary = [
            [_("Số tín chỉ tích lũy:"), str(transcript.credits_earned)],
            [
                _("Điểm trung bình chung tích lũy (%(scale)s):")
                % {"scale": transcript.scale_label},
                _num(transcript.gpa, 2),
            ],
            [_("Xếp loại học lực:"), transcript.standing],
        ]
        if label:
            summary.append([_("Xếp loại tốt nghiệp:"), str(label)])
        box = Table(summary, colWidths=[width * 0.5, width * 0.5])
        box.setStyle(info_style)
        story += [box, Spacer(1, 4)]
        if any(r.had_resit for r in transcript.results):
            story.append(Paragraph(_("(*) Điểm sau khi thi lại."), styles["recipients"]))
        if transcript.has_conditional:
            story.append(
                Paragraph(
                    _("(đk) Môn học điều kiện, không tính vào điểm trung bình."),
                    styles["recipients"],
                )
            )
        for text in [transcript.letter_basis, transcript.gpa_basis, *transcript.notes]:
            if text:
                story.append(Paragraph(text, styles["recipients"]))
        authority, title = signature_lines(institution, TRANSCRIPT_SIGNER)
        signer = [
            date_line,
            *(Paragraph(line, styles["signer"]) for line in authority.splitlines()),
            Paragraph(title, styles["signer"]),
        ]
        footer = Table([["", signer]], colWidths=[width * 0.4, width * 0.6])
        footer.setStyle(head_style)
        story += [Spacer(1, 10), footer]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Bảng điểm"),
        author=institution.name,
    ).build(story)  # type: ignore[arg-type]
    return buffer.getvalue()


def _class_code(transcript: Transcript) -> str:
    diploma = getattr(transcript.student, "diploma", None)
    try:
        return diploma.classification if diploma is not None else ""
    except DiplomaEntry.DoesNotExist:  # pragma: no cover
        return ""


def transcript_docx(transcript: Transcript, institution: Organisation, on: dt.date) -> bytes:
    lines = _student_lines(transcript)
    doc = OfficialDocument(
        issuer=issuing_body_lines(institution)[1],
        issuer_parent=_parent_name(institution),
        place=_place(institution),
        date=on,
        kind_title=_("Bảng điểm học tập toàn khóa"),
        blocks=[
            Block("paragraph", text="; ".join(f"{k}: {v}" for k, v in lines)),
            Block("table", rows=_result_rows(transcript), widths=(0.6, 1.0, 4.6, 0.9, 1, 0.9, 1)),
            Block(
                "paragraph",
                text=_(
                    "Số tín chỉ tích lũy: %(c)d. Điểm trung bình chung tích lũy: %(g)s. "
                    "Xếp loại học lực: %(s)s."
                )
                % {
                    "c": transcript.credits_earned,
                    "g": _num(transcript.gpa, 2),
                    "s": transcript.standing,
                },
            ),
            *[
                Block("paragraph", text=text)
                for text in [transcript.letter_basis, transcript.gpa_basis, *transcript.notes]
                if text
            ],
        ],
        signer_authority=signature_lines(institution, TRANSCRIPT_SIGNER)[0],
        signer_title=signature_lines(institution, TRANSCRIPT_SIGNER)[1],
    )
    return render_docx(doc)


def _diploma_title(entry: DiplomaEntry) -> str:
    return entry.get_kind_display().upper()


def diplomas_pdf(entries: Sequence[DiplomaEntry], institution: Organisation) -> bytes:
    """Diplomas, one landscape A4 page each, in the layout of the diploma form."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    styles = pdf_styles()
    big = ParagraphStyle(
        "big", parent=styles["title"], fontSize=24, leading=30, textColor="#B22222"
    )
    line = ParagraphStyle("line", parent=styles["base"], fontSize=13, leading=20)
    size = landscape(A4)
    width = size[0] - 40 * mm
    story: list[object] = []
    for index, entry in enumerate(entries):
        if index:
            story.append(PageBreak())
        story += [
            Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles["center_bold"]),
            Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", styles["motto"]),
            Spacer(1, 14),
            Paragraph(
                _("HIỆU TRƯỞNG %(name)s") % {"name": institution.name.upper()},
                styles["center_bold"],
            ),
            Paragraph(_("cấp"), styles["center"]),
            Paragraph(_diploma_title(entry), big),
            Spacer(1, 10),
        ]
        rows = [
            [_("Cho:"), entry.full_name],
            [_("Ngày sinh:"), entry.date_of_birth.strftime("%d/%m/%Y")],
            [_("Ngành, nghề:"), entry.programme_name],
            [_("Xếp loại tốt nghiệp:"), entry.classification_label()],
            [_("Quyết định công nhận tốt nghiệp:"), entry.decision.number],
        ]
        table = Table(
            [[Paragraph(a, line), Paragraph(f"<b>{b}</b>", line)] for a, b in rows],
            colWidths=[width * 0.35, width * 0.65],
        )
        story += [table, Spacer(1, 12)]
        footer_left = [
            Paragraph(_("Số hiệu: %(s)s") % {"s": entry.serial}, line),
            Paragraph(_("Số vào sổ cấp bằng: %(n)s") % {"n": entry.register_number}, line),
        ]
        footer_right = [
            Paragraph(vietnamese_date_line(_place(institution), entry.issued_on), styles["date"]),
            Paragraph(signature_lines(institution)[1], styles["signer"]),
            Spacer(1, 40),
            Paragraph(institution.leader_name, styles["signer"]),
        ]
        story.append(Table([[footer_left, footer_right]], colWidths=[width * 0.5, width * 0.5]))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Văn bằng"),
        author=institution.name,
    ).build(story)  # type: ignore[arg-type]
    return buffer.getvalue()


def diploma_docx(entry: DiplomaEntry, institution: Organisation) -> bytes:
    doc = OfficialDocument(
        issuer=issuing_body_lines(institution)[1],
        issuer_parent=_parent_name(institution),
        place=_place(institution),
        date=entry.issued_on,
        kind_title=entry.get_kind_display(),
        blocks=[
            Block("paragraph", text=_("Cho: %(n)s") % {"n": entry.full_name}),
            Block(
                "paragraph",
                text=_("Ngày sinh: %(d)s") % {"d": entry.date_of_birth.strftime("%d/%m/%Y")},
            ),
            Block("paragraph", text=_("Ngành, nghề: %(p)s") % {"p": entry.programme_name}),
            Block(
                "paragraph",
                text=_("Xếp loại tốt nghiệp: %(c)s") % {"c": entry.classification_label()},
            ),
            Block("paragraph", text=_("Số hiệu: %(s)s") % {"s": entry.serial}),
            Block("paragraph", text=_("Số vào sổ cấp bằng: %(n)s") % {"n": entry.register_number}),
        ],
        signer_title=signature_lines(institution)[1],
        signer_name=institution.leader_name,
        landscape=True,
    )
    return render_docx(doc)
