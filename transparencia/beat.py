"""Un solo beat, y saber que está vivo.

Dos beats con el calendario en la base programarían cada tarea dos veces. Nada se duplica
hacia afuera (los reportes y correos reclaman su fila), pero todo el trabajo se haría dos
veces y el registro de corridas mentiría. Por eso, al arrancar, beat toma un candado
consultivo de PostgreSQL (pg_try_advisory_lock) en una conexión propia que mantiene
abierta mientras vive: un segundo beat no lo obtiene y termina con un mensaje en español.
Si el primero muere, su conexión se cierra, PostgreSQL suelta el candado y el siguiente beat
que arranque lo toma (la orden restart de docker-compose.yml o de systemd lo reintenta).

`problemas_de_beat()` es la prueba de vida del healthcheck: el candado está tomado (hay un
beat conectado) y el rescate de cada minuto corrió hace poco (ese beat programa)."""

import logging
from datetime import timedelta

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

logger = logging.getLogger(__name__)

# El número del candado: cualquier constante propia, la misma para todos los procesos.
CANDADO = 20_221_976
# beat guarda en la base lo que programó cada 3 minutos (DatabaseScheduler.sync_every) y al
# detenerse; el rescate corre cada minuto: más de esto sin anotarlo es un beat detenido.
SIN_LATIDO = timedelta(minutes=5)
LATIDO = "reportes.tasks.rescatar_generaciones"

_conexion_del_candado: BaseDatabaseWrapper | None = None


class OtroBeat(SystemExit):
    pass


def tomar_candado(**_: object) -> None:
    """Al arrancar beat (señal beat_init). Sin PostgreSQL (la demostración en SQLite, que no
    corre beat) no hay candado que tomar."""
    global _conexion_del_candado
    if connections["default"].vendor != "postgresql":
        return
    conexion = connections.create_connection("default")
    with conexion.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [CANDADO])
        (tomado,) = cursor.fetchone()
    if not tomado:
        conexion.close()
        mensaje = (
            "Ya hay un beat de Celery corriendo contra esta base de datos; debe haber uno solo "
            "(docs/escalamiento.md). Este se detiene."
        )
        logger.error(mensaje)
        raise OtroBeat(mensaje)
    _conexion_del_candado = conexion  # abierta mientras viva el proceso
    logger.info("beat tomó el candado %s: es el único que programa tareas.", CANDADO)


def problemas_de_beat() -> list[str]:
    """Vacío si beat está vivo; si no, qué falta, en español."""
    from django_celery_beat.models import PeriodicTask

    problemas = []
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = 0 AND objid = %s",
            [CANDADO],
        )
        (candados,) = cursor.fetchone()
    if not candados:
        problemas.append("Ningún beat tiene el candado: beat no está corriendo.")
    ultima = PeriodicTask.objects.filter(task=LATIDO).values_list("last_run_at", flat=True).first()
    if ultima is None or ultima < timezone.now() - SIN_LATIDO:
        problemas.append(
            f"beat no ha programado {LATIDO} (cada minuto) en los últimos "
            f"{SIN_LATIDO.seconds // 60} minutos."
        )
    return problemas
