from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "opentvet.regulations"
    label = "regulations"
    verbose_name = _("Văn bản quy phạm và quy định áp dụng")

    def ready(self) -> None:
        from opentvet.regulations import hooks  # noqa: F401  (menu entry)
