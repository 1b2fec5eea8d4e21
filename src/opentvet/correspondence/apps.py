from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "opentvet.correspondence"
    label = "correspondence"
    verbose_name = _("Liên thông văn bản")

    def ready(self) -> None:
        # Menu entry and demo step.
        from opentvet.correspondence import hooks  # noqa: F401
