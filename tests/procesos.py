"""Procesos de verdad para las pruebas: un Redis propio, que se puede apagar y prender sin
tocar el de las demás pruebas; gunicorn con la configuración de la imagen contra la base de
pruebas; un servidor SMTP real que guarda lo que recibe; esperar con un límite a que algo
ocurra."""

import email
import email.policy
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from aiosmtpd.controller import Controller

from tests.conftest import servicio_faltante
from tests.test_settings import entorno_base
from tests.worker import RAIZ, url_base_de_pruebas

T = TypeVar("T")


def puerto_libre() -> int:
    """Un puerto local donde nadie escucha (todavía)."""
    with socket.socket() as libre:
        libre.bind(("127.0.0.1", 0))
        return libre.getsockname()[1]


def esperar(condicion: Callable[[], T | None], segundos: float, falla: str) -> T:
    """Lo que devuelva `condicion` en cuanto sea verdadero; AssertionError con `falla` si
    pasan los segundos."""
    limite = time.monotonic() + segundos
    while True:
        resultado = condicion()
        if resultado:
            return resultado
        if time.monotonic() > limite:
            raise AssertionError(f"{falla} (tras {segundos} s)")
        time.sleep(0.2)


def _responde(puerto: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", puerto), timeout=1) as conexion:
            conexion.sendall(b"PING\r\n")
            return conexion.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_propio(puerto: int) -> Iterator[str]:
    """Un redis-server en `puerto`, sin persistencia, mientras dure el bloque; devuelve su
    URL de broker."""
    binario = shutil.which("redis-server")
    if binario is None:
        servicio_faltante("esta prueba necesita redis-server")
    proceso = subprocess.Popen(
        [binario, "--port", str(puerto), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        esperar(lambda: _responde(puerto), 15, f"redis-server no arrancó en el puerto {puerto}")
        yield f"redis://127.0.0.1:{puerto}/0"
    finally:
        proceso.terminate()
        proceso.wait(timeout=15)


def arrancar_gunicorn(
    puerto: int, tmp_path: Path, *opciones: str, **entorno: str
) -> subprocess.Popen:
    """gunicorn con transparencia/gunicorn.py (más `opciones`), un proceso, contra la base de
    pruebas de PostgreSQL y con los archivos en tmp_path/archivos, como las pruebas."""
    return subprocess.Popen(
        [
            str(RAIZ / ".venv" / "bin" / "gunicorn"),
            "-c",
            "python:transparencia.gunicorn",
            "--bind",
            f"127.0.0.1:{puerto}",
            "--workers",
            "1",
            "--worker-tmp-dir",
            str(tmp_path),
            *opciones,
            "transparencia.wsgi:application",
        ],
        cwd=RAIZ,
        env={
            **entorno_base(),
            "DATABASE_URL": url_base_de_pruebas(),
            "MEDIA_ROOT": str(tmp_path / "archivos"),
            **entorno,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def escucha(puerto: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", puerto), timeout=1).close()
        return True
    except OSError:
        return False


class Buzon:
    """Lo que recibe el servidor SMTP de `servidor_smtp`, leído como correo."""

    def __init__(self) -> None:
        self.recibidos: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.recibidos.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"


@contextmanager
def servidor_smtp() -> Iterator[tuple[Buzon, int]]:
    """Un servidor SMTP de verdad (aiosmtpd) en un puerto libre: (buzón, puerto)."""
    buzon = Buzon()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto_libre())
    servidor.start()
    try:
        yield buzon, servidor.port
    finally:
        servidor.stop()


def adjuntos_pdf(mensaje: email.message.EmailMessage) -> list[bytes]:
    return [
        parte.get_content()
        for parte in mensaje.iter_attachments()
        if parte.get_content_type() == "application/pdf"
    ]
