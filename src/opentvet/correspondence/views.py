"""Pages of the registers (sổ văn bản đi, đến), a document's page for the sender and for each
recipient, printing, attachments and edXML packages. Thin: access layer, services, selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import Actor
from opentvet.correspondence import edxml, printing, selectors, services
from opentvet.correspondence.access import (
    access_attachment_by_id,
    access_delivery_by_id,
    access_desk_by_id,
    access_dispatch_by_id,
    desk_ids,
    desks,
)
from opentvet.correspondence.forms import (
    AssignForm,
    AttachmentForm,
    DispatchForm,
    HandleForm,
    ImportForm,
    ReplyForm,
    SendForm,
)
from opentvet.correspondence.models import Delivery, Dispatch
from opentvet.web.views.common import actor_of, errors_to_form, paginate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _need_desk(request: HttpRequest) -> None:
    """The registers open for whoever the menu shows them to (``document.view`` anywhere) and
    for anyone a document was assigned to; each lists only what its reader may see."""
    actor = actor_of(request)
    if actor.is_superuser or actor.paths_with("document.view"):
        return
    if not selectors.assigned_to_me(actor=actor).exists():
        raise Http404


@login_required
def incoming_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _need_desk(request)
    status = request.GET.get("tinh-trang", "")
    if status not in Delivery.Status.values:
        status = ""
    return render(
        request,
        "correspondence/incoming.html",
        {
            "page": paginate(request, selectors.incoming_list(actor=actor, status=status)),
            "mine": selectors.assigned_to_me(actor=actor)[:20],
            "status": status,
            "statuses": Delivery.Status.choices,
            "clerk_desks": desks(actor, "document.change"),
        },
    )


@login_required
def outgoing_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _need_desk(request)
    return render(
        request,
        "correspondence/outgoing.html",
        {
            "page": paginate(request, selectors.outgoing_list(actor=actor)),
            "clerk_desks": desks(actor, "document.change"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispatch_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_desk_by_id(actor, org_id, "document.change")
    initial = {"doc_type": request.GET.get("loai", "GM")}
    form = DispatchForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        for key in (
            "body",
            "signer_title",
            "signer_name",
            "meeting_place",
            "meeting_chair",
            "invitees",
        ):
            data[key] = data.get(key) or ""
        try:
            dispatch = services.dispatch_create(
                actor=actor, organisation=organisation, data=services.DraftInput(**data)
            )
            if form.cleaned_data.get("file"):
                services.dispatch_attach(
                    actor=actor, dispatch=dispatch, upload=form.cleaned_data["file"]
                )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo. Chọn nơi nhận để ban hành và gửi."))
            return redirect("correspondence:dispatch_detail", dispatch_id=dispatch.pk)
    return render(
        request,
        "correspondence/dispatch_form.html",
        {"form": form, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


def _dispatch_context(
    request: HttpRequest, dispatch: Dispatch, send_form: SendForm | None = None
) -> dict:
    actor = actor_of(request)
    is_sender = dispatch.organisation_id in desk_ids(actor)
    can_send = dispatch.organisation_id in desk_ids(actor, "document.change")
    context = {
        "dispatch": dispatch,
        "is_sender": is_sender,
        "can_send": can_send,
        "attachments": dispatch.attachments.all(),
        "deliveries": selectors.deliveries_of(dispatch) if is_sender else [],
        "attach_form": AttachmentForm()
        if can_send and dispatch.status == Dispatch.Status.DRAFT
        else None,
        "meeting_time": printing.meeting_time_line(dispatch),
        "own_deliveries": selectors.incoming_list(actor=actor).filter(dispatch=dispatch),
    }
    if can_send:
        delivered = set(dispatch.deliveries.values_list("recipient_id", flat=True))
        choices = [
            o for o in services.recipient_choices(dispatch.organisation) if o.pk not in delivered
        ]
        context["send_form"] = send_form or SendForm(organisations=choices)
    return context


@login_required
def dispatch_detail_view(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    dispatch = access_dispatch_by_id(actor_of(request), dispatch_id)
    return render(
        request, "correspondence/dispatch_detail.html", _dispatch_context(request, dispatch)
    )


@login_required
@require_POST
def dispatch_send_view(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    actor = actor_of(request)
    dispatch = access_dispatch_by_id(actor, dispatch_id, for_write=True)
    delivered = set(dispatch.deliveries.values_list("recipient_id", flat=True))
    choices = [
        o for o in services.recipient_choices(dispatch.organisation) if o.pk not in delivered
    ]
    form = SendForm(request.POST, organisations=choices)
    if form.is_valid():
        action, info = form.chosen()
        try:
            services.dispatch_send(
                actor=actor, dispatch=dispatch, for_action=action, for_information=info
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            dispatch.refresh_from_db()
            messages.success(
                request, _("Đã ban hành và gửi văn bản %(s)s.") % {"s": dispatch.symbol}
            )
            return redirect("correspondence:dispatch_detail", dispatch_id=dispatch.pk)
    return render(
        request,
        "correspondence/dispatch_detail.html",
        _dispatch_context(request, dispatch, form),
        status=400,
    )


@login_required
@require_POST
def dispatch_attach_view(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    actor = actor_of(request)
    dispatch = access_dispatch_by_id(actor, dispatch_id, for_write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.dispatch_attach(
                actor=actor, dispatch=dispatch, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("Cần chọn tệp."))
    return redirect("correspondence:dispatch_detail", dispatch_id=dispatch.pk)


@login_required
def dispatch_print_view(request: HttpRequest, dispatch_id: str, fmt: str) -> HttpResponse:
    dispatch = access_dispatch_by_id(actor_of(request), dispatch_id)
    if fmt not in {"pdf", "docx"}:
        raise Http404
    content = printing.render(dispatch, fmt)
    stem = (dispatch.symbol or f"du-thao-{dispatch.pk}").replace("/", "-")
    response = HttpResponse(content, content_type="application/pdf" if fmt == "pdf" else DOCX)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def dispatch_export_view(request: HttpRequest, dispatch_id: str) -> HttpResponse:
    dispatch = access_dispatch_by_id(actor_of(request), dispatch_id)
    if dispatch.registry_document is None:
        raise Http404
    response = HttpResponse(edxml.export_package(dispatch), content_type="message/rfc822")
    stem = dispatch.symbol.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{stem}.edxml"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_view(request: HttpRequest, attachment_id: str) -> FileResponse:
    attachment = access_attachment_by_id(actor_of(request), attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _delivery_context(request: HttpRequest, delivery: Delivery, **forms: object) -> dict:
    actor = actor_of(request)
    clerk = delivery.recipient_id in desk_ids(actor, "document.change")
    is_handler = delivery.handler_id == actor.user.pk
    open_ = delivery.status != Delivery.Status.HANDLED
    context: dict = {
        "delivery": delivery,
        "dispatch": delivery.dispatch,
        "attachments": list(delivery.dispatch.attachments.all())
        if delivery.dispatch
        else list(delivery.attachments.all()),
        "replies": delivery.replies.select_related("registry_document"),
        "meeting_time": printing.meeting_time_line(delivery.dispatch) if delivery.dispatch else "",
    }
    if clerk and open_:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            handlers=services.handler_choices(delivery.recipient),
            initial={"handler": delivery.handler_id, "deadline": delivery.deadline},
        )
    if (clerk or is_handler) and open_:
        context["handle_form"] = forms.get("handle_form") or HandleForm()
    if (
        (clerk or is_handler)
        and delivery.dispatch
        and delivery.recipient_id in desk_ids(actor, "document.change")
    ):
        context["reply_form"] = forms.get("reply_form") or ReplyForm(
            initial={"subject": _("Trả lời %(s)s") % {"s": delivery.registry_document.symbol}}
        )
    return context


@login_required
def delivery_detail_view(request: HttpRequest, delivery_id: str) -> HttpResponse:
    actor = actor_of(request)
    delivery = access_delivery_by_id(actor, delivery_id)
    services.delivery_mark_read(actor=actor, delivery=delivery)
    return render(
        request, "correspondence/delivery_detail.html", _delivery_context(request, delivery)
    )


def _delivery_post(
    request: HttpRequest,
    delivery_id: str,
    *,
    action: str,
    form_key: str,
    make_form: Callable[[Delivery], Any],
    run: Callable[[Actor, Delivery, dict[str, Any]], str],
) -> HttpResponse:
    """One recipient-side write: the access check for ``action``, the form, the service (``run``
    returns the success message); the page again with the form's errors when it fails."""
    actor = actor_of(request)
    delivery = access_delivery_by_id(actor, delivery_id, action=action)
    form = make_form(delivery)
    if form.is_valid():
        try:
            message = run(actor, delivery, form.cleaned_data)
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, message)
            return redirect("correspondence:delivery_detail", delivery_id=delivery.pk)
    return render(
        request,
        "correspondence/delivery_detail.html",
        _delivery_context(request, delivery, **{form_key: form}),
        status=400,
    )


