from functools import cached_property

from django.apps import AppConfig


class ReportesConfig(AppConfig):
    name = "reportes"
    verbose_name = "Reportes"

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from organizacion import permisos

        # Los enlaces de área no entregan informes: no la ven.
        return [("Reportes", "reportes:lista", permisos.UNIDAD_Y_GARANTE)]
