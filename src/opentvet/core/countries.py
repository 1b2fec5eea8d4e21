"""Vietnamese names of the countries VET programmes are transferred from (ISO 3166-1 alpha-2
codes, as ``ProgrammeVersion.origin_country`` stores them). Pages show the name, never the code
("Đức", not "DE"); a code missing here is shown as stored."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

COUNTRY_NAMES = {
    "AT": _("Áo"),
    "AU": _("Úc"),
    "CA": _("Ca-na-đa"),
    "CH": _("Thụy Sĩ"),
    "CN": _("Trung Quốc"),
    "DE": _("Đức"),
    "DK": _("Đan Mạch"),
    "FI": _("Phần Lan"),
    "FR": _("Pháp"),
    "GB": _("Anh"),
    "IE": _("Ai-len"),
    "JP": _("Nhật Bản"),
    "KR": _("Hàn Quốc"),
    "MY": _("Ma-lai-xi-a"),
    "NL": _("Hà Lan"),
    "NZ": _("Niu Di-lân"),
    "SG": _("Xin-ga-po"),
    "TH": _("Thái Lan"),
    "US": _("Hoa Kỳ"),
}


def country_name(code: str) -> str:
    code = (code or "").strip().upper()
    return str(COUNTRY_NAMES.get(code, code))
