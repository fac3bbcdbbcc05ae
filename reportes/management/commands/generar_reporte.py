"""Genera un reporte fuera de la web: el mismo PDF que la página de reportes (una versión
nueva), útil para operadores y para revisar un periodo. Sale como borrador, sin número;
con --emitir se emite aquí mismo con su oficio de remisión, como lo haría la persona
titular en la página del reporte."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento, hoy_local
from reportes import generacion
from reportes.servicios import reporte_solicitar
from reportes.tipos import TIPOS


def _entero(valor: str | None, nombre: str) -> int:
    if valor is None:
        raise CommandError(f"Falta --{nombre}.")
    try:
        return int(valor)
    except ValueError:
        raise CommandError(f"--{nombre} debe ser un número entero, no «{valor}».") from None


class Command(BaseCommand):
    help = (
        "Genera un reporte en PDF (una versión nueva) y dice dónde quedó guardado; con "
        "--salida además escribe una copia en ese archivo."
    )

    def add_arguments(self, parser) -> None:
        # Los obligatorios se verifican en handle(): así el error sale en español.
        parser.add_argument("--ayuntamiento", help="Identificador (slug) del ayuntamiento.")
        parser.add_argument("--tipo", help=f"Tipo de reporte: {', '.join(sorted(TIPOS))}.")
        parser.add_argument("--anio", help="Año del periodo, p. ej. 2024.")
        parser.add_argument("--periodo", help="Trimestre (1–4), semestre (1–2) o 1 en los anuales.")
        parser.add_argument("--salida", help="Archivo donde escribir una copia del PDF.")
        parser.add_argument(
            "--emitir",
            action="store_true",
            help="Emitirlo: toma el siguiente número de oficio y el PDF lo lleva.",
        )

    def handle(self, *args, **opciones) -> None:
        slug, tipo = opciones["ayuntamiento"], opciones["tipo"]
        if not slug:
            raise CommandError("Falta --ayuntamiento (el identificador de su dirección).")
        if not tipo:
            raise CommandError(f"Falta --tipo ({', '.join(sorted(TIPOS))}).")
        anio = _entero(opciones["anio"], "anio")
        numero = _entero(opciones["periodo"], "periodo")
        with scopes_disabled():
            ayuntamiento = Ayuntamiento.objects.filter(slug=slug).first()
        if ayuntamiento is None:
            raise CommandError(f"No existe el ayuntamiento «{slug}».")
        if tipo not in TIPOS:
            raise CommandError(
                f"No existe el tipo de reporte «{tipo}»; use uno de: {', '.join(sorted(TIPOS))}."
            )
        salida = Path(opciones["salida"]) if opciones["salida"] else None
        if salida is not None and not salida.parent.is_dir():
            raise CommandError(f"No existe la carpeta {salida.parent}.")

        hoy = hoy_local(ayuntamiento)
        try:
            # Todo o nada: si la generación falla no queda una versión en espera ni se
            # gasta un número de oficio.
            with scope(ayuntamiento=ayuntamiento), transaction.atomic():
                reporte = reporte_solicitar(
                    ayuntamiento=ayuntamiento,
                    tipo=tipo,
                    anio=anio,
                    periodo=numero,
                    hoy=hoy,
                    usuario=None,
                    encolar=False,
                )
                if opciones["emitir"]:
                    generacion.oficio_de_remision(reporte, hoy=hoy, usuario=None)
                contenido = generacion.generar(reporte, hoy=hoy)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        self.stdout.write(
            f"{reporte.get_tipo_display()} de {ayuntamiento.nombre}, {reporte.nombre_periodo} "
            f"(versión {reporte.version}, {len(contenido) / 1024:.0f} KB, "
            f"SHA-256 {reporte.sha256}): "
            + (f"emitido con el oficio {reporte.oficio}." if reporte.emitido else "borrador.")
        )
        for aviso in reporte.avisos:
            self.stdout.write(self.style.WARNING(f"Aviso: {aviso}"))
        self.stdout.write(f"Guardado en {reporte.archivo.path}")
        if salida is not None:
            try:
                salida.write_bytes(contenido)
            except OSError as error:
                raise CommandError(f"No se pudo escribir {salida}: {error.strerror}.") from None
            self.stdout.write(self.style.SUCCESS(f"Copia escrita en {salida}"))
