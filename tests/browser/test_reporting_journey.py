"""The reporting loop in Chromium: a province defines a template and opens a period; the college's
draft is pre-filled from live data; validation catches an inconsistent total; the rector signs
and submits; the province sees the roll-up and returns the report; it is resubmitted; a
difficulty raised in the report is routed, answered and closed; the briefing pack renders."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.utils import timezone

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))
TEMPLATE = "Báo cáo nhanh tình hình tuyển sinh"
CODES = [
    "dv.units",
    "dv.faculties",
    "dv.offices",
    "dv.centres",
    "ts.total",
    "ts.college",
    "ts.intermediate",
    "ts.elementary",
    "qt.self_financing",
]


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reporting-{name}.png"), full_page=True)


def _fill_values(page, **values: str) -> None:  # type: ignore[no-untyped-def]
    for code, value in values.items():
        page.fill(f"#id_v_{code.replace('.', '__')}", value)


def test_the_reporting_loop(login_as, pdf_png):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    # 1. The province defines a template and opens a period.
    officer = login_as("provincial_officer")
    officer.goto("/bao-cao/mau/")
    officer.click("[data-testid=new-template]")
    officer.fill("#id_name", TEMPLATE)
    officer.check("#id_periodicities_0")  # monthly
    officer.fill("#id_recipients", "UBND tỉnh (để báo cáo)")
    officer.click("button[type=submit]")
    officer.wait_for_selector("[data-testid=template-name]")
    for code in CODES:
        officer.locator("[data-testid=items-form] label", has_text=f"{code} —").locator(
            "input"
        ).check()
    officer.click("[data-testid=items-form] button")
    officer.wait_for_selector("[data-testid=template-items]")
    items = officer.inner_text("[data-testid=template-items]")
    assert "ts.total" in items
    officer.fill("#id_year", str(today.year))
    officer.fill("#id_number", str(today.month))
    officer.click("[data-testid=period-form] button")
    officer.wait_for_selector("[data-testid=period-title]")
    period_url = officer.url
    assert re.search(r"/bao-cao/ky/\d+/$", period_url)

    # 2. The college's draft is pre-filled from live data.
    rector = login_as("rector")
    rector.goto(period_url)
    rector.click("[data-testid=open-draft]")
    rector.wait_for_selector("[data-testid=submission-form]")
    submission_url = rector.url
    assert rector.input_value("#id_v_dv__faculties") == "3"  # from the organisation tree
    assert int(rector.input_value("#id_v_dv__units")) >= 8
    assert "Từ dữ liệu" in rector.inner_text("tr[data-code='dv.units']")
    # No app registers the finance figure yet: the report says so and it can be typed in.
    assert "chưa có nguồn dữ liệu" in rector.inner_text("tr[data-code='qt.self_financing']")

    # 3. Validation catches an inconsistent total; the typed values stay.
    _fill_values(
        rector,
        **{"ts.college": "10", "ts.intermediate": "20", "ts.elementary": "30", "ts.total": "70"},
    )
    rector.fill("#id_s_results", "Hoàn thành tuyển sinh đợt 1.")
    rector.fill("#id_s_key_tasks", "Tuyển sinh đợt 2; đổi mới tư vấn hướng nghiệp.")
    rector.click("[data-testid=save]")
    rector.wait_for_selector("[data-testid=issues]")
    assert "Tổng không khớp" in rector.inner_text("[data-testid=issues]")
    assert rector.input_value("#id_v_ts__total") == "70"
    rector.click("[data-testid=sign]")
    assert "Tổng không khớp" in rector.inner_text(".messages")
    assert rector.get_attribute("[data-testid=submission-status]", "data-status") == "draft"
    _shot(rector, "1-validation")

    # 4. Fixed, signed by the rector, submitted; a difficulty raised in the report.
    _fill_values(rector, **{"ts.total": "60", "qt.self_financing": "45"})
    rector.click("[data-testid=save]")
    rector.wait_for_selector("[data-testid=submission-form]")
    assert rector.locator("[data-testid=issues]").count() == 0
    rector.select_option("#id_category", "finance")
    rector.fill("#id_title", "Thiếu kinh phí mua thiết bị thực hành nghề trọng điểm")
    rector.click("[data-testid=difficulty-form] button")
    rector.wait_for_selector("[data-testid=difficulties] a")
    rector.click("[data-testid=sign]")
    rector.wait_for_selector("[data-testid=submit]")
    rector.click("[data-testid=submit]")
    rector.wait_for_selector("[data-testid=submission-status][data-status=submitted]")

    # 5. The province sees the roll-up (chart without any CDN) and returns the report.
    officer.goto(period_url)
    rollup = officer.inner_text("[data-testid=rollup]")
    assert "60" in officer.inner_text("[data-testid=rollup] tr[data-code='ts.total']")
    assert "Tuyển sinh" in rollup
    assert officer.locator("[data-testid=rollup-chart] svg").count() == 1
    _shot(officer, "2-rollup")
    officer.goto(submission_url)
    officer.fill("#id_comment", "Đề nghị bổ sung giải trình số liệu tuyển sinh sơ cấp.")
    officer.click("[data-testid=return]")
    officer.wait_for_selector("[data-testid=submission-status][data-status=returned]")

    # 6. The college resubmits; both versions are kept.
    rector.goto(submission_url)
    assert "bổ sung giải trình" in rector.inner_text("[data-testid=review-comment]")
    rector.fill("#id_c_ts__elementary", "Gồm 2 lớp sơ cấp mở thêm theo đặt hàng.")
    rector.click("[data-testid=save]")
    rector.wait_for_selector("[data-testid=sign]")
    rector.click("[data-testid=sign]")
    rector.click("[data-testid=submit]")
    rector.wait_for_selector("[data-testid=submission-status][data-status=submitted]")
    versions = rector.inner_text("[data-testid=versions]")
    assert "Lần 1" in versions and "Lần 2" in versions and "bị trả lại" in versions
    officer.goto(submission_url)
    officer.click("[data-testid=acknowledge]")
    officer.wait_for_selector("[data-testid=submission-status][data-status=acknowledged]")

    # 7. The difficulty is routed to the People's Committee, answered, and closed.
    officer.click("[data-testid=difficulties] a")
    difficulty_url = officer.url
    committee = officer.locator("#id_to option", has_text="Ủy ban").get_attribute("value")
    officer.select_option("#id_to", committee)
    officer.click("[data-testid=route-form] button")
    officer.wait_for_selector("[data-testid=routed-to]")
    assert "Ủy ban" in officer.inner_text("[data-testid=routed-to]")
    leader = login_as("committee_leader")
    leader.goto(difficulty_url)
    leader.fill("#id_answer", "Giao Sở Tài chính bố trí kinh phí trong dự toán năm tới.")
    document = leader.locator("#id_document option", has_text="GM-UBND").first
    leader.select_option("#id_document", document.get_attribute("value"))
    leader.click("[data-testid=answer-form] button")
    leader.wait_for_selector("[data-testid=difficulty-status][data-status=answered]")
    rector.goto(difficulty_url)
    assert "GM-UBND" in rector.inner_text("[data-testid=answer]")
    rector.click("[data-testid=close-difficulty]")
    rector.wait_for_selector("[data-testid=difficulty-status][data-status=closed]")

    # 8. The briefing pack renders in the worker; look at it.
    officer.goto("/bao-cao/giao-ban/")
    province = officer.locator("#id_organisation option", has_text="Sở").get_attribute("value")
    officer.select_option("#id_organisation", province)
    officer.fill("#id_year", str(today.year))
    officer.fill("#id_month", str(today.month))
    officer.click("[data-testid=make-briefing]")
    # The first document of a fresh install also builds the PDF fonts: allow for it.
    officer.wait_for_selector(
        "[data-testid=job-status][data-status=succeeded], "
        "[data-testid=job-status][data-status=failed]",
        timeout=180_000,
    )
    assert officer.get_attribute("[data-testid=job-status]", "data-status") == "succeeded", (
        officer.inner_text("[data-testid=job-status]")
    )
    with officer.expect_download() as download_info:
        officer.click("[data-testid=job-download]")
    pdf = SHOTS / "reporting-briefing.pdf"
    SHOTS.mkdir(parents=True, exist_ok=True)
    download_info.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    pdf_png(pdf, SHOTS / "reporting-briefing")
    assert list(SHOTS.glob("reporting-briefing*.png"))


def test_an_institution_never_sees_another_institutions_report(login_as):
    rector = login_as("rector")
    rector.goto("/bao-cao/")
    link = rector.locator("[data-testid=submission-list] a").first
    link.click()
    url = rector.url
    other = login_as("other_rector")
    assert other.goto(url).status == 404
    other_province = login_as("other_provincial_officer")
    assert other_province.goto(url).status == 404
