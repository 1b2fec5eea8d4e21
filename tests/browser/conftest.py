"""Browser tests: a real server on a fresh demo database, driven by Debian's Chromium.

The server is the one ``python3 dev.py`` serves (``setup_demo`` then ``runserver``), plus a
``db_worker``, started in subprocesses against their own database: SQLite in a temporary folder,
or ``<name>_browser`` next to the PostgreSQL database of ``DATABASE_URL``. Playwright drives
``/usr/bin/chromium`` (``CHROMIUM_PATH`` overrides); it never downloads a browser. Without
Chromium the tests are skipped on a developer's machine and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _browser_database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}"
    import psycopg

    parts = urlparse(url)
    name = (parts.path.lstrip("/") or "opentvet") + "_browser"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def _pdf_first_page_png(pdf: Path, stem: Path) -> Path:
    """Render a PDF's first page to ``<stem>-1.png`` with poppler's pdftoppm, to look at.

    Without pdftoppm (Debian's poppler-utils) the check is skipped on a developer's machine and
    fails in CI, like Chromium.
    """
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm not found: CI must install Debian's poppler-utils")
        pytest.skip("pdftoppm not found (apt-get install poppler-utils)")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(stem)], check=True
    )
    return stem.with_name(f"{stem.name}-1.png")


@pytest.fixture
def pdf_png() -> Callable[[Path, Path], Path]:
    """``pdf_png(pdf, stem)``: the PDF's first page as ``<stem>-1.png`` (pdftoppm)."""
    return _pdf_first_page_png


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    tmp = Path(tempfile.mkdtemp(prefix="opentvet-browser-"))
    env = {
        **os.environ,
        "OPENTVET_VAR_DIR": str(tmp),
        "DATABASE_URL": _browser_database_url(tmp),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "opentvet.settings",
        # The personas sign in with a password only, as in the demo (dev.py).
        "OPENTVET_REQUIRE_2FA": "0",
        "OPENTVET_DEMO": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "setup_demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--interval", "0.2"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Up to two minutes: on a loaded machine (CI beside other work) Django's start-up
        # alone took more than 20 s.
        deadline, up = time.monotonic() + 120, False
        while not up and time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(url + "/dang-nhap/", timeout=5)
                up = True
            except OSError:
                time.sleep(0.2)
        if not up:
            raise RuntimeError("server did not start: " + (tmp / "server.log").read_text()[-2000:])
        yield url
    finally:
        server.terminate()
        worker.terminate()
        server.wait(10)
        worker.wait(10)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(live_url: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_url: str):  # type: ignore[no-untyped-def]
    """``new_page()`` opens a page in a fresh context (its own cookies), closed after the test."""
    contexts = []

    def make(viewport: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            base_url=live_url, viewport=viewport or {"width": 1280, "height": 900}, locale="vi-VN"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login_as(new_page) -> Callable[[str], object]:  # type: ignore[no-untyped-def]
    """Log in through the form as a demo persona; returns the page on the dashboard."""
    from opentvet.demo.personas import DEMO_PASSWORD, persona

    def do(key: str, **kwargs):  # type: ignore[no-untyped-def]
        page = new_page(**kwargs)
        page.goto("/dang-nhap/")
        page.fill("#id_identifier", persona(key).login)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=whoami]")
        return page

    return do
