from django.urls import path

from opentvet.regulations import views

app_name = "regulations"
urlpatterns = [
    path("", views.rule_list_view, name="rule_list"),
    path("<str:rule_id>/", views.rule_detail_view, name="rule_detail"),
]
