from django.contrib import admin

from opentvet.regulations.models import InstitutionRuleSetting, LegalDocument, Rule


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "title", "effective_from", "effective_to", "verification")
    search_fields = ("number", "title")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "name",
        "legal_document",
        "article",
        "valid_from",
        "valid_to",
        "verification",
    )
    list_filter = ("verification",)
    search_fields = ("key", "name")


@admin.register(InstitutionRuleSetting)
class InstitutionRuleSettingAdmin(admin.ModelAdmin):
    list_display = ("institution", "key", "valid_from", "decision")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return InstitutionRuleSetting.all_objects.select_related("institution")
