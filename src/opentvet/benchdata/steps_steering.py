"""Generator step for steering in ``reporting`` (chỉ đạo điều hành): what goes down from the
national authority (Cục), each province's People's Committee (UBND) and department (Sở) to the
institutions, and what comes back up. It follows the two seed stories (the Cục's monthly
briefing; a college invited by its provincial committee to report and raise its difficulties).

History runs from 1 January of last year to yesterday (``loader.now``, local dates; 13 to 24
months):

* directives: each year the Cục sends nine guidance letters and plans (enrolment, teaching
  contest, skill assessment, six-month and annual reports, inspections, the school year, data,
  teachers); each Sở registers them, issues its own implementing document and has a task from
  the Cục; the Sở adds three of its own. Every institution registers the Sở's document and gets
  a task with a deadline; where an answer is asked for it sends a document back (registered at
  the Sở) as the evidence of its last progress report, and the Sở, once all have answered,
  reports to the Cục. Tasks to send a report are done when the report is submitted.
* documents: outgoing ones numbered per organisation, type and year without gaps, in date order,
  continuing any number already taken (``DocumentCounter``), symbol ``number/type-issuer``;
  incoming copies carry the sender's symbol (Decree 30/2020/NĐ-CP, Appendix I). Links: an
  answer points to the copy it answers, an implementing document cites what it implements.
* meetings: the Cục's monthly briefing (its report to the meeting, three tasks; January and
  August also review the annual and six-month reports); each Sở's year-end and six-month
  conferences (invitation to every institution, their reports reviewed); the UBND's working
  sessions with about one school in eight each year (invitation → the school's report →
  session → conclusions → tasks to the Sở and the school, difficulties answered by the Sở);
  every college and intermediate school's monthly briefing (not in February or August) with
  tasks to its offices and faculties.
* key tasks (nhiệm vụ trọng tâm) of each institution and year, five for a school (the story's
  five), three for a centre, with their actions; a key task's progress is the rounded mean of
  its actions', as ``task_update_progress`` rolls it up.
* difficulties: raised in six-month reports, at working sessions, or alone (one or two a year
  per school, fewer for a centre), routed as ``default_route`` does (policy to the Cục, the
  rest to the Sở, some finance matters passed on to the UBND); older ones mostly answered (by
  a document or a direction), many then closed.
* drafting projects of the Cục (ten) and of each Sở (two), moved along the allowed
  transitions; issued ones point to the issuing document.
* six-month reports: a national "6 tháng đầu năm" template (Decree 09/2019/NĐ-CP sets annual
  and six-month periodic reports; monthly ones only where a regulation asks, so the monthly
  rhythm here is the briefing, not a report) with the last two first-half periods. Figures are
  those of the annual report before (stocks) and enrolments entered by hand; the earlier period
  is closed, in the later some reports are late, returned, still in draft or missing. Reminders
  go out before and after the due date to those not submitted yet, as ``period_remind`` does,
  for these periods and for the annual ones of ``steps_reporting``.

Volumes grow with the institutions (about 55 tasks, 55 documents and 95 progress reports per
institution over 23 months, most from the Sở's directives and the key tasks): at national
scale about 100,000 documents, 100,000 tasks, 180,000 progress reports, 15,000 meetings, 4,500
difficulties, 3,600 six-month reports with 36,000 figures and 7,000 reminders, half a million
rows in all (province scale: 12,000 rows in half a second, so about 15 s nationally).

Every "who" is a generated login allowed to do it: progress by the rector or vice-rector (a
faculty head for a faculty's task), answers by a Sở officer, the Cục's analysts or the UBND's
leader, reports prepared by the training officer, signed by the rector, reviewed by the Sở.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from opentvet.benchdata.generator import World
from opentvet.demo.names import person_name

TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # settings.TIME_ZONE: registers hold local dates
DAY = dt.timedelta(days=1)
Q4 = Decimal("0.0001")  # SubmissionValue.value has four decimal places

SIX_MONTH_TEMPLATE = "Báo cáo sơ kết 6 tháng đầu năm về giáo dục nghề nghiệp (dữ liệu benchmark)"
SIX_MONTH_DUE_DAYS = 10
SIX_MONTH_ITEMS = [  # (code, required): enrolments by hand, stocks from the data
    ("ts.total", True),
    ("ts.college", True),
    ("ts.intermediate", True),
    ("ts.elementary", True),
    ("hs.enrolled", False),
    ("hs.college", False),
    ("hs.intermediate", False),
    ("hs.elementary", False),
    ("ng.teachers", False),
    ("ct.programmes", False),
]


@dataclass(frozen=True)
class Campaign:
    """A directive sent down to every institution, and what each must do about it."""

    month: int
    doc_type: str  # the Cục's document (national) or the Sở's (provincial)
    subject: str
    task: str  # each institution's task
    days: int  # its deadline, in days after the Sở's document
    reply: tuple[str, str] | None = None  # the institution's answering document
    priority: str = "normal"
    report: str = ""  # "6m" / "annual": done when the institution submits that report
    so_type: str = ""  # national only: the Sở's implementing document and its task
    so_subject: str = ""
    so_task: str = ""
    cites: int | None = None  # the year's external document the Cục's one implements


NATIONAL_CAMPAIGNS = [
    Campaign(
        2,
        "HD",
        "Hướng dẫn công tác tuyển sinh giáo dục nghề nghiệp năm {y}",
        "Xây dựng kế hoạch tuyển sinh năm {y} của đơn vị, gửi Sở",
        20,
        ("KH", "Kế hoạch tuyển sinh năm {y}"),
        "high",
        so_type="KH",
        so_subject="Kế hoạch tuyển sinh giáo dục nghề nghiệp năm {y} trên địa bàn tỉnh",
        so_task="Tổng hợp kế hoạch tuyển sinh năm {y} của các cơ sở GDNN trên địa bàn",
        cites=0,
    ),
    Campaign(
        3,
        "CV",
        "V/v tổ chức Hội giảng nhà giáo giáo dục nghề nghiệp năm {y}",
        "Đăng ký danh sách nhà giáo dự Hội giảng cấp tỉnh năm {y}",
        25,
        ("CV", "V/v đăng ký nhà giáo dự Hội giảng nhà giáo GDNN cấp tỉnh năm {y}"),
        so_type="KH",
        so_subject="Kế hoạch tổ chức Hội giảng nhà giáo giáo dục nghề nghiệp cấp tỉnh năm {y}",
        so_task="Tổ chức Hội giảng nhà giáo GDNN cấp tỉnh, cử đoàn dự Hội giảng toàn quốc",
    ),
    Campaign(
        4,
        "CV",
        "V/v triển khai đánh giá, cấp chứng chỉ kỹ năng nghề quốc gia năm {y}",
        "Rà soát, đăng ký nhu cầu đánh giá kỹ năng nghề quốc gia cho người học và nhà giáo",
        30,
        ("CV", "V/v đăng ký nhu cầu đánh giá kỹ năng nghề quốc gia năm {y}"),
        so_type="CV",
        so_subject="V/v đăng ký nhu cầu đánh giá kỹ năng nghề quốc gia năm {y}",
        so_task="Tổng hợp nhu cầu đánh giá kỹ năng nghề quốc gia năm {y} của địa phương",
    ),
    Campaign(
        5,
        "CV",
        "V/v báo cáo sơ kết công tác giáo dục nghề nghiệp 6 tháng đầu năm {y}",
        "Gửi báo cáo sơ kết 6 tháng đầu năm {y} trên hệ thống",
        0,
        priority="high",
        report="6m",
        so_type="CV",
        so_subject="V/v báo cáo sơ kết 6 tháng đầu năm {y} của các cơ sở GDNN",
        so_task="Đôn đốc, tổng hợp báo cáo sơ kết 6 tháng đầu năm {y} của các cơ sở GDNN",
    ),
    Campaign(
        6,
        "KH",
        "Kế hoạch kiểm tra, giám sát hoạt động giáo dục nghề nghiệp năm {y}",
        "Tự kiểm tra, chuẩn bị hồ sơ phục vụ đoàn kiểm tra của Sở",
        45,
        so_type="KH",
        so_subject="Kế hoạch kiểm tra hoạt động của các cơ sở giáo dục nghề nghiệp năm {y}",
        so_task="Kiểm tra hoạt động GDNN tại các cơ sở trên địa bàn theo kế hoạch",
    ),
    Campaign(
        8,
        "HD",
        "Hướng dẫn thực hiện nhiệm vụ năm học {y}-{y1} đối với giáo dục nghề nghiệp",
        "Xây dựng kế hoạch đào tạo năm học {y}-{y1}",
        30,
        ("KH", "Kế hoạch đào tạo năm học {y}-{y1}"),
        "high",
        so_type="CV",
        so_subject="V/v triển khai nhiệm vụ năm học {y}-{y1} đối với các cơ sở GDNN",
        so_task="Triển khai nhiệm vụ năm học {y}-{y1} tới các cơ sở GDNN trên địa bàn",
        cites=1,
    ),
    Campaign(
        9,
        "CV",
        "V/v tăng cường ứng dụng công nghệ thông tin, cập nhật cơ sở dữ liệu GDNN",
        "Cập nhật đầy đủ dữ liệu người học, nhà giáo lên hệ thống",
        30,
        so_type="CV",
        so_subject="V/v cập nhật dữ liệu người học, nhà giáo trên hệ thống thông tin quản lý",
        so_task="Đôn đốc các cơ sở GDNN cập nhật dữ liệu trên hệ thống",
    ),
    Campaign(
        10,
        "CV",
        "V/v rà soát đội ngũ nhà giáo, nhu cầu thăng hạng chức danh nghề nghiệp năm {y1}",
        "Rà soát, báo cáo đội ngũ nhà giáo đạt chuẩn và nhu cầu thăng hạng",
        20,
        ("BC", "Báo cáo đội ngũ nhà giáo và nhu cầu thăng hạng chức danh nghề nghiệp"),
        so_type="CV",
        so_subject="V/v báo cáo đội ngũ nhà giáo và nhu cầu thăng hạng chức danh nghề nghiệp",
        so_task="Tổng hợp đội ngũ nhà giáo GDNN và nhu cầu thăng hạng của địa phương",
    ),
    Campaign(
        11,
        "CV",
        "V/v báo cáo kết quả công tác giáo dục nghề nghiệp năm {y}",
        "Gửi báo cáo kết quả giáo dục nghề nghiệp năm {y} trên hệ thống",
        0,
        priority="high",
        report="annual",
        so_type="CV",
        so_subject="V/v báo cáo kết quả hoạt động giáo dục nghề nghiệp năm {y}",
        so_task="Đôn đốc, tổng hợp báo cáo kết quả GDNN năm {y} của các cơ sở trên địa bàn",
    ),
]
PROVINCIAL_CAMPAIGNS = [
    Campaign(
        3,
        "CV",
        "V/v bảo đảm an ninh, trật tự, an toàn trong các cơ sở giáo dục nghề nghiệp",
        "Triển khai các biện pháp bảo đảm an ninh, an toàn trong đơn vị",
        15,
    ),
    Campaign(
        9,
        "KH",
        "Kế hoạch tổ chức khai giảng năm học {y}-{y1} của các cơ sở GDNN",
        "Tổ chức khai giảng năm học {y}-{y1}, báo cáo kết quả",
        30,
        ("BC", "Báo cáo kết quả tổ chức khai giảng năm học {y}-{y1}"),
    ),
    Campaign(
        12,
        "CV",
        "V/v rà soát, đề xuất chỉ tiêu tuyển sinh năm {y1}",
        "Đề xuất chỉ tiêu tuyển sinh năm {y1} của đơn vị",
        20,
        ("CV", "V/v đề xuất chỉ tiêu tuyển sinh năm {y1}"),
        "high",
    ),
]
# Documents from outside the bench world that the Cục registers: (month, type, symbol suffix,
# issuing body, subject).
EXTERNAL = [
    (
        1,
        "QĐ",
        "QĐ-BGDĐT",
        "Bộ Giáo dục và Đào tạo",
        "Quyết định ban hành kế hoạch thực hiện nhiệm vụ năm {y} của Bộ Giáo dục và Đào tạo",
    ),
    (
        8,
        "CT",
        "CT-BGDĐT",
        "Bộ Giáo dục và Đào tạo",
        "Chỉ thị về nhiệm vụ và giải pháp năm học {y}-{y1} của ngành Giáo dục",
    ),
]
NATIONAL_TASKS = [
    "Tổng hợp, đề xuất chính sách tháo gỡ vướng mắc của các cơ sở GDNN",
    "Hoàn thiện hồ sơ đề án theo ý kiến của các bộ, ngành",
    "Hướng dẫn tuyển sinh, đào tạo trực tuyến bảo đảm chất lượng",
    "Đôn đốc các địa phương gửi báo cáo định kỳ đúng hạn",
    "Chuẩn bị nội dung kiểm tra hoạt động GDNN tại các địa phương",
    "Tổng hợp kết quả đánh giá, cấp chứng chỉ kỹ năng nghề quốc gia",
    "Chuẩn bị tổ chức Kỳ thi kỹ năng nghề quốc gia",
    "Rà soát tiến độ thí điểm chương trình chuyển giao từ Đức và Úc",
    "Xây dựng báo cáo chuyên đề về chuẩn hóa đội ngũ nhà giáo",
    "Cập nhật số liệu thống kê GDNN trên hệ thống",
]
NATIONAL_CONCLUSIONS = [
    "Các đơn vị tập trung thực hiện nhiệm vụ trọng tâm trong tháng; bám sát thực tiễn các cơ "
    "sở GDNN để tham mưu chính sách tháo gỡ vướng mắc.",
    "Đẩy nhanh tiến độ các đề án, văn bản đang soạn thảo; tăng cường ứng dụng công nghệ thông "
    "tin trong quản lý, điều hành.",
    "Đôn đốc các địa phương báo cáo đúng hạn; chuẩn bị nội dung kiểm tra, giám sát.",
]
PROVINCE_TASKS = [
    "Tổng hợp kiến nghị của các cơ sở GDNN, báo cáo UBND tỉnh",
    "Rà soát quy hoạch mạng lưới cơ sở GDNN trên địa bàn",
    "Tham mưu giao chỉ tiêu tuyển sinh cho các cơ sở GDNN công lập",
    "Phối hợp kiểm tra cơ sở vật chất, thiết bị đào tạo nghề trọng điểm",
    "Tổ chức bồi dưỡng kỹ năng nghề cho nhà giáo GDNN",
]
KEY_TASKS_SCHOOL = [
    (
        "Đổi mới tư vấn hướng nghiệp và tuyển sinh gắn với việc làm, khởi nghiệp của người học",
        [
            "Tổ chức tư vấn hướng nghiệp tại các trường THCS, THPT trong tỉnh",
            "Kết nối doanh nghiệp tuyển dụng người học ngay khi tốt nghiệp",
        ],
    ),
    (
        "Cải tiến, đa dạng hóa chương trình đào tạo gắn với tuyển sinh theo phương thức mới",
        [
            "Rà soát, cập nhật chương trình đào tạo các nghề trọng điểm",
            "Xây dựng chương trình đào tạo thường xuyên theo đặt hàng của doanh nghiệp",
        ],
    ),
    (
        "Kiện toàn đội ngũ nhà giáo, cán bộ quản lý theo hướng tinh gọn, hiệu quả",
        ["Cử nhà giáo bồi dưỡng kỹ năng nghề, nghiệp vụ sư phạm"],
    ),
    (
        "Tăng cường quản trị nhà trường hiện đại, thực hiện tự chủ gắn với trách nhiệm giải trình",
        [],
    ),
    (
        "Đầu tư cơ sở vật chất, trang thiết bị cho các nghề trọng điểm",
        ["Lập danh mục thiết bị cần đầu tư cho nghề trọng điểm"],
    ),
]
KEY_TASKS_CENTRE = [
    (
        "Mở rộng đào tạo sơ cấp, đào tạo dưới 3 tháng gắn với nhu cầu doanh nghiệp",
        [
            "Khảo sát nhu cầu đào tạo của doanh nghiệp trên địa bàn",
            "Liên kết tổ chức lớp đào tạo tại doanh nghiệp",
        ],
    ),
    ("Nâng cao chất lượng đội ngũ giáo viên", ["Cử giáo viên bồi dưỡng kỹ năng nghề"]),
    ("Tăng cường cơ sở vật chất, thiết bị đào tạo", []),
]
UNIT_TASKS = {  # by office code; faculties share one list
    "PDT": [
        "Hoàn thành kế hoạch đào tạo, thời khóa biểu tháng tới",
        "Tổng hợp kết quả học tập, báo cáo Ban Giám hiệu",
        "Rà soát tiến độ giảng dạy các lớp",
    ],
    "PTCHC": [
        "Hoàn thiện hồ sơ thi đua, khen thưởng",
        "Rà soát hồ sơ nhà giáo đủ điều kiện thăng hạng",
    ],
    "PKTDBCL": [
        "Tổ chức thi kết thúc mô-đun đúng kế hoạch",
        "Chuẩn bị hồ sơ tự đánh giá chất lượng",
    ],
    "PKHTC": ["Lập dự toán mua sắm thiết bị thực hành", "Báo cáo tình hình thu, chi trong tháng"],
    "TTTSVL": [
        "Tư vấn tuyển sinh tại các trường THCS, THPT",
        "Kết nối doanh nghiệp tuyển dụng người học",
    ],
    "faculty": [
        "Hoàn thành giảng dạy các mô-đun theo kế hoạch tháng",
        "Tổ chức cho người học thực tập tại doanh nghiệp",
        "Cập nhật chương trình, giáo trình mô-đun",
        "Tổ chức dự giờ, sinh hoạt chuyên môn của khoa",
    ],
}
SCHOOL_CONCLUSIONS = [
    "Các đơn vị hoàn thành kế hoạch tháng; tập trung công tác tuyển sinh và bảo đảm chất "
    "lượng giảng dạy.",
    "Phòng Đào tạo đôn đốc tiến độ giảng dạy; các khoa tăng cường liên kết với doanh nghiệp.",
    "Rà soát hồ sơ, số liệu báo cáo cấp trên đúng hạn; chuẩn bị cơ sở vật chất cho học kỳ tới.",
]
DIFFICULTIES = {  # category → (title, description) pairs
    "training": [
        ("Tuyển sinh trình độ trung cấp giảm so với cùng kỳ", "Đề nghị hỗ trợ truyền thông."),
        ("Khó khăn trong liên kết đào tạo với doanh nghiệp", "Doanh nghiệp ít nhận thực tập."),
        ("Tỷ lệ người học bỏ học năm thứ nhất còn cao", "Đề nghị chính sách hỗ trợ người học."),
    ],
    "personnel": [
        ("Thiếu nhà giáo đạt chuẩn kỹ năng nghề ở một số nghề mới", "Đề nghị mở lớp bồi dưỡng."),
        ("Chưa được giao đủ số lượng người làm việc", "Đề nghị bổ sung biên chế nhà giáo."),
        ("Khó tuyển dụng nhà giáo các nghề kỹ thuật", "Thu nhập chưa đủ thu hút."),
    ],
    "finance": [
        ("Thiếu kinh phí đầu tư thiết bị thực hành cho nghề trọng điểm", "Đề nghị bố trí vốn."),
        ("Cơ sở vật chất xuống cấp, cần sửa chữa", "Đề nghị bố trí kinh phí sửa chữa."),
        ("Chậm giao dự toán kinh phí hỗ trợ đào tạo", "Ảnh hưởng kế hoạch mở lớp."),
    ],
    "policy": [
        ("Chưa có hướng dẫn cụ thể về giao quyền tự chủ cho trường công lập", ""),
        ("Vướng mắc về định mức kinh tế - kỹ thuật đào tạo", "Đề nghị ban hành định mức."),
        ("Chính sách miễn, giảm học phí cho người học trung cấp chưa thống nhất", ""),
    ],
}
ANSWERS = {
    "training": "Sở sẽ phối hợp đẩy mạnh tuyên truyền, tư vấn tuyển sinh và kết nối doanh "
    "nghiệp trong quý tới.",
    "personnel": "Sở sẽ tổ chức bồi dưỡng kỹ năng nghề cho nhà giáo và tham mưu bổ sung số "
    "lượng người làm việc.",
    "finance": "Đã tổng hợp đề xuất, trình bố trí kinh phí trong dự toán năm tới.",
    "policy": "Cục đã tổng hợp kiến nghị; nội dung sẽ được hướng dẫn trong văn bản sắp ban hành.",
}
CATEGORY_LABEL = {
    "training": "đào tạo",
    "personnel": "tổ chức - cán bộ",
    "finance": "tài chính - cơ sở vật chất",
    "policy": "cơ chế, chính sách",
}
# Drafting projects: (kind, title). The Cục's legal texts are issued by the Ministry (a circular
# it registers as incoming), schemes and strategies by the Prime Minister, decisions by itself;
# a Sở's schemes and decisions by its UBND, legal texts (resolutions) by the provincial council.
NATIONAL_DRAFTS = [
    ("scheme", "Đề án đào tạo, đào tạo lại người lao động đáp ứng cách mạng công nghiệp 4.0"),
    ("decision", "Quyết định phê duyệt đề án sắp xếp mạng lưới cơ sở GDNN"),
    ("strategy", "Chiến lược phát triển giáo dục nghề nghiệp giai đoạn mới"),
    ("legal", "Thông tư quy định chuẩn chuyên môn, nghiệp vụ nhà giáo GDNN"),
    ("legal", "Thông tư quy định tuyển sinh trình độ trung cấp, cao đẳng"),
    ("scheme", "Đề án chuyển đổi số trong giáo dục nghề nghiệp"),
    ("decision", "Quyết định ban hành danh mục nghề trọng điểm"),
    ("legal", "Thông tư hướng dẫn đánh giá, cấp chứng chỉ kỹ năng nghề"),
    ("scheme", "Chương trình phát triển kỹ năng nghề cho lao động nông thôn"),
    ("decision", "Quyết định ban hành bộ chỉ số thống kê GDNN"),
]
PROVINCE_DRAFTS = [
    ("scheme", "Đề án phát triển giáo dục nghề nghiệp tỉnh giai đoạn mới"),
    ("scheme", "Đề án sắp xếp, tổ chức lại các cơ sở GDNN công lập của tỉnh"),
    ("decision", "Quyết định giao chỉ tiêu tuyển sinh cho các cơ sở GDNN công lập"),
    ("legal", "Nghị quyết quy định mức hỗ trợ đào tạo nghề cho lao động nông thôn"),
]
DRAFT_NOTES = {
    "consulting": "Gửi lấy ý kiến các cơ quan, đơn vị liên quan.",
    "submitted": "Trình cấp có thẩm quyền.",
    "revising": "Hoàn thiện theo ý kiến thẩm định.",
    "issued": "Đã ban hành.",
}


@dataclass(slots=True)
class Org:
    id: int
    path: str
    name: str
    short: str
    issuer: str  # abbreviation in document symbols


@dataclass(slots=True, eq=False)
class Doc:
    org: Org
    direction: str  # "in" / "out"
    doc_type: str
    issued_on: dt.date
    subject: str
    signer: str
    received_on: dt.date | None = None
    copy_of: Doc | None = None  # an incoming copy of a bench document
    symbol: str = ""
    issuing_body: str = ""
    number: int | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class Meet:
    org: Org
    kind: str
    title: str
    held_on: dt.date
    place: str
    chair: str
    participants: str
    conclusions: str
    guests: list[int] = field(default_factory=list)
    submissions: list[Any] = field(default_factory=list)  # ids (annual) or Sub
    documents: list[Doc] = field(default_factory=list)
    id: int = 0


@dataclass(slots=True, eq=False)
class Tsk:
    by: Org
    owner: Org
    title: str
    created: dt.datetime
    deadline: dt.date
    priority: str = "normal"
    person: int | None = None
    meeting: Meet | None = None
    source: Doc | None = None
    key_year: int | None = None
    parent: Tsk | None = None
    status: str = "open"
    progress: int = 0
    completed_at: dt.datetime | None = None
    id: int = 0


@dataclass(slots=True)
class Inst:
    org: Org
    kind: str  # InstitutionType
    province: int
    school: bool
    public: bool
    rector: tuple[int, str] | None  # (user id, full name)
    deciders: list[int]  # who reports progress: rector, vice-rector
    preparer: int | None  # training officer: prepares the reports
    units: list[tuple[Org, str, int | None]]  # (unit, office code or "faculty", head user)


@dataclass(slots=True, eq=False)
class Sub:
    period: Any
    inst: Inst
    status: str
    started: dt.datetime
    values: list[tuple[Any, Decimal | None, Decimal | None, str, str]]
    narrative: dict[str, str]
    signed_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None
    reviewed_by: int | None = None
    review_comment: str = ""
    difficulties: list[Diff] = field(default_factory=list)
    id: int = 0


@dataclass(slots=True, eq=False)
class Diff:
    inst: Inst
    category: str
    title: str
    description: str
    routed_to: Org
    raised: dt.datetime
    submission: Sub | None = None
    status: str = "open"
    answer: str = ""
    answered_at: dt.datetime | None = None
    answered_by: int | None = None
    document: Doc | None = None
    task: Tsk | None = None
    closed_at: dt.datetime | None = None
    id: int = 0


def reporting_steering(world: World) -> None:
    Steering(world).run()


class Steering:
    def __init__(self, world: World) -> None:
        from opentvet.core.models import InstitutionType, Organisation, OrgKind
        from opentvet.reporting.services.steering import issuer_abbreviation

        self.world = world
        self.rng = world.rng("reporting_steering")
        self.today = world.loader.now.astimezone(TZ).date()
        self.cutoff = dt.datetime.combine(self.today, dt.time(0), tzinfo=TZ)  # before today
        self.years = (self.today.year - 1, self.today.year)
        self.docs: list[Doc] = []
        self.links: list[tuple[Doc, Doc, str]] = []
        self.meetings: list[Meet] = []
        self.tasks: list[Tsk] = []
        self.updates: list[tuple[Tsk, dt.datetime, int | None, int, str, Doc | None]] = []
        self.diffs: list[Diff] = []
        self.subs: list[Sub] = []
        self.drafts: list[tuple[Any, ...]] = []
        self.reminders: list[tuple[Any, ...]] = []
        self.external: dict[str, int] = {}

        people: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        for p in world.extra.get("people", []):
            people[(p.organisation_id, p.role)].append((p.user_id, p.full_name))
        self.people = people
        upper_ids = [world.authority_id]
        upper_ids += [c[0] for c in world.committees.values()]
        upper_ids += [d[0] for d in world.departments.values()]
        self.upper_ids = upper_ids
        orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=upper_ids)}

        def org(pk: int) -> Org:
            o = orgs[pk]
            return Org(o.pk, o.path, o.name, o.short_name or o.name, issuer_abbreviation(o))

        self.cuc = org(world.authority_id)
        self.committees = {p: org(c[0]) for p, c in world.committees.items()}
        self.departments = {p: org(d[0]) for p, d in world.departments.items()}
        # Heads who sign: names of fictional people (the Cục's and Sở's heads have no login;
        # the UBND's vice-chair is its generated leader).
        rng = random.Random(f"{world.seed}-signers")
        name = lambda: person_name(rng)[0]  # noqa: E731
        self.signers: dict[int, tuple[str, str]] = {self.cuc.id: (name(), name())}
        for p in world.provinces:
            self.signers[self.departments[p].id] = (name(), name())
            leader = people.get((self.committees[p].id, "committee_leader"))
            self.signers[self.committees[p].id] = (name(), leader[0][1] if leader else name())

        details = dict(
            Organisation.objects.filter(pk__in=[i.id for i in world.institutions]).values_list(
                "pk", "short_name"
            )
        )
        public = set(
            Organisation.objects.filter(
                pk__in=[i.id for i in world.institutions], ownership="public"
            ).values_list("pk", flat=True)
        )
        self.insts: list[Inst] = []
        self.by_province: dict[int, list[Inst]] = defaultdict(list)
        for i in world.institutions:
            issuer = issuer_abbreviation(Organisation(kind=OrgKind.INSTITUTION, code=i.code))
            rector = (people.get((i.id, "rector")) or [None])[0]
            units = []
            for u in i.units:
                head = (people.get((u.id, "unit_head")) or [(None, "")])[0][0]
                office = "faculty" if u.kind == "faculty" else u.code.rsplit("-", 1)[-1]
                units.append((Org(u.id, u.path, u.name, u.name, ""), office, head))
            inst = Inst(
                org=Org(i.id, i.path, i.name, details.get(i.id) or i.name, issuer),
                kind=i.type,
                province=i.province,
                school=i.type in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE},
                public=i.id in public,
                rector=rector,
                deciders=[
                    u
                    for role in ("rector", "vice_rector")
                    for u, _n in people.get((i.id, role), [])
                ],
                preparer=(people.get((i.id, "training_officer")) or [(None, "")])[0][0],
                units=units,
            )
            self.insts.append(inst)
            self.by_province[i.province].append(inst)

    # -------------------------------------------------------------------------------------
    # helpers

    def users(self, org: Org, role: str) -> list[int]:
        return [u for u, _n in self.people.get((org.id, role), [])]

    def resolvers(self, org: Org) -> list[int]:
        """Who answers difficulties and reports progress at an authority (task.change there)."""
        for role in ("national_analyst", "provincial_officer", "committee_leader"):
            found = self.users(org, role)
            if found:
                return found
        return []

    def workday(self, day: dt.date) -> dt.date:
        """The day, or the Monday after it."""
        return day + dt.timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day

    def before(self, day: dt.date, days: int) -> dt.date:
        """``days`` before ``day``, or the Friday before that."""
        earlier = day - dt.timedelta(days=days)
        return (
            earlier - dt.timedelta(days=earlier.weekday() - 4)
            if earlier.weekday() >= 5
            else earlier
        )

    def at(self, day: dt.date, lo: int = 8, hi: int = 17) -> dt.datetime:
        minute = self.rng.randrange(0, 60, 5)
        return dt.datetime.combine(day, dt.time(self.rng.randint(lo, hi - 1), minute), tzinfo=TZ)

    def between(self, a: dt.datetime, b: dt.datetime) -> dt.datetime:
        minutes = int((b - a).total_seconds() // 60)
        return a + dt.timedelta(minutes=self.rng.randint(1, max(1, minutes - 1)))

    def issue(self, org: Org, doc_type: str, day: dt.date, subject: str, signer: str) -> Doc:
        doc = Doc(org, "out", doc_type, day, subject, signer, issuing_body=org.name)
        self.docs.append(doc)
        return doc

    def receive(self, org: Org, doc: Doc, lag: int = 2) -> Doc:
        received = min(
            doc.issued_on + dt.timedelta(days=self.rng.randint(0, lag)), self.today - DAY
        )
        copy = Doc(org, "in", doc.doc_type, doc.issued_on, doc.subject, doc.signer, received, doc)
        self.docs.append(copy)
        return copy

    def register_external(
        self, org: Org, doc_type: str, suffix: str, body: str, day: dt.date, subject: str
    ) -> Doc:
        key = f"{suffix}{day.year}"
        number = self.external.get(key, self.rng.randint(1, 40)) + self.rng.randint(1, 12)
        self.external[key] = number
        symbol = (
            f"{number}/{day.year}/{suffix}" if doc_type in {"QPPL", "NQ"} else f"{number}/{suffix}"
        )
        received = min(day + dt.timedelta(days=self.rng.randint(1, 4)), self.today - DAY)
        doc = Doc(org, "in", doc_type, day, subject, "", received, None, symbol, body)
        self.docs.append(doc)
        return doc

    def task(
        self, by: Org, owner: Org, title: str, created: dt.datetime, deadline: dt.date, **kw: Any
    ) -> Tsk:
        assert owner.path.startswith(by.path)  # task_assign: only within the assigner's reach
        t = Tsk(by, owner, title, created, deadline, **kw)
        self.tasks.append(t)
        return t

    def outcome(self, t: Tsk, start: dt.datetime, p_done: float = 0.85) -> dt.datetime | None:
        """When the task was finished, if it was: mostly on time, some late, some not yet."""
        rng = self.rng
        end = dt.datetime.combine(t.deadline, dt.time(17), tzinfo=TZ)
        if end < self.cutoff:
            # Long past the deadline, few are still open: most of the late ones got done.
            done = p_done if (self.cutoff - end).days < 90 else max(p_done, 0.95)
            roll = rng.random()
            if roll < done * 0.8:
                return self.between(start, end)
            if roll < done:
                late = end + dt.timedelta(days=rng.randint(1, 45), hours=rng.randint(-8, 0))
                return late if late < self.cutoff else None
            return None
        # Not due yet: some finished early, fewer the further the deadline.
        early = 0.3 if (t.deadline - self.today).days < 60 else 0.05
        return self.between(start, self.cutoff) if rng.random() < early else None

    def progress(
        self,
        t: Tsk,
        start: dt.datetime,
        by: Sequence[int],
        finish: dt.datetime | None,
        evidence: Doc | None = None,
        note: str = "Đã hoàn thành.",
    ) -> None:
        """Progress reports as ``task_update_progress`` records them; 100% completes the task."""
        rng = self.rng
        who = list(by) or [None]
        horizon = finish or self.cutoff
        if horizon <= start:
            return
        count = rng.choice((0, 1, 1, 2)) if finish else rng.choice((0, 1, 1, 2, 2))
        moments = sorted(self.between(start, horizon) for _ in range(count))
        levels = sorted(rng.sample(range(10, 100, 10), count))
        for moment, level in zip(moments, levels, strict=True):
            self.updates.append((t, moment, rng.choice(who), level, "Đang triển khai.", None))
            t.status, t.progress = "in_progress", level
        if finish is not None:
            self.updates.append((t, finish, rng.choice(who), 100, note, evidence))
            t.status, t.progress, t.completed_at = "done", 100, finish

    def roll_up(self, parent: Tsk, actions: list[Tsk]) -> None:
        """The parent's progress after its actions' reports (``task_update_progress``)."""
        if not actions or all(a.status == "open" for a in actions):
            return
        average = round(sum(a.progress for a in actions) / len(actions))
        parent.progress = average
        parent.status = "in_progress" if average < 100 else "done"

    # -------------------------------------------------------------------------------------
    # six-month reports (and the annual ones of steps_reporting)

    def reports(self) -> None:
        from opentvet.core.models import Organisation
        from opentvet.regulations import authorities
        from opentvet.reporting.models import (
            ReportingPeriod,
            ReportTemplate,
            Submission,
            SubmissionValue,
        )
        from opentvet.reporting.services import period_open, template_create, template_item_add
        from opentvet.reporting.services.submissions import template_items
        from opentvet.reporting.services.templates import latest_definitions

        rng = self.rng
        annual_ids = self.world.extra.get("reporting", {}).get("periods", [])
        self.annual = {p.year: p for p in ReportingPeriod.objects.filter(pk__in=annual_ids)}
        # Annual reports as submitted (steps_reporting): (year, institution) → (id, sent at).
        self.annual_subs: dict[tuple[int, int], tuple[int, dt.datetime]] = {}
        years = {p.pk: y for y, p in self.annual.items()}
        for pk, period_id, inst_id, sent in (
            Submission.all_objects.filter(period_id__in=years, first_submitted_at__isnull=False)
            .order_by("pk")
            .values_list("pk", "period_id", "institution_id", "first_submitted_at")
        ):
            self.annual_subs[(years[period_id], inst_id)] = (pk, sent)

        nation = Organisation.objects.get(pk=self.world.authority_id)
        template = ReportTemplate.objects.filter(
            name=SIX_MONTH_TEMPLATE, organisation=nation
        ).first()
        if template is None:
            template = template_create(
                actor=None,
                organisation=nation,
                name=SIX_MONTH_TEMPLATE,
                periodicities=["6m"],
                due_days=SIX_MONTH_DUE_DAYS,
                recipients=authorities.name_on("national", self.today)
                + "\n"
                + authorities.name_on("provincial", self.today)
                + " các tỉnh, thành phố",
                description="Báo cáo định kỳ 6 tháng của các cơ sở GDNN (Nghị định 09/2019/NĐ-CP).",
            )
            latest = {d.code: d for d in latest_definitions()}
            for code, required in SIX_MONTH_ITEMS:
                template_item_add(
                    actor=None, template=template, definition=latest[code], required=required
                )
        due_this_year = dt.date(self.today.year, 6, 30) + dt.timedelta(days=template.due_days)
        last = self.today.year if self.today > due_this_year else self.today.year - 1
        periods = []
        for y in (last - 1, last):
            found = ReportingPeriod.objects.filter(
                template=template, periodicity="6m", year=y, number=1
            ).first()
            periods.append(
                found or period_open(actor=None, template=template, periodicity="6m", year=y)
            )
        # The earlier period is over: closed, as period_close leaves it.
        ReportingPeriod.objects.filter(pk=periods[0].pk).update(status="closed")
        self.six = {p.year: p for p in periods}
        items = template_items(periods[-1])
        codes = [item.definition.code for item in items]

        # Stocks as in the annual report before the half-year: (year → (inst, code) → value).
        annual_values: dict[int, dict[tuple[int, str], tuple[Decimal | None, str]]] = {}
        for period_id, inst_id, code, computed, source in (
            SubmissionValue.all_objects.filter(period_id__in=years, code__in=codes)
            .order_by("period_id", "institution_id", "code")
            .values_list("period_id", "institution_id", "code", "computed_value", "source")
        ):
            annual_values.setdefault(years[period_id], {})[(inst_id, code)] = (computed, source)

        def base(y: int) -> dict[tuple[int, str], tuple[Decimal | None, str]]:
            if y - 1 in annual_values:
                return annual_values[y - 1]
            if not annual_values:
                return {}
            earliest = annual_values[min(annual_values)]  # the year before it: a little lower
            return {
                k: (
                    (v * Decimal(rng.uniform(0.85, 1.0))).quantize(Q4) if v is not None else None,
                    s,
                )
                for k, (v, s) in earliest.items()
            }

        previous: dict[int, dict[str, Decimal | None]] = {}
        for index, period in enumerate(periods):
            latest_period = index == len(periods) - 1
            stocks = base(period.year)
            due_end = dt.datetime.combine(period.due_date, dt.time(17), tzinfo=TZ)
            for inst in self.insts:
                roll = rng.random()
                if not latest_period:
                    state = "late" if roll < 0.15 else "on_time"
                else:
                    state = (
                        "on_time" if roll < 0.65 else "late" if roll < 0.85
                        else "returned" if roll < 0.9 else "draft" if roll < 0.95 else "none"
                    )  # fmt: skip
                if state == "none":
                    continue
                started = self.at(period.end + dt.timedelta(days=rng.randint(1, 6)))
                sub = Sub(period, inst, "draft", started, [], {})
                submitted = None
                if state == "late":
                    late = self.at(period.due_date + dt.timedelta(days=rng.randint(1, 25)))
                    submitted = late if late < self.cutoff else None
                elif state != "draft":
                    submitted = self.between(started + DAY, due_end)
                sub.values = self.figures(inst, items, stocks, previous.get(inst.org.id))
                previous[inst.org.id] = {d.code: v for d, v, _c, _s, _m in sub.values}
                sub.narrative = {
                    "results": "Duy trì ổn định hoạt động đào tạo; hoàn thành kế hoạch tuyển "
                    "sinh trong kỳ; phối hợp doanh nghiệp tổ chức thực tập cho người học.",
                }
                if submitted is not None:
                    sub.signed_at = self.between(submitted - dt.timedelta(days=2), submitted)
                    sub.signed_at = max(sub.signed_at, started + dt.timedelta(hours=1))
                    sub.submitted_at = submitted
                    sub.status = "submitted"
                    sub.narrative["key_tasks"] = (
                        "Tiếp tục đổi mới tư vấn hướng nghiệp; rà soát chương trình đào tạo; "
                        "chuẩn bị kế hoạch năm học mới."
                    )
                if rng.random() < 0.25:  # a difficulty raised inside the report
                    upto = sub.signed_at or min(started + 5 * DAY, self.cutoff)
                    diff = self.difficulty(inst, self.between(started, upto), sub)
                    sub.difficulties.append(diff)
                    sub.narrative["difficulties"] = diff.title
                    sub.narrative["recommendations"] = diff.description or "Đề nghị hỗ trợ."
                if submitted is not None:
                    officers = self.users(self.departments[inst.province], "provincial_officer")
                    reviewed = submitted + dt.timedelta(days=rng.randint(1, 10), hours=2)
                    if reviewed < self.cutoff and officers:
                        if state == "returned":
                            sub.status = "returned"
                            sub.review_comment = "Đề nghị rà soát lại số liệu tuyển sinh trong kỳ."
                        elif not latest_period or rng.random() < 0.6:
                            sub.status = "acknowledged"
                        if sub.status != "submitted":
                            sub.reviewed_at, sub.reviewed_by = reviewed, rng.choice(officers)
                self.subs.append(sub)
        self.six_subs = {(s.period.year, s.inst.org.id): s for s in self.subs}
        self.sent_by_inst: dict[int, list[tuple[dt.datetime, Any]]] = defaultdict(list)
        for (_y, inst_id), (pk, sent) in self.annual_subs.items():
            self.sent_by_inst[inst_id].append((sent.astimezone(TZ), pk))
        for sub in self.subs:
            if sub.submitted_at is not None:
                self.sent_by_inst[sub.inst.org.id].append((sub.submitted_at, sub))
        self.remind()

    def figures(
        self,
        inst: Inst,
        items: list[Any],
        stocks: dict[tuple[int, str], tuple[Decimal | None, str]],
        before: dict[str, Decimal | None] | None,
    ) -> list[tuple[Any, Decimal | None, Decimal | None, str, str]]:
        """One report's figures: stocks as computed, enrolments of the half-year by hand (their
        total the sum of its parts); a change over 30% from the last report is explained."""
        rng = self.rng
        kind = inst.kind if inst.kind in {"college", "intermediate"} else "centre"
        stock = {
            code: stocks.get((inst.org.id, code), (None, "none")) for code, _r in SIX_MONTH_ITEMS
        }

        def share(code: str, low: float, high: float) -> int:
            value = stock[code][0]
            return round(float(value or 0) * rng.uniform(low, high))

        if before is None:
            entered = {
                "ts.college": share("hs.college", 0.1, 0.3) if kind == "college" else 0,
                "ts.intermediate": share("hs.intermediate", 0.1, 0.3) if kind != "centre" else 0,
                "ts.elementary": share("hs.elementary", 0.4, 1.0),
            }
        else:
            entered = {
                code: round(float(before.get(code) or 0) * rng.uniform(0.85, 1.2))
                for code in ("ts.college", "ts.intermediate", "ts.elementary")
            }
        entered["ts.total"] = sum(entered.values())
        rows = []
        for item in items:
            d = item.definition
            if d.code in entered:
                value = Decimal(entered[d.code]).quantize(Q4)
                computed, source = None, "manual"
            else:
                computed, source = stock[d.code]
                computed = computed.quantize(Q4) if computed is not None else None
                value = computed
            comment = ""
            old = (before or {}).get(d.code)
            if old and value is not None and abs(value - old) / abs(old) > Decimal("0.3"):
                comment = "Biến động do điều chỉnh kế hoạch tuyển sinh trong kỳ."
            rows.append((d, value, computed, source, comment))
        return rows

    def remind(self) -> None:
        """Reminders to institutions not submitted yet, by the Sở before and after the due date
        and, for the latest period, by the Cục (``period_remind``)."""
        rng = self.rng
        sent_at: dict[tuple[int, int], dt.datetime] = {}
        for s in self.subs:
            if s.submitted_at is not None:
                sent_at[(s.period.pk, s.inst.org.id)] = s.submitted_at
        for (y, inst_id), (_pk, sent) in self.annual_subs.items():
            sent_at[(self.annual[y].pk, inst_id)] = sent
        rounds: list[tuple[Any, dt.date, bool]] = []
        for p in self.annual.values():
            rounds.append((p, p.due_date - 3 * DAY, False))
        last = max(self.six.values(), key=lambda p: p.year)
        for p in self.six.values():
            rounds += [(p, p.due_date - 2 * DAY, False), (p, p.due_date + 3 * DAY, False)]
        rounds.append((last, last.due_date + 20 * DAY, True))
        for period, day, national in rounds:
            moment = self.at(day, 8, 10)
            if moment >= self.cutoff:
                continue
            late = day > period.due_date
            groups = [(self.resolvers(self.cuc), self.insts)] if national else [
                (self.users(self.departments[p], "provincial_officer"), self.by_province[p])
                for p in self.world.provinces
            ]  # fmt: skip
            for senders, insts in groups:
                sender = rng.choice(senders) if senders else None
                for inst in insts:
                    sent = sent_at.get((period.pk, inst.org.id))
                    if sent is None or sent > moment:
                        self.reminders.append(
                            (period.pk, inst.org.id, inst.org.path, moment, sender, late)
                        )

    # -------------------------------------------------------------------------------------
    # difficulties

    def difficulty(
        self, inst: Inst, raised: dt.datetime, sub: Sub | None = None, category: str = ""
    ) -> Diff:
        rng = self.rng
        category = category or rng.choices(list(DIFFICULTIES), [3, 3, 4, 2])[0]
        title, description = rng.choice(DIFFICULTIES[category])
        # default_route: policy to the national authority, the rest to the provincial department
        routed = self.cuc if category == "policy" else self.departments[inst.province]
        d = Diff(inst, category, title, description, routed, raised, sub)
        if category == "finance" and rng.random() < 0.15:  # difficulty_route: up to the UBND
            d.routed_to = self.committees[inst.province]
        self.diffs.append(d)
        return d

    def resolve(
        self, d: Diff, earliest: dt.datetime | None = None, task: Tsk | None = None
    ) -> None:
        """Answer older difficulties (with a document or a direction), close many answered."""
        rng = self.rng
        start = max(d.raised + 2 * DAY, earliest or d.raised)
        age = (self.cutoff - start).days
        resolvers = self.resolvers(d.routed_to)
        if age < 1 or not resolvers or rng.random() > min(0.85, age / 150):
            return
        answered = self.between(start, min(start + 90 * DAY, self.cutoff))
        d.status, d.answer, d.answered_at = "answered", ANSWERS[d.category], answered
        d.answered_by = rng.choice(resolvers)
        if task is not None:
            d.task = task
        elif rng.random() < 0.5:
            deputy = self.signers.get(d.routed_to.id, ("", ""))[1]
            subject = (
                f"V/v trả lời kiến nghị của {d.inst.org.short} về {CATEGORY_LABEL[d.category]}"
            )
            d.document = self.issue(d.routed_to, "CV", answered.date(), subject, deputy)
            self.receive(d.inst.org, d.document)
        closed = answered + dt.timedelta(days=rng.randint(1, 20))
        if rng.random() < 0.6 and closed < self.cutoff:
            d.status, d.closed_at = "closed", closed

    # -------------------------------------------------------------------------------------
    # directives

    def campaigns(self) -> None:
        rng = self.rng
        chief, deputy = self.signers[self.cuc.id]
        for y in self.years:
            fmt = {"y": y, "y1": y + 1}
            externals = []
            for month, doc_type, suffix, body, subject in EXTERNAL:
                day = self.workday(dt.date(y, month, rng.randint(5, 20)))
                if day < self.today - 5 * DAY:
                    externals.append(
                        self.register_external(
                            self.cuc, doc_type, suffix, body, day, subject.format(**fmt)
                        )
                    )
            for c in NATIONAL_CAMPAIGNS:
                day = self.workday(dt.date(y, c.month, rng.randint(3, 20)))
                if day >= self.today:
                    continue
                signer = chief if c.doc_type in {"KH", "HD"} else deputy
                doc = self.issue(self.cuc, c.doc_type, day, c.subject.format(**fmt), signer)
                cited = (
                    externals[c.cites] if c.cites is not None and c.cites < len(externals) else None
                )
                if cited is not None and cited.received_on is not None and cited.received_on <= day:
                    self.links.append((doc, cited, "cites"))
                for p in self.world.provinces:
                    self.cascade(c, y, p, doc)
            for p in self.world.provinces:
                for c in PROVINCIAL_CAMPAIGNS:
                    day = self.workday(dt.date(y, c.month, rng.randint(3, 20)))
                    if day < self.today:
                        self.cascade(c, y, p, None, day)

    def cascade(
        self, c: Campaign, y: int, province: int, cuc_doc: Doc | None, day: dt.date | None = None
    ) -> None:
        """A Sở implements a directive (or sends its own) and each institution acts on it."""
        rng = self.rng
        fmt = {"y": y, "y1": y + 1}
        so = self.departments[province]
        deputy = self.signers[so.id][1]
        officers = self.users(so, "provincial_officer")
        period = self.six.get(y) if c.report == "6m" else self.annual.get(y) if c.report else None
        if period is not None:
            deadline = period.due_date
        elif c.report:  # the period is not open yet: its usual due date
            deadline = dt.date(y, 7, 10) if c.report == "6m" else dt.date(y + 1, 1, 5)
        else:
            deadline = None
        so_task = None
        if cuc_doc is not None:
            received = self.receive(so, cuc_doc, 3)
            day = self.workday(received.received_on + dt.timedelta(days=rng.randint(1, 6)))
            so_deadline = cuc_doc.issued_on + dt.timedelta(days=45)
            so_task = self.task(
                self.cuc,
                so,
                c.so_task.format(**fmt),
                self.at(cuc_doc.issued_on, 14, 17),
                max(so_deadline, (deadline or day) + dt.timedelta(days=c.days + 10)),
                priority=c.priority,
                person=rng.choice(officers) if officers else None,
                source=cuc_doc,
            )
            if day >= self.today:
                return
            so_doc = self.issue(so, c.so_type, day, c.so_subject.format(**fmt), deputy)
            self.links.append((so_doc, received, "cites"))
        else:
            assert day is not None
            so_doc = self.issue(so, c.doc_type, day, c.subject.format(**fmt), deputy)
        created = self.at(day, 14, 17)
        deadline = deadline or day + dt.timedelta(days=c.days)
        finished: list[dt.datetime | None] = []
        for inst in self.by_province[province]:
            copy = self.receive(inst.org, so_doc, 1)
            t = self.task(
                so,
                inst.org,
                c.task.format(**fmt),
                created,
                deadline,
                priority=c.priority,
                person=inst.rector[0] if inst.rector else None,
                source=so_doc,
            )
            start = max(created, self.at(copy.received_on, 8, 12))
            if c.report and period is not None:
                # Done when the report is submitted; a draft shows as half done.
                finish = self.report_sent(c.report, y, inst)
                if finish is None:
                    draft = self.six_subs.get((y, inst.org.id)) if c.report == "6m" else None
                    if draft is not None and draft.started > start:
                        who = inst.deciders[0] if inst.deciders else None
                        note = "Đang tổng hợp số liệu báo cáo."
                        self.updates.append((t, draft.started, who, 50, note, None))
                        t.status, t.progress = "in_progress", 50
                    finished.append(None)
                    continue
                note = "Đã gửi báo cáo trên hệ thống."
            else:
                finish = self.outcome(t, start)
                note = "Đã hoàn thành."
            if finish is not None and finish <= start:
                finish = None
            evidence = None
            if finish is not None and c.reply:
                reply = self.issue(
                    inst.org,
                    c.reply[0],
                    finish.date(),
                    c.reply[1].format(**fmt),
                    inst.rector[1] if inst.rector else "",
                )
                self.links.append((reply, copy, "answers"))
                self.receive(so, reply, 1)
                evidence, note = reply, "Đã hoàn thành, gửi kèm văn bản."
            self.progress(t, start, inst.deciders, finish, evidence, note)
            finished.append(finish)
        if so_task is not None:
            self.summarise(c, fmt, so, so_task, so_doc, officers, finished)

    def summarise(
        self,
        c: Campaign,
        fmt: dict[str, int],
        so: Org,
        task: Tsk,
        so_doc: Doc,
        officers: list[int],
        finished: list[dt.datetime | None],
    ) -> None:
        """The Sở's progress on the Cục's task: its implementing document, then (where answers
        were asked for) its summary report to the Cục once every institution has answered."""
        rng = self.rng
        who = officers or [None]
        first = self.at(so_doc.issued_on, 15, 17)
        if not (c.reply or c.report):
            self.updates.append((task, first, rng.choice(who), 100, "Đã ban hành văn bản.", so_doc))
            task.status, task.progress, task.completed_at = "done", 100, first
            return
        note = "Đã ban hành văn bản triển khai tới các cơ sở."
        self.updates.append((task, first, rng.choice(who), 50, note, so_doc))
        task.status, task.progress = "in_progress", 50
        if not finished or not all(finished):
            return
        done = self.workday(max(f for f in finished if f).date() + rng.randint(1, 5) * DAY)
        moment = self.at(done, 15, 17)
        if moment >= self.cutoff:
            return
        title = c.so_task.format(**fmt)
        subject = f"Báo cáo kết quả: {title[0].lower()}{title[1:]}"
        summary = self.issue(so, "BC", done, subject, self.signers[so.id][0])
        self.receive(self.cuc, summary, 2)
        self.updates.append((task, moment, rng.choice(who), 100, "Đã báo cáo Cục.", summary))
        task.status, task.progress, task.completed_at = "done", 100, moment

    def report_sent(self, kind: str, y: int, inst: Inst) -> dt.datetime | None:
        if kind == "annual":
            found = self.annual_subs.get((y, inst.org.id))
            return found[1].astimezone(TZ) if found else None
        sub = self.six_subs.get((y, inst.org.id))
        return sub.submitted_at if sub is not None else None

    # -------------------------------------------------------------------------------------
    # meetings

    def national_briefings(self) -> None:
        rng = self.rng
        chief, _deputy = self.signers[self.cuc.id]
        analysts = self.resolvers(self.cuc)
        for y in self.years:
            for m in range(1, 13):
                held = self.workday(dt.date(y, m, rng.randint(6, 12)))
                if held >= self.today:
                    return
                if m == 1:
                    subject = f"Báo cáo kết quả công tác tháng 12 và năm {y - 1}"
                else:
                    subject = f"Báo cáo kết quả thực hiện nhiệm vụ {m - 1} tháng đầu năm {y}"
                report = self.issue(self.cuc, "BC", self.before(held, 2), subject, chief)
                meeting = Meet(
                    self.cuc,
                    "briefing",
                    f"Họp giao ban tháng {m}/{y}",
                    held,
                    "Phòng họp Cục",
                    f"{chief} – Cục trưởng",
                    "Lãnh đạo Cục; lãnh đạo các phòng, đơn vị thuộc Cục",
                    rng.choice(NATIONAL_CONCLUSIONS),
                    documents=[report],
                )
                if m == 1:  # the annual reports just in
                    meeting.submissions = [
                        pk for (yr, _i), (pk, sent) in self.annual_subs.items()
                        if yr == y - 1 and sent.astimezone(TZ).date() < held
                    ]  # fmt: skip
                elif m == 8:  # the six-month reports
                    meeting.submissions = self.reviewed(y, self.insts, held)
                self.meetings.append(meeting)
                created = self.at(held, 15, 17)
                for title in rng.sample(NATIONAL_TASKS, 3):
                    t = self.task(
                        self.cuc, self.cuc, title, created,
                        held + dt.timedelta(days=rng.randint(14, 60)),
                        priority=rng.choice(["high", "normal", "normal"]),
                        person=rng.choice(analysts) if analysts else None, meeting=meeting,
                    )  # fmt: skip
                    self.progress(t, created, analysts, self.outcome(t, created))

    def reviewed(self, y: int, insts: list[Inst], held: dt.date) -> list[Any]:
        found = []
        for inst in insts:
            sub = self.six_subs.get((y, inst.org.id))
            if sub is not None and sub.submitted_at and sub.submitted_at.date() < held:
                found.append(sub)
        return found

    def conferences(self, province: int) -> None:
        """The Sở's year-end and six-month conferences with every institution of the province."""
        rng = self.rng
        so = self.departments[province]
        chief, deputy = self.signers[so.id]
        officers = self.users(so, "provincial_officer")
        insts = self.by_province[province]
        for y in self.years:
            for month, label in ((1, "tổng kết"), (7, "sơ kết 6 tháng")):
                held = self.workday(dt.date(y, month, rng.randint(15, 28)))
                if held >= self.today:
                    continue
                if month == 1:
                    title = (
                        f"Hội nghị tổng kết công tác giáo dục nghề nghiệp năm {y - 1}, "
                        f"triển khai nhiệm vụ năm {y}"
                    )
                    subs: list[Any] = [
                        self.annual_subs[(y - 1, i.org.id)][0] for i in insts
                        if (y - 1, i.org.id) in self.annual_subs
                        and self.annual_subs[(y - 1, i.org.id)][1].astimezone(TZ).date() < held
                    ]  # fmt: skip
                else:
                    title = f"Hội nghị sơ kết công tác giáo dục nghề nghiệp 6 tháng đầu năm {y}"
                    subs = self.reviewed(y, insts, held)
                invitation = self.issue(so, "GM", self.before(held, 7), f"Mời dự {title}", deputy)
                for inst in insts:
                    self.receive(inst.org, invitation, 2)
                report = self.issue(
                    so, "BC", self.before(held, 2), f"Báo cáo {label} công tác GDNN", chief
                )
                meeting = Meet(
                    so, "other", title, held, "Hội trường Sở Giáo dục và Đào tạo",
                    f"{chief} – Giám đốc Sở",
                    "Lãnh đạo Sở; lãnh đạo các cơ sở giáo dục nghề nghiệp trên địa bàn tỉnh",
                    "Ghi nhận kết quả đạt được; các cơ sở tập trung thực hiện nhiệm vụ trọng tâm, "
                    "báo cáo đúng hạn và kiến nghị kịp thời khó khăn, vướng mắc.",
                    guests=[i.org.id for i in insts], submissions=subs,
                    documents=[invitation, report],
                )  # fmt: skip
                self.meetings.append(meeting)
                created = self.at(held, 15, 17)
                for title_ in rng.sample(PROVINCE_TASKS, 2):
                    t = self.task(
                        so, so, title_, created, held + dt.timedelta(days=rng.randint(30, 90)),
                        person=rng.choice(officers) if officers else None, meeting=meeting,
                    )  # fmt: skip
                    self.progress(t, created, officers, self.outcome(t, created))

    def working_sessions(self, province: int) -> None:
        """The UBND invites a school to report its work and difficulties (seed story 1)."""
        rng = self.rng
        ubnd, so = self.committees[province], self.departments[province]
        _chief, leader = self.signers[ubnd.id]
        schools = [i for i in self.by_province[province] if i.school]
        if not schools:
            return
        officers = self.users(so, "provincial_officer")
        for y in self.years:
            count = max(1, round(len(schools) / 8))
            ranked = sorted(schools, key=lambda i: (not i.public, rng.random()))
            for inst in ranked[:count]:
                held = self.workday(dt.date(y, rng.randint(3, 12), rng.randint(1, 28)))
                if held >= self.today:
                    continue
                gm = self.issue(
                    ubnd, "GM", self.before(held, rng.randint(7, 10)),
                    f"Mời {inst.org.name} báo cáo tình hình hoạt động, khó khăn, vướng mắc "
                    "và công tác chuẩn bị cho năm tới", leader,
                )  # fmt: skip
                received = self.receive(inst.org, gm, 1)
                rector = inst.rector[1] if inst.rector else ""
                report = self.issue(
                    inst.org, "BC", self.before(held, 2),
                    "Báo cáo tình hình hoạt động, khó khăn, vướng mắc và nhiệm vụ trọng tâm "
                    "năm tới", rector,
                )  # fmt: skip
                self.links.append((report, received, "answers"))
                copy = self.receive(ubnd, report, 1)
                delegation = [f"{rector} – Hiệu trưởng, trưởng đoàn"] if rector else []
                delegation += [f"{person_name(rng)[0]} – {t}" for t in (
                    "Phó Hiệu trưởng", "Trưởng phòng Đào tạo", "Trưởng phòng Tổ chức - Hành chính",
                    "Trưởng phòng Kế hoạch - Tài chính")]  # fmt: skip
                meeting = Meet(
                    ubnd, "working", f"Buổi làm việc của UBND tỉnh với {inst.org.name}"[:255],
                    held, "Trụ sở UBND tỉnh", f"{leader} – Phó Chủ tịch UBND tỉnh",
                    "\n".join(delegation),
                    "Ghi nhận kết quả hoạt động của nhà trường. Giao Sở Giáo dục và Đào tạo chủ "
                    "trì tháo gỡ khó khăn về đào tạo và tổ chức - cán bộ; xem xét kinh phí đầu tư "
                    "cơ sở vật chất cho các nghề trọng điểm.",
                    guests=[inst.org.id], submissions=self.latest_report(inst, held),
                    documents=[gm, copy],
                )  # fmt: skip
                self.meetings.append(meeting)
                concluded = self.workday(held + dt.timedelta(days=rng.randint(3, 7)))
                if concluded >= self.today:
                    concluded = held
                    source = None
                else:
                    source = self.issue(
                        ubnd, "KL", concluded,
                        f"Kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc với "
                        f"{inst.org.short}", leader,
                    )  # fmt: skip
                    self.receive(so, source, 1)
                    self.receive(inst.org, source, 1)
                created = self.at(concluded, 15, 17)
                to_so = self.task(
                    ubnd, so,
                    f"Chủ trì tháo gỡ khó khăn của {inst.org.short} về đào tạo, tổ chức - cán "
                    "bộ và tài chính", created, concluded + dt.timedelta(days=45),
                    priority="high", person=rng.choice(officers) if officers else None,
                    meeting=meeting, source=source,
                )  # fmt: skip
                self.progress(to_so, created, officers, self.outcome(to_so, created))
                to_school = self.task(
                    ubnd, inst.org,
                    rng.choice([
                        "Xây dựng đề án tự chủ của nhà trường, trình UBND tỉnh",
                        "Xây dựng kế hoạch đầu tư thiết bị cho nghề trọng điểm",
                        "Rà soát, sắp xếp bộ máy theo hướng tinh gọn, hiệu quả",
                    ]), created, concluded + dt.timedelta(days=90),
                    person=inst.rector[0] if inst.rector else None,
                    meeting=meeting, source=source,
                )  # fmt: skip
                self.progress(to_school, created, inst.deciders, self.outcome(to_school, created))
                raised = self.at(held, 9, 11)
                for category in rng.sample(["training", "personnel", "finance"], 2):
                    d = self.difficulty(inst, raised, None, category)
                    d.routed_to = so  # raised at the session: the Sở is told to resolve it
                    self.resolve(d, created, to_so)

    def latest_report(self, inst: Inst, held: dt.date) -> list[Any]:
        """The institution's last report submitted before ``held`` (the session reviews it)."""
        sent = [(t, ref) for t, ref in self.sent_by_inst.get(inst.org.id, []) if t.date() < held]
        return [max(sent, key=lambda pair: pair[0])[1]] if sent else []

    # -------------------------------------------------------------------------------------
    # institutions

    def institution(self, inst: Inst) -> None:
        rng = self.rng
        rector = (
            f"{inst.rector[1]} – {'Hiệu trưởng' if inst.school else 'Giám đốc'}"
            if inst.rector
            else ""
        )
        january: dict[int, Meet] = {}
        if inst.school:
            for y in self.years:
                for m in (1, 3, 4, 5, 6, 7, 9, 10, 11, 12):
                    held = self.workday(dt.date(y, m, rng.randint(1, 7)))
                    if held >= self.today:
                        break
                    meeting = Meet(
                        inst.org, "briefing", f"Họp giao ban tháng {m}/{y}", held,
                        "Phòng họp nhà trường", rector,
                        "Ban Giám hiệu; trưởng các phòng, khoa, trung tâm",
                        rng.choice(SCHOOL_CONCLUSIONS),
                    )  # fmt: skip
                    self.meetings.append(meeting)
                    january.setdefault(y, meeting)
                    created = self.at(held, 11, 17)
                    chosen = rng.sample(inst.units, min(len(inst.units), rng.randint(1, 3)))
                    for unit, office, head in chosen:
                        titles = UNIT_TASKS.get(office) or UNIT_TASKS["faculty"]
                        t = self.task(
                            inst.org, unit, rng.choice(titles), created,
                            held + dt.timedelta(days=rng.randint(7, 25)),
                            person=head or (inst.preparer if office == "PDT" else None),
                            meeting=meeting,
                        )  # fmt: skip
                        by = [head] if head else inst.deciders
                        self.progress(t, created, by, self.outcome(t, created, 0.9))
        for y in self.years:
            meeting = january.get(y)
            day = meeting.held_on if meeting else self.workday(dt.date(y, 1, rng.randint(5, 15)))
            if day >= self.today:
                continue
            created = self.at(day, 15, 17)
            pool = KEY_TASKS_SCHOOL if inst.school else KEY_TASKS_CENTRE
            for title, action_titles in pool:
                key = self.task(
                    inst.org, inst.org, title, created, dt.date(y, 12, 31), priority="high",
                    person=inst.rector[0] if inst.rector else None, key_year=y, meeting=meeting,
                )  # fmt: skip
                if not action_titles:
                    self.progress(key, created, inst.deciders, self.outcome(key, created, 0.8))
                    continue
                actions = []
                for a_title in action_titles:
                    month = rng.randint(3, 11)
                    action = self.task(
                        inst.org, inst.org, a_title, created,
                        dt.date(y, month + 1, 1) - DAY, parent=key,
                        person=rng.choice(inst.deciders) if inst.deciders else None,
                    )  # fmt: skip
                    self.progress(action, created, inst.deciders, self.outcome(action, created))
                    actions.append(action)
                self.roll_up(key, actions)
            for _ in range(rng.choice((1, 1, 2, 2) if inst.school else (0, 1, 1))):
                day = dt.date(y, rng.randint(1, 12), rng.randint(1, 28))
                if day < self.today:
                    d = self.difficulty(inst, self.at(day))
                    self.resolve(d)

    def drafting(self) -> None:
        rng = self.rng
        first = dt.date(self.years[0], 1, 1)
        span = (self.today - first).days - 30
        if span <= 0:
            return
        owners = [(self.cuc, NATIONAL_DRAFTS, "Phòng Chính sách và Pháp chế")]
        owners += [
            (self.departments[p], rng.sample(PROVINCE_DRAFTS, 2),
             "Phòng Giáo dục nghề nghiệp - Giáo dục thường xuyên")
            for p in self.world.provinces
        ]  # fmt: skip
        for org, projects, unit in owners:
            staff = self.resolvers(org)
            for kind, title in projects:
                created = first + dt.timedelta(days=rng.randint(0, span))
                final = rng.choices(
                    ["drafting", "consulting", "submitted", "revising", "issued"], [2, 3, 2, 2, 4]
                )[0]
                path = {
                    "drafting": ["drafting"],
                    "consulting": ["drafting", "consulting"],
                    "submitted": ["drafting", "consulting", "submitted"],
                    "revising": ["drafting", "consulting", "submitted", "revising"],
                    "issued": ["drafting", "consulting", "submitted", "revising", "submitted",
                               "issued"],
                }[final]  # fmt: skip
                step = max(1, (self.today - created).days // (len(path) + 1))
                days = [created]
                for _s in path[1:]:
                    days.append(
                        min(days[-1] + dt.timedelta(days=rng.randint(1, step)), self.today - DAY)
                    )
                history = [
                    {"status": s, "at": d.isoformat(), "note": DRAFT_NOTES.get(s, "") if i else ""}
                    for i, (s, d) in enumerate(zip(path, days, strict=True))
                ]
                issued = (
                    self.issued_document(org, kind, title, days[-1]) if final == "issued" else None
                )
                self.drafts.append(
                    (org, kind, title, final, unit, rng.choice(staff) if staff else None,
                     created + dt.timedelta(days=rng.randint(90, 270)), history, issued,
                     self.at(created))
                )  # fmt: skip

    def issued_document(self, org: Org, kind: str, title: str, day: dt.date) -> Doc:
        subject = f"Ban hành {title[0].lower()}{title[1:]}"
        if org is self.cuc:
            if kind == "legal":
                return self.register_external(
                    org, "QPPL", "TT-BGDĐT", "Bộ Giáo dục và Đào tạo", day, title
                )
            if kind in {"scheme", "strategy"}:
                return self.register_external(
                    org, "QĐ", "QĐ-TTg", "Thủ tướng Chính phủ", day, f"Phê duyệt {title}"
                )
            return self.issue(org, "QĐ", day, subject, self.signers[org.id][0])
        if kind == "legal":
            return self.register_external(
                org, "NQ", "NQ-HĐND", "Hội đồng nhân dân tỉnh", day, title
            )
        province = next(p for p, d in self.departments.items() if d is org)
        ubnd = self.committees[province]
        decision = self.issue(ubnd, "QĐ", day, subject, self.signers[ubnd.id][1])
        return self.receive(org, decision, 1)

    # -------------------------------------------------------------------------------------

    def run(self) -> None:
        self.reports()
        self.campaigns()
        self.national_briefings()
        for p in self.world.provinces:
            self.conferences(p)
            self.working_sessions(p)
        for inst in self.insts:
            self.institution(inst)
        for sub in self.subs:  # difficulties raised in reports
            for d in sub.difficulties:
                self.resolve(d)
        self.drafting()
        self.write()

    def number(self) -> list[tuple[Any, ...]]:
        """Number outgoing documents per organisation, type and year in date order, after any
        number already taken (the demo's), and return the counters: ``(pk or None, key, last)``.
        """
        from django.db.models import Max

        from opentvet.reporting.models import Document, DocumentCounter
        from opentvet.reporting.services.steering import document_symbol

        groups: dict[tuple[int, str, int], list[Doc]] = defaultdict(list)
        for d in self.docs:
            if d.direction == "out":
                groups[(d.org.id, d.doc_type, d.issued_on.year)].append(d)
        existing = {
            (o, t, y): (pk, last)
            for pk, o, t, y, last in DocumentCounter.objects.filter(
                organisation_id__in=self.upper_ids
            ).values_list("pk", "organisation_id", "doc_type", "year", "last_number")
        }
        taken = {
            (r["organisation_id"], r["doc_type"], r["year"]): r["top"] or 0
            for r in Document.all_objects.filter(
                direction="out", organisation_id__in=self.upper_ids
            )
            .values("organisation_id", "doc_type", "year")
            .annotate(top=Max("number"))
            .order_by()
        }
        counters = []
        for key, docs in groups.items():
            docs.sort(key=lambda d: d.issued_on)  # stable: same-day documents keep their order
            start = max(existing.get(key, (None, 0))[1], taken.get(key, 0))
            for n, d in enumerate(docs, start + 1):
                d.number, d.symbol = n, document_symbol(n, d.doc_type, d.org.issuer)
            counters.append((existing.get(key, (None, 0))[0], key, start + len(docs)))
        return counters

    def snapshot(self, sub: Sub) -> dict[str, Any]:
        """What ``submission_submit`` freezes (``_snapshot``)."""
        from opentvet.reporting.services.submissions import snapshot_value

        return {
            "institution": sub.inst.org.name,
            "period": str(sub.period.label),
            "values": [
                snapshot_value(
                    d.code,
                    d,
                    version=d.version,
                    value=value,
                    computed=computed,
                    source=source,
                    comment=comment,
                )
                for d, value, computed, source, comment in sub.values
            ],
            "narrative": sub.narrative,
            "difficulties": [
                {"id": x.id, "category": x.category, "title": x.title} for x in sub.difficulties
            ],
            "key_tasks": [],  # the generator writes no structured key tasks (reporting.KeyTaskItem)
            "signed_by": sub.inst.rector[1] if sub.inst.rector else "",
            "signed_at": sub.signed_at.astimezone(dt.UTC).isoformat() if sub.signed_at else None,
        }

    def write(self) -> None:
        from opentvet.reporting.models import (
            Difficulty,
            Document,
            DocumentCounter,
            DocumentLink,
            DraftingProject,
            Meeting,
            Reminder,
            Submission,
            Task,
            TaskUpdate,
        )

        world, loader = self.world, self.world.loader
        counters = self.number()

        def ids(model: Any, records: Sequence[Any]) -> None:
            first = loader.reserve_ids(model, len(records))
            for n, record in enumerate(records):
                record.id = first + n

        ids(Document, self.docs)
        ids(Meeting, self.meetings)
        ids(Task, self.tasks)
        ids(Difficulty, self.diffs)
        ids(Submission, self.subs)
        pk = lambda record: record.id if record is not None else None  # noqa: E731

        def documents() -> Iterator[tuple[Any, ...]]:
            for d in self.docs:
                origin = d.copy_of or d
                yield (
                    d.id, d.org.id, d.org.path, d.direction, d.doc_type, d.issued_on.year,
                    d.number, origin.symbol, origin.issuing_body, d.issued_on, d.received_on,
                    d.subject[:500], d.signer, "",
                    dt.datetime.combine(d.received_on or d.issued_on, dt.time(16), tzinfo=TZ),
                )  # fmt: skip

        with _given_created_at(Document, Meeting, Task, Submission, DraftingProject):
            world.write(
                Document,
                ["id", "organisation_id", "organisation_path", "direction", "doc_type", "year",
                 "number", "symbol", "issuing_body", "issued_on", "received_on", "subject",
                 "signer", "file", "created_at"],
                documents(),
                expected=len(self.docs),
            )  # fmt: skip
            first = loader.reserve_ids(DocumentLink, len(self.links))
            world.write(
                DocumentLink,
                ["id", "source_id", "target_id", "kind"],
                ((first + n, s.id, t.id, k) for n, (s, t, k) in enumerate(self.links)),
                expected=len(self.links),
            )
            new = [(key, last) for counter_pk, key, last in counters if counter_pk is None]
            for counter_pk, _key, last in counters:
                if counter_pk is not None:
                    DocumentCounter.objects.filter(pk=counter_pk).update(last_number=last)
            first = loader.reserve_ids(DocumentCounter, len(new))
            world.write(
                DocumentCounter,
                ["id", "organisation_id", "doc_type", "year", "last_number"],
                ((first + n, *key, last) for n, (key, last) in enumerate(new)),
                expected=len(new),
            )
            self.write_reports(pk)
            world.write(
                Meeting,
                ["id", "organisation_id", "organisation_path", "kind", "title", "held_on",
                 "place", "chair", "participants", "conclusions", "created_at"],
                (
                    (m.id, m.org.id, m.org.path, m.kind, m.title, m.held_on, m.place, m.chair,
                     m.participants, m.conclusions,
                     dt.datetime.combine(m.held_on, dt.time(17, 30), tzinfo=TZ))
                    for m in self.meetings
                ),
                expected=len(self.meetings),
            )  # fmt: skip
            for name, column, refs in (
                ("guest_organisations", "organisation_id", lambda m: m.guests),
                ("submissions", "submission_id",
                 lambda m: [s if isinstance(s, int) else s.id for s in m.submissions]),
                ("documents", "document_id", lambda m: [d.id for d in m.documents]),
            ):  # fmt: skip
                through = getattr(Meeting, name).through
                pairs = [(m.id, ref) for m in self.meetings for ref in refs(m)]
                first = loader.reserve_ids(through, len(pairs))
                world.write(
                    through,
                    ["id", "meeting_id", column],
                    ((first + n, *pair) for n, pair in enumerate(pairs)),
                    expected=len(pairs),
                )
            world.write(
                Task,
                ["id", "assigned_by_id", "owner_id", "owner_path", "owner_person_id", "title",
                 "deadline", "priority", "status", "progress", "key_year", "parent_id",
                 "meeting_id", "source_document_id", "completed_at", "created_at"],
                (
                    (t.id, t.by.id, t.owner.id, t.owner.path, t.person, t.title, t.deadline,
                     t.priority, t.status, t.progress, t.key_year, pk(t.parent), pk(t.meeting),
                     pk(t.source), t.completed_at, t.created)
                    for t in self.tasks
                ),
                expected=len(self.tasks),
            )  # fmt: skip
            first = loader.reserve_ids(TaskUpdate, len(self.updates))
            world.write(
                TaskUpdate,
                ["id", "task_id", "at", "by_id", "progress", "note", "evidence",
                 "evidence_document_id"],
                (
                    (first + n, t.id, at, by, progress, note, "", pk(doc))
                    for n, (t, at, by, progress, note, doc) in enumerate(self.updates)
                ),
                expected=len(self.updates),
            )  # fmt: skip
            world.write(
                Difficulty,
                ["id", "organisation_id", "organisation_path", "submission_id", "category",
                 "title", "description", "routed_to_id", "status", "raised_at", "answer",
                 "answered_at", "answered_by_id", "resolving_document_id", "resolving_task_id",
                 "closed_at"],
                (
                    (d.id, d.inst.org.id, d.inst.org.path, pk(d.submission), d.category,
                     d.title, d.description, d.routed_to.id, d.status, d.raised, d.answer,
                     d.answered_at, d.answered_by, pk(d.document), pk(d.task), d.closed_at)
                    for d in self.diffs
                ),
                expected=len(self.diffs),
            )  # fmt: skip
            first = loader.reserve_ids(DraftingProject, len(self.drafts))
            world.write(
                DraftingProject,
                ["id", "organisation_id", "organisation_path", "kind", "title", "status",
                 "owner_unit", "owner_person_id", "due_date", "history", "issued_document_id",
                 "created_at"],
                (
                    (first + n, org.id, org.path, kind, title, status, unit, person, due,
                     history, pk(doc), created)
                    for n, (org, kind, title, status, unit, person, due, history, doc, created)
                    in enumerate(self.drafts)
                ),
                expected=len(self.drafts),
            )  # fmt: skip
        first = loader.reserve_ids(Reminder, len(self.reminders))
        world.write(
            Reminder,
            ["id", "period_id", "institution_id", "institution_path", "sent_at", "sent_by_id",
             "late"],
            ((first + n, *row) for n, row in enumerate(self.reminders)),
            expected=len(self.reminders),
        )  # fmt: skip

    def write_reports(self, pk: Any) -> None:
        from opentvet.reporting.models import Submission, SubmissionValue, SubmissionVersion

        world, loader = self.world, self.world.loader
        sent = {"submitted", "acknowledged", "returned"}
        world.write(
            Submission,
            ["id", "period_id", "institution_id", "institution_path", "status", "narrative",
             "version", "prepared_by_id", "signed_by_id", "signed_at", "submitted_at",
             "first_submitted_at", "reviewed_by_id", "reviewed_at", "review_comment",
             "created_at"],
            (
                (s.id, s.period.pk, s.inst.org.id, s.inst.org.path, s.status, s.narrative,
                 1 if s.status in sent else 0, s.inst.preparer,
                 s.inst.rector[0] if s.inst.rector and s.signed_at else None, s.signed_at,
                 s.submitted_at, s.submitted_at, s.reviewed_by, s.reviewed_at,
                 s.review_comment, s.started)
                for s in self.subs
            ),
            expected=len(self.subs),
        )  # fmt: skip
        count = sum(len(s.values) for s in self.subs)
        first = loader.reserve_ids(SubmissionValue, count)

        def values() -> Iterator[tuple[Any, ...]]:
            n = first
            for s in self.subs:
                rolled_up = s.status in {"submitted", "acknowledged"}
                for d, value, computed, source, comment in s.values:
                    yield (
                        n, s.id, s.period.pk, s.inst.org.id, s.inst.org.path, s.inst.province,
                        d.code, d.version, value, computed, source, comment, rolled_up,
                    )  # fmt: skip
                    n += 1

        world.write(
            SubmissionValue,
            ["id", "submission_id", "period_id", "institution_id", "institution_path",
             "province_id", "code", "definition_version", "value", "computed_value", "source",
             "comment", "submitted"],
            values(),
            expected=count,
        )  # fmt: skip
        frozen = [s for s in self.subs if s.status in sent]
        first = loader.reserve_ids(SubmissionVersion, len(frozen))
        world.write(
            SubmissionVersion,
            ["id", "submission_id", "number", "snapshot", "submitted_by_id", "submitted_at",
             "outcome", "review_comment"],
            (
                (first + n, s.id, 1, self.snapshot(s), s.inst.preparer, s.submitted_at,
                 "" if s.status == "submitted" else s.status, s.review_comment)
                for n, s in enumerate(frozen)
            ),
            expected=len(frozen),
        )  # fmt: skip
        del pk


@contextmanager
def _given_created_at(*models: Any) -> Iterator[None]:
    """Keep the ``created_at`` given: ``bulk_create`` (SQLite) stamps ``auto_now_add`` fields
    with the load time where COPY keeps the value, so switch it off around these writes."""
    fields = [m._meta.get_field("created_at") for m in models]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True
