from __future__ import annotations

import datetime as dt
from typing import Any

from opentvet.api.base import Schema


class ErrorOut(Schema):
    error: dict[str, Any]


class GrantOut(Schema):
    organisation_id: int
    role: str


class MeOut(Schema):
    id: int
    full_name: str
    email: str | None
    phone: str | None
    grants: list[GrantOut]
    permissions: list[str]


class OrganisationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    institution_type: str
    ownership: str
    governing_body_id: int | None
    autonomy_group: int | None
    province_code: int | None
    ward_code: int | None
    street_address: str
    phone: str
    email: str
    website: str
    leader_name: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_province_code(obj: Any) -> int | None:
        return obj.province_id

    @staticmethod
    def resolve_ward_code(obj: Any) -> int | None:
        return obj.ward_id


class OrganisationPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    institution_type: str | None = None
    ownership: str | None = None
    autonomy_group: int | None = None
    legal_status: str | None = None
    leader_name: str | None = None
    leader_title: str | None = None
    province_code: int | None = None
    ward_code: int | None = None
    street_address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor_label: str
    action: str
    verb: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]


class JobOut(Schema):
    id: str
    kind: str
    title: str
    status: str
    progress: int
    message: str
    error: str
    result: dict[str, Any]
    download_url: str | None

    @staticmethod
    def resolve_id(obj: Any) -> str:
        return str(obj.pk)

    @staticmethod
    def resolve_download_url(obj: Any) -> str | None:
        return f"/cong-viec/{obj.pk}/tai-ve/" if obj.result_file else None


class OrganisationQuery(Schema):
    q: str = ""
    kind: str = ""
    province: int | None = None
    institution_type: str = ""
    ownership: str = ""
    include_closed: bool = False
    sort: str = "name"
