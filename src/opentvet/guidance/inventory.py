"""The OpenTVET interest inventory: 42 items on Holland's RIASEC model, 7 per type.

The items are OpenTVET's own Vietnamese text, written for Vietnamese lower- and upper-secondary
students about everyday activities; they copy no published instrument. Each item is answered
"Không thích" (0), "Bình thường" (1) or "Thích" (2): three choices are quick on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TYPES = "RIASEC"
TYPE_NAMES = {
    "R": _("Thực tế (R)"),
    "I": _("Nghiên cứu (I)"),
    "A": _("Nghệ thuật (A)"),
    "S": _("Xã hội (S)"),
    "E": _("Quản lý, kinh doanh (E)"),
    "C": _("Nghiệp vụ (C)"),
}
TYPE_DESCRIPTIONS = {
    "R": _("Thích làm việc với máy móc, dụng cụ, cây trồng, vật nuôi; làm ra sản phẩm cụ thể."),
    "I": _("Thích tìm hiểu, quan sát, phân tích và giải quyết vấn đề bằng suy luận."),
    "A": _("Thích sáng tạo, thể hiện bản thân qua hình ảnh, âm thanh, ngôn từ, món ăn."),
    "S": _("Thích giúp đỡ, hướng dẫn, chăm sóc và làm việc cùng mọi người."),
    "E": _("Thích thuyết phục, lãnh đạo, tổ chức công việc và kinh doanh."),
    "C": _("Thích công việc rõ ràng, có quy trình, làm việc với số liệu và hồ sơ."),
}
CHOICES = [(0, _("Không thích")), (1, _("Bình thường")), (2, _("Thích"))]
MAX_PER_ITEM = 2


@dataclass(frozen=True)
class Item:
    key: str  # e.g. "R3"
    type: str
    text: str


_TEXT = {
    "R": [
        "Sửa chữa xe đạp, xe máy hoặc đồ điện trong nhà",
        "Lắp ráp, vận hành máy móc, thiết bị",
        "Làm việc ngoài trời: trồng trọt, chăn nuôi, đánh bắt",
        "Dùng dụng cụ để đo, cắt, hàn, sơn đồ vật",
        "Xây, lát, sửa chữa nhà cửa, công trình",
        "Lái xe hoặc điều khiển phương tiện, máy công trình",
        "Tự tay làm ra một sản phẩm hoàn chỉnh",
    ],
    "I": [
        "Tìm hiểu vì sao một thiết bị hay hiện tượng hoạt động như vậy",
        "Giải bài toán, câu đố cần suy luận",
        "Làm thí nghiệm, đo đạc và ghi lại kết quả",
        "Đọc sách, xem video về khoa học, công nghệ",
        "Tìm nguyên nhân khi máy tính hoặc phần mềm bị lỗi",
        "Phân tích số liệu để rút ra kết luận",
        "Tìm hiểu về cơ thể người, cây trồng, vật nuôi",
    ],
    "A": [
        "Vẽ, thiết kế hình ảnh, trang phục hoặc đồ vật",
        "Chụp ảnh, quay và dựng video",
        "Hát, chơi nhạc cụ hoặc biểu diễn",
        "Trang trí nhà cửa, cửa hàng, sân khấu",
        "Viết truyện, thơ hoặc bài giới thiệu",
        "Nấu món ăn mới và trình bày cho đẹp mắt",
        "Làm tóc, trang điểm, tạo mẫu",
    ],
    "S": [
        "Giảng bài cho bạn bè hoặc em nhỏ",
        "Chăm sóc người già, người ốm, trẻ nhỏ",
        "Lắng nghe và giúp người khác gỡ rối khó khăn",
        "Tham gia hoạt động tình nguyện",
        "Hướng dẫn khách tham quan, giới thiệu về quê hương",
        "Giúp cả nhóm làm việc hòa thuận",
        "Tìm hiểu cách giữ gìn sức khỏe cho mọi người",
    ],
    "E": [
        "Bán hàng, thuyết phục người khác mua sản phẩm",
        "Lập kế hoạch và tổ chức một sự kiện, chuyến đi",
        "Làm nhóm trưởng, phân công công việc",
        "Mở cửa hàng hoặc công việc kinh doanh riêng",
        "Trình bày ý kiến trước đông người",
        "Thương lượng giá cả, điều kiện với người khác",
        "Biến một ý tưởng mới thành nguồn thu nhập",
    ],
    "C": [
        "Ghi chép sổ sách thu chi cẩn thận",
        "Sắp xếp giấy tờ, hồ sơ theo thứ tự",
        "Nhập số liệu vào máy tính, bảng tính",
        "Làm theo quy trình, hướng dẫn rõ ràng",
        "Kiểm tra lỗi, đối chiếu số liệu",
        "Quản lý kho, kiểm kê hàng hóa",
        "Soạn thảo văn bản, thư từ đúng mẫu",
    ],
}

# Items are interleaved (R1, I1, A1, ...) so one type's items are not answered in a block.
ITEMS: list[Item] = [Item(f"{t}{i + 1}", t, _TEXT[t][i]) for i in range(7) for t in TYPES]
ITEM_KEYS = {item.key for item in ITEMS}
