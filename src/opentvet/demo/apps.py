from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "opentvet.demo"
    label = "demo"
