"""What the learners app plugs into the shared surfaces (menu, dashboard, indicators, demo)."""

from django.utils.translation import gettext_lazy as _

from opentvet.learners import demo, imports, indicators, panels  # noqa: F401  (registration)
from opentvet.learners.services import enrolled_count
from opentvet.programmes.selectors import register_enrolled_counter, register_pilot_counter
from opentvet.web.nav import NavItem, register_nav

register_enrolled_counter(enrolled_count)
register_pilot_counter(indicators.pilot_counts)
register_nav(NavItem(_("Người học"), "learners:student_list", "student.view", order=30))
register_nav(NavItem(_("Lớp học"), "learners:class_list", "student.view", order=31))
register_nav(NavItem(_("Giảng dạy"), "learners:teaching", "results.enter", order=32))
register_nav(
    NavItem(_("Kết quả của tôi"), "learners:my_record", "student.self", order=33, own=True)
)
register_nav(NavItem(_("Quy định đánh giá"), "learners:grading_rules", "results.manage", order=34))
