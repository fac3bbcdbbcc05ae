from django.apps import AppConfig


class AutoevaluacionConfig(AppConfig):
    name = "autoevaluacion"
    verbose_name = "Autoevaluación del Modelo Regional"
