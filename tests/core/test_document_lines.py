"""The lines a văn thư checks on an official document come from the organisation tree and from
who signs (Decree 30/2020/NĐ-CP, Article 13 and Appendix I), for PDF and Word alike."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

from opentvet.core.documents import (
    Block,
    OfficialDocument,
    issuing_body_lines,
    render_docx,
    render_pdf,
    signature_lines,
)

pytestmark = pytest.mark.django_db


def test_a_province_people_s_committee_has_no_line_above_and_says_tinh(org):
    committee = org("UBND-96")
    above, issuer = issuing_body_lines(committee)
    assert above == ""
    assert issuer.upper() == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"


def test_a_centrally_run_city_is_thanh_pho(org):
    assert issuing_body_lines(org("UBND-01"))[1].upper() == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"


def test_a_so_sits_under_its_people_s_committee_without_repeating_the_province(org):
    above, issuer = issuing_body_lines(org("SGDDT-96"))
    assert above.upper() == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"
    assert issuer.upper() == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    above, issuer = issuing_body_lines(org("SGDDT-01"))
    assert (above.upper(), issuer.upper()) == (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    )


def test_a_public_college_shows_its_governing_body_a_private_one_none(org):
    above, issuer = issuing_body_lines(org("CD96001"))
    assert above.upper() == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"
    assert issuer == "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu"
    private = org("CD79002")  # Trường Cao đẳng Quốc tế Sài Gòn (tư thục)
    assert private.governing_body is None
    assert issuing_body_lines(private)[0] == ""


def test_the_national_department_sits_under_its_ministry_and_a_unit_under_its_school(org):
    assert issuing_body_lines(org("CUC-GDNN")) == (
        "Bộ Giáo dục và Đào tạo",
        "Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên",
    )
    assert issuing_body_lines(org("BGDDT")) == ("", "Bộ Giáo dục và Đào tạo")
    unit = org("CD96001-KCNTT")
    assert issuing_body_lines(unit) == ("Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu", unit.name)


@pytest.mark.parametrize(
    ("code", "title", "expected"),
    [
        ("CD96001", "", ("", "HIỆU TRƯỞNG")),
        ("CD96001", "Hiệu trưởng", ("", "HIỆU TRƯỞNG")),
        ("CD96001", "Phó Hiệu trưởng", ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")),
        (
            "CD96001",
            "Trưởng phòng Tổ chức - Hành chính",
            ("TL. HIỆU TRƯỞNG", "TRƯỞNG PHÒNG TỔ CHỨC - HÀNH CHÍNH"),
        ),
        ("CD96001", "Quyền Hiệu trưởng", ("", "Q. HIỆU TRƯỞNG")),
        ("TT96001", "Phó Giám đốc", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),  # a VET centre
        ("SGDDT-96", "Phó Giám đốc", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ("UBND-96", "Chủ tịch", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        (
            "UBND-96",
            "Phó Chủ tịch",
            ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
        ("CUC-GDNN", "Phó Cục trưởng", ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG")),
    ],
)
def test_signature_lines_follow_who_signs(org, code, title, expected):
    assert signature_lines(org(code), title) == expected


def _long_doc() -> OfficialDocument:
    return OfficialDocument(
        issuer="Sở Giáo dục và Đào tạo",
        issuer_parent="Ủy ban nhân dân Tỉnh Cà Mau",
        number_symbol="12/BC-SGDĐT",
        place="Cà Mau",
        date=dt.date(2026, 12, 7),
        kind_title="Báo cáo",
        subject="Một văn bản dài ba trang",
        blocks=[Block("paragraph", text="Nội dung báo cáo chi tiết. " * 40) for _ in range(8)],
        recipients=["Ủy ban nhân dân tỉnh", "Lưu: VT"],
        signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Lâm Quốc Bảo",
    )


def _pdf_pages(pdf: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    return out.split("\f")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_numbers_pages_from_the_second_and_prints_both_authority_lines():
    pages = [p for p in _pdf_pages(render_pdf(_long_doc())) if p.strip()]
    assert len(pages) >= 2
    first_lines = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert first_lines[0].startswith("ỦY BAN NHÂN DÂN TỈNH")
    assert "1" not in first_lines
    for number, page in enumerate(pages[1:], start=2):
        top = next(line.strip() for line in page.splitlines() if line.strip())
        assert top == str(number)
    last = pages[-1]
    assert "TM. ỦY BAN NHÂN DÂN" in last
    assert "KT. CHỦ TỊCH" in last
    assert "PHÓ CHỦ TỊCH" in last


def test_word_numbers_pages_from_the_second():
    word = Document(io.BytesIO(render_docx(_long_doc())))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    signer = word.tables[-1].rows[0].cells[1].text
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in signer
