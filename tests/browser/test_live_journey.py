"""Story (b) in Chromium: the national analyst opens live figures from the menu, sees them by
province, drills to a province and to one of its institutions; then opens the national
5-month report, its roll-up by province (submitted figures, like-for-like comparison) and
drills to a province's institutions; the key tasks of the year roll up."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"live-{name}.png"), full_page=True)


def _number(text: str) -> int:
    return int(text.strip().replace(".", "") or 0)


def test_national_live_figures_and_the_five_month_rollup(login_as):  # type: ignore[no-untyped-def]
    page = login_as("national_analyst")
    page.goto("/")
    page.click("nav.mainnav a:text-is('Số liệu trực tuyến')")
    page.wait_for_selector("[data-testid=live-table]")
    assert "Cục Giáo dục nghề nghiệp" in page.inner_text("[data-testid=live-title]")
    rows = page.locator("[data-testid=live-table] tbody tr")
    assert rows.count() == 3  # Cà Mau, Hà Nội, TP. Hồ Chí Minh
    total = _number(page.inner_text("[data-testid=live-value]"))
    by_province = [_number(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(3)]
    assert total == sum(by_province) > 0
    assert page.locator("[data-testid=live-chart] svg").count() == 1
    _shot(page, "nation")

    # Drill to a province: its institutions, adding up to the province's figure.
    row = page.locator("[data-testid=live-table] tbody tr", has_text="Hồ Chí Minh")
    province_value = _number(row.locator("td").nth(1).inner_text())
    row.locator("[data-testid=live-drill]").click()
    page.wait_for_selector("[data-testid=live-crumbs] >> text=Cục GDNN&GDTX")
    assert _number(page.inner_text("[data-testid=live-value]")) == province_value
    inst_rows = page.locator("[data-testid=live-table] tbody tr")
    assert inst_rows.count() >= 3
    values = [
        _number(inst_rows.nth(i).locator("td").nth(1).inner_text())
        for i in range(inst_rows.count())
    ]
    assert sum(values) == province_value
    _shot(page, "province")
    page.locator("[data-testid=live-table] tbody tr", has_text="Cao Thắng").locator(
        "[data-testid=live-drill]"
    ).click()
    page.wait_for_selector("[data-testid=live-parts]")  # by training level
    assert "Cao Thắng" in page.inner_text("[data-testid=live-title]")
    _shot(page, "institution")

    # The national 5-month report from the menu: roll-up by province, then drill down.
    page.click("nav.mainnav a:text-is('Báo cáo')")
    page.locator("[data-testid=period-list] tr", has_text="5 tháng đầu năm").first.locator(
        "a"
    ).first.click()
    page.wait_for_selector("[data-testid=rollup-children]")
    assert "5 tháng đầu năm" in page.inner_text("[data-testid=period-title]")
    assert "cả hai kỳ" in page.inner_text("[data-testid=rollup-coverage]")
    charts = page.locator("[data-testid=rollup-chart]")
    units = [charts.nth(i).get_attribute("data-unit") for i in range(charts.count())]
    assert len(units) == len(set(units))  # one chart per unit
    assert page.locator("[data-testid=rollup-drill]").count() == 3
    page.wait_for_selector("[data-testid=period-live-table]")  # the live figures beside it
    _shot(page, "five-months")
    page.locator("[data-testid=rollup-drill]", has_text="Cà Mau").click()
    page.wait_for_selector("[data-testid=rollup-crumbs] >> text=Cục GDNN&GDTX")
    children = page.inner_text("[data-testid=rollup-children]")
    assert "Bạc Liêu" in children and "Cao Thắng" not in children
    page.click("[data-testid=key-tasks-link]")
    page.wait_for_selector("[data-testid=key-task-group]")
    assert "tiến độ bình quân" in page.inner_text("[data-testid=key-tasks-summary]")
    _shot(page, "key-tasks")
