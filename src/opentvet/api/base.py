"""What every endpoint shares at the boundary: bounded pagination, input cleaning, error documents.

- ``LimitOffsetPagination``: ``limit`` at most ``MAX_LIMIT``, ``offset`` within what a database
  integer holds, so a huge number is a 422 in the error shape, never a 500.
- ``Schema``: the base of every input and output schema of the API. Text is normalised to NFC
  (Vietnamese typed on macOS or pasted from PDFs arrives decomposed, NFD, and would otherwise be
  stored as a second spelling of the same name or code); integers must fit a 64-bit database
  column. Input schemas must derive from it; ``tests/api`` checks that they do.
- ``document_errors``: adds the error statuses every operation can answer to the published
  OpenAPI document, with the one error body (``api.errors``).
"""

from __future__ import annotations

from typing import Any

from ninja import Field
from ninja import Schema as NinjaSchema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination
from pydantic import field_validator

from opentvet.core.text import nfc_deep

MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1
DB_INT_MAX = 2**63 - 1


def _check_ints(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not -DB_INT_MAX <= value <= DB_INT_MAX:
        raise ValueError("integer out of range")
    if isinstance(value, list | tuple | set):
        for item in value:
            _check_ints(item)
    return value


def _bound_json(node: Any) -> None:
    """Document the integer bound ``_check_ints`` enforces, wherever an integer appears."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            node.setdefault("minimum", -DB_INT_MAX)
            node.setdefault("maximum", DB_INT_MAX)
        for key in ("anyOf", "oneOf", "allOf"):
            for child in node.get(key, []):
                _bound_json(child)
        if "items" in node:
            _bound_json(node["items"])


class Schema(NinjaSchema):
    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        json_schema = handler(core_schema)
        resolved = handler.resolve_ref_schema(json_schema)
        for prop in resolved.get("properties", {}).values():
            _bound_json(prop)
        return json_schema

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        return nfc_deep(value)

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        return _check_ints(value)


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(NinjaSchema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


ERROR_STATUSES = {
    "400": "Yêu cầu không hợp lệ",
    "401": "Cần đăng nhập hoặc khóa API hợp lệ",
    "403": "Không có quyền (hoặc khóa API thiếu phạm vi)",
    "404": "Không tìm thấy (hoặc ngoài phạm vi của người dùng)",
    "409": "Xung đột với dữ liệu hiện có",
    "422": "Dữ liệu gửi lên không hợp lệ",
    "429": "Quá nhiều yêu cầu",
}

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {},
            },
        }
    },
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers (one shared ``Error`` body) to every operation of ``schema``."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(
                    status,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return schema
