"""Entregar tareas al broker desde la web sin que una caída de Redis tumbe la página.

La web nunca espera el resultado de una tarea (no hay backend de resultados): sólo la
entrega. Si el broker no responde, la entrega falla en menos de un segundo (sin reintentos
y con una espera de conexión corta) en lugar de colgar un proceso de gunicorn; quien llama
decide qué hacer (decirlo a la persona, anotar la fila para que la despache el rescate de
cada minuto, hacer el trabajo ahí mismo). Los workers, que sí pueden esperar, encolan con
`delay()` y la política de reintentos de Celery."""

import logging
from collections.abc import Callable
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Sólo para la conexión de la web: un Redis en la misma red conecta en milisegundos.
OPCIONES_DE_ENTREGA = {"max_retries": 0, "socket_connect_timeout": 0.5, "socket_timeout": 1}


def entregar(tarea: Task, *args: Any) -> bool:
    """Entrega la tarea al broker ahora. False (y una línea en la bitácora) si no respondió.
    En modo eager (demostración, pruebas) la tarea corre aquí mismo y sus errores se
    propagan: no son del broker."""
    if tarea.app.conf.task_always_eager:
        tarea.apply_async(args)
        return True
    try:
        with tarea.app.connection_for_write(transport_options=OPCIONES_DE_ENTREGA) as conexion:
            tarea.apply_async(args, connection=conexion, retry=False)
    except (OperationalError, OSError) as error:
        logger.warning("El broker no recibió %s%r: %s", tarea.name, args, error)
        return False
    return True


def entregar_al_confirmar(
    tarea: Task,
    *args: Any,
    si_entrega: Callable[[], object] | None = None,
    si_falla: Callable[[], object] | None = None,
) -> None:
    """`entregar` cuando se confirme la transacción en curso (enseguida, si no hay una): el
    worker nunca busca una fila que aún no existe. `si_entrega` y `si_falla` corren después,
    según lo que pasó."""

    def al_confirmar() -> None:
        siguiente = si_entrega if entregar(tarea, *args) else si_falla
        if siguiente is not None:
            siguiente()

    transaction.on_commit(al_confirmar)
