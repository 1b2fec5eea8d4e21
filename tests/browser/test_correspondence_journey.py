"""A giấy mời travels in Chromium: the People's Committee's clerk drafts and sends it to the
college; the college's clerk finds it in the incoming register and assigns the rector's office
(Phòng Tổ chức - Hành chính); the handler records what was done and replies; the sender sees
that it was received, read and handled, and the reply."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))
COLLEGE = "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu"
SUBJECT = "Mời dự buổi làm việc về tình hình giáo dục nghề nghiệp năm 2026"


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"correspondence-{name}.png"), full_page=True)


def test_an_invitation_travels_and_is_answered(login_as, pdf_png, tmp_path):  # type: ignore[no-untyped-def]
    # 1. The People's Committee's clerk drafts the invitation from the menu and sends it.
    clerk = login_as("committee_clerk")
    clerk.click(".mainnav >> text=Văn bản đến, đi")
    clerk.click("[data-testid=nav-outgoing]")
    clerk.click("[data-testid=new-dispatch]")
    clerk.select_option("#id_doc_type", "GM")
    clerk.fill("#id_subject", SUBJECT)
    clerk.fill("#id_body", "Ủy ban nhân dân tỉnh làm việc với Trường về kết quả năm 2026.")
    clerk.fill("#id_signer_title", "Phó Chủ tịch")
    clerk.fill("#id_signer_name", "Lâm Quốc Bảo")
    clerk.fill("#id_meeting_at", "2026-12-18T08:00")
    clerk.fill("#id_meeting_place", "Phòng họp số 1, Văn phòng UBND tỉnh Cà Mau")
    clerk.fill("#id_meeting_chair", "Đồng chí Lâm Quốc Bảo, Phó Chủ tịch UBND tỉnh")
    clerk.fill("#id_invitees", f"Hiệu trưởng {COLLEGE}\nLãnh đạo Sở GD&ĐT")
    agenda = tmp_path / "chuong-trinh.pdf"
    agenda.write_bytes(b"%PDF-1.4 chuong trinh lam viec")
    clerk.set_input_files("#id_file", str(agenda))
    clerk.click("[data-testid=dispatch-form] button")
    clerk.wait_for_selector("[data-testid=send-form]")
    row = clerk.locator("[data-testid=send-form] tr", has_text=COLLEGE).first
    row.locator("select").select_option("action")
    clerk.locator(
        "[data-testid=send-form] tr", has_text="Sở Giáo dục và Đào tạo Cà Mau"
    ).first.locator("select").select_option("info")
    clerk.click("[data-testid=send]")
    clerk.wait_for_selector("[data-testid=delivery-status]")
    symbol = (
        clerk.inner_text("[data-testid=dispatch-symbol]").split(":", 1)[1].split("—")[0].strip()
    )
    assert symbol.endswith("/GM-UBND")
    status = clerk.locator("[data-testid=delivery-status] tr", has_text=COLLEGE)
    assert "Chưa đọc" in status.inner_text()
    pdf = clerk.request.get(clerk.url + "in.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_file = tmp_path / "giay-moi.pdf"
    pdf_file.write_bytes(pdf.body())
    pdf_png(pdf_file, SHOTS / "correspondence-invitation")
    _shot(clerk, "1-sent")

    # 2. The college's clerk finds it in the incoming register and assigns a handler.
    college = login_as("college_clerk")
    college.click(".mainnav >> text=Văn bản đến, đi")
    college.click(f"[data-testid=incoming] >> text={symbol}")
    college.wait_for_selector("[data-testid=assign-form]")
    assert SUBJECT in college.inner_text("[data-testid=subject]")
    college.select_option("#id_handler", label="Ninh Thị Xuân")
    college.fill("#id_deadline", "2026-12-16")
    college.fill("#id_note", "Phòng TC-HC chuẩn bị báo cáo, đăng ký thành phần dự.")
    college.click("[data-testid=assign]")
    college.wait_for_selector("[data-testid=handler]")
    assert "Ninh Thị Xuân" in college.inner_text("[data-testid=handler]")
    _shot(college, "2-assigned")

    # 3. The handler records the result and replies with a document linked to it.
    handler = login_as("hr_officer")
    handler.goto("/van-ban/den/")
    handler.click(f"[data-testid=assigned-to-me] >> text={symbol}")
    handler.fill("#id_result", "Đã cử Hiệu trưởng và Trưởng phòng Đào tạo dự; báo cáo đã gửi kèm.")
    handler.click("[data-testid=handle]")
    handler.wait_for_selector("[data-testid=result]")
    handler.fill("#id_subject", "Xác nhận thành phần dự buổi làm việc ngày 18/12/2026")
    handler.fill("#id_signer_title", "Trưởng phòng Tổ chức - Hành chính")
    handler.fill("#id_signer_name", "Ninh Thị Xuân")
    handler.click("[data-testid=reply]")
    handler.wait_for_selector("[data-testid=reply-link]")
    reply_symbol = handler.inner_text("[data-testid=reply-link]").strip()
    assert reply_symbol.endswith("/CD96001")
    assert handler.inner_text("[data-testid=delivery-status]") == "Đã xử lý"
    _shot(handler, "3-handled")

    # 4. The sender sees received, read, handled and the reply; the reply is in its register.
    clerk.reload()
    status = clerk.locator("[data-testid=delivery-status] tr", has_text=COLLEGE).inner_text()
    assert "Chưa đọc" not in status
    assert "Đã cử Hiệu trưởng" in status
    assert reply_symbol in status
    clerk.goto("/van-ban/den/")
    assert reply_symbol in clerk.inner_text("[data-testid=incoming]")
    _shot(clerk, "4-status")
