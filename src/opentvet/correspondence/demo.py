"""Demo rows: story (a) begins with the People's Committee of Cà Mau inviting the college to a
working session (giấy mời, sent for action to the college and for information to the Sở), and
the Sở asking its schools for a report (công văn). Both wait, unread, in the colleges' incoming
registers for the clerk personas."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.correspondence import services
from opentvet.correspondence.models import Dispatch
from opentvet.demo.builder import DemoWorld, demo_step


@demo_step(order=65, name="correspondence")
def build_correspondence_demo(rng: random.Random, world: DemoWorld) -> None:
    committee, department = world.org("UBND-96"), world.org("SGDDT-96")
    if Dispatch.all_objects.filter(organisation=committee).exists():
        return
    committee_clerk = Actor.for_user(world.users["committee_clerk"])
    leader = world.users["committee_leader"].full_name
    meeting = timezone.localtime() + dt.timedelta(days=7)
    invitation = services.dispatch_create(
        actor=committee_clerk,
        organisation=committee,
        data=services.DraftInput(
            doc_type="GM",
            subject="Mời dự buổi làm việc về tình hình hoạt động giáo dục nghề nghiệp năm 2026",
            body=(
                "Ủy ban nhân dân tỉnh tổ chức buổi làm việc với Trường Cao đẳng Kinh tế - Kỹ thuật "
                "Bạc Liêu về kết quả tuyển sinh, đào tạo, các nhiệm vụ trọng tâm và khó khăn, "
                "vướng mắc năm 2026."
            ),
            signer_title="Phó Chủ tịch",
            signer_name=leader,
            meeting_at=meeting.replace(hour=8, minute=0, second=0, microsecond=0),
            meeting_place="Phòng họp số 1, Văn phòng UBND tỉnh Cà Mau",
            meeting_chair=f"Đồng chí {leader}, Phó Chủ tịch UBND tỉnh",
            invitees=(
                "Lãnh đạo Sở Giáo dục và Đào tạo\n"
                "Hiệu trưởng Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu\n"
                "Trưởng phòng Đào tạo của Trường"
            ),
        ),
    )
    services.dispatch_send(
        actor=committee_clerk,
        dispatch=invitation,
        for_action=[world.org("CD96001")],
        for_information=[department],
    )
    department_clerk = Actor.for_user(world.users["provincial_clerk"])
    letter = services.dispatch_create(
        actor=department_clerk,
        organisation=department,
        data=services.DraftInput(
            doc_type="CV",
            subject="Báo cáo tình hình thực hiện nhiệm vụ trọng tâm năm 2026",
            body=(
                "Sở Giáo dục và Đào tạo đề nghị các trường báo cáo kết quả thực hiện nhiệm vụ "
                "trọng tâm năm 2026 và đề xuất nhiệm vụ năm 2027."
            ),
            signer_title="Phó Giám đốc",
            signer_name="Huỳnh Văn Nam",
        ),
    )
    services.dispatch_send(
        actor=department_clerk,
        dispatch=letter,
        for_action=[world.org("CD96001"), world.org("CD96002")],
    )
