from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnersConfig(AppConfig):
    name = "opentvet.learners"
    label = "learners"
    verbose_name = _("Người học và kết quả học tập")

    def ready(self) -> None:
        # Menu entries, dashboard panels, indicators, demo steps, job handlers, import specs.
        from opentvet.learners import hooks  # noqa: F401
