"""The ``opentvet`` command.

``opentvet admissions allocate ...`` runs the coordinated-allocation engine on CSV files without
Django or a database; every other sub-command is a Django management command
(``opentvet migrate``, ``opentvet setup_demo``, ``opentvet db_worker`` ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["admissions"]:
        from opentvet.admissions.cli import main as admissions_main

        return admissions_main(args[1:])
    if args[:1] == ["bench-data"]:
        args[0] = "bench_data"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opentvet.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opentvet", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
