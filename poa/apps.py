from functools import cached_property

from django.apps import AppConfig


class PoaConfig(AppConfig):
    name = "poa"
    verbose_name = "Programa Operativo Anual"

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from organizacion import permisos

        # Todos lo consultan; el enlace ve y captura sólo las actividades de su área.
        return [("POA", "poa:planes", permisos.TODOS)]
