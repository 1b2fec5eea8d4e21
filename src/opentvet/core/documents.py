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

The lines a văn thư checks are derived, never typed by the caller:
- ``issuing_body_lines(org)``: the issuing body and the body directly above it, from the
  organisation tree (an institution's governing body, a Sở's People's Committee, the national
  department's ministry; a People's Committee or a ministry has no line above it). A province's
  People's Committee is "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" or "... THÀNH PHỐ HÀ NỘI" for a centrally-run
  city (Decree 30/2020/NĐ-CP, Appendix I, section II.3 — the superior body's name may be
  abbreviated, the issuer's is written in full).
- ``signature_lines(issuer, signer_title)``: the authority line from who signs (Decree 30/2020,
  Article 13 and Appendix I, section II.7): the head signs with no prefix; a deputy signs
  "KT. <HEAD>" (ký thay); the head of an office or unit signs "TL. <HEAD>" (thừa lệnh); an acting
  head signs "Q. <HEAD>" (quyền); a collective body (the People's Committee) signs
  "TM. ỦY BAN NHÂN DÂN" (thay mặt), with "KT. CHỦ TỊCH" under it when a vice-chair signs.
- Page numbers: Arabic numerals centred in the top margin, not shown on the first page (Decree
  30/2020, Appendix I, section I.7; the appendix was not read in full here — this matches common
  practice and FACTS.md's note on Appendix I).
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


# ---------------------------------------------------------------- lines from the organisation tree

# Kinds whose documents are signed on behalf of a collective body (Decree 30/2020, Article 13.2).
_COLLECTIVE_BODY = {"peoples_committee": "Ủy ban nhân dân"}
# The head's title when the organisation row has none recorded.
_HEAD_BY_KIND = {
    "ministry": "Bộ trưởng",
    "national_authority": "Cục trưởng",
    "peoples_committee": "Chủ tịch",
    "provincial_authority": "Giám đốc",
    "institution": "Hiệu trưởng",
}


def province_title(province: object) -> str:
    """ "Tỉnh Cà Mau" or "Thành phố Hà Nội": the catalogue stores cities with their prefix and
    provinces without it (vietnam-provinces)."""
    name = str(getattr(province, "name", "") or "")
    if name.startswith(("Tỉnh ", "Thành phố ")):
        return name
    division = str(getattr(province, "division_type", "") or "").lower()
    if "thành phố" in division or "thanh_pho" in division:
        return f"Thành phố {name}"
    return f"Tỉnh {name}"


def _province_part(province: object) -> str:
    name = str(getattr(province, "name", "") or "")
    return name.removeprefix("Tỉnh ").removeprefix("Thành phố ")


def formal_name(organisation: object) -> str:
    """The name an issuing-body line shows. A People's Committee is named by its province
    ("Ủy ban nhân dân Tỉnh Cà Mau" reads "ỦY BAN NHÂN DÂN TỈNH CÀ MAU" in capitals)."""
    kind = getattr(organisation, "kind", "")
    province = getattr(organisation, "province", None)
    if kind == "peoples_committee" and province is not None:
        return f"Ủy ban nhân dân {province_title(province)}"
    return str(getattr(organisation, "name", ""))


def _without_province(name: str, province: object) -> str:
    """ "Sở Giáo dục và Đào tạo Cà Mau" under its People's Committee is "Sở Giáo dục và Đào tạo":
    the line above already names the province."""
    if province is None:
        return name
    for suffix in (province_title(province), _province_part(province)):
        if suffix and name.endswith(" " + suffix):
            return name[: -len(suffix) - 1].rstrip(" -")
    return name


def issuing_body_lines(organisation: object) -> tuple[str, str]:
    """(the body above the issuer or "", the issuer), as Decree 30/2020, Appendix I lays out the
    issuing-body block. Callers pass the organisation that issues, never the viewer's."""
    kind = getattr(organisation, "kind", "")
    parent = getattr(organisation, "parent", None)
    if kind in {"ministry", "peoples_committee"}:
        return "", formal_name(organisation)
    if kind == "provincial_authority":
        province = getattr(organisation, "province", None)
        above = (
            formal_name(parent)
            if parent is not None and parent.kind == "peoples_committee"
            else (f"Ủy ban nhân dân {province_title(province)}" if province is not None else "")
        )
        return above, _without_province(str(organisation.name), province)  # type: ignore[attr-defined]
    if kind == "institution":
        body = getattr(organisation, "governing_body", None)
        return (formal_name(body) if body is not None else ""), str(organisation.name)  # type: ignore[attr-defined]
    if kind == "unit":
        institution = parent
        while institution is not None and institution.kind == "unit":
            institution = institution.parent
        return (formal_name(institution) if institution is not None else ""), str(
            organisation.name  # type: ignore[attr-defined]
        )
    # The national authority and anything else: the parent node above it.
    return (formal_name(parent) if parent is not None else ""), formal_name(organisation)


def head_title(organisation: object) -> str:
    """The head's title ("Hiệu trưởng", "Giám đốc", "Chủ tịch")."""
    recorded = str(getattr(organisation, "leader_title", "") or "")
    if recorded:
        return recorded
    kind = getattr(organisation, "kind", "")
    if kind == "institution" and getattr(organisation, "institution_type", "") not in {
        "college",
        "intermediate",
    }:
        return "Giám đốc"
    return _HEAD_BY_KIND.get(kind, "Thủ trưởng cơ quan")


def signature_lines(organisation: object, signer_title: str = "") -> tuple[str, str]:
    """(authority line(s), title line) for whoever signs for ``organisation``.

    ``signer_title`` is the signer's own position ("Phó Hiệu trưởng", "Trưởng phòng Đào tạo",
    "Quyền Hiệu trưởng"); empty means the head signs. Several authority lines are joined with a
    newline (a vice-chair of a People's Committee: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH")."""
    head = head_title(organisation)
    title = " ".join(signer_title.split()) or head
    lowered, head_lowered = title.lower(), head.lower()
    collective = _COLLECTIVE_BODY.get(getattr(organisation, "kind", ""))
    lines: list[str] = [f"TM. {collective}"] if collective else []
    if lowered == head_lowered:
        return "\n".join(lines).upper(), head.upper()
    if lowered.startswith(("quyền ", "q. ")):
        return "\n".join(lines).upper(), f"Q. {head}".upper()
    if lowered.startswith(f"phó {head_lowered}"):
        lines.append(f"KT. {head}")
        return "\n".join(lines).upper(), title.upper()
    if collective:  # a member of the collective body who is not its chair or a vice-chair
        return "\n".join(lines).upper(), title.upper()
    lines.append(f"TL. {head}")
    return "\n".join(lines).upper(), title.upper()


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
    for line in doc.signer_authority.splitlines():
        signer.append(Paragraph(_esc(line.upper()), s["signer"]))
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
    template.build(
        pdf_flowables(doc, size[0] - 45 * mm),  # type: ignore[arg-type]
        onLaterPages=draw_page_number,
    )
    return buffer.getvalue()


def draw_page_number(canvas, template) -> None:  # type: ignore[no-untyped-def]
    """The page number centred in the top margin, from page 2 on (pass as ``onLaterPages``)."""
    register_pdf_fonts()
    canvas.saveState()
    canvas.setFont("Serif", 13)
    width, height = template.pagesize
    centre = template.leftMargin + (width - template.leftMargin - template.rightMargin) / 2
    canvas.drawCentredString(
        centre, height - template.topMargin / 2 - 4, str(canvas.getPageNumber())
    )
    canvas.restoreState()


# ---------------------------------------------------------------- Word


def _word_page_numbers(section) -> None:  # type: ignore[no-untyped-def]
    """A PAGE field centred in the header of every page but the first (its header stays empty)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    run.font.name = "Times New Roman"
    begin, instr, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, end):
        run._r.append(element)


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
    _word_page_numbers(section)
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
    for line in doc.signer_authority.splitlines():
        para(sig, line.upper(), bold=True)
    if doc.signer_title:
        para(sig, doc.signer_title.upper(), bold=True)
    for _ in range(3):
        sig.add_paragraph()
    para(sig, doc.signer_name, bold=True)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
