from django.apps import AppConfig


class BenchdataConfig(AppConfig):
    name = "opentvet.benchdata"
    label = "benchdata"
    verbose_name = "Benchmark data generator"
