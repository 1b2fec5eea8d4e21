from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "opentvet.web"
    label = "web"
