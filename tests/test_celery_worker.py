"""Un worker de Celery de verdad, en otro proceso, contra Redis y PostgreSQL: la tarea de
invitación viaja por el broker, el worker la ejecuta con su propia conexión a la base y
el correo sale por su backend. En CI corre siempre (EXIGIR_SERVICIOS=1)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

RAIZ = Path(__file__).resolve().parent.parent


def _url_base_de_pruebas() -> str:
    datos = connection.settings_dict
    credencial = quote(datos["USER"] or "postgres")
    if datos.get("PASSWORD"):
        credencial += ":" + quote(datos["PASSWORD"])
    return f"postgres://{credencial}@{datos['HOST'] or '127.0.0.1'}:{datos['PORT'] or 5432}/{datos['NAME']}"


@pytest.mark.celery_real
@pytest.mark.django_db(transaction=True)
def test_un_worker_real_ejecuta_la_tarea_por_redis(ayuntamiento, titular):
    broker = os.environ["CELERY_PRUEBAS_BROKER_URL"]
    cola = f"prueba-{uuid.uuid4().hex[:8]}"  # una cola propia: ninguna tarea vieja se cuela
    entorno = {
        **os.environ,
        "DATABASE_URL": _url_base_de_pruebas(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "EMAIL_URL": "consolemail://",
        "SITIO_URL": "https://transparencia.ejemplo.mx",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "transparencia",
            "worker",
            "--pool=solo",
            "--queues",
            cola,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=RAIZ,
        env=entorno,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
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
