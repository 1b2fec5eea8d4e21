"""People are told, in Chromium: the college raises a difficulty to the People's Committee; the
leader is notified, opens it from the inbox and answers; the rector sees the unread count in the
header go up, the answer on the home page and in the inbox, marks it read (htmx) and reads the
answer with its author and date."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))
TITLE = "Xưởng thực hành điện công nghiệp xuống cấp, cần kinh phí sửa chữa"
ANSWER = "UBND tỉnh giao Sở Tài chính bố trí kinh phí sửa chữa trong quý tới."


def _count(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.get_attribute("[data-testid=notif-count]", "data-count") or 0)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"notify-{name}.png"), full_page=True)


def test_difficulty_to_the_committee_and_back(login_as):  # type: ignore[no-untyped-def]
    # 1. The college raises a difficulty and sends it to the People's Committee.
    rector = login_as("rector")
    before = _count(rector)
    rector.goto("/bao-cao/kho-khan/")
    rector.locator("a.button", has_text="Nêu vướng mắc").first.click()
    rector.select_option("#id_category", "finance")
    rector.fill("#id_title", TITLE)
    committee = rector.locator("#id_routed_to option", has_text="Ủy ban").get_attribute("value")
    rector.select_option("#id_routed_to", committee)
    rector.click("main button")
    rector.wait_for_selector("[data-testid=routed-to]")
    assert "Ủy ban" in rector.inner_text("[data-testid=routed-to]")
    difficulty_url = rector.url

    # 2. The leader is told, opens it from the inbox and answers.
    leader = login_as("committee_leader")
    assert _count(leader) >= 1
    leader.click("[data-testid=notif-bell]")
    leader.locator("[data-testid=notification-open]", has_text=TITLE).first.click()
    leader.wait_for_selector("[data-testid=answer-form]")
    assert leader.url == difficulty_url
    leader.fill("#id_answer", ANSWER)
    leader.click("[data-testid=answer-form] button")
    leader.wait_for_selector("[data-testid=difficulty-status][data-status=answered]")

    # 3. The rector sees an unread notification in the header and the answer on the home page.
    rector.goto("/")
    assert _count(rector) == before + 1
    assert TITLE in rector.inner_text("[data-testid=panel-answers]")
    assert TITLE in rector.inner_text("[data-testid=panel-notifications]")
    _shot(rector, "1-home")
    rector.click("[data-testid=notif-bell]")
    row = rector.locator("[data-testid=notification][data-kind=difficulty_answer]").first
    assert TITLE in row.inner_text() and row.get_attribute("data-unread") == "1"
    row.locator("[data-testid=mark-read]").click()
    rector.wait_for_selector(
        "[data-testid=notification][data-kind=difficulty_answer][data-unread='0']"
    )
    assert _count(rector) == before  # the header count followed without a reload
    _shot(rector, "2-inbox")

    # 4. The answer carries its author and date.
    rector.goto(difficulty_url)
    history = rector.inner_text("[data-testid=difficulty-responses]")
    assert ANSWER in history and "Lâm Quốc Bảo" in history
    assert rector.locator("[data-testid=difficulty-response][data-kind=answered]").count() == 1
