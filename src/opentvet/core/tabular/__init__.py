"""One Excel import/export mechanism for every app (``nhập/xuất Excel``).

- ``columns``: ``Column`` and the cell parsers (text, numbers, dates, choices, e-mail, phone,
  CCCD, look-ups), each raising ``CellError`` with a Vietnamese reason.
- ``reader``: fast read-only reading of .xlsx and header matching by folded Vietnamese text.
- ``importer``: ``ImportSpec``, ``validate``, ``run_import`` (all rows or none), the registry.
- ``jobs``: ``import_job_start`` and the background job that runs any registered import.
- ``templates``: ``template_xlsx(spec)``, the downloadable template with instructions.
- ``export``: ``export_xlsx`` and ``xlsx_response``, behind every "Xuất Excel".

Import the submodules you need (``from opentvet.core.tabular.importer import ImportSpec``);
this package imports nothing itself, so it can be imported before the apps are ready.
"""
