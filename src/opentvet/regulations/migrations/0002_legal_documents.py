"""The legal texts OpenTVET's rules cite, with what was read of each (shared/domain/FACTS.md).

Apps load their own rules in their own migrations and name these documents by ``code``.
"""

from django.db import migrations

from opentvet.regulations.loader import load_rules

C, P, U = "checked", "probable", "unverified"

DOCUMENTS = [
    # Laws
    {"code": "luat-74-2014", "kind": "luat", "number": "74/2014/QH13",
     "title": "Luật Giáo dục nghề nghiệp", "issuer": "Quốc hội", "issued_on": "2014-11-27",
     "effective_from": "2015-07-01", "verification": C,
     "source_note": "Replaced by Law 124/2025/QH15 (FACTS.md); the replacing law's effective date "
     "was not read, so effective_to stays empty until it is."},
    {"code": "luat-124-2025", "kind": "luat", "number": "124/2025/QH15",
     "title": "Luật Giáo dục nghề nghiệp (sửa đổi)", "issuer": "Quốc hội",
     "issued_on": "2025-12-10", "verification": U,
     "source_note": "Adopted 10 Dec 2025 (checked); effective date not read."},
    {"code": "luat-123-2025", "kind": "luat", "number": "123/2025/QH15",
     "title": "Luật sửa đổi, bổ sung một số điều của Luật Giáo dục (trình độ trung học nghề)",
     "issuer": "Quốc hội", "effective_from": "2026-01-01", "verification": C},
    # Who governs VET
    {"code": "nd-62-2022", "kind": "nghi_dinh", "number": "62/2022/NĐ-CP",
     "title": "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Lao động - "
     "Thương binh và Xã hội", "issuer": "Chính phủ", "verification": C,
     "effective_to": "2025-03-01"},
    {"code": "nd-37-2025", "kind": "nghi_dinh", "number": "37/2025/NĐ-CP",
     "title": "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Giáo dục và "
     "Đào tạo", "issuer": "Chính phủ", "effective_from": "2025-03-01", "verification": C},
    # Documents
    {"code": "nd-30-2020", "kind": "nghi_dinh", "number": "30/2020/NĐ-CP",
     "title": "Về công tác văn thư", "issuer": "Chính phủ", "issued_on": "2020-03-05",
     "effective_from": "2020-03-05", "verification": C},
    {"code": "qcvn-102-2016", "kind": "quy_chuan", "number": "QCVN 102:2016/BTTTT",
     "title": "Quy chuẩn kỹ thuật quốc gia về cấu trúc thông điệp dữ liệu công văn điện tử",
     "issuer": "Bộ Thông tin và Truyền thông", "verification": U},
    # Training
    {"code": "tt-04-2022", "kind": "thong_tu", "number": "04/2022/TT-BLĐTBXH",
     "title": "Quy định việc tổ chức đào tạo trình độ trung cấp, trình độ cao đẳng theo niên "
     "chế, theo phương thức tích lũy mô-đun, tín chỉ", "issuer": "Bộ Lao động - Thương binh và "
     "Xã hội", "effective_from": "2022-05-15", "verification": C},
    {"code": "tt-09-2017", "kind": "thong_tu", "number": "09/2017/TT-BLĐTBXH",
     "title": "Quy định tổ chức đào tạo trình độ trung cấp, cao đẳng (thay bằng Thông tư "
     "04/2022)", "issuer": "Bộ Lao động - Thương binh và Xã hội",
     "effective_to": "2022-05-15", "replaced_by": "tt-04-2022", "verification": C},
    {"code": "tt-26-2020", "kind": "thong_tu", "number": "26/2020/TT-BLĐTBXH",
     "title": "Danh mục ngành, nghề đào tạo cấp IV trình độ trung cấp, cao đẳng",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "effective_from": "2021-02-14",
     "verification": C},
    {"code": "tt-05-2021", "kind": "thong_tu", "number": "05/2021/TT-BLĐTBXH",
     "title": "Quy chế tuyển sinh và xác định chỉ tiêu tuyển sinh trình độ trung cấp, cao đẳng",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "tt-42-2015", "kind": "thong_tu", "number": "42/2015/TT-BLĐTBXH",
     "title": "Quy định về đào tạo trình độ sơ cấp",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "tt-43-2015", "kind": "thong_tu", "number": "43/2015/TT-BLĐTBXH",
     "title": "Quy định về đào tạo thường xuyên",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    # Teachers
    {"code": "tt-08-2017", "kind": "thong_tu", "number": "08/2017/TT-BLĐTBXH",
     "title": "Quy định chuẩn về chuyên môn, nghiệp vụ của nhà giáo giáo dục nghề nghiệp",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "tt-34-2018", "kind": "thong_tu", "number": "34/2018/TT-BLĐTBXH",
     "title": "Sửa đổi, bổ sung một số điều của Thông tư 08/2017/TT-BLĐTBXH",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "tt-21-2020", "kind": "thong_tu", "number": "21/2020/TT-BLĐTBXH",
     "title": "Sửa đổi, bổ sung một số điều của Thông tư 08/2017/TT-BLĐTBXH",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "effective_from": "2021-03-10",
     "verification": C},
    {"code": "tt-10-2018-bnv", "kind": "thong_tu", "number": "10/2018/TT-BNV",
     "title": "Quy định mã số chức danh nghề nghiệp viên chức chuyên ngành giáo dục nghề nghiệp",
     "issuer": "Bộ Nội vụ", "verification": C},
    {"code": "tt-03-2018", "kind": "thong_tu", "number": "03/2018/TT-BLĐTBXH",
     "title": "Quy định tiêu chuẩn chức danh nghề nghiệp viên chức chuyên ngành giáo dục nghề "
     "nghiệp", "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "tt-12-2019", "kind": "thong_tu", "number": "12/2019/TT-BLĐTBXH",
     "title": "Hướng dẫn việc chuyển xếp lương chức danh nghề nghiệp viên chức chuyên ngành giáo "
     "dục nghề nghiệp", "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "tt-31-2019", "kind": "thong_tu", "number": "31/2019/TT-BLĐTBXH",
     "title": "Quy định tiêu chuẩn, điều kiện, nội dung, hình thức thi hoặc xét thăng hạng chức "
     "danh nghề nghiệp viên chức chuyên ngành giáo dục nghề nghiệp",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "nd-115-2020", "kind": "nghi_dinh", "number": "115/2020/NĐ-CP",
     "title": "Quy định về tuyển dụng, sử dụng và quản lý viên chức", "issuer": "Chính phủ",
     "verification": C},
    {"code": "nd-85-2023", "kind": "nghi_dinh", "number": "85/2023/NĐ-CP",
     "title": "Sửa đổi, bổ sung một số điều của Nghị định 115/2020/NĐ-CP",
     "issuer": "Chính phủ", "effective_from": "2023-12-07", "verification": C},
    # Skills, finance, quality
    {"code": "nd-31-2015", "kind": "nghi_dinh", "number": "31/2015/NĐ-CP",
     "title": "Quy định chi tiết thi hành một số điều của Luật Việc làm về đánh giá, cấp chứng chỉ "
     "kỹ năng nghề quốc gia", "issuer": "Chính phủ", "verification": C},
    {"code": "nd-140-2018", "kind": "nghi_dinh", "number": "140/2018/NĐ-CP",
     "title": "Sửa đổi, bổ sung các Nghị định liên quan đến điều kiện đầu tư kinh doanh và thủ tục "
     "hành chính thuộc phạm vi quản lý nhà nước của Bộ Lao động - Thương binh và Xã hội",
     "issuer": "Chính phủ", "verification": C},
    {"code": "tt-38-2015", "kind": "thong_tu", "number": "38/2015/TT-BLĐTBXH",
     "title": "Quy định chi tiết một số điều của Nghị định 31/2015/NĐ-CP",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": C},
    {"code": "nd-60-2021", "kind": "nghi_dinh", "number": "60/2021/NĐ-CP",
     "title": "Quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
     "issuer": "Chính phủ", "verification": C},
    {"code": "tt-15-2017", "kind": "thong_tu", "number": "15/2017/TT-BLĐTBXH",
     "title": "Quy định tiêu chí, tiêu chuẩn kiểm định chất lượng giáo dục nghề nghiệp",
     "issuer": "Bộ Lao động - Thương binh và Xã hội", "verification": U},
]


def load(apps, schema_editor):
    load_rules(apps, documents=DOCUMENTS)


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
