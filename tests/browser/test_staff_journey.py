"""The staff journey in Chromium: HR adds a teacher with certificates and an expiring licence,
the alert appears; the teacher self-assesses and sees the gap list; the unit head rates; an
authority opens a promotion round whose eligibility view explains each candidate; a decision
updates the title; the dashboards show the standardisation figures."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))


def _today() -> dt.date:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).date()


def _add_qualification(page, kind: str, rank: str, name: str, expires: str = "") -> None:  # type: ignore[no-untyped-def]
    page.click("[data-testid=add-qualification]")
    page.select_option("#id_kind", kind)
    page.select_option("#id_rank", rank)
    page.fill("#id_name", name)
    if expires:
        page.fill("#id_expires_on", expires)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=qualifications]")


def test_staff_journey(login_as):  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    soon = (_today() + dt.timedelta(days=30)).isoformat()

    # 1. The HR officer adds a teacher, first with a mistake, then with certificates.
    hr = login_as("hr_officer")
    hr.goto("/nhan-su/")
    hr.locator("[data-testid=staff-institutions] a", has_text="Bạc Liêu").first.click()
    hr.click("[data-testid=add-staff]")
    hr.fill("#id_code", "GV-HANH")
    hr.fill("#id_full_name", "Võ Thị Hạnh")
    hr.select_option("#id_category", "teacher")
    hr.select_option("#id_contract_type", "vien_chuc")
    hr.select_option("#id_unit", label="Khoa Công nghệ thông tin")
    hr.click("button[type=submit]")
    assert "Nhà giáo cần có trình độ giảng dạy." in hr.inner_text("main form")
    assert hr.input_value("#id_full_name") == "Võ Thị Hạnh"
    hr.select_option("#id_teaching_level", "cao_dang")
    hr.select_option("#id_teaching_kind", "integrated")
    hr.click("button[type=submit]")
    hr.wait_for_selector("[data-testid=staff-name]")
    assert "Võ Thị Hạnh" in hr.inner_text("[data-testid=staff-name]")
    _add_qualification(hr, "degree", "3", "Bằng kỹ sư Công nghệ thông tin")
    _add_qualification(hr, "pedagogy", "3", "Chứng chỉ nghiệp vụ sư phạm dạy trình độ cao đẳng")
    _add_qualification(hr, "licence", "1", "Giấy chứng nhận an toàn lao động", soon)
    assert "còn" in hr.inner_text("[data-testid=qualifications]")
    gaps = hr.inner_text("[data-testid=gap-list]")
    assert "kỹ năng nghề" in gaps  # what she still lacks for college-level teaching
    # Teaching hours for this school year: under the college norm, and the page says by how much.
    hr.click("[data-testid=add-assignment]")
    hr.fill("#id_school_year", str(_today().year))
    hr.fill("#id_subject", "Lập trình cơ bản")
    hr.fill("#id_hours", "300")
    hr.click("button[type=submit]")
    hr.wait_for_selector("[data-testid=workload]")
    assert "Thiếu 150 giờ" in hr.inner_text("[data-testid=workload]")
    hr.goto("/")
    assert "Giấy chứng nhận an toàn lao động" in hr.inner_text("[data-testid=expiry-panel]")
    hr.screenshot(path=str(SHOTS / "staff-hr-alert.png"), full_page=True)

    # 2. The teacher self-assesses and sees what is missing.
    teacher = login_as("teacher")
    assert "Hồ sơ nhà giáo của tôi" in teacher.inner_text("[data-testid=own-panel]")
    assert "Chứng chỉ tiếng Anh bậc 2" in teacher.inner_text("[data-testid=expiry-panel]")
    teacher.goto("/nhan-su/cua-toi/")
    teacher.locator("[data-testid=assessments] a").first.click()
    for radio in teacher.locator("input[type=radio][name^=met_][value='1']").all():
        radio.check()
    teacher.fill("#id_note", "Đã hoàn thành nhiệm vụ năm học")
    teacher.click("[data-testid=submit-self]")
    teacher.wait_for_selector("[data-testid=assessment-status]")
    assert "Đã tự đánh giá" in teacher.inner_text("[data-testid=assessment-status]")
    gap_text = teacher.inner_text("[data-testid=gap-list]")
    assert "Chứng chỉ ứng dụng công nghệ thông tin cơ bản" in gap_text
    assessment_url = teacher.url
    teacher.screenshot(path=str(SHOTS / "staff-teacher-gaps.png"), full_page=True)

    # 3. The unit head rates each criterion.
    head = login_as("unit_head")
    head.goto(assessment_url)
    for radio in head.locator("input[type=radio][name^=unit_][value='1']").all():
        radio.check()
    head.click("[data-testid=submit-unit]")
    head.wait_for_selector("[data-testid=assessment-status]")
    assert "Trưởng đơn vị đã đánh giá" in head.inner_text("[data-testid=assessment-status]")

    # 4. The provincial department opens a promotion round; the view explains each candidate.
    authority = login_as("provincial_officer")
    authority.goto("/nhan-su/thang-hang/")
    authority.locator("[data-testid=create-round]").first.click()
    authority.fill("#id_name", "Xét thăng hạng giảng viên GDNN chính")
    authority.select_option("#id_method", "xet")
    authority.select_option(
        "#id_target_title", label="Giảng viên giáo dục nghề nghiệp chính (hạng II) (V.09.02.02)"
    )
    authority.fill("#id_reference_date", _today().isoformat())
    authority.click("button[type=submit]")
    authority.wait_for_selector("[data-testid=candidates]")
    round_url = authority.url
    table = authority.inner_text("[data-testid=candidates]")
    assert "Đủ" in table
    assert "Nguyễn Văn An" in table and "cần đủ 9 năm" in table
    authority.screenshot(path=str(SHOTS / "staff-eligibility.png"), full_page=True)

    # 5. The HR officer files the senior lecturer's application.
    hr.goto(round_url)
    senior = hr.locator("tr[data-candidate='GV-KCNTT-1'] td").first.inner_text().split("\n")[0]
    hr.select_option("#id_staff", label=senior)
    hr.fill("#id_evidence_note", "Bằng thạc sĩ, chứng nhận CSTĐ cơ sở")
    hr.click("[data-testid=apply]")
    hr.wait_for_selector(".messages")
    assert "Đã nộp hồ sơ" in hr.inner_text(".messages")

    # 6. The authority records the decision; the title changes with its effective date.
    authority.goto(round_url)
    form = authority.locator("[data-testid=decide-GV-KCNTT-1]")
    form.locator("select[name=passed]").select_option("1")
    form.locator("input[name=decision]").fill("45/QĐ-SGDĐT")
    form.locator("input[name=effective_date]").fill(_today().isoformat())
    form.locator("button").click()
    authority.wait_for_selector(".messages")
    assert "Đã ghi kết quả" in authority.inner_text(".messages")
    assert "45/QĐ-SGDĐT" in authority.inner_text("[data-testid=candidates]")
    hr.goto("/nhan-su/")
    hr.locator("[data-testid=staff-institutions] a", has_text="Bạc Liêu").first.click()
    hr.locator("#staff-rows a", has_text=senior).first.click()
    assert "V.09.02.02" in hr.inner_text("[data-testid=staff-title]")
    assert "45/QĐ-SGDĐT" in hr.inner_text("[data-testid=title-history]")

    # 7. Dashboards: standardisation per institution and per province.
    authority.goto("/")
    institutions = authority.inner_text("[data-testid=standardisation-institution]")
    assert "Bạc Liêu" in institutions and re.search(r"\d+(\.\d)?%", institutions)
    # One province only: its institutions, no table of provinces.
    assert authority.locator("[data-testid=standardisation-province]").count() == 0
    national = login_as("national_analyst")
    provinces = national.inner_text("[data-testid=standardisation-province]")
    assert "Cà Mau" in provinces and "Hà Nội" in provinces
    national.screenshot(path=str(SHOTS / "staff-national.png"), full_page=True)

    # 8. Lean staffing over the years, rolled up by province, drawn without JavaScript.
    national.goto("/nhan-su/")
    national.click("[data-testid=lean-overview]")
    national.wait_for_selector("[data-testid=province-rollup]")
    assert "Cà Mau" in national.inner_text("[data-testid=province-rollup]")
    assert national.locator("[data-testid=trend-chart] svg polyline").count() >= 3
    national.screenshot(path=str(SHOTS / "staff-lean-trends.png"), full_page=True)
