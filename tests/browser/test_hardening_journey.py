"""Issue 15 items 12 and 19 in Chromium: the Content-Security-Policy blocks nothing the pages
use (htmx search, a polled background job, Swagger UI), and a finished job page stops polling.

(The lock-out is tested without the browser, in tests/core/test_login_throttle.py: locking an
account here would lock it for the other journeys sharing this server.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _watch_csp(page) -> list[str]:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return violations


def test_pages_work_under_the_content_security_policy(login_as):
    page = login_as("rector")
    violations = _watch_csp(page)
    page.goto("/to-chuc/")
    page.fill("#id_q", "bac lieu")  # htmx replaces the rows without a reload
    expect(page.locator("[data-testid=result-count]")).not_to_have_text("")
    page.goto("/to-chuc/?q=bac+lieu&kind=institution")
    page.locator("#org-rows a", has_text="Bạc Liêu").first.click()
    page.click("text=Xuất Excel các đơn vị")
    page.wait_for_selector("[data-testid=job-status][data-status=succeeded]", timeout=30_000)
    # The finished job's status card no longer asks htmx to poll.
    assert page.locator("[data-testid=job-status][hx-trigger]").count() == 0
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert violations == []
