"""Issue 15, item 2 ("must show"): no link leads to a 404 or a 500.

For every persona (and a visitor who is not signed in) the walk opens every main-menu entry in
Chromium, then requests every link on the pages reached, one level deep: same origin, GET only
(links, never forms: sign-out is a form), downloads skipped. The requests share the page's
cookies (Playwright's ``context.request``), so each is made as that persona.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlparse

import pytest

from opentvet.demo.personas import PERSONAS, SUPERUSER

# Files, not pages: exports, documents, templates, job results.
DOWNLOAD = re.compile(
    r"(\.(pdf|docx|xlsx|csv|zip)$|/(pdf|docx|xlsx)/?$|format=(xlsx|pdf|docx|csv)|/tai-ve/|"
    r"/xuat-excel/|/giay-to/\d+/$|/static/|/media/)"
)
SKIP = re.compile(r"^/(dang-xuat|i18n)/|^/api/v1/(docs|openapi)")


def _links(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = page.eval_on_selector_all(
        "main a[href], header a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    out = []
    for href in found:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urldefrag(href if href.startswith("http") else base + href)[0]
        parts = urlparse(url)
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if DOWNLOAD.search(path) or SKIP.search(parts.path):
            continue
        out.append(path)
    return out


def _walk(page, base: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Open the start page and each menu entry, then request every link found on them;
    answers the failures and how many links were requested."""
    failures: list[str] = []
    first_level = [page.url.replace(base, "")]
    first_level += [
        href
        for href in page.eval_on_selector_all(
            "nav.mainnav a[href], header a.brand", "els => els.map(e => e.getAttribute('href'))"
        )
        if href and not SKIP.search(href)
    ]
    seen: set[str] = set()
    second_level: list[tuple[str, str]] = []
    for path in dict.fromkeys(first_level):
        response = page.goto(path)
        status = response.status if response else 0
        if status >= 400:
            failures.append(f"{path} → {status}")
            continue
        seen.add(path)
        for link in _links(page, base):
            if link not in seen:
                seen.add(link)
                second_level.append((path, link))
    for origin, link in second_level:
        status = page.context.request.get(base + link, timeout=30_000).status
        if status in (404, 500) or status >= 500:
            failures.append(f"{link} → {status} (link on {origin})")
    return failures, len(second_level)


@pytest.mark.parametrize("key", [p.key for p in [*PERSONAS, SUPERUSER]])
def test_persona_meets_no_dead_link(login_as, live_url, key):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page = login_as(key)
    except PlaywrightTimeout:
        # The first dashboard of a fresh server on a loaded machine may take longer than the
        # ten seconds a click waits; that is not what this test is about: sign in once more.
        page = login_as(key)
    failures, checked = _walk(page, live_url)
    assert checked >= 5, f"{key}: only {checked} links found, the walk saw no pages"
    assert not failures, f"{key}:\n" + "\n".join(failures)


def test_visitor_meets_no_dead_link(new_page, live_url):
    page = new_page()
    page.goto("/")
    failures, checked = _walk(page, live_url)
    assert checked >= 5, f"only {checked} links on the front page"
    assert not failures, "visitor:\n" + "\n".join(failures)
