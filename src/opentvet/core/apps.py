from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "opentvet.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from opentvet.core.formguards import install_form_guards

        install_form_guards()
        # Register job handlers and import specs.
        from opentvet.core import checks, history, institution_import, org_export  # noqa: F401
        from opentvet.core.cache import on_model_write
        from opentvet.core.tabular import jobs  # noqa: F401

        # Authority figures kept in the cache are named by the data's generation: a write to a
        # domain row moves it on, so no kept figure hides the write (core/cache.py).
        post_save.connect(on_model_write, dispatch_uid="opentvet.aggregate.save")
        post_delete.connect(on_model_write, dispatch_uid="opentvet.aggregate.delete")
