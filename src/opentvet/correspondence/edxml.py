"""Export and import a sent document as an edXML package (QCVN 102:2016/BTTTT).

Sources read (December 2026): the circular that issues the standard, Thông tư 10/2016/TT-BTTTT
(vanbanphapluat.co, "Thông tư 10/2016/TT-BTTTT"), its amendment Thông tư 01/2022/TT-BTTTT
(QCVN 102:2016/BTTTT/SĐ1:2022, on organisation identifiers per Quyết định 20/2020/QĐ-TTg), and
open-source implementations of the exchange (element names of ``MessageHeader``). The standard's
own text and schema (XSD) were not available here, so element names below follow those
implementations and the namespace URI is unverified.

What follows the standard's structure:
* an envelope ``edXMLEnvelope`` with ``edXMLHeader`` (``MessageHeader``, ``TraceHeaderList``)
  and ``edXMLBody`` (``edXMLManifest`` of ``Reference``s naming each attachment by content id);
* ``MessageHeader``: ``From`` and ``To`` (``OrganId``, ``OrganName``, ``OrganAdd``, ``Email``,
  ``Telephone``), ``DocumentId``, ``Code`` (``CodeNumber``, ``CodeNotation``),
  ``PromulgationInfo`` (``Place``, ``PromulgationDate``), ``DocumentType`` (``Type``,
  ``TypeName``), ``Subject``, ``Content``, ``SignerInfo`` (``Competence``, ``Position``,
  ``FullName``), ``DueDate``, ``ToPlaces`` (``Place``), ``OtherInfo`` (``Priority``,
  ``PromulgationAmount``, ``PageAmount``), ``ResponseFor`` when it answers a document;
* the package as a MIME ``multipart/related`` message: the envelope first, then one part per
  attachment whose ``Content-ID`` the manifest references.

What is simplified:
* ``OrganId`` is the organisation's OpenTVET code, not the digital identifier of Quyết định
  20/2020/QĐ-TTg (OpenTVET does not hold those yet);
* ``DocumentType/Type`` carries the Appendix III abbreviation of Decree 30/2020 (``GM``,
  ``CV`` …) instead of the standard's numeric code list, which was not available;
* a giấy mời's time, place, chair and invitees travel in an ``opentvet:Invitation`` element of
  our own namespace (the standard has no such fields; ``Content`` also carries them as text);
* no digital signature, no ``Status`` messages, ``TraceHeaderList`` carries the sender only.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.documents import signature_lines
from opentvet.correspondence.models import Delivery, Dispatch
from opentvet.correspondence.printing import meeting_time_line

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"  # unverified: see the module docstring
OPENTVET_NS = "urn:opentvet:edxml-extension:1"
ET.register_namespace("edXML", NS)
ET.register_namespace("opentvet", OPENTVET_NS)
MAX_PACKAGE_BYTES = 60 * 1024 * 1024


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = text
    return element


def _organ(parent: ET.Element, tag: str, organisation: object) -> None:
    node = _sub(parent, tag)
    _sub(node, "OrganId", str(getattr(organisation, "code", "")))
    _sub(node, "OrganName", str(getattr(organisation, "name", "")))
    _sub(node, "OrganAdd", str(getattr(organisation, "street_address", "") or ""))
    _sub(node, "Email", str(getattr(organisation, "email", "") or ""))
    _sub(node, "Telephone", str(getattr(organisation, "phone", "") or ""))


def envelope(dispatch: Dispatch, content_ids: list[tuple[str, str, str]]) -> bytes:
    """The edXML envelope of an issued dispatch; ``content_ids``: (cid, name, content type)."""
    registry = dispatch.registry_document
    if registry is None:
        raise ValidationError(_("Chỉ xuất được văn bản đã ban hành."))
    sender = dispatch.organisation
    root = ET.Element(_q("edXMLEnvelope"))
    header = _sub(root, "edXMLHeader")
    message = _sub(header, "MessageHeader")
    _organ(message, "From", sender)
    deliveries = list(
        Delivery.all_objects.filter(dispatch=dispatch).select_related("recipient").order_by("pk")
    )
    for delivery in deliveries:
        _organ(message, "To", delivery.recipient)
    _sub(message, "DocumentId", f"{sender.code},{registry.issued_on:%Y/%m/%d},{dispatch.pk}")
    code = _sub(message, "Code")
    _sub(code, "CodeNumber", str(registry.number or ""))
    notation = registry.symbol.split("/", 1)[1] if "/" in registry.symbol else registry.symbol
    _sub(code, "CodeNotation", notation)
    promulgation = _sub(message, "PromulgationInfo")
    province = sender.province.name if sender.province_id else ""  # type: ignore[union-attr]
    _sub(promulgation, "Place", province.removeprefix("Tỉnh ").removeprefix("Thành phố "))
    _sub(promulgation, "PromulgationDate", f"{registry.issued_on:%Y/%m/%d}")
    doc_type = _sub(message, "DocumentType")
    _sub(doc_type, "Type", dispatch.doc_type)
    _sub(doc_type, "TypeName", str(dispatch.get_doc_type_display()))
    _sub(message, "Subject", dispatch.subject)
    content = dispatch.body
    if dispatch.is_invitation:
        content = "\n".join(
            [
                dispatch.body,
                _("Thời gian: %(t)s") % {"t": meeting_time_line(dispatch)},
                _("Địa điểm: %(p)s") % {"p": dispatch.meeting_place},
                _("Chủ trì: %(c)s") % {"c": dispatch.meeting_chair},
                _("Thành phần mời: %(i)s") % {"i": "; ".join(dispatch.invitee_lines())},
            ]
        ).strip()
    _sub(message, "Content", content)
    authority, title = signature_lines(sender, dispatch.signer_title)
    signer = _sub(message, "SignerInfo")
    _sub(signer, "Competence", authority.replace("\n", " "))
    _sub(signer, "Position", title)
    _sub(signer, "FullName", dispatch.signer_name)
    deadlines = [d.deadline for d in deliveries if d.deadline]
    if deadlines:
        _sub(message, "DueDate", f"{min(deadlines):%Y/%m/%d}")
    places = _sub(message, "ToPlaces")
    for delivery in deliveries:
        _sub(places, "Place", delivery.recipient.name)
    other = _sub(message, "OtherInfo")
    _sub(other, "Priority", "0")
    _sub(other, "PromulgationAmount", str(len(deliveries)))
    _sub(other, "PageAmount", "1")
    reply_to = dispatch.in_reply_to
    if reply_to is not None and reply_to.registry_document_id:
        original = reply_to.registry_document
        response = _sub(message, "ResponseFor")
        _sub(response, "OrganId", reply_to.dispatch.organisation.code if reply_to.dispatch else "")
        _sub(response, "Code", original.symbol)
        _sub(response, "PromulgationDate", f"{original.issued_on:%Y/%m/%d}")
    if dispatch.is_invitation:
        invitation = ET.SubElement(message, f"{{{OPENTVET_NS}}}Invitation")
        at = timezone.localtime(dispatch.meeting_at) if dispatch.meeting_at else None
        ET.SubElement(invitation, f"{{{OPENTVET_NS}}}Time").text = at.isoformat() if at else ""
        ET.SubElement(invitation, f"{{{OPENTVET_NS}}}Place").text = dispatch.meeting_place
        ET.SubElement(invitation, f"{{{OPENTVET_NS}}}Chair").text = dispatch.meeting_chair
        for line in dispatch.invitee_lines():
            ET.SubElement(invitation, f"{{{OPENTVET_NS}}}Invitee").text = line
    trace = _sub(header, "TraceHeaderList")
    trace_header = _sub(trace, "TraceHeader")
    _sub(trace_header, "OrganId", sender.code)
    sent = timezone.localtime(dispatch.sent_at) if dispatch.sent_at else timezone.localtime()
    _sub(trace_header, "Timestamp", f"{sent:%Y/%m/%d %H:%M:%S}")
    body = _sub(root, "edXMLBody")
    manifest = _sub(body, "edXMLManifest")
    for cid, name, content_type in content_ids:
        reference = _sub(manifest, "Reference")
        reference.set("{http://www.w3.org/1999/xlink}href", f"cid:{cid}")
        reference.set("{http://www.w3.org/1999/xlink}type", content_type)
        _sub(reference, "AttachmentName", name)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export_package(dispatch: Dispatch) -> bytes:
    """The MIME package: the envelope, then the attachments."""
    attachments = list(dispatch.attachments.all())
    cids = [(make_msgid(domain="opentvet")[1:-1], a.name, a.content_type) for a in attachments]
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message.set_content(envelope(dispatch, cids), maintype="text", subtype="xml", cte="base64")
    message.make_related()
    for (cid, name, content_type), attachment in zip(cids, attachments, strict=True):
        maintype, _slash, subtype = content_type.partition("/")
        with attachment.file.open("rb") as handle:
            data = handle.read()
        message.add_related(
            data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            cid=f"<{cid}>",
            filename=name,
        )
    return message.as_bytes(policy=email.policy.SMTP)


@dataclass
class ParsedPackage:
    sender_code: str
    sender_name: str
    number: str
    symbol: str
    issued_on: dt.date
    doc_type: str
    subject: str
    content: str
    signer_name: str
    signer_position: str
    recipients: list[str] = field(default_factory=list)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


def _text(node: ET.Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, {"e": NS})
    return (found.text or "").strip() if found is not None else ""


def parse_package(package: bytes) -> ParsedPackage:
    """Read a package made by ``export_package`` (or a bare envelope); Vietnamese
    ``ValidationError`` when it is not one."""
    invalid = ValidationError({"package": _("Tệp không phải gói tin edXML hợp lệ.")})
    if len(package) > MAX_PACKAGE_BYTES:
        raise ValidationError({"package": _("Gói tin lớn hơn 60 MB.")})
    parts: dict[str, tuple[str, str, bytes]] = {}
    xml_bytes = package
    if not package.lstrip().startswith(b"<"):
        message = email.message_from_bytes(package, policy=email.policy.default)
        if not message.is_multipart():
            raise invalid
        payloads = list(message.iter_parts())  # type: ignore[attr-defined]
        if not payloads:
            raise invalid
        xml_bytes = payloads[0].get_payload(decode=True) or b""
        for part in payloads[1:]:
            cid = (part.get("Content-ID") or "").strip("<>")
            parts[cid] = (
                part.get_filename() or "tep",
                part.get_content_type(),
                part.get_payload(decode=True) or b"",
            )
    if b"<!DOCTYPE" in xml_bytes or b"<!ENTITY" in xml_bytes:
        raise invalid  # no entity expansion from outside input
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError:
        raise invalid from None
    if root.tag != _q("edXMLEnvelope"):
        raise invalid
    header = root.find("e:edXMLHeader/e:MessageHeader", {"e": NS})
    if header is None:
        raise invalid
    try:
        year, month, day = _text(header, "e:PromulgationInfo/e:PromulgationDate").split("/")
        issued_on = dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        raise ValidationError({"package": _("Gói tin thiếu ngày ban hành hợp lệ.")}) from None
    number = _text(header, "e:Code/e:CodeNumber")
    notation = _text(header, "e:Code/e:CodeNotation")
    subject = _text(header, "e:Subject")
    if not subject or not notation:
        raise ValidationError({"package": _("Gói tin thiếu số, ký hiệu hoặc trích yếu.")})
    attachments = []
    for reference in root.findall("e:edXMLBody/e:edXMLManifest/e:Reference", {"e": NS}):
        href = reference.get("{http://www.w3.org/1999/xlink}href", "").removeprefix("cid:")
        if href in parts:
            attachments.append(parts[href])
    return ParsedPackage(
        sender_code=_text(header, "e:From/e:OrganId"),
        sender_name=_text(header, "e:From/e:OrganName"),
        number=number,
        symbol=f"{number}/{notation}" if number else notation,
        issued_on=issued_on,
        doc_type=_text(header, "e:DocumentType/e:Type"),
        subject=subject,
        content=_text(header, "e:Content"),
        signer_name=_text(header, "e:SignerInfo/e:FullName"),
        signer_position=_text(header, "e:SignerInfo/e:Position"),
        recipients=[
            (p.text or "").strip() for p in header.findall("e:ToPlaces/e:Place", {"e": NS})
        ],
        attachments=attachments,
    )
