"""Las tareas de Celery de los reportes.

`generar_reporte` recibe el id, abre el ámbito del ayuntamiento y es idempotente: toma la
fila (`_reclamar`) sólo si está en espera o si la generación anterior se abandonó; si ya
está `listo` no hace nada. Las fallas pasajeras (la base que se reinicia, la red) se
reintentan a los 5, 10 y 20 segundos con una conexión nueva; las demás dejan la fila en
`error` con un mensaje legible. Cada generación tiene un tiempo máximo (REPORTE_SEGUNDOS).

`rescatar_generaciones` corre cada minuto (beat): entrega lo que la web no pudo encolar
porque el broker no respondía, vuelve a encolar lo que se perdió y devuelve a la cola lo
que un worker muerto dejó `generando`.

Los envíos programados (reportes a sus destinatarios, aviso diario de vencimientos) tienen
su lógica en `envios.py`; aquí sólo se reparten en tareas y se reintentan."""

import logging
from datetime import date, timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento

from . import envios, generacion
from .models import EstadoReporte, Reporte
from .servicios import reporte_encolar

logger = logging.getLogger(__name__)

TRANSITORIAS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
REINTENTOS = 3
# Pasado su tiempo máximo, Celery mata la generación: una fila que lleva más que eso en
# `generando` la dejó un worker que murió o que la cortó. El margen cubre relojes de
# servidores distintos.
GENERACION_ABANDONADA = timedelta(seconds=settings.REPORTE_SEGUNDOS + 15)
# Un mensaje entregado al broker que en este tiempo nadie tomó se perdió (Redis sin
# persistencia que se reinició); volver a encolarlo no duplica nada: la fila se reclama una vez.
MENSAJE_PERDIDO = timedelta(minutes=15)


def reintentar(tarea, *, countdown: int, exc: Exception | None = None) -> object:
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


def _reclamar(reporte_id: int, tarea_id: str) -> bool:
    """Pone la fila en `generando` a nombre de esta tarea, si le toca: está en espera, la
    generación anterior se abandonó, o es esta misma tarea que vuelve (su worker murió y el
    broker la devolvió). Dos mensajes del mismo reporte nunca generan a la vez."""
    ahora = timezone.now()
    with scopes_disabled():
        return (
            Reporte.objects.filter(pk=reporte_id)
            .filter(
                Q(estado=EstadoReporte.PENDIENTE)
                | Q(estado=EstadoReporte.GENERANDO, iniciado__lt=ahora - GENERACION_ABANDONADA)
                | Q(estado=EstadoReporte.GENERANDO, tarea=tarea_id)
            )
            .update(
                estado=EstadoReporte.GENERANDO,
                iniciado=ahora,
                intentos=F("intentos") + 1,
                error="",
                tarea=tarea_id,
            )
            == 1
        )


@shared_task(
    bind=True,
    max_retries=REINTENTOS,
    acks_late=True,
    time_limit=settings.REPORTE_SEGUNDOS,
    soft_time_limit=settings.REPORTE_SEGUNDOS - 5,
)
def generar_reporte(self, reporte_id: int) -> object:
    try:
        return _generar(reporte_id, self.request.id or "")
    except TRANSITORIAS as exc:
        _cerrar_conexion()
        if self.request.retries >= REINTENTOS:
            _marcar_si_se_puede(
                reporte_id,
                estado=EstadoReporte.ERROR,
                terminado=timezone.now(),
                error=f"No se pudo generar después de {REINTENTOS + 1} intentos: {exc}",
            )
            return "error"
        _marcar_si_se_puede(
            reporte_id,
            estado=EstadoReporte.PENDIENTE,
            error=f"Falla pasajera ({exc}); se reintentará en unos segundos.",
        )
        return reintentar(self, exc=exc, countdown=5 * 2**self.request.retries)


