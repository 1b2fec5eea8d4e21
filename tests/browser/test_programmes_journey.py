"""Programme journey in Chromium: create, review, consult, approve, publish, new version, diff."""

from __future__ import annotations

import re

MODULES = [
    ("MĐ01", "Lập trình C căn bản", "22", "150", "250"),
    ("MĐ02", "Lập trình Java", "22", "150", "250"),
    ("MĐ03", "Thực tập tại doanh nghiệp phần mềm", "22", "150", "250"),
]


def _add_module(page, code, name, credits, theory, practice):  # type: ignore[no-untyped-def]
    form = page.locator("[data-testid=module-form]")
    form.locator("[name=code]").fill(code)
    form.locator("[name=name]").fill(name)
    form.locator("[name=credits]").fill(credits)
    form.locator("[name=theory_hours]").fill(theory)
    form.locator("[name=practice_hours]").fill(practice)
    form.locator("[data-testid=add-module]").click()
    page.locator("[data-testid=modules]", has_text=name).wait_for()


def test_programme_from_creation_to_a_second_version(login_as):
    officer = login_as("training_officer")
    officer.click("nav.mainnav >> text=Chương trình đào tạo")
    officer.wait_for_selector("[data-testid=new-programme]")
    assert "CD-CNTT" in officer.inner_text("#programme-rows")
    officer.click("[data-testid=new-programme]")

    # A mistake first: the form keeps what was typed and says what is wrong, in Vietnamese.
    officer.select_option("#id_occupation", "6480207")
    officer.select_option("#id_training_level", "cao_dang")
    officer.fill("#id_code", "CD-CNTT")
    officer.fill("#id_name", "Lập trình máy tính (chất lượng cao)")
    officer.click("button[type=submit]")
    assert "Mã chương trình đã được dùng" in officer.inner_text(".field.has-error")
    assert officer.input_value("#id_name") == "Lập trình máy tính (chất lượng cao)"
    officer.fill("#id_code", "CD-LTMT-CLC")
    officer.click("button[type=submit]")
    officer.wait_for_selector("[data-testid=module-form]")
    assert "Dự thảo" in officer.inner_text("[data-testid=version-status]")
    version_url = officer.url

    # Modules are added inline (htmx); totals follow.
    for module in MODULES:
        _add_module(officer, *module)
    assert "66 tín chỉ" in officer.inner_text("[data-testid=totals]") or "66" in officer.inner_text(
        "[data-testid=modules] tfoot"
    )
    officer.reload()
    assert "66 tín chỉ" in officer.inner_text("[data-testid=totals]")

    officer.click("[data-testid=submit-review]")
    officer.wait_for_selector("[data-testid=review-accept]")
    assert "Đang thẩm định" in officer.inner_text("[data-testid=version-status]")
    officer.fill("#id_note", "Đạt yêu cầu về cấu trúc.")
    officer.click("[data-testid=review-accept]")
    officer.wait_for_selector("[data-testid=consultation-form]")
    assert "Đang lấy ý kiến" in officer.inner_text("[data-testid=version-status]")
    form = officer.locator("[data-testid=consultation-form]")
    form.locator("[name=kind]").select_option("employer")
    form.locator("[name=organisation_name]").fill("Công ty TNHH Phần mềm Cà Mau")
    form.locator("[name=participants]").fill("Giám đốc kỹ thuật")
    form.locator("[name=requests]").fill("Bổ sung kiểm thử phần mềm và Git.")
    form.locator("[data-testid=add-consultation]").click()
    officer.wait_for_selector("[data-testid=consultations]")
    assert "Phần mềm Cà Mau" in officer.inner_text("[data-testid=consultations]")
    assert officer.locator("[data-testid=approve]").count() == 0  # only the rector approves

    rector = login_as("rector")
    rector.goto(version_url)
    rector.fill("#id_decision_number", "215/QĐ-CĐKTKT")
    rector.fill("#id_decision_signer", "Tô Minh Khoa")
    rector.click("[data-testid=approve]")
    rector.wait_for_selector("[data-testid=publish]")
    assert "Đã phê duyệt" in rector.inner_text("[data-testid=version-status]")
    rector.click("[data-testid=publish]")
    rector.wait_for_selector("[data-testid=new-version]")
    assert "Đã ban hành" in rector.inner_text("[data-testid=version-status]")
    assert "Phê duyệt" in rector.inner_text("[data-testid=history]")

    # Changing a published programme makes a new version; the diff shows what changed.
    officer.goto(version_url)
    officer.click("[data-testid=new-version]")
    officer.wait_for_selector("[data-testid=module-form]")
    assert re.search(r"phiên bản 2", officer.inner_text("h1"))
    _add_module(officer, "MĐ04", "Kiểm thử phần mềm", "4", "30", "60")
    officer.click("[data-testid=diff-link]")
    officer.wait_for_selector("[data-testid=diff-modules]")
    diff = officer.inner_text("[data-testid=diff-modules]")
    assert "Kiểm thử phần mềm" in diff and "Thêm mới" in diff
    assert "70" in officer.inner_text("[data-testid=diff-fields]")  # credits 66 → 70


def test_outsiders_get_404_on_the_programme_pages(login_as):
    officer = login_as("training_officer")
    officer.goto("/chuong-trinh/")
    officer.locator("#programme-rows a", has_text="Công nghệ thông tin").first.click()
    officer.wait_for_selector("[data-testid=versions]")
    detail_url = officer.url
    for key in ["other_rector", "other_provincial_officer"]:
        page = login_as(key)
        assert page.goto(detail_url).status == 404
