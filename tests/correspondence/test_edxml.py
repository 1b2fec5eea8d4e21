"""An issued document exported as an edXML package and imported into another register."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError

from opentvet.correspondence import edxml, services
from opentvet.correspondence.models import Delivery

pytestmark = pytest.mark.django_db


def test_the_envelope_carries_the_decree_30_fields(sent_invitation):
    package = edxml.export_package(sent_invitation)
    parsed = edxml.parse_package(package)
    registry = sent_invitation.registry_document
    assert parsed.sender_code == "UBND-96"
    assert parsed.symbol == registry.symbol
    assert parsed.number == str(registry.number)
    assert parsed.issued_on == registry.issued_on
    assert parsed.doc_type == "GM"
    assert parsed.subject == sent_invitation.subject
    assert parsed.signer_name == "Lâm Quốc Bảo"
    assert parsed.signer_position == "PHÓ CHỦ TỊCH"
    assert "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu" in parsed.recipients
    assert "Thời gian: 08 giờ 00" in parsed.content
    assert parsed.attachments == [("chuong-trinh.pdf", "application/pdf", b"%PDF-1.4 agenda")]


def test_the_header_is_structured_as_edxml(sent_invitation):
    cid = [("a@opentvet", "chuong-trinh.pdf", "application/pdf")]
    root = ET.fromstring(edxml.envelope(sent_invitation, cid))
    ns = {"e": edxml.NS}
    assert root.tag == f"{{{edxml.NS}}}edXMLEnvelope"
    header = root.find("e:edXMLHeader/e:MessageHeader", ns)
    for path in (
        "e:From/e:OrganId",
        "e:To/e:OrganName",
        "e:Code/e:CodeNumber",
        "e:Code/e:CodeNotation",
        "e:PromulgationInfo/e:Place",
        "e:PromulgationInfo/e:PromulgationDate",
        "e:DocumentType/e:TypeName",
        "e:Subject",
        "e:SignerInfo/e:Competence",
        "e:ToPlaces/e:Place",
    ):
        assert header.find(path, ns) is not None, path
    assert header.find("e:Code/e:CodeNotation", ns).text == "GM-UBND"
    assert header.find("e:SignerInfo/e:Competence", ns).text == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"
    assert root.find("e:edXMLBody/e:edXMLManifest/e:Reference", ns) is not None


def test_import_registers_the_package_with_the_next_incoming_number(
    sent_invitation, actor_for, org
):
    package = edxml.export_package(sent_invitation)
    # The Hà Nội department receives it through another channel and imports it.
    officer = actor_for("other_provincial_officer")
    delivery = services.package_import(actor=officer, recipient=org("SGDDT-01"), package=package)
    assert delivery.dispatch is None
    assert delivery.external_sender == "Ủy ban nhân dân Cà Mau"
    assert delivery.registry_document.symbol == sent_invitation.symbol
    assert delivery.attachments.count() == 1
    second = services.package_import(actor=officer, recipient=org("SGDDT-01"), package=package)
    assert second.incoming_number == delivery.incoming_number + 1
    assert Delivery.all_objects.filter(recipient=org("SGDDT-01")).count() >= 2


def test_import_refuses_what_is_not_a_package(actor_for, org):
    officer = actor_for("provincial_clerk")
    for junk in (
        b"not a package",
        b"<root/>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
    ):
        with pytest.raises(ValidationError):
            services.package_import(actor=officer, recipient=org("SGDDT-96"), package=junk)


def test_a_draft_cannot_be_exported(draft_invitation):
    with pytest.raises(ValidationError):
        edxml.export_package(draft_invitation)
