"""Un worker de Celery de verdad, en otro proceso, contra Redis y PostgreSQL: la tarea de
invitación viaja por el broker, el worker la ejecuta con su propia conexión a la base y
el correo sale por su backend. En CI corre siempre (EXIGIR_SERVICIOS=1)."""

import os

import pytest
from celery import Celery

from tests.worker import arrancar_worker, cola_nueva


@pytest.mark.celery_real
@pytest.mark.django_db(transaction=True)
def test_un_worker_real_ejecuta_la_tarea_por_redis(ayuntamiento, titular):
    broker = os.environ["CELERY_PRUEBAS_BROKER_URL"]
    cola = cola_nueva()
    worker = arrancar_worker(
        cola, EMAIL_URL="consolemail://", SITIO_URL="https://transparencia.ejemplo.mx"
    )
    cliente = Celery("prueba", broker=broker, backend=broker)
    try:
        resultado = cliente.send_task(
            "organizacion.tasks.enviar_invitacion", args=[titular.pk, ayuntamiento.pk], queue=cola
        )
        assert resultado.get(timeout=90) == titular.email
    finally:
        worker.terminate()
        salida, _ = worker.communicate(timeout=60)
        cliente.close()
    assert "organizacion.tasks.enviar_invitacion" in salida
    assert f"To: {titular.email}" in salida
    assert "https://transparencia.ejemplo.mx/cuentas/reset/" in salida
    assert "Oaxaca de Juárez" in salida
