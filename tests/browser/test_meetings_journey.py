"""A meeting that ends in directions, in Chromium: the People's Committee leader convenes a
working session with the college and a linked report, edits it, closes it with a numbered
conclusion notice and two directions; the college's home page shows the tasks."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from django.utils import timezone

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))
COLLEGE = "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu"
TITLE = "Buổi làm việc về tự chủ của Trường CĐ Kinh tế - Kỹ thuật Bạc Liêu"
DIRECTIONS = [
    "Hoàn thiện đề án tự chủ tài chính, trình UBND tỉnh",
    "Rà soát nhu cầu thiết bị cho các nghề trọng điểm",
]


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"meetings-{name}.png"), full_page=True)


def test_leader_holds_a_meeting_that_ends_in_tasks(login_as):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    leader = login_as("committee_leader")
    leader.goto("/bao-cao/hop/")
    leader.click("a.button:has-text('Cuộc họp mới')")
    leader.select_option("#id_kind", "working")
    leader.fill("#id_title", TITLE)
    leader.fill("#id_held_on", today.isoformat())
    leader.fill("#id_place", "Trụ sở UBND tỉnh")
    leader.fill("#id_chair", "Phó Chủ tịch UBND tỉnh")
    leader.locator("#id_guests label", has_text=COLLEGE).locator("input").check()
    leader.select_option("#id_invitation", index=1)
    leader.locator("#id_submissions label", has_text=COLLEGE).first.locator("input").check()
    leader.click("[data-testid=meeting-form] button[type=submit]")
    leader.wait_for_selector("[data-testid=meeting-status]")
    assert leader.inner_text("[data-testid=meeting-status]") == "Chưa kết luận"
    assert COLLEGE in leader.inner_text("[data-testid=meeting-guests]")
    assert COLLEGE in leader.inner_text("[data-testid=meeting-links]")
    assert re.search(r"\d+/GM-UBND", leader.inner_text("[data-testid=meeting-invitation]"))

    # Edit: the minutes are written during the session.
    leader.click("a:has-text('Sửa cuộc họp')")
    assert leader.input_value("#id_title") == TITLE
    leader.fill("#id_minutes", "Nhà trường báo cáo tình hình hoạt động và năm nhiệm vụ trọng tâm.")
    leader.click("[data-testid=meeting-form] button[type=submit]")
    leader.wait_for_selector("[data-testid=meeting-minutes]")
    assert "năm nhiệm vụ trọng tâm" in leader.inner_text("[data-testid=meeting-minutes]")

    # Close with the conclusion notice and two directions (one more row added with htmx).
    leader.click("a:has-text('Kết luận, ban hành thông báo')")
    assert leader.locator("#direction-rows tr").count() == 3
    leader.click("[data-testid=add-direction]")
    leader.wait_for_selector("#id_chidao-3-title")
    assert leader.input_value("#id_chidao-TOTAL_FORMS") == "4"
    leader.fill("#id_conclusions", "Ghi nhận kết quả hoạt động của nhà trường.")
    deadline = today + dt.timedelta(days=30)
    for index, title in enumerate(DIRECTIONS):
        leader.select_option(f"#id_chidao-{index}-owner", label=COLLEGE)
        leader.fill(f"#id_chidao-{index}-title", title)
        leader.fill(f"#id_chidao-{index}-deadline", deadline.isoformat())
    _shot(leader, "conclude")
    leader.click("[data-testid=conclusion-form] button[type=submit]")
    leader.wait_for_selector("[data-testid=notice-symbol]")
    symbol = leader.inner_text("[data-testid=notice-symbol]")
    assert re.fullmatch(r"Số: \d+/TB-UBND", symbol), symbol
    assert leader.inner_text("[data-testid=meeting-status]") == "Đã kết luận"
    tasks = leader.inner_text("[data-testid=tasks]")
    assert all(title in tasks for title in DIRECTIONS)
    assert "Để thực hiện" in leader.inner_text("[data-testid=notice-recipients]")
    assert leader.locator("a:has-text('Sửa cuộc họp')").count() == 0
    _shot(leader, "closed")

    # The college's home page shows the tasks it was given.
    rector = login_as("rector")
    panel = rector.inner_text("[data-testid=panel-assigned-tasks]")
    assert "Nhiệm vụ được giao" in panel
    assert all(title in panel for title in DIRECTIONS)
    assert deadline.strftime("%d/%m/%Y") in panel
    _shot(rector, "college-home")
