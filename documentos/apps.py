from functools import cached_property

from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "documentos"
    verbose_name = "Documentos"

    def ready(self) -> None:
        from . import signals  # noqa: F401

    @cached_property
    def navegacion(self) -> list[tuple[str, str, frozenset[str]]]:
        from organizacion import permisos

        return [("Documentos", "documentos:lista", permisos.UNIDAD)]
