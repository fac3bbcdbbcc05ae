"""Las tareas de Celery de los documentos: enviar cada notificación (con los mismos
reintentos que los correos de reportes) y el rescate de cada minuto."""

from celery import shared_task

from organizacion.colas import entregar
from reportes.envios import ENVIO_SEGUNDOS
from reportes.tasks import REINTENTOS_CORREO, espera_del_correo, reintentar

from . import notificaciones


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=REINTENTOS_CORREO,
    time_limit=ENVIO_SEGUNDOS,
    soft_time_limit=ENVIO_SEGUNDOS - 15,
)
def enviar_notificacion(self, notificacion_id: int) -> object:
    intento = self.request.retries
    resultado = notificaciones.notificacion_intentar(
        notificacion_id, ultimo=intento >= REINTENTOS_CORREO
    )
    if resultado == "reintentar":
        return reintentar(self, countdown=espera_del_correo(intento))
    return resultado


@shared_task
def rescatar_notificaciones() -> int:
    """Cada minuto (beat): entrega las notificaciones que la web no pudo encolar."""
    ids = notificaciones.por_rescatar()
    entregadas = 0
    for notificacion_id in ids:
        if entregar(enviar_notificacion, notificacion_id):
            notificaciones.anotar_encolada(notificacion_id)
            entregadas += 1
    return entregadas
