from django.apps import AppConfig


class SolicitudesConfig(AppConfig):
    name = "solicitudes"
    verbose_name = "Solicitudes de información y ARCO"

    def ready(self) -> None:
        from . import signals  # noqa: F401
