"""The admissions journey in Chromium, end to end on the demo world:

inventory → explained recommendations → register with a one-time code → upload a document →
apply with 3 ranked wishes → an officer reviews → the authority runs the coordinated allocation →
the applicant sees the result and the cut-offs → confirms → the college enrols them into a class
(opened by the training officer) → the applicant is a student of that class.

The one-time code is read where the demo's console sender writes it:
``<OPENTVET_VAR_DIR>/otp-outbox/<phone>.txt`` (the browser server's var directory is a
``opentvet-browser-*`` folder in the system temp directory).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from django.utils import timezone

from opentvet.admissions.demo import COORDINATED_NAME
from opentvet.guidance.inventory import ITEMS

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))
PHONE = "0988123456"
CCCD = "096307987654"
CLASS_CODE = "CD26KT-BJ"
WAIT = 60_000  # the machine is loaded
PDF = b"%PDF-1.4\n% OpenTVET test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
COLLEGE = "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu"


def _read_code(phone: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        files = sorted(
            Path(tempfile.gettempdir()).glob(f"opentvet-browser-*/otp-outbox/{phone}.txt"),
            key=lambda p: p.stat().st_mtime,
        )
        if files:
            return files[-1].read_text().strip()
        time.sleep(0.2)
    raise AssertionError("no one-time code in the outbox")


def _pick(page, select: str, text: str) -> None:  # type: ignore[no-untyped-def]
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    page.select_option(select, value)


def test_inventory_to_enrolment(new_page, login_as):
    SHOTS.mkdir(parents=True, exist_ok=True)
    # 1. The inventory, on a phone, without an account.
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/huong-nghiep/trac-nghiem/")
    page.select_option("#id_education_level", "thpt")
    for item in ITEMS:
        value = "2" if item.type in "ICR" else "0"
        page.check(f"input[name={item.key}][value='{value}']")
    page.click("[data-testid=inventory-submit]")
    page.wait_for_selector("[data-testid=holland-code]")
    assert set(page.inner_text("[data-testid=holland-code]")) == set("ICR")
    first = page.locator("[data-testid=recommendation]").first
    assert "nhóm sở thích" in first.inner_text()
    page.screenshot(path=str(SHOTS / "admissions-recommendations.png"), full_page=True)

    # 2. Register with a one-time code; the result is kept.
    page.click("[data-testid=register-after-result]")
    page.fill("#id_identifier", PHONE)
    page.fill("#id_full_name", "Đặng Thu Trang")
    page.click("[data-testid=otp-send]")
    page.fill("#id_code", _read_code(PHONE))
    page.click("[data-testid=otp-verify]")
    page.wait_for_selector("[data-testid=holland-code]")
    assert "Đặng Thu Trang" in page.inner_text("[data-testid=whoami]")

    # 3. Profile and a document.
    page.goto("/tuyen-sinh/ho-so/")
    page.fill("#id_gpa", "7.50")
    page.fill("#id_date_of_birth", "2007-03-15")
    page.fill("#id_national_id", CCCD)
    page.select_option("#id_province", "96")
    page.click("[data-testid=profile-form] button[type=submit]")
    page.wait_for_selector(".messages")
    page.select_option("#id_kind", "transcript")
    page.set_input_files(
        "#id_file", {"name": "hoc-ba.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=documents] a")
    assert "hoc-ba.pdf" in page.inner_text("[data-testid=documents]")

    # 4. Apply with three ranked wishes in the coordinated round.
    page.goto("/tuyen-sinh/")
    page.click(f"text={COORDINATED_NAME}")
    page.click("[data-testid=apply-round]")
    _pick(page, "#id_wish_1", f"Công nghệ thông tin — {COLLEGE}")
    _pick(page, "#id_wish_2", f"Kế toán — {COLLEGE}")
    _pick(page, "#id_wish_3", f"Điện công nghiệp — {COLLEGE}")
    page.click("[data-testid=submit-application]")
    page.wait_for_selector("[data-testid=application]")
    assert page.locator("[data-testid=wish]").count() == 3
    code = re.search(r"HS\d{6}", page.inner_text("[data-testid=application]")).group(0)

    # 5. The college's admissions officer reviews the first wish.
    officer = login_as("admissions_officer")
    officer.goto("/tuyen-sinh/quan-ly/")
    officer.click(f"text={COORDINATED_NAME}")
    officer.click("[data-testid=open-queue]")
    officer.fill("input[name=q]", "Dang Thu Trang")
    officer.click("text=Lọc")
    officer.locator("[data-testid=wish-link]", has_text=code).first.click()
    assert "hoc-ba.pdf" in officer.inner_text("[data-testid=documents]")
    officer.select_option("#id_status", "eligible")
    officer.click("[data-testid=decide]")
    officer.wait_for_selector(".messages")
    assert "Đủ điều kiện" in officer.inner_text("[data-testid=wish-status]")

    # 6. The provincial department runs the coordinated allocation in the worker.
    authority = login_as("provincial_officer")
    authority.goto("/tuyen-sinh/quan-ly/")
    authority.click(f"text={COORDINATED_NAME}")
    authority.click("[data-testid=run-allocation]")
    authority.wait_for_selector("[data-testid=job-status][data-status=succeeded]", timeout=30_000)

    # 7. The applicant sees the result and why the first wish was not met.
    page.goto("/tuyen-sinh/cua-toi/")
    statuses = page.locator("[data-testid=wish]").evaluate_all(
        "els => els.map(e => e.dataset.status)"
    )
    assert statuses[:2] == ["not_admitted", "admitted"], statuses
    assert "điểm chuẩn" in page.locator("[data-testid=wish]").first.inner_text()
    page.screenshot(path=str(SHOTS / "admissions-result.png"), full_page=True)
    page.click("text=Điểm chuẩn các chương trình")
    assert "Công nghệ thông tin" in page.inner_text("[data-testid=cutoffs]")
    page.goto("/tuyen-sinh/cua-toi/")
    page.click("[data-testid=confirm]")
    page.wait_for_selector(".messages")
    assert page.locator("[data-testid=wish]").nth(1).get_attribute("data-status") == "confirmed"

    # 8. The training office opens this year's class of the programme the applicant confirmed.
    training = login_as("training_officer")
    training.goto("/nguoi-hoc/lop/")
    training.click("[data-testid=add-class]")
    training.fill("#id_code", CLASS_CODE)
    training.fill("#id_name", "Cao đẳng Kế toán K26 (tuyển sinh)")
    training.fill("#id_intake_year", str(timezone.localdate().year))
    value = training.evaluate(
        "[...document.querySelectorAll('#id_programme_version option')]"
        ".filter(o => o.textContent.includes('CD-KT')).pop().value"
    )
    training.select_option("#id_programme_version", value)
    training.click("button[type=submit]")
    training.wait_for_selector("[data-testid=class-name]", timeout=WAIT)
    class_url = training.url

    # 9. The college's admissions officer enrols the confirmed applicant into that class.
    officer.goto("/tuyen-sinh/quan-ly/")
    officer.click(f"text={COORDINATED_NAME}")
    officer.click("[data-testid=open-queue]")
    officer.goto(officer.url.split("?")[0] + "?status=confirmed")
    officer.locator("[data-testid=wish-link]", has_text=code).first.click()
    officer.select_option("#id_status", "enrolled")
    _pick(officer, "#id_class_group", CLASS_CODE)
    officer.click("[data-testid=decide]")
    officer.wait_for_selector(".messages", timeout=WAIT)
    assert "Đã nhập học" in officer.inner_text("[data-testid=wish-status]")
    assert CLASS_CODE in officer.inner_text("[data-testid=student]")

    # 10. The applicant is now a student of the class, and the class list shows them.
    page.goto("/tuyen-sinh/cua-toi/")
    assert page.locator("[data-testid=wish]").nth(1).get_attribute("data-status") == "enrolled"
    became = page.locator("[data-testid=became-student]")
    became.wait_for(timeout=WAIT)
    assert f"Bạn đã trở thành sinh viên lớp {CLASS_CODE}" in became.inner_text()
    page.screenshot(path=str(SHOTS / "admissions-student.png"), full_page=True)
    training.goto(class_url)
    training.wait_for_selector("[data-testid=class-students]", timeout=WAIT)
    assert "Đặng Thu Trang" in training.inner_text("[data-testid=class-students]")


def test_another_applicant_cannot_open_the_first_ones_document(new_page, login_as):
    """The demo applicant persona (phone + password) gets 404 on other applicants' files."""
    page = login_as("applicant")
    for doc_id in range(1, 4):
        response = page.goto(f"/tuyen-sinh/giay-to/{doc_id}/")
        assert response.status in {404}
