from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "opentvet.catalogue"
    label = "catalogue"
    verbose_name = _("Danh mục")

    def ready(self) -> None:
        from .models import Province, TrainingLevel
        from .options import forget_on_change

        for model in (Province, TrainingLevel):
            post_save.connect(forget_on_change, sender=model, dispatch_uid=f"options-{model}")
            post_delete.connect(forget_on_change, sender=model, dispatch_uid=f"options-{model}-d")
