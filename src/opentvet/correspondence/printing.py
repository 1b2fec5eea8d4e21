"""A dispatch as an official document (Decree 30/2020/NĐ-CP layout, ``core.documents``).

Everything a văn thư checks comes from data: the issuing-body lines from the sending
organisation's place in the tree, the number and symbol from its registry (a draft prints
"Số:      /GM-UBND" and the word DỰ THẢO; once issued the number is never blank), the signature
block from the signer's title, Nơi nhận from the send list. A giấy mời adds its time, place,
chair and invitees.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.documents import (
    Block,
    OfficialDocument,
    issuing_body_lines,
    render_docx,
    render_pdf,
    signature_lines,
)
from opentvet.correspondence.models import Delivery, Dispatch
from opentvet.reporting.services.steering import issuer_abbreviation

_WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def _place(dispatch: Dispatch) -> str:
    province = dispatch.organisation.province
    if province is None:
        return "Hà Nội"
    return province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")


def meeting_time_line(dispatch: Dispatch) -> str:
    """ "08 giờ 00, thứ Năm, ngày 10/12/2026" in the project's time zone."""
    at = timezone.localtime(dispatch.meeting_at) if dispatch.meeting_at else None
    if at is None:
        return ""
    return _("%(h)s giờ %(m)s, %(wd)s, ngày %(d)s") % {
        "h": f"{at.hour:02d}",
        "m": f"{at.minute:02d}",
        "wd": _WEEKDAYS[at.weekday()],
        "d": f"{at:%d/%m/%Y}",
    }


def official_document(dispatch: Dispatch) -> OfficialDocument:
    sender = dispatch.organisation
    above, issuer = issuing_body_lines(sender)
    authority, title = signature_lines(sender, dispatch.signer_title)
    registry = dispatch.registry_document
    if registry is not None:
        number_symbol, date = registry.symbol, registry.issued_on
    else:
        number_symbol = "\u00a0" * 8 + f"/{dispatch.doc_type}-{issuer_abbreviation(sender)}"
        date = timezone.localdate()
    blocks: list[Block] = []
    if registry is None:
        blocks.append(Block("paragraph", _("(DỰ THẢO — chưa vào sổ văn bản đi)")))
    if dispatch.is_invitation:
        invitees = dispatch.invitee_lines()
        blocks += [
            Block("paragraph", dispatch.body) if dispatch.body else Block("spacer"),
            Block("heading", _("Thời gian: %(t)s") % {"t": meeting_time_line(dispatch)}),
            Block("heading", _("Địa điểm: %(p)s") % {"p": dispatch.meeting_place}),
            Block("heading", _("Chủ trì: %(c)s") % {"c": dispatch.meeting_chair}),
            Block("heading", _("Thành phần mời:")),
            Block("bullets", items=invitees),
            Block(
                "paragraph",
                _("Đề nghị các thành phần được mời tham dự đúng thời gian và địa điểm nêu trên./."),
            ),
        ]
    else:
        blocks += [Block("paragraph", p.strip()) for p in dispatch.body.split("\n\n") if p.strip()]
    deliveries = list(
        Delivery.all_objects.filter(dispatch=dispatch).select_related("recipient").order_by("pk")
    )
    recipients = [f"{d.recipient.name} ({d.get_purpose_display().lower()})" for d in deliveries]
    if dispatch.is_invitation and not recipients:
        recipients = [_("Như thành phần mời")]
    recipients.append(_("Lưu: VT"))
    return OfficialDocument(
        issuer=issuer,
        issuer_parent=above,
        number_symbol=number_symbol,
        place=_place(dispatch),
        date=date,
        kind_title="" if dispatch.doc_type == "CV" else dispatch.get_doc_type_display(),
        subject=dispatch.subject
        if dispatch.doc_type != "CV"
        else _("V/v %(s)s") % {"s": dispatch.subject},
        blocks=blocks,
        recipients=recipients,
        signer_authority=authority,
        signer_title=title,
        signer_name=dispatch.signer_name,
    )


def render(dispatch: Dispatch, fmt: str) -> bytes:
    doc = official_document(dispatch)
    return render_docx(doc) if fmt == "docx" else render_pdf(doc)
