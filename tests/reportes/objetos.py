"""Objetos de reportes para pruebas de otras carpetas (la de aislamiento entre
ayuntamientos): un reporte listo con su tabla y un destinatario."""

from datetime import date

from django_scopes import scope

from organizacion.models import Ayuntamiento
from reportes import envios
from reportes.generacion import generar, oficio_de_remision
from reportes.models import Destinatario, EstadoReporte, Reporte
from reportes.servicios import reporte_solicitar


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


def reporte_pendiente(ayuntamiento: Ayuntamiento, tipo: str = "trimestral", periodo: int = 2):
    """Un reporte de 2024 pedido (en espera) sin encolarlo: la prueba decide cuándo corre."""
    with scope(ayuntamiento=ayuntamiento):
        return reporte_solicitar(
            ayuntamiento=ayuntamiento,
            tipo=tipo,
            anio=2024,
            periodo=periodo,
            hoy=date(2024, 7, 10),
            encolar=False,
        )


def lote_emitido(ayuntamiento: Ayuntamiento, hoy: date):
    """El lote del envío programado con su reporte ya emitido: la corrida deja el borrador,
    la titular lo emite (aquí se genera con su número, como lo haría el worker) y la corrida
    siguiente trae los envíos listos para salir."""
    (lote,) = envios.envios_preparar(ayuntamiento=ayuntamiento, hoy=hoy)
    borrador = lote.por_emitir
    assert borrador is not None and lote.por_enviar == []
    with scope(ayuntamiento=ayuntamiento):
        oficio_de_remision(borrador, hoy=hoy, usuario=None)
        generar(borrador, hoy=hoy)
    (lote,) = envios.envios_preparar(ayuntamiento=ayuntamiento, hoy=hoy)
    return lote