def _generar(reporte_id: int, tarea_id: str) -> str:
    with scopes_disabled():
        reporte = Reporte.objects.select_related("ayuntamiento").filter(pk=reporte_id).first()
    if reporte is None:
        return "no existe"
    if not _reclamar(reporte_id, tarea_id):
        return "ya estaba listo" if reporte.estado == EstadoReporte.LISTO else "lo tiene otro"
    try:
        with scope(ayuntamiento=reporte.ayuntamiento):
            generacion.generar(reporte)
    except TRANSITORIAS:
        raise
    except SoftTimeLimitExceeded:
        _marcar(
            reporte_id,
            estado=EstadoReporte.ERROR,
            terminado=timezone.now(),
            error=(
                f"La generación pasó de {settings.REPORTE_SEGUNDOS} segundos y se detuvo. "
                "Vuelva a pedirlo; si se repite, avise al equipo técnico (REPORTE_SEGUNDOS)."
            ),
        )
        return "error"
    except Exception as exc:
        logger.exception("Falló la generación del reporte %s", reporte_id)
        _marcar(
            reporte_id,
            estado=EstadoReporte.ERROR,
            terminado=timezone.now(),
            error=f"No se pudo generar el reporte: {exc}",
        )
        return "error"
    if reporte.emitido is None:
        return "listo"
    with scope(ayuntamiento=reporte.ayuntamiento):
        envios.envios_del_emitido_despachar(reporte)
    return "emitido"


def _cerrar_conexion() -> None:
    """La conexión que falló (la base se reinició, la red se cortó) ya no sirve: se cierra
    para que lo que sigue abra otra en lugar de escribir por la muerta. Dentro de una
    transacción ajena (modo eager) no se toca: es de quien llamó."""
    if not connection.in_atomic_block:
        connection.close()


def _marcar_si_se_puede(reporte_id: int, **campos) -> None:
    """Anota el resultado de una falla pasajera; si la base sigue sin responder, no se
    anota y el reintento (o el rescate) se encarga."""
    try:
        _marcar(reporte_id, **campos)
    except TRANSITORIAS as exc:
        _cerrar_conexion()
        logger.warning("No se pudo anotar el estado del reporte %s: %s", reporte_id, exc)


@shared_task
def rescatar_generaciones() -> int:
    """Cada minuto (beat). Entrega al broker los reportes que la web no pudo encolar
    (estaba caído), vuelve a encolar los que se perdieron y devuelve a la cola los que un
    worker muerto dejó en `generando`; el que ya se interrumpió en todos sus intentos queda
    en `error`. Ningún archivo a medias se sirve: sólo se descarga lo que está `listo`.
    Devuelve cuántos encoló."""
    ahora = timezone.now()
    with scopes_disabled():
        abandonados = Reporte.objects.filter(
            estado=EstadoReporte.GENERANDO, iniciado__lt=ahora - GENERACION_ABANDONADA
        )
        abandonados.filter(intentos__gt=REINTENTOS).update(
            estado=EstadoReporte.ERROR,
            terminado=ahora,
            error=(
                f"La generación se interrumpió {REINTENTOS + 1} veces (el proceso que la hacía "
                "se detuvo o pasó del tiempo máximo). Vuelva a pedirlo."
            ),
        )
        abandonados.update(estado=EstadoReporte.PENDIENTE, encolado=None)
        ids = list(
            Reporte.objects.filter(estado=EstadoReporte.PENDIENTE)
            .filter(Q(encolado__isnull=True) | Q(encolado__lt=ahora - MENSAJE_PERDIDO))
            .values_list("pk", flat=True)
        )
    return sum(reporte_encolar(reporte_id) for reporte_id in ids)


# --- Envíos programados --------------------------------------------------------------------

# Reintentos de un correo: 1, 4, 16, 30 y 30 minutos después (hora y media en total) cubren
# un servidor de correo que se reinicia o una cuota que se libera. Ninguna espera llega a la
# visibilidad del broker (VISIBILIDAD_SEGUNDOS): un mensaje en espera volvería a la cola.
REINTENTOS_CORREO = 5
ESPERA_MAXIMA_CORREO = 30 * 60


def espera_del_correo(intento: int) -> int:
    """Segundos hasta el siguiente intento de un correo."""
    return min(60 * 4**intento, ESPERA_MAXIMA_CORREO)


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


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=REINTENTOS_CORREO,
    time_limit=envios.ENVIO_SEGUNDOS,
    soft_time_limit=envios.ENVIO_SEGUNDOS - 15,
)
def enviar_reporte_por_correo(self, envio_id: int) -> object:
    """Un correo a un destinatario. El envío reclama su fila y no reenvía lo ya enviado ni
    lo que otro está enviando: un mensaje repetido o un reintento no duplican el correo."""
    intento = self.request.retries
    resultado = envios.envio_intentar(envio_id=envio_id, ultimo=intento >= REINTENTOS_CORREO)
    if resultado == "reintentar":
        return reintentar(self, countdown=espera_del_correo(intento))
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
        return reintentar(self, countdown=espera_del_correo(self.request.retries))
    return resumen.enviados
