"""Writes of the admissions app. Each service takes a keyword-only ``actor``, checks permission,
validates (Vietnamese ``ValidationError``), writes in a transaction and leaves an audit entry.

Quota safety: seats are taken by a conditional UPDATE (``admitted_count < seats``) after the
wish's own status moved by a conditional UPDATE; both in one transaction, so concurrent officers
can neither oversubscribe a quota nor count one wish twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.admissions import integration
from opentvet.admissions.models import (
    WISH_TRANSITIONS,
    AdmissionRound,
    ApplicantDocument,
    ApplicantMessage,
    ApplicantProfile,
    Application,
    Quota,
    RoundKind,
    RoundStatus,
    Wish,
    WishStatus,
)
from opentvet.admissions.scoring import admission_score
from opentvet.core.access import Actor
from opentvet.core.audit import audit_log, audited_create, audited_update
from opentvet.core.models import AuditEntry, Organisation, OrgKind, User
from opentvet.core.services import membership_grant, user_create
from opentvet.notifications import events as notify_events
from opentvet.programmes.models import ProgrammeVersion, VersionStatus

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Accepted uploads, recognised by their first bytes, never by the name or the browser's claim.
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
APPLICANT_ROLE = "applicant"
APPLICANT_HOME_CODE = "CUC-GDNN"

PROFILE_FIELDS = [
    "date_of_birth",
    "national_id",
    "province",
    "education_level",
    "school_name",
    "graduation_year",
    "gpa",
    "exam_score",
    "priority_area",
    "priority_category",
]


def _require(actor: Actor, perm: str, organisation: Organisation) -> None:
    if not actor.can(perm, organisation.path):
        raise PermissionError(perm)


def _notify(user_id: int, wish: Wish | None, subject: str, body: str) -> ApplicantMessage:
    return ApplicantMessage.objects.create(user_id=user_id, wish=wish, subject=subject, body=body)


# --------------------------------------------------------------------------------------------
# Applicants


def applicant_home() -> Organisation:
    """The node applicants hold their role at: the national authority."""
    home = Organisation.objects.filter(code=APPLICANT_HOME_CODE).first()
    if home is None:
        home = Organisation.objects.filter(kind=OrgKind.NATIONAL_AUTHORITY).order_by("pk").first()
    if home is None:
        raise RuntimeError("no national authority to attach applicants to")
    return home


def is_applicant_only(user: User) -> bool:
    """True for a user whose only roles are "applicant" (one-time-code login is for them only),
    or "student" too: an applicant enrolled through admissions keeps signing in the same way."""
    roles = set(user.memberships.filter(is_active=True).values_list("role_id", flat=True))
    return not user.is_staff and not user.is_superuser and roles <= {APPLICANT_ROLE, "student"}


@transaction.atomic
def applicant_register(*, identifier: str, full_name: str) -> User:
    """Create an applicant account for a verified phone number or e-mail address."""
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationError({"full_name": _("Vui lòng nhập họ và tên.")})
    field = {"email": identifier} if "@" in identifier else {"phone": identifier}
    user = user_create(actor=None, full_name=full_name[:150], **field)
    membership_grant(
        actor=None, user=user, organisation=applicant_home(), role=APPLICANT_ROLE, title=""
    )
    ApplicantProfile.objects.create(user=user)
    return user


def profile_of(user: User) -> ApplicantProfile:
    profile, _created = ApplicantProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, actor: Actor, data: dict[str, Any]) -> dict[str, list[Any]]:
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("Không được sửa các trường: %(f)s") % {"f": ", ".join(unknown)})
    profile = profile_of(actor.user)
    return audited_update(
        actor=actor.user,
        verb="applicant_profile_update",
        instance=profile,
        organisation=None,
        data=data,
    )


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


@transaction.atomic
def document_upload(*, actor: Actor, kind: str, upload: UploadedFile) -> ApplicantDocument:
    """Store an applicant's file after checking its size and its type by content."""
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("Tệp quá lớn: tối đa 5 MB.")})
    if upload.size == 0:
        raise ValidationError({"file": _("Tệp rỗng.")})
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError({"file": _("Chỉ nhận tệp PDF, JPEG hoặc PNG.")})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = ApplicantDocument(
        user=actor.user,
        kind=kind,
        original_name=(upload.name or "tep")[-150:],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    document.file.save("upload", upload, save=False)
    audited_create(
        actor=actor.user, verb="applicant_document_upload", instance=document, organisation=None
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor, document: ApplicantDocument) -> None:
    if document.user_id != actor.user.pk:
        raise PermissionError("document")
    audit_log(
        actor=actor.user,
        verb="applicant_document_delete",
        instance=document,
        organisation=None,
        action=AuditEntry.Action.DELETE,
        changes={"original_name": [document.original_name, None]},
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --------------------------------------------------------------------------------------------
# Rounds and quotas


@transaction.atomic
def round_create(
    *, actor: Actor | None, organisation: Organisation, **fields: Any
) -> AdmissionRound:
    """A rolling round at an institution (``admissions.change``) or a coordinated round at an
    authority (``admissions.coordinate``)."""
    kind = fields.get("kind")
    if actor is not None:
        _require(
            actor,
            "admissions.coordinate" if kind == RoundKind.COORDINATED else "admissions.change",
            organisation,
        )
    if kind == RoundKind.ROLLING and organisation.kind != OrgKind.INSTITUTION:
        raise ValidationError({"kind": _("Xét tuyển quanh năm do một cơ sở GDNN tổ chức.")})
    if kind == RoundKind.COORDINATED and organisation.kind == OrgKind.INSTITUTION:
        raise ValidationError({"kind": _("Xét tuyển chung do cơ quan quản lý tổ chức.")})
    if (
        fields.get("opens_on")
        and fields.get("closes_on")
        and fields["closes_on"] < fields["opens_on"]
    ):
        raise ValidationError({"closes_on": _("Hạn nộp phải sau ngày bắt đầu nhận hồ sơ.")})
    admission_round = AdmissionRound(organisation=organisation, **fields)
    audited_create(
        actor=actor.user if actor else None,
        verb="admission_round_create",
        instance=admission_round,
        organisation=organisation,
    )
    return admission_round


@transaction.atomic
def round_set_status(*, actor: Actor, admission_round: AdmissionRound, status: str) -> None:
    perm = "admissions.coordinate" if admission_round.is_coordinated else "admissions.change"
    _require(actor, perm, admission_round.organisation)
    allowed = {
        RoundStatus.OPEN: {RoundStatus.DRAFT, RoundStatus.CLOSED},
        RoundStatus.CLOSED: {RoundStatus.OPEN},
        RoundStatus.FINISHED: {RoundStatus.CLOSED, RoundStatus.ALLOCATED, RoundStatus.OPEN},
    }
    if admission_round.status not in allowed.get(status, set()):
        raise ValidationError(_("Không thể chuyển đợt sang trạng thái này."))
    audited_update(
        actor=actor.user,
        verb="admission_round_status",
        instance=admission_round,
        organisation=admission_round.organisation,
        data={"status": status},
    )


@transaction.atomic
def quota_set(
    *,
    actor: Actor | None,
    admission_round: AdmissionRound,
    version: ProgrammeVersion,
    seats: int,
    min_score: Any = None,
) -> Quota:
    """Set the seats of a programme in a round (chỉ tiêu), by an officer of its institution."""
    institution = version.institution
    if actor is not None:
        _require(actor, "admissions.change", institution)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"programme_version": _("Chỉ tuyển sinh chương trình đã ban hành.")})
    if not institution.path.startswith(admission_round.organisation.path):
        raise ValidationError(
            {"programme_version": _("Cơ sở đào tạo không thuộc phạm vi của đợt tuyển sinh.")}
        )
    if admission_round.status in {RoundStatus.ALLOCATED, RoundStatus.FINISHED}:
        raise ValidationError(_("Đợt đã xét tuyển, không sửa chỉ tiêu được."))
    quota = (
        Quota.all_objects.select_for_update()
        .filter(round=admission_round, programme_version=version)
        .first()
    )
    user = actor.user if actor else None
    if quota is None:
        quota = Quota(
            round=admission_round,
            programme_version=version,
            institution=institution,
            seats=seats,
            min_score=min_score,
        )
        audited_create(actor=user, verb="quota_create", instance=quota, organisation=institution)
        return quota
    if seats < quota.admitted_count:
        raise ValidationError({"seats": _("Chỉ tiêu không thể nhỏ hơn số đã trúng tuyển.")})
    audited_update(
        actor=user,
        verb="quota_update",
        instance=quota,
        organisation=institution,
        data={"seats": seats, "min_score": min_score},
    )
    return quota


