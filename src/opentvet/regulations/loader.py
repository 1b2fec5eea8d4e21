"""Load legal documents and rules from data migrations (historical models are passed in).

Each app that reads a rule loads it in its own data migration::

    def load(apps, schema_editor):
        load_rules(apps, documents=[...], rules=[...])

Loading is an upsert keyed on ``LegalDocument.code`` and ``(Rule.key, Rule.valid_from)``, so a
later migration may correct a rule's value or basis without duplicating it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def load_rules(
    apps: Any,
    *,
    documents: Iterable[Mapping[str, Any]] = (),
    rules: Iterable[Mapping[str, Any]] = (),
) -> None:
    LegalDocument = apps.get_model("regulations", "LegalDocument")
    Rule = apps.get_model("regulations", "Rule")
    for doc in documents:
        data = dict(doc)
        code = data.pop("code")
        replaced_by = data.pop("replaced_by", None)
        for field in ("issued_on", "effective_from", "effective_to"):
            if field in data:
                data[field] = _date(data[field])
        obj, _ = LegalDocument.objects.update_or_create(code=code, defaults=data)
        if replaced_by:
            obj.replaced_by = LegalDocument.objects.get(code=replaced_by)
            obj.save(update_fields=["replaced_by"])
    for spec in rules:
        data = dict(spec)
        key = data.pop("key")
        valid_from = _date(data.pop("valid_from"))
        if "valid_to" in data:
            data["valid_to"] = _date(data["valid_to"])
        doc_code = data.pop("document", None)
        data["legal_document"] = LegalDocument.objects.get(code=doc_code) if doc_code else None
        Rule.objects.update_or_create(key=key, valid_from=valid_from, defaults=data)
