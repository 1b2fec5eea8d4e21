from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "opentvet.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from opentvet.core.formguards import install_form_guards

        install_form_guards()
        # Register job handlers and import specs.
        from opentvet.core import checks, history, institution_import, org_export  # noqa: F401
        from opentvet.core.tabular import jobs  # noqa: F401
