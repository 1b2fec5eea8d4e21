"""Official documents in the Vietnamese administrative format, as PDF and Word.

Decree 30/2020/NĐ-CP on administrative document work (Appendix I) sets the layout used here:
the issuing body top left (its superior body above it, the body itself in bold capitals), the
national motto top right ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc"),
the number and symbol ("Số: 12/BC-SGDĐT") under the issuer, place and date in italics under the
motto, the title centred in bold capitals, the body, then "Nơi nhận" (recipients) bottom left and
the signature block bottom right. The decree prescribes Times New Roman 13–14 pt; Times is not
installable from PyPI, so PDFs use Noto Serif (same role, full Vietnamese coverage) and Word
files name "Times New Roman", which every Vietnamese office computer has.

A document is data (``OfficialDocument`` with a list of ``Block``s) so every app renders the same
way: reports, briefing packs, transcripts, decisions.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullets", "table", "spacer"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    items: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()  # first row is the header
    widths: Sequence[float] = ()  # relative column widths for tables


@dataclass
class OfficialDocument:
    issuer: str  # e.g. "Sở Giáo dục và Đào tạo"
    issuer_parent: str = ""  # e.g. "UBND tỉnh Cà Mau"
    number_symbol: str = ""  # e.g. "12/BC-SGDĐT"; shown as "Số: ..."
    place: str = ""
    date: dt.date | None = None
    kind_title: str = ""  # e.g. "BÁO CÁO"
    subject: str = ""  # e.g. "Tình hình hoạt động tháng 11 năm 2026"
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_authority: str = ""  # e.g. "KT. GIÁM ĐỐC"
    signer_title: str = ""  # e.g. "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    landscape: bool = False


def vietnamese_date_line(place: str, date: dt.date) -> str:
    """ "Cà Mau, ngày 05 tháng 12 năm 2026" — days and months below 10 keep a leading zero for
    days 1–9 and months 1–2 (Decree 30/2020/NĐ-CP, Appendix I, section II.5)."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


# ---------------------------------------------------------------- fonts for PDF


def _font_dirs() -> tuple[Path, Path]:
    import fontpkg_noto_sans
    import fontpkg_noto_serif

    serif = Path(fontpkg_noto_serif.__file__).parent / "files"
    return serif, Path(fontpkg_noto_sans.__file__).parent / "files"


