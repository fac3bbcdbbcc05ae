"""Restaura un respaldo hecho con `respaldar`: reemplaza la base de datos y los archivos
subidos (MEDIA_ROOT). Antes de tocar nada comprueba el respaldo entero (sumas sha256 del
manifiesto, rutas del paquete de archivos, versión del código); sin --confirmar sólo hace
esa comprobación. Ver docs/respaldos.md."""

import json
import shutil
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from .respaldar import PREFIJO_MANIFIESTO, correr_postgres, motor, sha256_de


class Command(BaseCommand):
    help = (
        "Restaura un respaldo de «respaldar»: REEMPLAZA la base de datos y los archivos "
        "subidos. Sin --confirmar sólo comprueba el respaldo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--origen",
            required=True,
            type=Path,
            help="Carpeta de respaldos (se toma el más reciente) o un manifiesto respaldo_….json.",
        )
        parser.add_argument(
            "--confirmar",
            action="store_true",
            help="Reemplaza de verdad los datos actuales por los del respaldo.",
        )

    def handle(self, *args: Any, origen: Path, confirmar: bool, **options: Any) -> None:
        tipo = motor()
        manifiesto = self.elegir_manifiesto(origen)
        datos = self.leer_manifiesto(manifiesto)
        if datos["motor"] != tipo:
            raise CommandError(
                f"El respaldo es de {datos['motor']} y la base configurada es {tipo}: "
                "no se restaura nada."
            )
        base = self.archivo_verificado(manifiesto, datos, "base")
        archivos = self.archivo_verificado(manifiesto, datos, "archivos")
        self.revisar_paquete(archivos)
        self.revisar_version(datos["migraciones"])
        self.stdout.write(f"El respaldo del {datos['fecha']} ({manifiesto.name}) está íntegro.")
        if not confirmar:
            raise CommandError(
                f"Restaurar reemplaza todos los datos de la base {connection.settings_dict['NAME']} "
                f"y los archivos de {settings.MEDIA_ROOT}. Para hacerlo, repita la orden con "
                "--confirmar."
            )

        # Primero la base: si falla, pg_restore deshace todo (una sola transacción) y los
        # archivos aún no se tocaron.
        if tipo == "postgresql":
            # Una conexión abierta de este proceso podría retener candados que bloqueen el
            # DROP de las tablas.
            connection.close()
            correr_postgres(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(base),
            )
        else:
            connection.ensure_connection()
            with closing(sqlite3.connect(base)) as fuente:
                fuente.backup(connection.connection)
        self.restaurar_archivos(archivos)

        self.stdout.write(self.style.SUCCESS(f"Respaldo restaurado: {manifiesto.name}"))
        ejecutor = MigrationExecutor(connection)
        if ejecutor.migration_plan(ejecutor.loader.graph.leaf_nodes()):
            self.stdout.write(
                self.style.WARNING(
                    "El respaldo es de una versión anterior del código: corra "
                    "«python manage.py migrate» antes de arrancar el servicio."
                )
            )

    def elegir_manifiesto(self, origen: Path) -> Path:
        if origen.is_file():
            return origen
        if not origen.is_dir():
            raise CommandError(f"No existe {origen}.")
        manifiestos = sorted(origen.glob(f"{PREFIJO_MANIFIESTO}*.json"))
        if not manifiestos:
            raise CommandError(f"No hay respaldos ({PREFIJO_MANIFIESTO}….json) en {origen}.")
        # La marca de tiempo del nombre (AAAA-MM-DD_HHMMSS) ordena del más viejo al más nuevo.
        return manifiestos[-1]

    def leer_manifiesto(self, manifiesto: Path) -> dict[str, Any]:
        try:
            datos = json.loads(manifiesto.read_text(encoding="utf-8"))
            for parte in ("base", "archivos"):
                nombre = datos[parte]["archivo"]
                # El manifiesto sólo puede nombrar archivos de su misma carpeta.
                if not isinstance(nombre, str) or Path(nombre).name != nombre:
                    raise ValueError(nombre)
                if not isinstance(datos[parte]["sha256"], str):
                    raise ValueError(parte)
            if not isinstance(datos["migraciones"], dict):
                raise ValueError("migraciones")
            if not all(isinstance(datos[clave], str) for clave in ("motor", "fecha")):
                raise ValueError("motor")
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise CommandError(
                f"{manifiesto} no es un manifiesto de respaldo válido: no se restaura nada."
            ) from error
        return datos

    def archivo_verificado(self, manifiesto: Path, datos: dict[str, Any], parte: str) -> Path:
        ruta = manifiesto.parent / datos[parte]["archivo"]
        if not ruta.is_file():
            raise CommandError(f"Falta {ruta.name} junto al manifiesto: no se restaura nada.")
        if sha256_de(ruta) != datos[parte]["sha256"]:
            raise CommandError(
                f"El respaldo está dañado: {ruta.name} no coincide con la suma sha256 del "
                "manifiesto. No se restauró nada; use otro respaldo."
            )
        return ruta

    def revisar_paquete(self, archivos: Path) -> None:
        """Aplica a cada miembro el filtro «data» de tarfile antes de extraer nada: rechaza
        rutas absolutas, «..», enlaces que salen de la carpeta y archivos especiales."""
        raiz = str(Path(settings.MEDIA_ROOT).resolve())
        try:
            with tarfile.open(archivos, "r:gz") as tar:
                for miembro in tar:
                    tarfile.data_filter(miembro, raiz)
        except tarfile.FilterError as error:
            raise CommandError(
                f"{archivos.name} trae una ruta no permitida ({error}): no se restaura nada."
            ) from error
        except (tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(
                f"{archivos.name} no se puede leer ({error}): no se restaura nada."
            ) from error

    def revisar_version(self, migraciones: dict[str, str]) -> None:
        """Un respaldo de una versión más nueva del código tiene migraciones que este código
        no conoce: restaurarlo dejaría un esquema que el código no sabe usar."""
        cargador = MigrationLoader(None, ignore_no_migrations=True)
        for app, nombre in migraciones.items():
            if app in cargador.migrated_apps and (app, nombre) not in cargador.disk_migrations:
                raise CommandError(
                    f"El respaldo viene de una versión más nueva del código (migración "
                    f"{app}.{nombre}, que este código no tiene). Actualice primero el código; "
                    "no se restaura nada."
                )

    def restaurar_archivos(self, archivos: Path) -> None:
        raiz = Path(settings.MEDIA_ROOT)
        raiz.mkdir(parents=True, exist_ok=True)
        # Se vacía el contenido, no la carpeta (en Docker es el punto de montaje del volumen),
        # para que no queden archivos posteriores al respaldo.
        for hijo in raiz.iterdir():
            if hijo.is_dir() and not hijo.is_symlink():
                shutil.rmtree(hijo)
            else:
                hijo.unlink()
        with tarfile.open(archivos, "r:gz") as tar:
            tar.extractall(raiz, filter="data")
