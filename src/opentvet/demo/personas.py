"""The demo's logins: one per persona. README, setup_demo and the tests read this list."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class Persona:
    key: str
    login: str  # email or phone
    full_name: str
    role: str
    organisation_code: str
    description: str

    @property
    def is_phone(self) -> bool:
        return "@" not in self.login


PERSONAS: list[Persona] = [
    Persona(
        "national_analyst",
        "chuyenvien.cuc@demo.opentvet.vn",
        "Trịnh Thu Hà",
        "national_analyst",
        "CUC-GDNN",
        "Chuyên viên Cục GDNN (toàn quốc, chỉ xem và chỉ đạo)",
    ),
    Persona(
        "committee_leader",
        "lanhdao.ubnd@camau.demo.opentvet.vn",
        "Lâm Quốc Bảo",
        "committee_leader",
        "UBND-96",
        "Phó Chủ tịch UBND tỉnh Cà Mau",
    ),
    Persona(
        "committee_clerk",
        "vanthu@camau.demo.opentvet.vn",
        "Kha Thị Thu Trang",
        "clerk",
        "UBND-96",
        "Văn thư Văn phòng UBND tỉnh Cà Mau",
    ),
    Persona(
        "provincial_clerk",
        "vanthu.so@camau.demo.opentvet.vn",
        "Lý Văn Hậu",
        "clerk",
        "SGDDT-96",
        "Văn thư Sở GD&ĐT Cà Mau",
    ),
    Persona(
        "provincial_officer",
        "chuyenvien.so@camau.demo.opentvet.vn",
        "Đoàn Thị Mỹ Linh",
        "provincial_officer",
        "SGDDT-96",
        "Chuyên viên Sở GD&ĐT Cà Mau phụ trách GDNN",
    ),
    Persona(
        "other_provincial_officer",
        "chuyenvien.so@hanoi.demo.opentvet.vn",
        "Kiều Văn Tùng",
        "provincial_officer",
        "SGDDT-01",
        "Chuyên viên Sở GD&ĐT Hà Nội (tỉnh khác)",
    ),
    Persona(
        "rector",
        "hieutruong@cdbaclieu.demo.opentvet.vn",
        "Tô Minh Khoa",
        "rector",
        "CD96001",
        "Hiệu trưởng Trường CĐ Kinh tế - Kỹ thuật Bạc Liêu",
    ),
    Persona(
        "vice_rector",
        "phohieutruong@cdbaclieu.demo.opentvet.vn",
        "Lạc Thị Ngọc Hân",
        "vice_rector",
        "CD96001",
        "Phó Hiệu trưởng",
    ),
    Persona(
        "unit_head",
        "truongkhoa.cntt@cdbaclieu.demo.opentvet.vn",
        "Mạc Đăng Khôi",
        "unit_head",
        "CD96001-KCNTT",
        "Trưởng khoa Công nghệ thông tin",
    ),
    Persona(
        "admissions_officer",
        "tuyensinh@cdbaclieu.demo.opentvet.vn",
        "Huỳnh Thị Cẩm Tú",
        "admissions_officer",
        "CD96001",
        "Cán bộ tuyển sinh",
    ),
    Persona(
        "college_clerk",
        "vanthu@cdbaclieu.demo.opentvet.vn",
        "Diệp Thị Kim Loan",
        "clerk",
        "CD96001",
        "Văn thư Trường CĐ Kinh tế - Kỹ thuật Bạc Liêu",
    ),
    Persona(
        "training_officer",
        "daotao@cdbaclieu.demo.opentvet.vn",
        "Quan Văn Lực",
        "training_officer",
        "CD96001",
        "Cán bộ phòng Đào tạo",
    ),
    Persona(
        "hr_officer",
        "tochuc@cdbaclieu.demo.opentvet.vn",
        "Ninh Thị Xuân",
        "hr_officer",
        "CD96001",
        "Cán bộ phòng Tổ chức - Hành chính",
    ),
    Persona(
        "finance_officer",
        "taichinh@cdbaclieu.demo.opentvet.vn",
        "Thái Văn Lộc",
        "finance_officer",
        "CD96001",
        "Cán bộ phòng Kế hoạch - Tài chính",
    ),
    Persona(
        "qa_officer",
        "khaothi@cdbaclieu.demo.opentvet.vn",
        "Âu Thị Bích",
        "qa_officer",
        "CD96001",
        "Cán bộ phòng Khảo thí và ĐBCL",
    ),
    Persona(
        "teacher",
        "giangvien@cdbaclieu.demo.opentvet.vn",
        "Nguyễn Văn An",
        "teacher",
        "CD96001-KCNTT",
        "Giảng viên khoa CNTT",
    ),
    Persona(
        "student",
        "sinhvien@cdbaclieu.demo.opentvet.vn",
        "Trần Thị Bích Ngọc",
        "student",
        "CD96001",
        "Sinh viên cao đẳng ngành CNTT",
    ),
    Persona(
        "applicant",
        "0912345678",
        "Lê Hoàng Phúc",
        "applicant",
        "CUC-GDNN",
        "Thí sinh đăng ký trực tuyến (đăng nhập bằng số điện thoại)",
    ),
    Persona(
        "other_rector",
        "hieutruong@cdcnhanoi.demo.opentvet.vn",
        "Phùng Thế Vinh",
        "rector",
        "CD01001",
        "Hiệu trưởng một trường cao đẳng ở Hà Nội (cơ sở khác)",
    ),
]

SUPERUSER = Persona(
    "admin",
    "admin@demo.opentvet.vn",
    "Quản trị hệ thống",
    "superuser",
    "",
    "Quản trị hệ thống (Django admin)",
)


def persona(key: str) -> Persona:
    for p in [*PERSONAS, SUPERUSER]:
        if p.key == key:
            return p
    raise KeyError(key)
