from django.apps import AppConfig


class PoaConfig(AppConfig):
    name = "poa"
    verbose_name = "Programa Operativo Anual"
