"""Grading rules of Thông tư 04/2022/TT-BLĐTBXH as dated data (issue 14).

Each rule names its article and how far it was checked (shared/domain/FACTS.md, "Results and
grading"): Điều 13, 16, 21, 22 and 27 were read in the circular's text (checked); the credit-based
letter scale, standings, graduation bands and academic warning rest on one secondary witness
(probable). The year-based module pass mark is not in FACTS.md: loaded as unverified.

A search of public pages (issue 14, grading branch) found no text of the circular for the
probable rules; it found college regulations that still print the university bands 3.60/3.20
(e.g. Trường Cao đẳng Nghề Bình Thuận, "Xếp loại tốt nghiệp", hotrohssv.dnbt.edu.vn), and the
same page says re-examined *conditional* modules do not count for the drop rule, which is how the
drop rule below is applied. The probable rules stay probable.

The superseded Thông tư 09/2017 period has no rules here: its text was not read (FACTS.md gives
none), so nothing is invented for cohorts that started before 15/05/2022; the code says so next to
what it decides for them.
"""

from django.db import migrations

from opentvet.regulations.loader import load_rules

C, P, U = "checked", "probable", "unverified"
FROM = "2022-05-15"  # Thông tư 04/2022/TT-BLĐTBXH in force
DOC = "tt-04-2022"

CLASSES_4 = [
    {"min": "3.50", "code": "excellent"},
    {"min": "3.00", "code": "very_good"},
    {"min": "2.50", "code": "good"},
    {"min": "2.00", "code": "average"},
]
CLASSES_10 = [
    {"min": "9.0", "code": "excellent"},
    {"min": "8.0", "code": "very_good"},
    {"min": "7.0", "code": "good"},
    {"min": "5.0", "code": "average"},
]
DROP = {
    "resit_drops": [
        {"class": "excellent", "min_resits": 1},
        {"class": "very_good", "min_resits": 2},
    ],
    "discipline_drops": ["excellent", "very_good"],
    "count_conditional": False,
}