# --------------------------------------------------------------------------------------------
# Applications


def application_submit(
    *,
    actor: Actor,
    admission_round: AdmissionRound,
    quota_ids: Sequence[int],
    idempotency_key: str,
) -> Application:
    """Submit ranked wishes (first = most wanted) for one round; idempotent on ``idempotency_key``.

    A repeated key returns the application it created (a double click, a retried request).
    Raises ValidationError when the round is closed, a wish repeats or is not in the round, there
    are too many wishes, the profile lacks the score the round needs, or the applicant already
    applied to the round with another key.
    """
    key = (idempotency_key or "").strip()[:64]
    if len(key) < 8:
        raise ValidationError(_("Thiếu mã chống gửi trùng; vui lòng tải lại trang."))
    existing = _application_by_key(key)
    if existing is not None:
        if existing.user_id != actor.user.pk:
            raise ValidationError(_("Mã chống gửi trùng không hợp lệ; vui lòng tải lại trang."))
        return existing
    try:
        with transaction.atomic():
            return _application_create(actor, admission_round, list(quota_ids), key)
    except (IntegrityError, ValidationError) as error:
        # A concurrent submission with the same key may have committed after the look-up above:
        # then this one either hit the unique key or found "already applied to this round".
        # Either way the caller gets the application the key created, as the API promises.
        existing = _application_by_key(key)
        if existing is not None and existing.user_id == actor.user.pk:
            return existing
        if isinstance(error, IntegrityError):
            raise ValidationError(_("Bạn đã nộp hồ sơ cho đợt tuyển sinh này.")) from None
        raise


