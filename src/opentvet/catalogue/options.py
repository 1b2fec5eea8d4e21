"""Option lists of the small national catalogues (provinces, training levels) for forms.

A filter form on a hot page (the public programme search, rendered on every search) used to
read its province and level lists from the database and build a model instance per option:
about 3 ms of a 27 ms request at national scale (docs/benchmarks.md, "Page latency"). These
lists change when a reorganisation is loaded (the 2025 merger into 34 provinces) or a
catalogue is edited, not between two searches, so they are kept in Django's cache for
``OPTIONS_SECONDS`` and dropped whenever a row is saved or deleted through the ORM
(``apps.CatalogueConfig.ready``) or a loader finishes (``loaders``). Validation still reads the
chosen row from the database, so a stale list can offer an option but never accept a row that
no longer exists.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

#: Longest a list is kept when nothing told us it changed (another server's loader run).
OPTIONS_SECONDS = 600


def _key(model: type[models.Model]) -> str:
    return f"opentvet:options:{model._meta.label_lower}"


def options(model: type[models.Model]) -> list[tuple[Any, str]]:
    """``(pk, label)`` of every row of ``model`` in its default order."""
    key = _key(model)
    kept: list[tuple[Any, str]] | None = cache.get(key)
    if kept is None:
        kept = [(row.pk, str(row)) for row in model._default_manager.all()]
        if list(model._meta.ordering) == ["name"]:
            # Named catalogues (provinces) in Vietnamese alphabetical order, which neither
            # SQLite nor a PostgreSQL without a Vietnamese collation gives (core.collation).
            from opentvet.core.collation import vn_sorted

            kept = vn_sorted(kept, key=lambda option: option[1])
        cache.set(key, kept, OPTIONS_SECONDS)
    return kept


def forget(model: type[models.Model]) -> None:
    """Drop ``model``'s kept list."""
    cache.delete(_key(model))


def forget_on_change(sender: type[models.Model], **_kwargs: Any) -> None:
    """Drop the list now (this request sees the change) and again when the transaction commits
    (another process may have kept the old rows in between)."""
    forget(sender)
    transaction.on_commit(lambda: forget(sender))


class _KeptOptions(forms.models.ModelChoiceIterator):
    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from options(self.queryset.model)

    def __len__(self) -> int:
        return len(options(self.queryset.model)) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(options(self.queryset.model))


class CatalogueChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` over a whole catalogue whose options come from ``options``.

    The cleaned value is the model instance, as with ``ModelChoiceField``. The kept list is the
    whole table: a filtered queryset would offer options that validation then refuses, so it is
    refused here.
    """

    iterator = _KeptOptions

    def _set_queryset(self, queryset: Any) -> None:
        if queryset is not None and queryset.query.where:
            raise ImproperlyConfigured(
                "CatalogueChoiceField lists a whole catalogue; use ModelChoiceField for a subset"
            )
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)
