from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "opentvet.api"
    label = "api"