def _application_by_key(key: str) -> Application | None:
    return Application.objects.filter(idempotency_key=key).first()


def _application_create(
    actor: Actor, admission_round: AdmissionRound, quota_ids: list[int], key: str
) -> Application:
    if not actor.can("applicant.apply", applicant_home().path):
        raise PermissionError("applicant.apply")
    if not admission_round.is_open_on(timezone.localdate()):
        raise ValidationError(_("Đợt tuyển sinh không nhận hồ sơ vào lúc này."))
    if not quota_ids:
        raise ValidationError({"wishes": _("Chọn ít nhất một nguyện vọng.")})
    if len(quota_ids) > admission_round.max_wishes:
        raise ValidationError(
            {
                "wishes": _("Đợt này nhận tối đa %(n)d nguyện vọng.")
                % {"n": admission_round.max_wishes}
            }
        )
    if len(set(quota_ids)) != len(quota_ids):
        raise ValidationError({"wishes": _("Mỗi chương trình chỉ chọn một lần.")})
    quotas = {
        q.pk: q
        for q in Quota.all_objects.filter(round=admission_round, pk__in=quota_ids).select_related(
            "institution"
        )
    }
    if len(quotas) != len(quota_ids):
        raise ValidationError({"wishes": _("Có nguyện vọng không thuộc đợt tuyển sinh này.")})
    if Application.objects.filter(round=admission_round, user=actor.user).exists():
        raise ValidationError(_("Bạn đã nộp hồ sơ cho đợt tuyển sinh này."))
    score = admission_score(profile_of(actor.user), admission_round)
    application = Application.objects.create(
        round=admission_round,
        user=actor.user,
        idempotency_key=key,
        score=score.total,
        base_score=score.base,
        priority_score=score.priority,
    )
    wishes = Wish.all_objects.bulk_create(
        [
            Wish(
                application=application,
                rank=rank,
                quota=quotas[qid],
                institution=quotas[qid].institution,
            )
            for rank, qid in enumerate(quota_ids, start=1)
        ]
    )
    audit_log(
        actor=actor.user,
        verb="application_submit",
        instance=application,
        organisation=admission_round.organisation,
        action=AuditEntry.Action.CREATE,
        changes={"wishes": [None, quota_ids], "score": [None, str(score.total)]},
    )
    _notify(
        actor.user.pk,
        None,
        _("Đã nhận hồ sơ %(code)s") % {"code": application.code},
        _(
            "Hồ sơ của bạn cho %(round)s đã được ghi nhận với %(n)d nguyện vọng, điểm xét tuyển "
            "%(score)s."
        )
        % {"round": admission_round.name, "n": len(wishes), "score": score.total},
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: Application) -> None:
    if application.user_id != actor.user.pk:
        raise PermissionError("application")
    moved = Wish.all_objects.filter(
        application=application, status__in=WISH_TRANSITIONS[WishStatus.WITHDRAWN]
    ).update(status=WishStatus.WITHDRAWN, decided_at=timezone.now())
    if not moved:
        raise ValidationError(_("Hồ sơ không còn rút được."))
    Application.objects.filter(pk=application.pk).update(withdrawn_at=timezone.now())
    audit_log(
        actor=actor.user,
        verb="application_withdraw",
        instance=application,
        organisation=application.round.organisation,
    )