RULES = [
    {"key": "grading.module_score", "name": "Cách tính điểm mô-đun, môn học",
     "value": {"test_weights": {"regular": 1, "periodic": 2, "average": 1},
               "test_share": "0.4", "exam_share": "0.6", "decimals": 1},
     "document": DOC, "article": "Điều 16", "valid_from": FROM, "verification": C,
     "note": "Điểm trung bình kiểm tra × 0,4 + điểm thi kết thúc × 0,6; trong điểm trung bình "
     "kiểm tra, kiểm tra thường xuyên hệ số 1, định kỳ hệ số 2; thang 10, một chữ số thập phân."},
    {"key": "grading.exam_eligibility", "name": "Điều kiện dự thi kết thúc mô-đun, môn học",
     "value": {"min_attendance": "0.8", "min_test_average": "5.0"},
     "document": DOC, "article": "Điều 13", "valid_from": FROM, "verification": C,
     "note": "Tham dự ít nhất 80% thời gian học và điểm trung bình kiểm tra từ 5,0 trở lên."},
    {"key": "grading.conditional_subjects",
     "name": "Môn học điều kiện (không tính vào điểm trung bình và xếp loại tốt nghiệp)",
     "value": {"subjects": ["Giáo dục thể chất", "Giáo dục quốc phòng và an ninh"]},
     "document": DOC, "article": "khoản 4 Điều 16", "valid_from": FROM, "verification": C,
     "note": "Giáo dục thể chất và Giáo dục quốc phòng và an ninh không tính vào điểm trung bình "
     "chung học kỳ, năm học, khóa học và xếp loại tốt nghiệp."},
    {"key": "grading.credit.letter_scale", "name": "Thang điểm chữ và thang điểm 4 (tín chỉ)",
     "value": {"levels": [
         {"min": "8.5", "letter": "A", "point": "4", "pass": True},
         {"min": "7.0", "letter": "B", "point": "3", "pass": True},
         {"min": "5.5", "letter": "C", "point": "2", "pass": True},
         {"min": "4.0", "letter": "D", "point": "1", "pass": True},
         {"min": "0", "letter": "F", "point": "0", "pass": False}]},
     "document": DOC, "article": "", "valid_from": FROM, "verification": P,
     "institution_may_choose": True,
     "note": "Mặc định 5 mức; thang nhiều mức hơn (B+, C+, D+) chỉ khi hiệu trưởng quyết định "
     "(quy định riêng của cơ sở). Điều khoản chưa đọc được trong văn bản."},
    {"key": "grading.credit.standing", "name": "Xếp loại học lực theo điểm trung bình thang 4",
     "value": {"bands": [*CLASSES_4, {"min": "0", "code": "weak"}]},
     "document": DOC, "article": "", "valid_from": FROM, "verification": P,
     "note": "Xuất sắc 3,50–4,00; giỏi 3,00–3,49; khá 2,50–2,99; trung bình 2,00–2,49 (3,60/3,20 "
     "là thang của đại học). Dưới 2,00 ghi “yếu” theo cách gọi của Điều 21."},
    {"key": "grading.credit.graduation", "name": "Điều kiện và xếp loại tốt nghiệp (tín chỉ)",
     "value": {"min_gpa": "2.00", "classes": CLASSES_4},
     "document": DOC, "article": "", "valid_from": FROM, "verification": P,
     "note": "Điểm trung bình chung tích lũy từ 2,00; xếp loại theo thang 3,50/3,00/2,50/2,00."},
    {"key": "grading.credit.academic_warning", "name": "Cảnh báo kết quả học tập (tín chỉ)",
     "value": {"failed_share_over": "0.5", "first_term_gpa_below": "1.2",
               "later_term_gpa_below": "1.5"},
     "document": DOC, "article": "", "valid_from": FROM, "verification": P,
     "note": "Không đạt quá 50% khối lượng đăng ký, hoặc điểm trung bình học kỳ dưới 1,2 (học kỳ "
     "đầu) / dưới 1,5 (các học kỳ sau)."},
    {"key": "grading.credit.class_drop", "name": "Giảm mức xếp loại tốt nghiệp (tín chỉ)",
     "value": DROP, "document": DOC, "article": "Điều 21", "valid_from": FROM,
     "verification": P,
     "note": "FACTS.md ghi quy tắc này ở Điều 21 (niên chế); áp dụng cho đào tạo tín chỉ theo "
     "quy chế của các trường (nguồn thứ cấp)."},
    {"key": "grading.year.classes", "name": "Xếp loại theo thang điểm 10 (niên chế)",
     "value": {"bands": [*CLASSES_10, {"min": "0", "code": "weak"}]},
     "document": DOC, "article": "Điều 21", "valid_from": FROM, "verification": C,
     "note": "Xuất sắc 9,0–10; giỏi 8,0–8,9; khá 7,0–7,9; trung bình 5,0–6,9; yếu dưới 5,0."},
    {"key": "grading.year.class_drop", "name": "Giảm mức xếp loại (niên chế)",
     "value": DROP, "document": DOC, "article": "Điều 21", "valid_from": FROM,
     "verification": C,
     "note": "Xuất sắc giảm một mức khi có một mô-đun/môn học phải thi lại; giỏi giảm khi có từ "
     "hai trở lên; cả hai giảm một mức khi bị kỷ luật từ mức cảnh cáo."},
    {"key": "grading.year.pass_mark", "name": "Điểm đạt mô-đun, môn học (niên chế)",
     "value": {"min": "5.0"}, "document": DOC, "article": "", "valid_from": FROM,
     "verification": U,
     "note": "Không có trong FACTS.md; giữ mức 5,0 mà phần mềm dùng trước đây, chờ đối chiếu."},
    {"key": "grading.year.progress", "name": "Tiến độ học và buộc thôi học (niên chế)",
     "value": {"adjusted_below": "5.0", "expelled_below": "4.0"},
     "document": DOC, "article": "Điều 22", "valid_from": FROM, "verification": C,
     "note": "Điểm trung bình năm học từ 4,0 đến dưới 5,0: điều chỉnh tiến độ học; dưới 4,0: "
     "buộc thôi học."},
    {"key": "grading.year.graduation", "name": "Điểm và xếp loại tốt nghiệp (niên chế)",
     "value": {"practical_theory": {"gpa": 3, "practical": 2, "theory": 1},
               "thesis": {"gpa": 3, "thesis": 2}, "min_subject": "5.0",
               "classes": CLASSES_10},
     "document": DOC, "article": "Điều 27", "valid_from": FROM, "verification": C,
     "note": "ĐTN = (3 × ĐTB + 2 × điểm thi thực hành + điểm thi lý thuyết) / 6, hoặc (3 × ĐTB "
     "+ 2 × điểm khóa luận) / 5; mỗi môn thi tốt nghiệp từ 5,0. Xếp loại theo Điều 21."},
]


def load(apps, schema_editor):
    load_rules(apps, rules=RULES)


def unload(apps, schema_editor):
    apps.get_model("regulations", "Rule").objects.filter(key__startswith="grading.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0007_student_name_word_pairs"),
        ("regulations", "0002_legal_documents"),
    ]
    operations = [migrations.RunPython(load, unload)]
