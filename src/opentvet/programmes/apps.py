from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "opentvet.programmes"
    label = "programmes"
    verbose_name = _("Chương trình đào tạo")

    def ready(self) -> None:
        # Menu entries, dashboard panels, indicators, demo steps, job handlers, import specs.
        from opentvet.programmes import hooks  # noqa: F401