def _assign(actor: Actor, delivery: Delivery, data: dict[str, Any]) -> str:
    services.delivery_assign(
        actor=actor,
        delivery=delivery,
        handler=data["handler"],
        deadline=data["deadline"],
        note=data["note"],
    )
    return _("Đã giao xử lý văn bản.")


def _handle(actor: Actor, delivery: Delivery, data: dict[str, Any]) -> str:
    services.delivery_handle(actor=actor, delivery=delivery, result=data["result"])
    return _("Đã ghi kết quả xử lý.")


def _reply(actor: Actor, delivery: Delivery, data: dict[str, Any]) -> str:
    reply = services.delivery_reply(actor=actor, delivery=delivery, **data)
    return _("Đã gửi văn bản trả lời %(s)s.") % {"s": reply.symbol}


@login_required
@require_POST
def delivery_assign_view(request: HttpRequest, delivery_id: str) -> HttpResponse:
    return _delivery_post(
        request,
        delivery_id,
        action="assign",
        form_key="assign_form",
        make_form=lambda d: AssignForm(
            request.POST, handlers=services.handler_choices(d.recipient)
        ),
        run=_assign,
    )


@login_required
@require_POST
def delivery_handle_view(request: HttpRequest, delivery_id: str) -> HttpResponse:
    return _delivery_post(
        request,
        delivery_id,
        action="handle",
        form_key="handle_form",
        make_form=lambda _d: HandleForm(request.POST),
        run=_handle,
    )


@login_required
@require_POST
def delivery_reply_view(request: HttpRequest, delivery_id: str) -> HttpResponse:
    return _delivery_post(
        request,
        delivery_id,
        action="handle",
        form_key="reply_form",
        make_form=lambda _d: ReplyForm(request.POST),
        run=_reply,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_desk_by_id(actor, org_id, "document.change")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            delivery = services.package_import(
                actor=actor, recipient=organisation, package=form.cleaned_data["package"].read()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("Đã vào sổ văn bản đến số %(n)d.") % {"n": delivery.incoming_number}
            )
            return redirect("correspondence:delivery_detail", delivery_id=delivery.pk)
    return render(
        request,
        "correspondence/import.html",
        {"form": form, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )
