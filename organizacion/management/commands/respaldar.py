"""Respaldo de la base de datos y de los archivos subidos (MEDIA_ROOT) en una carpeta.

Deja tres archivos con la misma marca de tiempo: la base (`base_<marca>.dump` de pg_dump en
formato propio, o `base_<marca>.sqlite3`), los archivos (`archivos_<marca>.tar.gz`) y el
manifiesto (`respaldo_<marca>.json`) con las sumas sha256 con las que `restaurar` comprueba
que nada se dañó. Ver docs/respaldos.md."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

PREFIJO_MANIFIESTO = "respaldo_"
INSTALAR_CLIENTE = (
    "Instale el cliente de PostgreSQL, de la misma versión mayor que el servidor o más nueva "
    "(en Debian o Ubuntu: apt-get install postgresql-client). La imagen de Docker ya lo trae."
)


def sha256_de(ruta: Path) -> str:
    with ruta.open("rb") as archivo:
        return hashlib.file_digest(archivo, "sha256").hexdigest()


def motor() -> str:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise CommandError(f"Sólo se respaldan PostgreSQL y SQLite, no {connection.vendor}.")
    return connection.vendor


def correr_postgres(programa: str, *argumentos: str) -> None:
    """Corre pg_dump o pg_restore contra la base a la que Django está conectado (en pruebas,
    la base test_…). La clave va en PGPASSWORD: en la línea de órdenes la vería cualquiera
    con `ps`."""
    ejecutable = shutil.which(programa)
    if ejecutable is None:
        raise CommandError(f"No se encontró {programa}. {INSTALAR_CLIENTE}")
    ajustes = connection.settings_dict
    _, entorno = DatabaseClient.settings_to_cmd_args_env(ajustes, [])
    conexion = [
        f"--{opcion}={valor}"
        for opcion, valor in (
            ("host", ajustes.get("HOST")),
            ("port", ajustes.get("PORT")),
            ("username", ajustes.get("USER")),
            ("dbname", ajustes.get("NAME")),
        )
        if valor
    ]
    resultado = subprocess.run(
        [ejecutable, *conexion, *argumentos],
        env={**os.environ, **(entorno or {})},
        capture_output=True,
        text=True,
    )
    if resultado.returncode != 0:
        error = resultado.stderr.strip()
        if "version mismatch" in error:
            error += f"\n{INSTALAR_CLIENTE}"
        raise CommandError(f"{programa} falló:\n{error}")


def migraciones_aplicadas() -> dict[str, str]:
    """La última migración aplicada de cada app, en el orden en que se aplicaron."""
    return dict(
        MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name")
    )


class Command(BaseCommand):
    help = "Respalda la base de datos y los archivos subidos en la carpeta indicada."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--destino", required=True, type=Path, help="Carpeta donde se guarda el respaldo."
        )

    def handle(self, *args: Any, destino: Path, **options: Any) -> None:
        tipo = motor()
        try:
            destino.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(
                f"No se puede crear la carpeta {destino}: {error.strerror}."
            ) from error
        if not os.access(destino, os.W_OK | os.X_OK):
            raise CommandError(f"No se puede escribir en la carpeta {destino}.")

        marca = timezone.localtime().strftime("%Y-%m-%d_%H%M%S")
        base = destino / f"base_{marca}.{'dump' if tipo == 'postgresql' else 'sqlite3'}"
        archivos = destino / f"archivos_{marca}.tar.gz"
        manifiesto = destino / f"{PREFIJO_MANIFIESTO}{marca}.json"
        if any(ruta.exists() for ruta in (base, archivos, manifiesto)):
            raise CommandError(f"Ya hay un respaldo {marca} en {destino}; espere un segundo.")

        # Primero la base y después los archivos: todo archivo que la base menciona queda en
        # el respaldo (a lo sumo sobra alguno subido entretanto, lo que no estorba).
        try:
            if tipo == "postgresql":
                correr_postgres("pg_dump", "--format=custom", f"--file={base}")
            else:
                connection.ensure_connection()
                # La API de respaldo de SQLite copia una imagen coherente aunque la base se
                # esté usando, a diferencia de copiar el archivo.
                with closing(sqlite3.connect(base)) as copia:
                    connection.connection.backup(copia)
            self.empaquetar_archivos(archivos)
            datos = {
                "fecha": timezone.localtime().isoformat(),
                "motor": tipo,
                "base_de_datos": str(connection.settings_dict["NAME"]),
                "base": {"archivo": base.name, "sha256": sha256_de(base)},
                "archivos": {"archivo": archivos.name, "sha256": sha256_de(archivos)},
                "migraciones": migraciones_aplicadas(),
            }
            manifiesto.write_text(
                json.dumps(datos, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        except BaseException as error:
            # Un respaldo a medias no debe parecer bueno: sin manifiesto no se restaura, pero
            # tampoco se dejan sus pedazos.
            for ruta in (base, archivos, manifiesto):
                ruta.unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise CommandError(
                    f"No se pudo escribir el respaldo en {destino}: {error}."
                ) from error
            raise

        self.stdout.write(self.style.SUCCESS(f"Respaldo listo: {manifiesto}"))
        for ruta in (base, archivos):
            self.stdout.write(f"  {ruta.name} ({ruta.stat().st_size:,} bytes)")

    def empaquetar_archivos(self, ruta: Path) -> None:
        raiz = Path(settings.MEDIA_ROOT)
        with tarfile.open(ruta, "w:gz") as tar:
            # Una instalación nueva aún no tiene MEDIA_ROOT: el respaldo queda vacío.
            if raiz.is_dir():
                for hijo in sorted(raiz.iterdir()):
                    tar.add(hijo, arcname=hijo.name)
