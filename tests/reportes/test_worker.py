"""La generación con un worker de Celery de verdad, contra Redis y PostgreSQL: el mensaje
viaja por el broker, el worker escribe el PDF en el almacenamiento y la fila queda
`listo`. Y si el proceso que genera muere a la mitad (SIGKILL), el mensaje vuelve a la
cola (acks tardíos) y la misma fila termina con un PDF completo: nunca se sirve uno a
medias. En CI corren siempre (EXIGIR_SERVICIOS=1)."""

import os
import signal
import subprocess
import time
from datetime import date

import pytest
from celery import Celery
from django.conf import settings
from django_scopes import scopes_disabled

from reportes.models import EstadoReporte, Reporte
from tests.capacitacion.objetos import sesion
from tests.worker import arrancar_worker, cola_nueva

from .objetos import reporte_pendiente
from .pdf import renglones_de_tabla, texto_del_pdf

pytestmark = [pytest.mark.celery_real, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reporte(ayuntamiento) -> Reporte:
    sesion(ayuntamiento, fecha=date(2024, 5, 14), mujeres=21, hombres=13)
    return reporte_pendiente(ayuntamiento)


def _fila(reporte: Reporte) -> Reporte:
    with scopes_disabled():
        return Reporte.objects.get(pk=reporte.pk)


def _esperar(reporte: Reporte, estados: set[str], segundos: float = 90) -> Reporte:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        fila = _fila(reporte)
        if fila.estado in estados:
            return fila
        time.sleep(0.02)
    raise AssertionError(f"El reporte no llegó a {estados}; quedó en {fila.estado}.")


def _comprobar_pdf(fila: Reporte) -> None:
    contenido = fila.archivo.open("rb").read()
    texto = texto_del_pdf(contenido)
    renglones = renglones_de_tabla(texto, "Capacitación: sesiones y personas asistentes por sexo")
    assert "Mayo 1 13 21 0 34" in renglones


def test_un_worker_real_genera_el_pdf(reporte):
    broker = os.environ["CELERY_PRUEBAS_BROKER_URL"]
    cola = cola_nueva()
    worker = arrancar_worker(cola, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    cliente = Celery("prueba", broker=broker, backend=broker)
    try:
        resultado = cliente.send_task(
            "reportes.tasks.generar_reporte", args=[reporte.pk], queue=cola
        )
        assert resultado.get(timeout=120) == "listo"
    finally:
        worker.terminate()
        salida, _ = worker.communicate(timeout=60)
        cliente.close()
    assert "reportes.tasks.generar_reporte" in salida
    fila = _fila(reporte)
    assert fila.estado == EstadoReporte.LISTO and fila.intentos == 1
    _comprobar_pdf(fila)


def test_si_el_proceso_muere_a_la_mitad_el_reporte_se_termina_igual(reporte):
    broker = os.environ["CELERY_PRUEBAS_BROKER_URL"]
    cola = cola_nueva()
    # Con el pool prefork la generación corre en un proceso hijo: al matarlo, el worker
    # (padre) ve WorkerLostError y, por task_reject_on_worker_lost, devuelve el mensaje.
    worker = arrancar_worker(cola, pool="prefork", MEDIA_ROOT=str(settings.MEDIA_ROOT))
    cliente = Celery("prueba", broker=broker)
    try:
        cliente.send_task("reportes.tasks.generar_reporte", args=[reporte.pk], queue=cola)
        _esperar(reporte, {EstadoReporte.GENERANDO})
        hijos = subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=True
        ).stdout.split()
        for hijo in hijos:
            os.kill(int(hijo), signal.SIGKILL)
        fila = _esperar(reporte, {EstadoReporte.LISTO, EstadoReporte.ERROR}, segundos=120)
    finally:
        worker.terminate()
        salida, _ = worker.communicate(timeout=60)
        cliente.close()
    assert "WorkerLostError" in salida or "SIGKILL" in salida
    assert fila.estado == EstadoReporte.LISTO
    assert fila.intentos == 2
    _comprobar_pdf(fila)
