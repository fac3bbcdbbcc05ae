from functools import cached_property

from django.apps import AppConfig


class OrganizacionConfig(AppConfig):
    name = "organizacion"
    verbose_name = "Organización"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import agregados, signals  # noqa: F401

        connection_created.connect(agregados.registrar_mediana)

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from . import permisos

        return [
            ("Inicio", "organizacion:tablero", permisos.TODOS),
            ("Oficios", "organizacion:oficios", permisos.UNIDAD),
            ("Áreas", "organizacion:areas", permisos.UNIDAD),
            ("Usuarios", "organizacion:usuarios", permisos.TITULAR),
            ("Días inhábiles", "organizacion:dias_inhabiles", permisos.TODOS),
            ("Plazos legales", "organizacion:plazos", permisos.UNIDAD_Y_GARANTE),
            ("Configuración", "organizacion:ayuntamiento_editar", permisos.TITULAR),
        ]
