from functools import cached_property

from django.apps import AppConfig


class CapacitacionConfig(AppConfig):
    name = "capacitacion"
    verbose_name = "Capacitación"

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from organizacion import permisos

        # Los enlaces de área no registran capacitaciones: no la ven.
        return [("Capacitación", "capacitacion:lista", permisos.UNIDAD_Y_GARANTE)]
