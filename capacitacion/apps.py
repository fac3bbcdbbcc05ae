from django.apps import AppConfig


class CapacitacionConfig(AppConfig):
    name = "capacitacion"
    verbose_name = "Capacitación"
