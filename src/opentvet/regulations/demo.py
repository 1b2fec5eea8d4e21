"""Rules and legal texts come from data migrations. A test that needs ``transaction=True``
flushes every table, migration data included, and then rebuilds the demo: ``build_demo`` calls
``reload_rules`` first (as it syncs roles), which loads them again through the same migration
functions (upserts), only when none is there."""

from __future__ import annotations

import importlib

from django.apps import apps

#: The data migrations that load rules and their legal texts, in dependency order.
RULE_MIGRATIONS = [
    "opentvet.regulations.migrations.0002_legal_documents",
    "opentvet.regulations.migrations.0003_staffrules_authorities",
    "opentvet.learners.migrations.0008_grading_rules",
    "opentvet.reporting.migrations.0005_staffrules_deadlines",
    "opentvet.staff.migrations.0006_staffrules_promotion",
    "opentvet.staff.migrations.0007_staffrules_standards",
]


def reload_rules() -> None:
    from opentvet.regulations.models import Rule

    if Rule.objects.exists():
        return
    # Titles and the earlier standards come first (staff 0002): the rule migrations amend them.
    from opentvet.staff.reference import load_reference

    load_reference()
    for name in RULE_MIGRATIONS:
        importlib.import_module(name).load(apps, None)
