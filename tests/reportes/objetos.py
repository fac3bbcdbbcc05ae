"""Objetos de reportes para pruebas de otras carpetas (la de aislamiento entre
ayuntamientos): un reporte listo con su tabla y un destinatario."""

from django_scopes import scope

from organizacion.models import Ayuntamiento
from reportes.models import Destinatario, EstadoReporte, Reporte


def reporte_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    with scope(ayuntamiento=ayuntamiento):
        return Reporte.objects.create(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            anio=2024,
            periodo=2,
            estado=EstadoReporte.LISTO,
            tablas=[
                {
                    "clave": "solicitudes",
                    "titulo": "Solicitudes",
                    "columnas": ["Mes"],
                    "renglones": [["Abril"]],
                }
            ],
        ).pk


def destinatario_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    with scope(ayuntamiento=ayuntamiento):
        return Destinatario.objects.create(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            nombre="Titular",
            correo="titular@ejemplo.mx",
        ).pk
