"""Issue 15 item 12: no server with the public key, CSP on every page, a clean deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "k3Yq-2vVh8ZrTt0Wm9Lp4sXc6Nb1Qa7Ue5Jd3Gf8Hk2Rz0Yx4Cv6Bn9Mm1Ll7Pp3Oo",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "mis.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://mis.example.vn",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def _run(
    code: list[str], extra: dict[str, str], drop: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.pop("PYTEST_VERSION", None)
    env.update(extra)
    env["PYTHONPATH"] = str(ROOT / "src")
    env["DJANGO_SETTINGS_MODULE"] = "opentvet.settings"
    return subprocess.run(
        [sys.executable, *code],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


START_WSGI = ["-c", "import opentvet.wsgi"]


def test_the_server_refuses_the_builtin_key_when_debug_is_off():
    result = _run(START_WSGI, {"DEBUG": "0"}, drop=("SECRET_KEY", "OPENTVET_DEMO"))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_server_starts_with_a_key_of_its_own():
    result = _run(START_WSGI, {"DEBUG": "0", "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]})
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_demo_may_use_the_builtin_key_when_it_says_so():
    result = _run(START_WSGI, {"DEBUG": "0", "OPENTVET_DEMO": "1"}, drop=("SECRET_KEY",))
    assert result.returncode == 0, result.stderr[-2000:]


def test_check_deploy_passes_with_the_production_environment():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION_ENV,
        drop=("OPENTVET_DEMO",),
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "no issues" in result.stdout


def test_check_deploy_reports_the_builtin_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run(["manage.py", "check", "--deploy"], env, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "opentvet.E001" in result.stderr + result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/dang-nhap/", "/api/v1/docs", "/admin/login/"])
def test_every_page_carries_a_content_security_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_no_template_has_an_inline_script_or_event_handler():
    import re

    offending = []
    for path in (ROOT / "src" / "opentvet").rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            if "application/json" not in match.group(0):
                offending.append(f"{path}: {match.group(0)}")
        if re.search(r"\son[a-z]+=\"", text) or "hx-on" in text:
            offending.append(f"{path}: inline event handler")
    assert offending == []
