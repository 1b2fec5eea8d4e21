"""The learners journey in Chromium: open a class, enrol students, enter results (htmx and an
Excel import in the background), lock, graduate, the diploma register's serials, the transcript
PDF (rendered to PNG with pdftoppm), a graduate answers the tracer link without logging in, and
the employment rate appears with its response rate."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))
STUDENTS = [
    ("BJ26001", "Võ Thị Thanh Trúc", "2007-02-03", "female", "096307555001"),
    ("BJ26002", "Lâm Minh Khang", "2007-06-21", "male", "096207555002"),
]


def _xlsx(rows) -> bytes:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Mã lớp",
            "Mã mô-đun/môn học",
            "Mã người học",
            "Điểm trung bình kiểm tra",
            "Điểm thi kết thúc",
            "Điểm thi lại",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_class_to_graduation_to_tracer(login_as, new_page, tmp_path, pdf_png):  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    officer = login_as("training_officer")
    # 1. Open a class on the intermediate electrical programme, the teacher as homeroom teacher.
    officer.goto("/nguoi-hoc/lop/")
    officer.click("[data-testid=add-class]")
    officer.fill("#id_code", "TC26DCN-BJ")
    officer.fill("#id_name", "Trung cấp Điện công nghiệp K26 (thử)")
    officer.fill("#id_intake_year", "2026")
    value = officer.evaluate(
        "[...document.querySelectorAll('#id_programme_version option')]"
        ".find(o => o.textContent.includes('TC-DCN')).value"
    )
    officer.select_option("#id_programme_version", value)
    officer.select_option("#id_homeroom_teacher", label="Nguyễn Văn An")
    officer.click("button[type=submit]")
    officer.wait_for_selector("[data-testid=class-name]")
    class_url = officer.url
    # 2. Two new learners (one first with a bad CCCD: the typed values stay), then enrol them.
    for index, (code, name, born, gender, cccd) in enumerate(STUDENTS):
        officer.goto("/nguoi-hoc/")
        officer.click("[data-testid=add-student]")
        officer.fill("#id_code", code)
        officer.fill("#id_full_name", name)
        officer.fill("#id_date_of_birth", born)
        officer.select_option("#id_gender", gender)
        officer.fill("#id_citizen_id", "12345" if index == 0 else cccd)
        officer.click("button[type=submit]")
        if index == 0:
            assert "12 chữ số" in officer.inner_text("main form")
            assert officer.input_value("#id_full_name") == name
            officer.fill("#id_citizen_id", cccd)
            officer.click("button[type=submit]")
        officer.wait_for_selector("[data-testid=student-name]")
    officer.goto(class_url)
    for code, *_rest in STUDENTS:
        officer.check(f"[data-testid=enrol-{code}]")
    officer.click("[data-testid=enrol-submit]")
    assert "Đã xếp 2 người học" in officer.inner_text(".messages")
    # 3. The teacher gets one module, the office assigns the rest of the course.
    officer.select_option("#id_teacher", label="Nguyễn Văn An")
    module_label = officer.evaluate("document.querySelector('#id_module option').textContent")
    officer.click("[data-testid=assign-one]")
    officer.select_option("#id_teacher", "")
    officer.click("[data-testid=assign-all]")
    offerings = officer.inner_text("[data-testid=offerings]")
    module_code = module_label.split()[0]
    assert module_code in offerings and "Nguyễn Văn An" in offerings
    codes = re.findall(r"^(M[HĐ]\d+)", offerings, flags=re.M)
    assert len(codes) >= 10
    # 4. The teacher enters grades in the grade sheet (htmx, no reload); a bad score is refused.
    teacher = login_as("teacher")
    teacher.goto("/nguoi-hoc/giang-day/")
    teacher.locator("[data-testid=my-offerings] a", has_text=module_code).first.click()
    teacher.wait_for_selector("[data-testid=grade-sheet]")
    row = teacher.locator("[data-testid=grade-row-BJ26001]")
    row.locator("input[name=cc]").fill("11")
    row.locator("input[name=thi]").fill("8")
    row.locator("[data-testid=save-BJ26001]").click()
    teacher.wait_for_selector("[data-testid=grade-row-BJ26001] .fielderror")
    assert teacher.locator("[data-testid=grade-row-BJ26001] input[name=cc]").input_value() == "11"
    for code, cc, exam in [("BJ26001", "7,5", "8"), ("BJ26002", "6", "9")]:
        row = teacher.locator(f"[data-testid=grade-row-{code}]")
        row.locator("input[name=cc]").fill(cc)
        row.locator("input[name=thi]").fill(exam)
        row.locator(f"[data-testid=save-{code}]").click()
        # A locator assertion, not wait_for_function: the Content-Security-Policy forbids eval.
        expect(row.locator("[data-testid=final]")).to_have_text(re.compile(r"\S"))
    assert teacher.inner_text("[data-testid=grade-row-BJ26001] [data-testid=final]") == "7,8"
    teacher.screenshot(path=str(SHOTS / "learners-grade-sheet.png"), full_page=True)
    # 5. The office imports the other modules' results from Excel (background job).
    rows = [
        ["TC26DCN-BJ", code, student, 8, 8.5, None]
        for code in codes
        if code != module_code
        for student, *_r in STUDENTS
    ]
    upload = tmp_path / "ket-qua.xlsx"
    upload.write_bytes(_xlsx(rows))
    officer.goto(class_url)
    officer.click("text=Nhập điểm từ Excel")
    officer.set_input_files("#id_file", str(upload))
    officer.click("main button[type=submit]")
    officer.wait_for_load_state()
    assert "/nhap-excel/" in officer.url, officer.inner_text("main")
    officer.wait_for_selector(
        "[data-testid=job-status][data-status=succeeded], "
        "[data-testid=job-status][data-status=failed]",
        timeout=30_000,
    )
    status = officer.get_attribute("[data-testid=job-status]", "data-status")
    assert status == "succeeded", officer.inner_text("[data-testid=job-status]")
    # 6. Lock the teacher's module; the grade sheet is read-only afterwards.
    officer.goto(class_url)
    officer.locator("[data-testid=offerings] a", has_text=module_label.split(" ", 1)[1]).click()
    officer.click("[data-testid=lock]")
    officer.wait_for_selector("[data-testid=locked]")
    assert officer.locator("[data-testid=save-BJ26001]").count() == 0
    # 7. Both learners are eligible; one graduation decision; the register gets serials.
    officer.goto(class_url)
    for code, *_rest in STUDENTS:
        officer.check(f"[data-testid=graduate-{code}]")
    officer.fill("#id_number", "901/QĐ-CĐKTKT")
    officer.click("[data-testid=graduate-submit]")
    assert "Đã công nhận tốt nghiệp 2 người học" in officer.inner_text(".messages")
    officer.goto("/nguoi-hoc/so-goc/")
    register = officer.inner_text("[data-testid=register]")
    serials = re.findall(r"TC-CD96001-\d{4}-\d{5}", register)
    assert len(serials) == len(set(serials)) == 2
    assert "Võ Thị Thanh Trúc" in register
    # 8. The class transcripts as one PDF, rendered to PNG to look at.
    # The first PDF also builds the static font instances (core.documents): allow for it.
    response = officer.request.get(class_url + "bang-diem.pdf", timeout=90_000)
    assert response.ok and response.body().startswith(b"%PDF")
    pdf = SHOTS / "learners-transcripts.pdf"
    pdf.write_bytes(response.body())
    pdf_png(pdf, SHOTS / "learners-transcript")
    assert list(SHOTS.glob("learners-transcript*.png"))
    # 9. Tracer: the office opens the 6-month survey; a graduate answers without logging in.
    officer.goto(class_url)
    officer.click("[data-testid=open-tracer]")
    links = officer.inner_text("[data-testid=tracer-links]")
    urls = re.findall(r"https?://\S+/nguoi-hoc/khao-sat/\S+/", links)
    assert len(urls) == 2
    graduate = new_page()
    graduate.goto(urls[0])
    assert "Đăng xuất" not in graduate.content()
    graduate.check("input[name=employed][value=yes]")
    graduate.check("input[name=in_field][value=yes]")
    graduate.fill("#id_employer", "Công ty Điện lực Cà Mau")
    graduate.click("[data-testid=tracer-submit]")
    assert "Cảm ơn" in graduate.inner_text("[data-testid=tracer-done]")
    graduate.goto(urls[0])
    assert "đã được trả lời" in graduate.inner_text("[data-testid=tracer-done]")
    # 10. The employment rate, always with its response rate (staff page and public page).
    officer.goto("/nguoi-hoc/khao-sat-viec-lam/")
    time.sleep(0.1)
    text = officer.inner_text("main")
    assert "1/1 người trả lời" in text or "có việc làm" in text
    assert "tỷ lệ phản hồi" in text
    officer.click("text=Trang công khai")
    six = officer.inner_text("[data-testid=wave-6]")
    assert "Khóa 2026: 100,0% có việc làm (1/1 người trả lời)" in six
    assert "tỷ lệ phản hồi 50,0% (1/2)" in six
    officer.screenshot(path=str(SHOTS / "learners-outcomes.png"), full_page=True)
