"""Fixtures of the correspondence tests: clerks, a giấy mời from the People's Committee of Cà Mau
sent to college A, files kept under a temporary VAR_DIR."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from opentvet.correspondence import services
from opentvet.correspondence.models import Delivery


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


@pytest.fixture
def actor_for(persona_user, actor_of):  # type: ignore[no-untyped-def]
    return lambda key: actor_of(persona_user(key))


def invitation_input(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "doc_type": "GM",
        "subject": "Mời dự buổi làm việc về tình hình giáo dục nghề nghiệp năm 2026",
        "body": "Ủy ban nhân dân tỉnh tổ chức buổi làm việc với Trường.",
        "signer_title": "Phó Chủ tịch",
        "signer_name": "Lâm Quốc Bảo",
        "meeting_at": dt.datetime(2026, 12, 10, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        "meeting_place": "Phòng họp số 1, Văn phòng UBND tỉnh Cà Mau",
        "meeting_chair": "Đồng chí Lâm Quốc Bảo, Phó Chủ tịch UBND tỉnh",
        "invitees": "Hiệu trưởng Trường CĐ KT-KT Bạc Liêu\nLãnh đạo Sở GD&ĐT",
    }
    values.update(overrides)
    return services.DraftInput(**values)


@pytest.fixture
def draft_invitation(actor_for, org):  # type: ignore[no-untyped-def]
    dispatch = services.dispatch_create(
        actor=actor_for("committee_clerk"), organisation=org("UBND-96"), data=invitation_input()
    )
    services.dispatch_attach(
        actor=actor_for("committee_clerk"),
        dispatch=dispatch,
        upload=SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 agenda", "application/pdf"),
    )
    return dispatch


@pytest.fixture
def sent_invitation(draft_invitation, actor_for, org):  # type: ignore[no-untyped-def]
    services.dispatch_send(
        actor=actor_for("committee_clerk"),
        dispatch=draft_invitation,
        for_action=[org("CD96001")],
        for_information=[org("SGDDT-96")],
    )
    draft_invitation.refresh_from_db()
    return draft_invitation


@pytest.fixture
def delivery_a(sent_invitation, org):  # type: ignore[no-untyped-def]
    return Delivery.all_objects.get(dispatch=sent_invitation, recipient=org("CD96001"))
