from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "opentvet.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Dashboard panel of unread notifications.
        from opentvet.notifications import hooks  # noqa: F401