# What Vietnamese documents need: Latin with every Vietnamese letter (Latin Extended Additional
# holds the precomposed ones), combining marks, punctuation, arrows and common symbols. Cutting
# Noto's ~3,000 glyphs down to these first makes building the static weights fast.
_UNICODE_RANGES = [
    (0x0020, 0x024F),
    (0x0300, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
]


def font_cache_dir() -> Path:
    """Built fonts are kept per machine (not per ``var/``), so tests and workers build them once."""
    base = os.environ.get("OPENTVET_FONT_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return root / "opentvet" / "fonts-v1" if not os.environ.get("OPENTVET_FONT_CACHE") else root


def _static_instance(variable: Path, weight: int, target: Path) -> Path:
    """A static instance of a variable font (reportlab cannot pick a variable weight)."""
    if target.exists():
        return target
    from fontTools import subset
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = FTFont(str(variable))
    options = subset.Options()
    # reportlab shapes nothing (Vietnamese uses precomposed letters), so drop the layout tables.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for lo, hi in _UNICODE_RANGES for u in range(lo, hi + 1)])
    subsetter.subset(font)
    instance = instantiateVariableFont(font, {"wght": weight, "wdth": 100})
    # reportlab keys embedded fonts by PostScript name: each instance needs its own.
    names = instance["name"]
    for record in list(names.names):
        if record.nameID in (4, 6):
            names.setName(
                target.stem if record.nameID == 6 else target.stem.replace("-", " "),
                record.nameID,
                record.platformID,
                record.platEncID,
                record.langID,
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    instance.save(str(tmp))
    tmp.replace(target)  # atomic: several workers may build it at once
    return target


@functools.cache
def register_pdf_fonts() -> dict[str, str]:
    """Register "Serif", "Serif-Bold", "Serif-Italic", "Sans", "Sans-Bold" with reportlab."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    serif_dir, sans_dir = _font_dirs()
    cache = font_cache_dir()
    faces = {
        "Serif": _static_instance(
            serif_dir / "NotoSerif[wdth,wght].ttf", 400, cache / "NotoSerif-Regular.ttf"
        ),
        "Serif-Bold": _static_instance(
            serif_dir / "NotoSerif[wdth,wght].ttf", 700, cache / "NotoSerif-Bold.ttf"
        ),
        "Serif-Italic": _static_instance(
            serif_dir / "NotoSerif-Italic[wdth,wght].ttf", 400, cache / "NotoSerif-Italic.ttf"
        ),
        "Serif-BoldItalic": _static_instance(
            serif_dir / "NotoSerif-Italic[wdth,wght].ttf", 700, cache / "NotoSerif-BoldItalic.ttf"
        ),
        "Sans": _static_instance(
            sans_dir / "NotoSans[wdth,wght].ttf", 400, cache / "NotoSans-Regular.ttf"
        ),
        "Sans-Bold": _static_instance(
            sans_dir / "NotoSans[wdth,wght].ttf", 700, cache / "NotoSans-Bold.ttf"
        ),
    }
    for name, path in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-BoldItalic")
    addMapping("Sans", 0, 0, "Sans")
    addMapping("Sans", 1, 0, "Sans-Bold")
    return {name: str(path) for name, path in faces.items()}


# ---------------------------------------------------------------- PDF


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_styles() -> dict[str, object]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    register_pdf_fonts()
    base = ParagraphStyle("base", fontName="Serif", fontSize=13, leading=17)
    return {
        "base": base,
        "center": ParagraphStyle(
            "center", parent=base, alignment=TA_CENTER, fontSize=12, leading=15
        ),
        "center_bold": ParagraphStyle(
            "cb", parent=base, alignment=TA_CENTER, fontName="Serif-Bold", fontSize=12, leading=15
        ),
        "motto": ParagraphStyle(
            "motto",
            parent=base,
            alignment=TA_CENTER,
            fontName="Serif-Bold",
            fontSize=13,
            leading=16,
        ),
        "date": ParagraphStyle(
            "date", parent=base, alignment=TA_CENTER, fontName="Serif-Italic", fontSize=13
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            alignment=TA_CENTER,
            fontName="Serif-Bold",
            fontSize=14,
            leading=18,
            spaceBefore=12,
        ),
        "subject": ParagraphStyle(
            "subject",
            parent=base,
            alignment=TA_CENTER,
            fontName="Serif-Bold",
            fontSize=13,
            leading=17,
            spaceAfter=10,
        ),
        "body": ParagraphStyle(
            "body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=28, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName="Serif-Bold", spaceBefore=8, spaceAfter=4
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=base, alignment=TA_JUSTIFY, leftIndent=18, bulletIndent=6
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10.5, leading=13, alignment=TA_LEFT),
        "cell_head": ParagraphStyle(
            "cellh",
            parent=base,
            fontName="Serif-Bold",
            fontSize=10.5,
            leading=13,
            alignment=TA_CENTER,
        ),
        "recipients_head": ParagraphStyle(
            "rh", parent=base, fontName="Serif-BoldItalic", fontSize=12
        ),
        "recipients": ParagraphStyle("r", parent=base, fontSize=11, leading=13),
        "signer": ParagraphStyle(
            "s", parent=base, alignment=TA_CENTER, fontName="Serif-Bold", fontSize=13, leading=16
        ),
    }


def _table(block: Block, width: float, styles: dict[str, object]):  # type: ignore[no-untyped-def]
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = [list(r) for r in block.rows]
    if not rows:
        return None
    cols = len(rows[0])
    rel = list(block.widths) if len(block.widths) == cols else [1.0] * cols
    widths = [width * w / sum(rel) for w in rel]
    data = [[Paragraph(_esc(str(c)), styles["cell_head"]) for c in rows[0]]]  # type: ignore[arg-type]
    data += [[Paragraph(_esc(str(c)), styles["cell"]) for c in r] for r in rows[1:]]  # type: ignore[arg-type]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def pdf_flowables(doc: OfficialDocument, width: float) -> list[object]:
    """The document as reportlab flowables (so callers can append pages of their own)."""
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    s = pdf_styles()
    left = [Paragraph(_esc(doc.issuer_parent.upper()), s["center"])] if doc.issuer_parent else []
    left.append(Paragraph(_esc(doc.issuer.upper()), s["center_bold"]))
    left.append(Paragraph("―――――", s["center"]))
    if doc.number_symbol:
        left.append(Paragraph(_esc(f"Số: {doc.number_symbol}"), s["center"]))
    right = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["center_bold"]),
        Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", s["motto"]),
        Spacer(1, 6),
    ]
    if doc.date:
        right.append(Paragraph(_esc(vietnamese_date_line(doc.place, doc.date)), s["date"]))
    header = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    out: list[object] = [header, Spacer(1, 10)]
    if doc.kind_title:
        out.append(Paragraph(_esc(doc.kind_title.upper()), s["title"]))
    if doc.subject:
        out.append(Paragraph(_esc(doc.subject), s["subject"]))
    for block in doc.blocks:
        if block.kind == "heading":
            out.append(Paragraph(_esc(block.text), s["heading"]))
        elif block.kind == "paragraph":
            out.append(Paragraph(_esc(block.text), s["body"]))
        elif block.kind == "bullets":
            out.extend(Paragraph(_esc(item), s["bullet"], bulletText="-") for item in block.items)
        elif block.kind == "table":
            table = _table(block, width, s)
            if table is not None:
                out.extend([table, Spacer(1, 6)])
        elif block.kind == "spacer":
            out.append(Spacer(1, 10))
    recipients = [Paragraph("Nơi nhận:", s["recipients_head"])]
    recipients += [Paragraph(_esc(f"- {r};"), s["recipients"]) for r in doc.recipients]
    signer = []
    if doc.signer_authority:
        signer.append(Paragraph(_esc(doc.signer_authority.upper()), s["signer"]))
    if doc.signer_title:
        signer.append(Paragraph(_esc(doc.signer_title.upper()), s["signer"]))
    signer += [Spacer(1, 50), Paragraph(_esc(doc.signer_name), s["signer"])]
    footer = Table(
        [[recipients if doc.recipients else "", signer]], colWidths=[width * 0.5, width * 0.5]
    )
    footer.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    out += [Spacer(1, 14), footer]
    return out


def render_pdf(doc: OfficialDocument) -> bytes:
    """A4 with the decree's margins: top 20–25 mm, bottom 20–25, left 30–35, right 15–20."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    size = landscape(A4) if doc.landscape else A4
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=doc.subject or doc.kind_title,
        author=doc.issuer,
    )
    template.build(pdf_flowables(doc, size[0] - 45 * mm))  # type: ignore[arg-type]
    return buffer.getvalue()


# ---------------------------------------------------------------- Word


def render_docx(doc: OfficialDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    def para(
        cell_or_doc,
        text: str,
        *,
        bold=False,
        italic=False,
        size=13,
        align="center",  # type: ignore[no-untyped-def]
        underline=False,
    ):
        p = cell_or_doc.add_paragraph()
        p.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        run.font.name = "Times New Roman"
        return p

    header = word.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    if doc.issuer_parent:
        para(left, doc.issuer_parent.upper(), size=12)
    para(left, doc.issuer.upper(), bold=True, size=12)
    if doc.number_symbol:
        para(left, f"Số: {doc.number_symbol}", size=13)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, underline=True)
    if doc.date:
        para(right, vietnamese_date_line(doc.place, doc.date), italic=True)
    if doc.kind_title:
        para(word, doc.kind_title.upper(), bold=True, size=14)
    if doc.subject:
        para(word, doc.subject, bold=True)
    for block in doc.blocks:
        if block.kind == "heading":
            para(word, block.text, bold=True, align="left")
        elif block.kind == "paragraph":
            p = para(word, block.text, align="justify")
            p.paragraph_format.first_line_indent = Mm(10)
        elif block.kind == "bullets":
            for item in block.items:
                para(word, f"- {item}", align="justify")
        elif block.kind == "table" and block.rows:
            table = word.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(str(value))
                    run.bold = r == 0
                    run.font.size = Pt(11)
    footer = word.add_table(rows=1, cols=2)
    rec, sig = footer.rows[0].cells
    if doc.recipients:
        para(rec, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
        for recipient in doc.recipients:
            para(rec, f"- {recipient};", size=11, align="left")
    if doc.signer_authority:
        para(sig, doc.signer_authority.upper(), bold=True)
    if doc.signer_title:
        para(sig, doc.signer_title.upper(), bold=True)
    for _ in range(3):
        sig.add_paragraph()
    para(sig, doc.signer_name, bold=True)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
