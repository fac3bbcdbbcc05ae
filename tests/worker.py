"""Arrancar un worker de Celery de verdad, en otro proceso, contra Redis y la base de
pruebas de PostgreSQL, escuchando una cola propia (ninguna tarea vieja se cuela)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import IO
from urllib.parse import quote

from django.db import connection

RAIZ = Path(__file__).resolve().parent.parent


def url_base_de_pruebas() -> str:
    datos = connection.settings_dict
    credencial = quote(datos["USER"] or "postgres")
    if datos.get("PASSWORD"):
        credencial += ":" + quote(datos["PASSWORD"])
    return f"postgres://{credencial}@{datos['HOST'] or '127.0.0.1'}:{datos['PORT'] or 5432}/{datos['NAME']}"


def cola_nueva() -> str:
    return f"prueba-{uuid.uuid4().hex[:8]}"


def arrancar_worker(
    cola: str, *, pool: str = "solo", salida: IO[str] | int = subprocess.PIPE, **entorno: str
) -> subprocess.Popen:
    """El worker escribe su bitácora en `salida` (por omisión, un tubo que se lee con
    `communicate()`). `entorno` cambia variables, como CELERY_BROKER_URL."""
    broker = entorno.get("CELERY_BROKER_URL") or os.environ["CELERY_PRUEBAS_BROKER_URL"]
    variables = {
        **os.environ,
        "DATABASE_URL": url_base_de_pruebas(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        **entorno,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "transparencia",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--queues",
            cola,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=RAIZ,
        env=variables,
        stdout=salida,
        stderr=subprocess.STDOUT,
        text=True,
    )
