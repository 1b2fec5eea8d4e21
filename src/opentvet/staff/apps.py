from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "opentvet.staff"
    label = "staff"
    verbose_name = _("Nhà giáo và cán bộ")

    def ready(self) -> None:
        # Menu entries, dashboard panels, indicators, demo steps, job handlers, import specs.
        from opentvet.staff import hooks  # noqa: F401