# --------------------------------------------------------------------------------------------
# Review and decisions

STATUS_MESSAGES = {
    WishStatus.MISSING_DOCUMENTS: _(
        "Hồ sơ nguyện vọng %(rank)d (%(programme)s) còn thiếu giấy tờ."
    ),
    WishStatus.ELIGIBLE: _("Nguyện vọng %(rank)d (%(programme)s) đủ điều kiện xét tuyển."),
    WishStatus.REJECTED: _("Nguyện vọng %(rank)d (%(programme)s) không đủ điều kiện xét tuyển."),
    WishStatus.ADMITTED: _("Chúc mừng! Bạn trúng tuyển nguyện vọng %(rank)d (%(programme)s)."),
    WishStatus.CONFIRMED: _("Bạn đã xác nhận nhập học %(programme)s."),
    WishStatus.DECLINED: _("Bạn đã từ chối nhập học %(programme)s."),
    WishStatus.ENROLLED: _("Bạn đã được nhập học %(programme)s. Chào mừng tân sinh viên!"),
}


def _move(wish: Wish, status: str, **extra: Any) -> None:
    """Conditional transition: fails if someone else moved the wish first."""
    moved = Wish.all_objects.filter(pk=wish.pk, status__in=WISH_TRANSITIONS[status]).update(
        status=status, decided_at=timezone.now(), **extra
    )
    if not moved:
        raise ValidationError(_("Trạng thái hồ sơ đã thay đổi; vui lòng tải lại trang."))


def _take_seat(quota_id: int, counter: str) -> None:
    taken = Quota.all_objects.filter(pk=quota_id, **{f"{counter}__lt": F("seats")}).update(
        **{counter: F(counter) + 1}
    )
    if not taken:
        raise ValidationError(_("Chương trình đã đủ chỉ tiêu."))


def officer_may_admit(admission_round: AdmissionRound) -> bool:
    """An officer admits by hand only in a rolling round; a joint (coordinated) round's
    admissions come from the allocation (``wish_set_status`` refuses, the form does not offer
    it)."""
    return not admission_round.is_coordinated


