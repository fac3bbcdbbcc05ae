"""Un solo beat: dos beats reales contra la misma base; el segundo se detiene con un
mensaje, y cuando el primero muere el siguiente toma su lugar. La prueba de vida del
healthcheck distingue un beat vivo de uno detenido."""

import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.procesos import esperar, puerto_libre, redis_propio
from tests.worker import RAIZ, url_base_de_pruebas
from transparencia.beat import CANDADO, LATIDO

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _beat(broker: str, tmp_path, nombre: str) -> subprocess.Popen:
    with open(tmp_path / f"{nombre}.log", "w") as bitacora:
        return subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "transparencia", "beat", "--loglevel=INFO",
                "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler",
                "--pidfile", "", "--schedule", str(tmp_path / f"{nombre}.db"),
            ],
            cwd=RAIZ,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path),
                "DATABASE_URL": url_base_de_pruebas(),
                "CELERY_BROKER_URL": broker,
            },
            stdout=bitacora,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def _candado_tomado() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = %s",
            [CANDADO],
        )
        return cursor.fetchone()[0] == 1


def test_un_segundo_beat_se_detiene_y_reemplaza_al_que_muere(tmp_path):
    with redis_propio(puerto_libre()) as broker:
        primero = _beat(broker, tmp_path, "primero")
        try:
            esperar(_candado_tomado, 60, "el primer beat no tomó el candado")
            segundo = _beat(broker, tmp_path, "segundo")
            assert segundo.wait(timeout=60) != 0
            assert primero.poll() is None
            bitacora = (tmp_path / "segundo.log").read_text()
            assert "Ya hay un beat de Celery corriendo contra esta base de datos" in bitacora

            primero.send_signal(signal.SIGKILL)
            primero.wait(timeout=10)
            esperar(lambda: not _candado_tomado(), 30, "PostgreSQL no soltó el candado")
            tercero = _beat(broker, tmp_path, "tercero")
            try:
                esperar(_candado_tomado, 60, "el beat nuevo no tomó el candado")
                assert tercero.poll() is None
            finally:
                tercero.terminate()
                tercero.wait(timeout=30)
        finally:
            if primero.poll() is None:
                primero.kill()
                primero.wait()


def test_la_prueba_de_vida_de_beat(tmp_path, capsys):
    # Las pruebas con transacciones reales vacían las tablas: el calendario de la migración
    # se vuelve a poner.
    cada_minuto, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    rescate, _ = PeriodicTask.objects.get_or_create(
        task=LATIDO, defaults={"name": "Rescate", "interval": cada_minuto}
    )
    with pytest.raises(CommandError, match="Ningún beat tiene el candado"):
        call_command("revisar_beat")
    with redis_propio(puerto_libre()) as broker:
        beat = _beat(broker, tmp_path, "beat")
        try:
            esperar(_candado_tomado, 60, "beat no tomó el candado")
            # Con el candado, pero sin haber programado en cinco minutos: detenido.
            PeriodicTask.objects.filter(pk=rescate.pk).update(
                last_run_at=timezone.now() - timedelta(minutes=6)
            )
            with pytest.raises(CommandError, match="no ha programado"):
                call_command("revisar_beat")
            PeriodicTask.objects.filter(pk=rescate.pk).update(last_run_at=timezone.now())
            call_command("revisar_beat")
            assert "beat está vivo" in capsys.readouterr().out
        finally:
            beat.terminate()
            beat.wait(timeout=30)
