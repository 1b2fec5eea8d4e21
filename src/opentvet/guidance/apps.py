from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "opentvet.guidance"
    label = "guidance"
    verbose_name = _("Hướng nghiệp")

    def ready(self) -> None:
        # Menu entries, dashboard panels, indicators, demo steps, job handlers, import specs.
        from opentvet.guidance import hooks  # noqa: F401
