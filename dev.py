#!/usr/bin/env python3
"""OpenTVET's two commands, for a machine with only Python 3.11+ and pip.

    python3 dev.py          install from uv.lock, prepare the demo database, serve it
    python3 dev.py test     install from uv.lock and run the whole test suite

Everything else goes through the same environment: ``python3 dev.py manage <command>``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def uv() -> list[str]:
    """The uv command, installing uv with pip the first time."""
    found = shutil.which("uv")
    if found:
        return [found]
    probe = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True)
    if probe.returncode != 0:
        print("· Cài uv (trình quản lý gói) bằng pip…", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--user", "--quiet", "uv"], check=True)
    return [sys.executable, "-m", "uv"]


# The demo may run with the public built-in SECRET_KEY (opentvet.wsgi refuses it otherwise), and
# its personas sign in with a password only; production asks superusers and authority staff for
# a second step (settings.OPENTVET_REQUIRE_2FA).
DEMO_ENV = {
    **os.environ,
    "OPENTVET_DEMO": os.environ.get("OPENTVET_DEMO", "1"),
    "OPENTVET_REQUIRE_2FA": os.environ.get("OPENTVET_REQUIRE_2FA", "0"),
}


def run(*args: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(list(args), cwd=ROOT, env={**DEMO_ENV, **(env or {})})
    if result.returncode != 0:
        sys.exit(result.returncode)


def sync() -> list[str]:
    cmd = uv()
    print("· Cài đặt thư viện theo uv.lock…", flush=True)
    run(*cmd, "sync", "--frozen", "--quiet")
    return [*cmd, "run", "--frozen", "--no-sync"]


def main(argv: list[str]) -> None:
    action = argv[0] if argv else "demo"
    if action in {"-h", "--help", "help"}:
        print(__doc__)
        return
    runner = sync()
    manage = [*runner, "python", "manage.py"]
    if action == "demo":
        run(*manage, "compile_translations")
        run(*manage, "setup_demo")
        address = os.environ.get("OPENTVET_ADDR", "127.0.0.1:8000")
        # One background worker runs beside the web server, so exports and imports progress.
        worker = subprocess.Popen([*manage, "db_worker"], cwd=ROOT, env=DEMO_ENV)
        var_dir = os.environ.get("OPENTVET_VAR_DIR", str(ROOT / "var"))
        print(
            f"· Mã OTP của thí sinh (không gửi SMS trong bản demo): trong nhật ký máy chủ và tệp "
            f"{var_dir}/otp-outbox/<số điện thoại hoặc thư>.txt",
            flush=True,
        )
        print(
            f"· Liên kết đặt lại mật khẩu: trong nhật ký máy chủ và {var_dir}/mail-outbox/",
            flush=True,
        )
        print(f"· Mở http://{address}/ — dừng bằng Ctrl+C", flush=True)
        try:
            run(*manage, "runserver", "--noreload", address)
        finally:
            worker.terminate()
    elif action == "test":
        run(*manage, "compile_translations")
        run(*runner, "pytest", *argv[1:])
    elif action == "manage":
        run(*manage, *argv[1:])
    elif action == "worker":
        run(*manage, "db_worker", *argv[1:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
