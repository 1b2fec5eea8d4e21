"""Official documents render in the Decree 30/2020/NĐ-CP layout as PDF and Word."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from opentvet.core.documents import (
    Block,
    OfficialDocument,
    render_docx,
    render_pdf,
    vietnamese_date_line,
)


def _doc() -> OfficialDocument:
    return OfficialDocument(
        issuer="Sở Giáo dục và Đào tạo",
        issuer_parent="UBND tỉnh Cà Mau",
        number_symbol="125/BC-SGDĐT",
        place="Cà Mau",
        date=dt.date(2026, 2, 5),
        kind_title="Báo cáo",
        subject="Tình hình hoạt động tháng 01 năm 2026",
        blocks=[
            Block("heading", text="I. KẾT QUẢ"),
            Block("paragraph", text="Nội dung."),
            Block("table", rows=[["Chỉ tiêu", "Số liệu"], ["Tuyển sinh", "1.250"]]),
        ],
        recipients=["UBND tỉnh (b/c)", "Lưu: VT"],
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Đoàn Thị Mỹ Linh",
    )


def test_date_line_keeps_leading_zeros_for_days_below_10_and_months_below_3():
    assert (
        vietnamese_date_line("Cà Mau", dt.date(2026, 2, 5)) == "Cà Mau, ngày 05 tháng 02 năm 2026"
    )
    assert (
        vietnamese_date_line("Hà Nội", dt.date(2026, 11, 29)) == "Hà Nội, ngày 29 tháng 11 năm 2026"
    )


def test_pdf_embeds_vietnamese_fonts_with_bold_and_italic():
    pdf = render_pdf(_doc())
    assert pdf.startswith(b"%PDF-")
    for face in (b"NotoSerif-Regular", b"NotoSerif-Bold", b"NotoSerif-Italic"):
        assert face in pdf


def test_word_has_the_header_blocks_and_the_signature():
    word = Document(io.BytesIO(render_docx(_doc())))
    header_text = " ".join(c.text for c in word.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_text
    assert "Độc lập - Tự do - Hạnh phúc" in header_text
    assert "Số: 125/BC-SGDĐT" in header_text
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in header_text
    body = "\n".join(p.text for p in word.paragraphs)
    assert "BÁO CÁO" in body
    assert "Nơi nhận:" in word.tables[-1].rows[0].cells[0].text
    assert "Đoàn Thị Mỹ Linh" in word.tables[-1].rows[0].cells[1].text
    assert word.tables[1].cell(1, 1).text == "1.250"
