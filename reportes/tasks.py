"""Las tareas de Celery de los reportes.

`generar_reporte` recibe el id, abre el ámbito del ayuntamiento y es idempotente: si la
fila ya está `listo` no hace nada; si un worker murió a la mitad (la fila quedó
`generando`), el mensaje vuelve a la cola (acks tardíos) o `rescatar_generaciones` la
devuelve a `pendiente`, y la nueva ejecución reescribe la misma fila y el mismo archivo.
Sólo las fallas pasajeras (base de datos, red) se reintentan; las demás dejan la fila en
`error` con un mensaje legible."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from . import generacion
from .models import EstadoReporte, Reporte

logger = logging.getLogger(__name__)

TRANSITORIAS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
REINTENTOS = 3
# Una generación tarda segundos; la que lleva más de esto en `generando` murió con su worker.
GENERACION_ABANDONADA = timedelta(minutes=15)


def _marcar(reporte_id: int, **campos) -> None:
    with scopes_disabled():
        Reporte.objects.filter(pk=reporte_id).update(**campos)


@shared_task(bind=True, max_retries=REINTENTOS, acks_late=True)
def generar_reporte(self, reporte_id: int) -> str:
    with scopes_disabled():
        reporte = Reporte.objects.select_related("ayuntamiento").filter(pk=reporte_id).first()
    if reporte is None:
        return "no existe"
    if reporte.estado == EstadoReporte.LISTO:
        return "ya estaba listo"
    _marcar(
        reporte_id,
        estado=EstadoReporte.GENERANDO,
        iniciado=timezone.now(),
        intentos=F("intentos") + 1,
        error="",
    )
    try:
        with scope(ayuntamiento=reporte.ayuntamiento):
            generacion.generar(reporte)
    except TRANSITORIAS as exc:
        if self.request.retries >= REINTENTOS:
            _marcar(
                reporte_id,
                estado=EstadoReporte.ERROR,
                terminado=timezone.now(),
                error=f"No se pudo generar después de {REINTENTOS + 1} intentos: {exc}",
            )
            return "error"
        _marcar(
            reporte_id,
            estado=EstadoReporte.PENDIENTE,
            error=f"Falla pasajera ({exc}); se reintentará en unos segundos.",
        )
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
    except Exception as exc:
        logger.exception("Falló la generación del reporte %s", reporte_id)
        _marcar(
            reporte_id,
            estado=EstadoReporte.ERROR,
            terminado=timezone.now(),
            error=f"No se pudo generar el reporte: {exc}",
        )
        return "error"
    return "listo"


@shared_task
def rescatar_generaciones() -> int:
    """Cada pocos minutos (beat): las generaciones abandonadas por un worker que murió
    vuelven a `pendiente` y a la cola. Ningún archivo a medias se sirve: sólo se descarga
    lo que está `listo`."""
    limite = timezone.now() - GENERACION_ABANDONADA
    with scopes_disabled():
        ids = list(
            Reporte.objects.filter(
                Q(estado=EstadoReporte.GENERANDO, iniciado__lt=limite)
                | Q(estado=EstadoReporte.PENDIENTE, creado__lt=limite)
            ).values_list("pk", flat=True)
        )
        Reporte.objects.filter(pk__in=ids).update(estado=EstadoReporte.PENDIENTE)
    for reporte_id in ids:
        generar_reporte.delay(reporte_id)
    return len(ids)
