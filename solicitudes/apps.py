from django.apps import AppConfig


class SolicitudesConfig(AppConfig):
    name = "solicitudes"
    verbose_name = "Solicitudes de información y ARCO"
