from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "opentvet.admissions"
    label = "admissions"
    verbose_name = _("Tuyển sinh")

    def ready(self) -> None:
        # Menu entries, dashboard panels, indicators, demo steps, job handlers, import specs.
        from opentvet.admissions import hooks  # noqa: F401
