from functools import cached_property

from django.apps import AppConfig


class SolicitudesConfig(AppConfig):
    name = "solicitudes"
    verbose_name = "Solicitudes de información y ARCO"

    def ready(self) -> None:
        from . import signals  # noqa: F401

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from organizacion import permisos
        from organizacion.models import Rol

        return [
            ("Solicitudes", "solicitudes:lista", permisos.UNIDAD_Y_GARANTE),
            ("Mis turnos", "solicitudes:turnos", frozenset({Rol.ENLACE})),
            ("Recursos de revisión", "solicitudes:recursos", permisos.UNIDAD_Y_GARANTE),
            ("Denuncias", "solicitudes:denuncias", permisos.UNIDAD_Y_GARANTE),
        ]
