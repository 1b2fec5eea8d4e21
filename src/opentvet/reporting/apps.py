from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "opentvet.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo và chỉ đạo điều hành")

    def ready(self) -> None:
        # Menu entries, dashboard panels, indicators, demo steps, job handlers, import specs.
        from opentvet.reporting import hooks  # noqa: F401
