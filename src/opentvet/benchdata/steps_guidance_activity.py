"""Generator step for guidance activity and the admissions messages to applicants.

What is generated, per institution of the scale, and why these volumes:

- **Interest codes** (``guidance.OccupationInterest``): what the app's own loader
  (``guidance.services.interest_codes_seed``, run by the demo, not by a migration) writes: one row
  per level-II group of the catalogue that has a RIASEC code, keeping rows already there. The
  recommender and the codes page fall back to ``Occupation.riasec`` when a row is missing, so
  nothing breaks without them, but a database made by ``bench-data`` alone should look like one
  where the loader ran.
- **Admission-counselling events** (``guidance.GuidanceEvent``) and their public registrations
  (``guidance.EventRegistration``): institutions hold admission counselling (tư vấn tuyển sinh,
  Thông tư 05/2021/TT-BLĐTBXH **(confirm article)**) and career-guidance days with lower- and
  upper-secondary schools (Quyết định 522/QĐ-TTg of 2018, Đề án giáo dục hướng nghiệp và định
  hướng phân luồng học sinh 2018–2025 **(confirm)**). No national count is published; we assume
  about one event a year per unit of institution weight (a college about six: open day, school
  visits, workshop tours; a centre about one), over the last ten months and the next two, with
  50–300 seats and one online registration for 35–95 % of the seats (past events; upcoming ones
  fill as their registration window has elapsed). About 7 in 10 registrants attend. Province
  scale: 95 events, 8,600 registrations; national about 4,400 and 400,000.
- **Counselling sessions** (``guidance.CounsellingSession``): one-to-one sessions a counsellor
  (the institution's admissions officer, sometimes a (vice-)rector or a centre's director: who
  holds ``admissions.change``, as ``guidance.services.session_record`` requires) records over the
  last year; about 20 a year per unit of weight (an assumption: 120 at a college), four in ten
  with an applicant whose wish the institution reviewed (the session's person is then that user
  and carries their name), held in the weeks before they applied. Province scale about 1,800;
  national about 85,000.
- **Consents** (``guidance.ResultConsent``): half of the inventory takers (``steps_guidance``)
  share their result with one to three institutions they applied to, as ``consent_grant`` records
  (granted after the result was made, never in the future; a few revoked when there is time).
- **Messages to applicants** (``admissions.ApplicantMessage``): exactly what
  ``admissions.services`` writes: one "Đã nhận hồ sơ" message per application when it is submitted
  (``_application_create``), and one message per status a wish went through on review or decision
  (``_message_for``; the generated wishes are submitted or eligible, so one per eligible wish).
  Applicants open their inbox now and then (``messages_mark_read`` marks all unread ones at once):
  seven in ten have opened it at a time between submitting and now. Every application gets its
  messages up to ``MESSAGED_APPLICATIONS`` (province scale: 30,000 applications, 73,000
  messages); beyond, one application in ``stride`` does (national: one in three, about 820,000
  messages instead of 2.4 million), so the step stays within its time budget. The others' inboxes
  are empty: a known gap, chosen over sampling messages within an inbox.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from opentvet.benchdata.generator import World
from opentvet.core.models import InstitutionType
from opentvet.demo.names import person_name

SCHOOLS = {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}
EVENTS_PER_WEIGHT = 1.0
SESSIONS_PER_WEIGHT = 20
SESSION_WITH_APPLICANT = 0.4
ATTENDED = 0.72
CONSENT_SHARE = 0.5
REVOKED = 0.05
OPENED_MESSAGES = 0.7
# Every application's messages would be about 2.4 million rows at national scale, more than this
# step's time budget (about 30 s): beyond this many applications, one in ``stride`` (a uniform
# sample: application ids follow neither province nor round) gets its messages.
MESSAGED_APPLICATIONS = 400_000
# Roles holding ``admissions.change`` at an institution (core.roles), i.e. who may counsel,
# with how often each records a session.
COUNSELLORS = {"admissions_officer": 8, "vice_rector": 2, "rector": 1}
# Vietnamese mobile prefixes (Viettel, Vinaphone, Mobifone, Vietnamobile).
MOBILE_PREFIXES = [
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
    "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
    "097", "098", "056", "058",
]  # fmt: skip
# Where registrants and counselled pupils study (upper-secondary schools twice as often).
SECONDARY = ["Trường THPT", "Trường THCS", "Trường THPT", "Trung tâm GDTX", "Trường THCS và THPT"]


def guidance_activity(world: World) -> None:
    rng = world.rng("guidance_activity")
    _interest_codes(world)
    _events(world, rng)
    applications = _messages(world, rng)
    _sessions(world, rng, applications)
    _consents(world, rng)


# --------------------------------------------------------------------------------------------
# Interest codes: as guidance.services.interest_codes_seed


def _interest_codes(world: World) -> None:
    from django.utils.translation import gettext as _

    from opentvet.catalogue.models import Occupation
    from opentvet.guidance.models import OccupationInterest

    existing = set(OccupationInterest.objects.values_list("occupation_id", flat=True))
    note = _("Khởi tạo từ danh mục")  # the loader's note, in the same translation
    rows = [
        (code, riasec, note)
        for code, riasec in Occupation.objects.filter(level=2)
        .exclude(riasec="")
        .order_by("code")
        .values_list("code", "riasec")
        if code not in existing
    ]
    first = world.loader.reserve_ids(OccupationInterest, len(rows))
    world.write(
        OccupationInterest,
        ["id", "occupation_id", "code", "note"],
        ((first + n, *row) for n, row in enumerate(rows)),
        expected=len(rows),
    )


# --------------------------------------------------------------------------------------------
# Events and registrations

EVENT_TITLES = [
    "Ngày hội tư vấn tuyển sinh - hướng nghiệp {year}",
    "Ngày hội mở: tham quan trường và xưởng thực hành {year}",
    "Tư vấn tuyển sinh tại {school}",
    "Tư vấn hướng nghiệp cho học sinh lớp 9 và lớp 12 năm {year}",
    "Trải nghiệm nghề: {programme}",
]
EVENT_DESCRIPTIONS = [
    "Giới thiệu ngành nghề, điều kiện xét tuyển, học phí và học bổng; tham quan xưởng thực hành.",
    "Học sinh và phụ huynh gặp giảng viên, cựu sinh viên và doanh nghiệp tuyển dụng.",
    "Làm trắc nghiệm sở thích nghề nghiệp và được tư vấn chọn ngành phù hợp.",
    "",
]
EVENT_TIMES = [dt.time(7, 30), dt.time(8, 0), dt.time(13, 30), dt.time(14, 0)]


def _school_name(rng: random.Random) -> str:
    return f"{rng.choice(SECONDARY)} số {rng.randint(1, 40)}"


def _events(world: World, rng: random.Random) -> None:
    from opentvet.guidance.models import EventRegistration, GuidanceEvent

    now = world.loader.now
    tz = timezone.get_default_timezone()
    today = timezone.localdate(now, tz)
    events: list[tuple[Any, ...]] = []  # (institution, title, starts_at, place, capacity, text)
    for inst in world.institutions:
        count = round(inst.weight * EVENTS_PER_WEIGHT * rng.uniform(0.7, 1.3))
        if inst.type in SCHOOLS:
            count = max(1, count)
        for _n in range(count):
            day = today + dt.timedelta(days=rng.randint(-300, 60))
            starts = dt.datetime.combine(day, rng.choice(EVENT_TIMES), tzinfo=tz)
            school = _school_name(rng)
            programme = rng.choice(inst.programmes).name if inst.programmes else "nghề sơ cấp"
            template = rng.choice(EVENT_TITLES)
            title = template.format(year=day.year, school=school, programme=programme)
            # Counselling at a secondary school happens there; some open days travel too.
            visiting = "{school}" in template or rng.random() < 0.2
            place = school if visiting else f"Hội trường A, {inst.name}"
            capacity = rng.choice([100, 150, 200, 300] if inst.type in SCHOOLS else [50, 80, 100])
            events.append(
                (
                    inst.id,
                    title[:200],
                    starts,
                    place[:255],
                    capacity,
                    rng.choice(EVENT_DESCRIPTIONS),
                )
            )
    first_event = world.loader.reserve_ids(GuidanceEvent, len(events))
    world.write(
        GuidanceEvent,
        ["id", "institution_id", "title", "starts_at", "place", "capacity", "description"],
        ((first_event + n, *row) for n, row in enumerate(events)),
        expected=len(events),
    )

    # Registrations open 30 days before the event; ``event_register`` refuses them once the event
    # has started (12 hours' grace, not used here) and beyond capacity; one per phone number.
    window = dt.timedelta(days=30)
    registrations: list[tuple[Any, ...]] = []
    for n, (_inst, _title, starts, _place, capacity, _text) in enumerate(events):
        opens = starts - window
        last = starts - dt.timedelta(hours=1)
        closes = min(last, now)
        if closes <= opens:
            continue
        share = (closes - opens) / (last - opens)
        wanted = int(capacity * rng.uniform(0.35, 0.95) * share)
        past = starts < now
        phones: set[str] = set()
        times = sorted(opens + (closes - opens) * rng.random() for _ in range(wanted))
        for at in times:
            phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
            if phone in phones:
                continue
            phones.add(phone)
            registrations.append(
                (
                    first_event + n,
                    person_name(rng)[0],
                    phone,
                    _school_name(rng) if rng.random() < 0.85 else "",
                    at,
                    past and rng.random() < ATTENDED,
                )
            )
    first_registration = world.loader.reserve_ids(EventRegistration, len(registrations))
    world.write(
        EventRegistration,
        ["id", "event_id", "full_name", "phone", "school", "registered_at", "attended"],
        ((first_registration + n, *row) for n, row in enumerate(registrations)),
        expected=len(registrations),
    )


# --------------------------------------------------------------------------------------------
# Messages to applicants: as admissions.services._application_create and _message_for

# Statuses a wish went through, each with its message, to reach its current status by the
# services (``WISH_TRANSITIONS``): review moves, then the admission and the applicant's answer.
PATHS: dict[str, tuple[str, ...]] = {
    "missing_docs": ("missing_docs",),
    "eligible": ("eligible",),
    "rejected": ("rejected",),
    "admitted": ("eligible", "admitted"),
    "confirmed": ("eligible", "admitted", "confirmed"),
    "declined": ("eligible", "admitted", "declined"),
    "enrolled": ("eligible", "admitted", "confirmed", "enrolled"),
}
# Statuses set by an officer (``wish_set_status``), whose message carries the officer's note;
# the applicant's own confirmation or refusal has none.
BY_OFFICER = {"missing_docs", "eligible", "rejected", "admitted", "enrolled"}
DAY = dt.timedelta(days=1)


@dataclass
class Applications:
    """The generated applications (in id order) and, per institution, the indexes of those with
    a wish it reviewed: what the counselling sessions draw their applicants from."""

    user: array = field(default_factory=lambda: array("q"))
    submitted: list[dt.datetime] = field(default_factory=list)
    reviewed: dict[int, array] = field(default_factory=dict)


def _messages(world: World, rng: random.Random) -> Applications:
    from django.db.models import Count
    from django.db.models.functions import Mod
    from django.utils.translation import gettext as _

    from opentvet.admissions.models import (
        AdmissionRound,
        ApplicantMessage,
        Application,
        Quota,
        RoundKind,
        Wish,
        WishStatus,
    )
    from opentvet.admissions.services import STATUS_MESSAGES

    apps = Applications()
    info = world.extra.get("admissions")
    if not info:
        return apps
    now = world.loader.now
    span = (info["first_round"], info["first_round"] + info["rounds"] - 1)
    rounds = dict(AdmissionRound.all_objects.filter(pk__range=span).values_list("id", "name"))
    round_ids = sorted(rounds)
    coordinated = set(
        AdmissionRound.all_objects.filter(pk__in=round_ids, kind=RoundKind.COORDINATED).values_list(
            "id", flat=True
        )
    )
    programme_at = {
        pk: f"{programme} — {institution}"
        for pk, programme, institution in Quota.all_objects.filter(round__in=round_ids)
        .values_list("id", "programme_version__programme__name", "institution__name")
        .iterator(chunk_size=20_000)
    }

    # Everything is read before writing (the rows go by COPY, during which the connection cannot
    # read), into arrays: about a million applications and 1.4 million wishes at national scale.
    app_id, app_round, app_wishes = array("q"), array("q"), array("q")
    app_score: list[str] = []
    stride = max(1, math.ceil(info["applications"] / MESSAGED_APPLICATIONS))
    applications = Application.objects.filter(round__in=round_ids)
    if stride > 1:
        applications = applications.alias(pick=Mod("id", stride)).filter(pick=0)
    applications = (
        applications.annotate(n=Count("wishes"))
        .order_by("id")
        .values_list("id", "user_id", "submitted_at", "score", "round_id", "n")
    )
    for pk, user_id, submitted, score, round_id, n in applications.iterator(chunk_size=20_000):
        app_id.append(pk)
        apps.user.append(user_id)
        apps.submitted.append(submitted)
        app_score.append(str(score))  # as the service formats the Decimal it computed
        app_round.append(round_id)
        app_wishes.append(n)
    if not app_id:
        return apps
    # Each reviewed wish: its application (index), id, rank, quota, and the chain of statuses it
    # went through (index into ``chains``); the time it was decided, when the admissions step set
    # one, and the officer's note, rarely given. Generated applications have consecutive ids:
    # filtering wishes on them avoids a join.
    chains: list[tuple[str, ...]] = []
    wish_app, wish_id, wish_rank, wish_quota, wish_chain = (array("q") for _n in range(5))
    wish_decided: list[dt.datetime | None] = []
    notes: dict[int, str] = {}
    reviewed = Wish.all_objects.filter(
        application_id__gte=app_id[0], application_id__lte=app_id[-1], status__in=list(PATHS)
    )
    if stride > 1:
        reviewed = reviewed.alias(pick=Mod("application_id", stride)).filter(pick=0)
    wishes = reviewed.order_by("application_id", "rank").values_list(
        "application_id", "id", "rank", "status", "quota_id", "institution_id", "decided_at", "note"
    )
    total = len(app_id)
    for app, pk, rank, status, quota_id, inst_id, decided, note in wishes.iterator(
        chunk_size=20_000
    ):
        i = bisect.bisect_left(app_id, app)
        if i == len(app_id) or app_id[i] != app:
            continue  # not of a generated round
        chain = PATHS[status]
        if app_round[i] in coordinated:
            # Admission in a coordinated round comes from the allocation, which writes its own
            # message per applicant (coordinated.py); the generated rounds are not allocated.
            chain = tuple(s for s in chain if s != "admitted")
        if chain not in chains:
            chains.append(chain)
        wish_app.append(i)
        wish_id.append(pk)
        wish_rank.append(rank)
        wish_quota.append(quota_id)
        wish_chain.append(chains.index(chain))
        wish_decided.append(decided)
        if note:
            notes[pk] = note
        apps.reviewed.setdefault(inst_id, array("q")).append(i)
        total += len(chain)

    first = world.loader.reserve_ids(ApplicantMessage, total)
    receipt_subject = _("Đã nhận hồ sơ %(code)s")
    receipt_body = _(
        "Hồ sơ của bạn cho %(round)s đã được ghi nhận với %(n)d nguyện vọng, điểm xét tuyển "
        "%(score)s."
    )
    with_note = _("%(body)s Ghi chú của nhà trường: %(note)s")
    subjects = {s: str(WishStatus(s).label) for s in STATUS_MESSAGES}
    bodies: dict[tuple[str, int, int], str] = {}  # (status, rank, quota) → body, often repeated

    def rows() -> Iterator[tuple[Any, ...]]:
        pk = first
        k = 0
        wishes = len(wish_id)
        random_ = rng.random
        for i in range(len(app_id)):
            user = apps.user[i]
            submitted = apps.submitted[i]
            # One visit to the messages page between submitting and now marks all read.
            seen = (
                submitted + (now - submitted) * random_()
                if submitted < now and random_() < OPENED_MESSAGES
                else None
            )
            yield (
                pk,
                user,
                None,
                receipt_subject % {"code": f"HS{app_id[i]:06d}"},
                receipt_body
                % {"round": rounds[app_round[i]], "n": app_wishes[i], "score": app_score[i]},
                submitted,
                seen,
            )
            pk += 1
            while k < wishes and wish_app[k] == i:
                chain = chains[wish_chain[k]]
                # Reviewed within three weeks of submission, not after now.
                end = wish_decided[k] or min(now, submitted + DAY * (1 + int(random_() * 21)))
                end = max(end, submitted)
                for s, status in enumerate(chain, start=1):
                    at = submitted + (end - submitted) * s / len(chain) if s < len(chain) else end
                    key = (status, wish_rank[k], wish_quota[k])
                    body = bodies.get(key)
                    if body is None:
                        body = bodies[key] = STATUS_MESSAGES[status] % {
                            "rank": key[1],
                            "programme": programme_at[key[2]],
                        }
                    note = notes.get(wish_id[k]) if notes else None
                    if note and s == len(chain) and status in BY_OFFICER:
                        body = with_note % {"body": body, "note": note}
                    read = seen if seen is not None and seen >= at else None
                    yield (pk, user, wish_id[k], subjects[status], body, at, read)
                    pk += 1
                k += 1

    world.write(
        ApplicantMessage,
        ["id", "user_id", "wish_id", "subject", "body", "created_at", "read_at"],
        rows(),
        expected=total,
    )
    return apps


# --------------------------------------------------------------------------------------------
# Counselling sessions

TOPICS_SCHOOL = [
    "Tư vấn chọn ngành {a}",
    "Chọn giữa ngành {a} và {b}",
    "Điều kiện và hồ sơ xét tuyển",
    "Học phí, học bổng và chính sách miễn, giảm học phí",
    "Học trung cấp sau tốt nghiệp THCS kết hợp học văn hóa THPT",
    "Liên thông từ trung cấp lên cao đẳng",
    "Trao đổi kết quả trắc nghiệm sở thích nghề nghiệp",
    "Cơ hội việc làm sau khi tốt nghiệp ngành {a}",
]
TOPICS_CENTRE = [
    "Đăng ký học nghề trình độ sơ cấp",
    "Học nghề ngắn hạn và hỗ trợ chi phí đào tạo",
    "Chọn nghề phù hợp để chuyển đổi việc làm",
    "Tư vấn học nghề {a}",
]
NOTES = [
    "",
    "",
    "Đã gửi tài liệu giới thiệu ngành qua Zalo.",
    "Phụ huynh cùng tham dự; hẹn tham quan xưởng thực hành.",
    "Khuyên làm trắc nghiệm sở thích trước khi chọn nguyện vọng.",
    "Cần bổ sung học bạ trước hạn nộp hồ sơ.",
    "Quan tâm chương trình liên kết với doanh nghiệp.",
]


def _sessions(world: World, rng: random.Random, applications: Applications) -> None:
    from opentvet.core.models import Membership, User
    from opentvet.guidance.models import CounsellingSession

    tz = timezone.get_default_timezone()
    today = timezone.localdate(world.loader.now, tz)
    counsellors: dict[int, list[tuple[int, dt.date, int]]] = {}  # institution → (user, from, w)
    for org_id, role, user_id, valid_from in (
        Membership.objects.filter(
            organisation_id__in=[i.id for i in world.institutions],
            role_id__in=list(COUNSELLORS),
            is_active=True,
        )
        .order_by("organisation_id", "role_id", "user_id")
        .values_list("organisation_id", "role_id", "user_id", "valid_from")
    ):
        counsellors.setdefault(org_id, []).append(
            (user_id, valid_from or dt.date.min, COUNSELLORS[role])
        )
    sessions: list[list[Any]] = []
    wanted_names: set[int] = set()
    for inst in world.institutions:
        staff = counsellors.get(inst.id)
        if not staff:
            continue
        weights = [w for _u, _f, w in staff]
        count = round(inst.weight * SESSIONS_PER_WEIGHT * rng.uniform(0.7, 1.3))
        reviewed = applications.reviewed.get(inst.id, array("q"))
        chosen = rng.sample(reviewed, min(len(reviewed), round(count * SESSION_WITH_APPLICANT)))
        with_applicant = [(applications.user[i], applications.submitted[i]) for i in chosen]
        names = [p.name for p in inst.programmes] or ["nghề sơ cấp"]
        topics = TOPICS_SCHOOL if inst.type in SCHOOLS else TOPICS_CENTRE
        for n in range(count):
            user_id, valid_from, _w = rng.choices(staff, weights)[0]
            if n < len(with_applicant):
                person, submitted = with_applicant[n]
                # Counselled some days before applying.
                held = timezone.localdate(submitted, tz) - dt.timedelta(days=rng.randint(0, 45))
                wanted_names.add(person)
            else:
                person = None
                held = today - dt.timedelta(days=rng.randint(0, 364))
                if held.weekday() == 6:  # offices are closed on Sunday
                    held -= dt.timedelta(days=1)
            held = min(max(held, valid_from), today)
            topic = rng.choice(topics).format(a=rng.choice(names), b=rng.choice(names))
            sessions.append([inst.id, person, held, topic[:255], rng.choice(NOTES), user_id, None])
    full_names: dict[int, str] = {}
    ids = sorted(wanted_names)
    for start in range(0, len(ids), 5000):
        full_names.update(
            User.objects.filter(pk__in=ids[start : start + 5000]).values_list("id", "full_name")
        )
    for row in sessions:
        row[6] = full_names[row[1]] if row[1] is not None else person_name(rng)[0]
    first = world.loader.reserve_ids(CounsellingSession, len(sessions))
    world.write(
        CounsellingSession,
        ["id", "institution_id", "person_user_id", "held_on", "topic", "notes", "counsellor_id",
         "person_name"],
        ((first + n, *row) for n, row in enumerate(sessions)),
        expected=len(sessions),
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# Consents: inventory takers share their result with institutions they applied to


def _consents(world: World, rng: random.Random) -> None:
    from opentvet.admissions.models import Wish
    from opentvet.guidance.models import InventoryResult, ResultConsent

    applicants = world.extra.get("applicant_users")
    info = world.extra.get("admissions")
    if not applicants or not info:
        return
    now = world.loader.now
    round_ids = list(range(info["first_round"], info["first_round"] + info["rounds"]))
    results = list(
        InventoryResult.objects.filter(user_id__gte=applicants.start, user_id__lt=applicants.stop)
        .order_by("id")
        .values_list("id", "user_id", "created_at")
    )
    applied: dict[int, list[int]] = {}  # user → institutions of their wishes, by rank
    for user_id, inst_id in (
        Wish.all_objects.filter(
            application__round__in=round_ids,
            application__user_id__in=InventoryResult.objects.filter(
                user_id__gte=applicants.start, user_id__lt=applicants.stop
            ).values("user_id"),
        )
        .order_by("application__user_id", "application_id", "rank")
        .values_list("application__user_id", "institution_id")
        .iterator(chunk_size=20_000)
    ):
        places = applied.setdefault(user_id, [])
        if inst_id not in places:
            places.append(inst_id)
    consents: list[tuple[Any, ...]] = []
    for result_id, user_id, created in results:
        places = applied.get(user_id)
        if not places or rng.random() >= CONSENT_SHARE:
            continue
        for inst_id in places[: rng.randint(1, 3)]:
            granted = min(now, created + dt.timedelta(minutes=rng.randint(1, 14_400)))
            granted = max(granted, created)
            revoked = None
            if rng.random() < REVOKED:
                candidate = granted + dt.timedelta(days=rng.uniform(1, 30))
                revoked = candidate if candidate <= now else None
            consents.append((result_id, inst_id, granted, revoked))
    first = world.loader.reserve_ids(ResultConsent, len(consents))
    world.write(
        ResultConsent,
        ["id", "result_id", "institution_id", "granted_at", "revoked_at"],
        ((first + n, *row) for n, row in enumerate(consents)),
        expected=len(consents),
    )
