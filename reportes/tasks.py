"""Las tareas de Celery de los reportes.

`generar_reporte` recibe el id, abre el ámbito del ayuntamiento y es idempotente: si la
fila ya está `listo` no hace nada; si un worker murió a la mitad (la fila quedó
`generando`), el mensaje vuelve a la cola (acks tardíos) o `rescatar_generaciones` la
devuelve a `pendiente`, y la nueva ejecución reescribe la misma fila y el mismo archivo.
Sólo las fallas pasajeras (base de datos, red) se reintentan; las demás dejan la fila en
`error` con un mensaje legible.

Los envíos programados (reportes a sus destinatarios, aviso diario de vencimientos) tienen
su lógica en `envios.py`; aquí sólo se reparten en tareas y se reintentan."""

import logging
from datetime import date, timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento

from . import envios, generacion
from .models import EstadoReporte, Reporte

logger = logging.getLogger(__name__)

TRANSITORIAS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
REINTENTOS = 3
# Una generación tarda segundos; la que lleva más de esto en `generando` murió con su worker.
GENERACION_ABANDONADA = timedelta(minutes=15)


def _reintentar(tarea, *, countdown: int, exc: Exception | None = None) -> object:
    """El siguiente intento, con `retry()`: en un worker es un reintento de Celery (estado
    RETRY, nuevo mensaje con espera). Sin broker (modo eager, con excepciones propagadas)
    `retry()` lanzaría la excepción al que encoló en vez de reintentar
    (celery/celery#4661); devuelta, Celery ejecuta el reintento enseguida. Llamar con
    `return`."""
    reintento = tarea.retry(exc=exc, countdown=countdown, throw=False)
    if tarea.request.is_eager:
        return reintento
    raise reintento


def _marcar(reporte_id: int, **campos) -> None:
    with scopes_disabled():
        Reporte.objects.filter(pk=reporte_id).update(**campos)


@shared_task(bind=True, max_retries=REINTENTOS, acks_late=True)
def generar_reporte(self, reporte_id: int) -> object:
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
        return _reintentar(self, exc=exc, countdown=5 * 2**self.request.retries)
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


# --- Envíos programados --------------------------------------------------------------------

# Reintentos de un correo: 1, 4, 16 y 64 minutos después (casi hora y media en total) cubren
# un servidor de correo que se reinicia o una cuota que se libera.
REINTENTOS_CORREO = 4


def _fecha(fecha: str | None) -> date | None:
    # Las tareas reciben la fecha como texto ISO: los argumentos viajan en JSON.
    return date.fromisoformat(fecha) if fecha else None


@shared_task
def enviar_reportes_programados(fecha: str | None = None) -> int:
    """Cada mañana (beat): un trabajo por ayuntamiento con destinatarios, así la generación
    de los PDF se reparte entre los workers. Devuelve cuántos ayuntamientos revisó."""
    ayuntamientos = envios.ayuntamientos_con_destinatarios()
    for ayuntamiento in ayuntamientos:
        enviar_reportes_de_ayuntamiento.delay(ayuntamiento.pk, fecha)
    return len(ayuntamientos)


@shared_task(acks_late=True)
def enviar_reportes_de_ayuntamiento(ayuntamiento_id: int, fecha: str | None = None) -> int:
    """Genera los reportes a los que ya les toca y encola un correo por destinatario.
    Devuelve cuántos correos encoló."""
    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.get(pk=ayuntamiento_id)
    encolados = 0
    for lote in envios.envios_preparar(ayuntamiento=ayuntamiento, hoy=_fecha(fecha)):
        for envio_id in lote.por_enviar:
            enviar_reporte_por_correo.delay_on_commit(envio_id)
            encolados += 1
    return encolados


@shared_task(bind=True, acks_late=True, max_retries=REINTENTOS_CORREO)
def enviar_reporte_por_correo(self, envio_id: int) -> object:
    """Un correo a un destinatario. El envío bloquea su fila y no reenvía lo ya enviado,
    así que un mensaje repetido o un reintento no duplican el correo."""
    intento = self.request.retries
    resultado = envios.envio_intentar(envio_id=envio_id, ultimo=intento >= REINTENTOS_CORREO)
    if resultado == "reintentar":
        # 1, 4, 16 y 64 minutos después.
        return _reintentar(self, countdown=60 * 4**intento)
    return resultado


@shared_task(bind=True, max_retries=REINTENTOS_CORREO)
def enviar_avisos_diarios(self, fecha: str | None = None) -> object:
    """Cada mañana (beat): el aviso de vencimientos. Si el correo falló para alguien, se
    reintenta la tarea entera con la misma fecha: quien ya lo recibió no lo recibe otra
    vez. Devuelve cuántos avisos envió en esta corrida."""
    dia = _fecha(fecha) or timezone.localdate()
    resumen = envios.avisos_diarios_enviar(fecha=dia)
    if resumen.fallidos and self.request.retries < REINTENTOS_CORREO:
        # La fecha fija: el reintento de mañana temprano sigue siendo el aviso de hoy.
        self.request.kwargs = {"fecha": dia.isoformat()}
        return _reintentar(self, countdown=60 * 4**self.request.retries)
    return resumen.enviados