@transaction.atomic
def wish_set_status(
    *, actor: Actor, wish: Wish, status: str, note: str = "", class_group: Any = None
) -> Wish:
    """An officer's decision on one wish: missing documents, eligible, rejected, admitted
    (rolling rounds; takes a seat), or enrolled (a confirmed applicant becomes a student of
    ``class_group``, or of the one class of the programme for the intake; the scale warnings of
    the learners enrolment are on ``wish.enrol_warnings``)."""
    _require(actor, "admissions.change", wish.institution)
    before = wish.status
    admission_round = wish.application.round
    warnings: list[str] = []
    if status == WishStatus.ADMITTED:
        if not officer_may_admit(admission_round):
            raise ValidationError(_("Đợt xét tuyển chung: kết quả do hệ thống xét tuyển."))
        min_score = wish.quota.min_score
        if min_score is not None and wish.application.score < min_score:
            raise ValidationError(_("Điểm xét tuyển thấp hơn điểm sàn của chương trình."))
        _move(wish, status, note=note)
        _take_seat(wish.quota_id, "admitted_count")
    elif status == WishStatus.ENROLLED:
        _move(wish, status, note=note)
        student = integration.enrol_student(actor=actor, wish=wish, class_group=class_group)
        Wish.all_objects.filter(pk=wish.pk).update(student_ref=student.code)
        warnings = list(getattr(student, "enrol_warnings", []))
    elif status in {WishStatus.MISSING_DOCUMENTS, WishStatus.ELIGIBLE, WishStatus.REJECTED}:
        _move(wish, status, note=note)
    else:
        raise ValidationError(_("Thao tác không hợp lệ."))
    wish.refresh_from_db()
    wish.enrol_warnings = warnings  # type: ignore[attr-defined]
    audit_log(
        actor=actor.user,
        verb="wish_set_status",
        instance=wish,
        organisation=wish.institution,
        changes={"status": [before, status]},
    )
    _message_for(wish, note)
    notify_events.application_status_changed(wish, by=actor.user)
    return wish


def _message_for(wish: Wish, note: str = "") -> None:
    template = STATUS_MESSAGES.get(wish.status)
    if template is None:
        return
    programme = wish.quota.programme_version.programme
    body = template % {
        "rank": wish.rank,
        "programme": f"{programme.name} — {wish.institution.name}",
    }
    if note:
        body = _("%(body)s Ghi chú của nhà trường: %(note)s") % {"body": body, "note": note}
    _notify(wish.application.user_id, wish, wish.get_status_display(), body)


@transaction.atomic
def wish_confirm(*, actor: Actor, wish: Wish) -> Wish:
    """The applicant confirms enrolment (xác nhận nhập học) where they were admitted."""
    if wish.application.user_id != actor.user.pk:
        raise PermissionError("wish")
    admission_round = wish.application.round
    if admission_round.confirm_by and timezone.localdate() > admission_round.confirm_by:
        raise ValidationError(_("Đã quá hạn xác nhận nhập học."))
    _move(wish, WishStatus.CONFIRMED)
    _take_seat(wish.quota_id, "confirmed_count")
    wish.refresh_from_db()
    audit_log(
        actor=actor.user,
        verb="wish_confirm",
        instance=wish,
        organisation=wish.institution,
        changes={"status": [WishStatus.ADMITTED, WishStatus.CONFIRMED]},
    )
    _message_for(wish)
    return wish


@transaction.atomic
def wish_decline(*, actor: Actor, wish: Wish) -> Wish:
    """The applicant gives up an admission; the seat is released."""
    if wish.application.user_id != actor.user.pk:
        raise PermissionError("wish")
    _move(wish, WishStatus.DECLINED)
    Quota.all_objects.filter(pk=wish.quota_id, admitted_count__gt=0).update(
        admitted_count=F("admitted_count") - 1
    )
    wish.refresh_from_db()
    audit_log(
        actor=actor.user,
        verb="wish_decline",
        instance=wish,
        organisation=wish.institution,
        changes={"status": [WishStatus.ADMITTED, WishStatus.DECLINED]},
    )
    _message_for(wish)
    return wish


def messages_mark_read(*, actor: Actor) -> int:
    return ApplicantMessage.objects.filter(user=actor.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
