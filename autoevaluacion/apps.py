from functools import cached_property

from django.apps import AppConfig


class AutoevaluacionConfig(AppConfig):
    name = "autoevaluacion"
    verbose_name = "Autoevaluación del Modelo Regional"

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from organizacion import permisos

        # Los enlaces de área no participan en la autoevaluación: no la ven.
        return [("Autoevaluación", "autoevaluacion:tablero", permisos.UNIDAD_Y_GARANTE)]
