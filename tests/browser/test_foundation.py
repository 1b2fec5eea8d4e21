"""Foundation journeys in Chromium: every persona, tenancy, search, language, a background job."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opentvet.demo.personas import PERSONAS

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))

# What each persona must and must not find in the organisation directory.
EXPECTED = {
    "national_analyst": (["Bạc Liêu", "Công nghệ và Thương mại Hà Nội", "Cao Thắng"], []),
    "committee_leader": (["Bạc Liêu", "Cộng đồng Cà Mau"], ["Hà Nội", "Cao Thắng"]),
    "provincial_officer": (["Bạc Liêu", "Năm Căn"], ["Hà Nội", "Cao Thắng"]),
    "other_provincial_officer": (["Công nghệ và Thương mại Hà Nội", "Tây Hồ"], ["Bạc Liêu"]),
    "rector": (["Bạc Liêu", "Phòng Đào tạo"], ["Cộng đồng Cà Mau", "Hà Nội"]),
    "vice_rector": (["Bạc Liêu"], ["Cộng đồng Cà Mau"]),
    "unit_head": (["Khoa Công nghệ thông tin"], ["Phòng Kế hoạch - Tài chính"]),
    "other_rector": (["Công nghệ và Thương mại Hà Nội"], ["Bạc Liêu"]),
}
NO_DIRECTORY = {"student", "applicant"}


def _directory_text(page) -> str:  # type: ignore[no-untyped-def]
    page.goto("/to-chuc/?sort=name")
    text = page.inner_text("#org-rows")
    while page.locator(".pager a", has_text="Sau").count():
        page.locator(".pager a", has_text="Sau").first.click()
        page.wait_for_load_state()
        text += page.inner_text("#org-rows")
    return text


@pytest.mark.parametrize("key", [p.key for p in PERSONAS])
def test_every_persona_logs_in_and_sees_only_its_reach(login_as, key):
    page = login_as(key)
    assert page.inner_text("[data-testid=whoami]")
    nav = page.inner_text("nav.mainnav")
    if key in NO_DIRECTORY:
        assert "Tổ chức" not in nav
        assert page.goto("/to-chuc/").status == 200  # an empty directory, no data
        assert "Không có tổ chức nào phù hợp." in page.inner_text("#org-rows")
        return
    if key not in EXPECTED:
        return
    must, must_not = EXPECTED[key]
    text = _directory_text(page)
    for name in must:
        assert name in text, f"{key} should see {name}"
    for name in must_not:
        assert name not in text, f"{key} must not see {name}"


def test_outsiders_get_404_for_a_college_page(login_as):
    rector = login_as("rector")
    rector.goto("/to-chuc/?q=bac+lieu&kind=institution")
    rector.locator("#org-rows a", has_text="Bạc Liêu").first.click()
    college_url = rector.url
    assert re.search(r"/to-chuc/\d+/$", college_url)
    for key in ["other_rector", "other_provincial_officer"]:
        page = login_as(key)
        response = page.goto(college_url)
        assert response.status == 404
        edit = page.goto(college_url + "sua/")
        assert edit.status == 404


def test_search_ignores_diacritics_and_updates_without_reload(login_as):
    page = login_as("national_analyst")
    page.goto("/to-chuc/")
    page.fill("#id_q", "truong cao dang KINH TE ky thuat")
    # A locator assertion, not wait_for_function: the Content-Security-Policy forbids eval.
    expect(page.locator("[data-testid=result-count]")).to_have_text(re.compile(r"^1 "))
    rows = page.inner_text("#org-rows")
    assert "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu" in rows
    assert "Cao Thắng" not in rows
    assert "q=truong" in page.url  # the filter is in the address, so it can be shared
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)


def test_language_switch(login_as):
    page = login_as("rector")
    assert "Tổng quan" in page.inner_text("nav.mainnav")
    page.click("[data-testid=lang-en]")
    page.wait_for_selector("[data-testid=lang-vi]")
    assert "Overview" in page.inner_text("nav.mainnav")
    assert page.get_attribute("html", "lang") == "en"
    page.click("[data-testid=lang-vi]")
    page.wait_for_selector("[data-testid=lang-en]")
    assert "Tổng quan" in page.inner_text("nav.mainnav")


def test_edit_with_bad_input_keeps_typing_then_saves_and_shows_in_history(login_as):
    page = login_as("rector")
    page.goto("/to-chuc/?q=bac+lieu&kind=institution")
    page.locator("#org-rows a", has_text="Bạc Liêu").first.click()
    page.click("[data-testid=edit-org]")
    page.fill("#id_email", "sai-dinh-dang")
    page.fill("#id_street_address", "Số 9 đường Võ Thị Sáu")
    page.click("button[type=submit]")
    assert "Địa chỉ thư điện tử không hợp lệ." in page.inner_text("main form")
    assert page.input_value("#id_street_address") == "Số 9 đường Võ Thị Sáu"
    assert page.input_value("#id_email") == "sai-dinh-dang"
    page.fill("#id_email", "daotao@cdbaclieu.edu.vn")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=org-name]")
    assert "Đã lưu" in page.inner_text(".messages")
    page.click("text=Lịch sử thay đổi")
    table = page.inner_text("[data-testid=audit-table]")
    assert "Số 9 đường Võ Thị Sáu" in table
    assert "daotao@cdbaclieu.edu.vn" in table


def test_export_runs_in_the_worker_with_progress(login_as):
    page = login_as("rector")
    page.goto("/to-chuc/?q=bac+lieu&kind=institution")
    page.locator("#org-rows a", has_text="Bạc Liêu").first.click()
    page.click("text=Xuất Excel các đơn vị")
    page.wait_for_selector("[data-testid=job-status][data-status=succeeded]", timeout=30_000)
    with page.expect_download() as download_info:
        page.click("[data-testid=job-download]")
    assert download_info.value.suggested_filename.endswith(".xlsx")


def test_phone_layout_has_a_menu(login_as):
    page = login_as("provincial_officer", viewport={"width": 390, "height": 844})
    assert not page.is_visible("nav.mainnav")
    page.click("label.nav-toggle-label")
    assert page.is_visible("nav.mainnav")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-home.png"), full_page=True)


def test_throttled_login_says_so(new_page):
    page = new_page()
    for _ in range(6):
        page.goto("/dang-nhap/")
        page.fill("#id_identifier", "khong.ton.tai@demo.opentvet.vn")
        page.fill("#id_password", "sai-mat-khau")
        page.click("button[type=submit]")
    assert "quá nhiều lần" in page.inner_text(".errorbox")
    assert page.input_value("#id_identifier") == "khong.ton.tai@demo.opentvet.vn"
