"""Benchmark del calendario de días hábiles.

Arma el calendario de un ayuntamiento con varios periodos inhábiles declarados (nacional,
del garante y propio) y calcula 100 000 plazos con fechas de recepción al azar entre 2024 y
2026: inicio del cómputo, vencimiento a 20 días hábiles y conteo de días entre la recepción
y el vencimiento. Informa cuántas consultas a la base de datos se hicieron (debe ser una
sola: la de `calendario_para`) y cuánto tardó.

Los datos se crean dentro de una transacción que se revierte al final: la base queda igual.

Uso, desde la raíz del proyecto:

    .venv/bin/python bench/bench_calendario.py
    .venv/bin/python bench/bench_calendario.py --plazos 20000 --semilla 7
    .venv/bin/python bench/bench_calendario.py --memoria     # SQLite en memoria, con migrate
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_calendario.py

Sale con código 1 si se hizo cualquier número de consultas distinto de uno, y con código 2
si la base no está disponible o le faltan migraciones.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from comun import preparar_django

DIAS_RESPUESTA = 20


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark del calendario de días hábiles.")
    parser.add_argument("--plazos", type=int, default=100_000, help="plazos a calcular")
    parser.add_argument("--semilla", type=int, default=2024, help="semilla del azar")
    parser.add_argument(
        "--memoria",
        action="store_true",
        help="usar una base SQLite en memoria (se migra al arrancar) en lugar de DATABASE_URL",
    )
    return parser.parse_args()


def _verificar_base() -> str | None:
    """Un mensaje de error si la base no está disponible o le faltan migraciones."""
    from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
    from django.db.migrations.executor import MigrationExecutor

    conexion = connections[DEFAULT_DB_ALIAS]
    try:
        ejecutor = MigrationExecutor(conexion)
        pendientes = ejecutor.migration_plan(ejecutor.loader.graph.leaf_nodes())
    except OperationalError as error:
        return f"No se pudo conectar a la base de datos: {error}".strip()
    if pendientes:
        return (
            f"A la base le faltan {len(pendientes)} migraciones: ejecute "
            "«python manage.py migrate» o use --memoria."
        )
    return None


def _crear_datos():
    from organizacion.models import Ambito, Ayuntamiento, DiaInhabil, Garante

    garante = Garante.objects.create(
        nombre="Garante de prueba (benchmark)", siglas="BENCH", estado="OAX"
    )
    ayuntamiento = Ayuntamiento.objects.create(
        nombre="Ayuntamiento de prueba (benchmark)",
        slug=f"bench-calendario-{os.getpid()}",
        estado="OAX",
        garante=garante,
    )
    periodos = [
        # (ámbito, desde, hasta, motivo)
        (Ambito.GARANTE, date(2024, 3, 28), date(2024, 3, 29), "Semana Santa 2024"),
        (Ambito.GARANTE, date(2025, 4, 17), date(2025, 4, 18), "Semana Santa 2025"),
        (Ambito.GARANTE, date(2026, 4, 2), date(2026, 4, 3), "Semana Santa 2026"),
        (Ambito.GARANTE, date(2024, 7, 15), date(2024, 7, 26), "Vacaciones de verano 2024"),
        (Ambito.GARANTE, date(2025, 7, 14), date(2025, 7, 25), "Vacaciones de verano 2025"),
        (Ambito.GARANTE, date(2026, 7, 13), date(2026, 7, 24), "Vacaciones de verano 2026"),
        (Ambito.GARANTE, date(2024, 12, 16), date(2025, 1, 3), "Vacaciones de invierno 2024"),
        (Ambito.GARANTE, date(2025, 12, 15), date(2026, 1, 2), "Vacaciones de invierno 2025"),
        (Ambito.AYUNTAMIENTO, date(2024, 6, 14), date(2024, 6, 14), "Aniversario del municipio"),
        (Ambito.AYUNTAMIENTO, date(2025, 11, 3), date(2025, 11, 3), "Día de Muertos"),
        (Ambito.NACIONAL, date(2025, 6, 2), date(2025, 6, 6), "Suspensión de plazos"),
    ]
    for ambito, desde, hasta, motivo in periodos:
        DiaInhabil.objects.create(
            ambito=ambito,
            garante=garante if ambito == Ambito.GARANTE else None,
            ayuntamiento=ayuntamiento if ambito == Ambito.AYUNTAMIENTO else None,
            fecha_inicio=desde,
            fecha_fin=hasta,
            motivo=motivo,
            acuerdo=f"Acuerdo de prueba: {motivo}",
        )
    return ayuntamiento, len(periodos)


def _recepciones(cantidad: int, semilla: int, zona: str) -> list[datetime]:
    azar = random.Random(semilla)
    inicio = datetime(2024, 1, 1, tzinfo=ZoneInfo(zona))
    segundos = int((datetime(2027, 1, 1, tzinfo=ZoneInfo(zona)) - inicio).total_seconds())
    return [inicio + timedelta(seconds=azar.randrange(segundos)) for _ in range(cantidad)]


def _tabla(filas: list[tuple[str, str]]) -> str:
    ancho_izq = max(len(c) for c, _ in filas)
    ancho_der = max(len(v) for _, v in filas)
    borde = f"+-{'-' * ancho_izq}-+-{'-' * ancho_der}-+"
    lineas = [borde]
    for concepto, valor in filas:
        lineas.append(f"| {concepto.ljust(ancho_izq)} | {valor.rjust(ancho_der)} |")
    lineas.append(borde)
    return "\n".join(lineas)


def _miles(numero: float) -> str:
    return f"{numero:,.0f}".replace(",", " ")


def main() -> int:
    args = _argumentos()
    preparar_django(memoria=args.memoria)

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from organizacion.calendario import calendario_para

    problema = _verificar_base()
    if problema:
        print(f"ERROR: {problema}", file=sys.stderr)
        return 2

    with transaction.atomic():
        ayuntamiento, periodos = _crear_datos()
        recepciones = _recepciones(args.plazos, args.semilla, ayuntamiento.zona_horaria)

        with CaptureQueriesContext(connection) as consultas:
            t0 = time.perf_counter()
            calendario = calendario_para(ayuntamiento)
            t1 = time.perf_counter()
            consultas_construir = len(consultas)
            dias_totales = 0
            for recibida in recepciones:
                recepcion = calendario.recepcion_efectiva(recibida)
                inicio = calendario.inicio_computo(recibida)
                vence = calendario.sumar_dias_habiles(recepcion, DIAS_RESPUESTA)
                dias_totales += calendario.dias_habiles_entre(inicio, vence)
            t2 = time.perf_counter()
        consultas_totales = len(consultas)
        transaction.set_rollback(True)

    # Del inicio del cómputo (día 1) al vencimiento (día 20) median 19 días hábiles.
    esperado = args.plazos * (DIAS_RESPUESTA - 1)
    calculo = t2 - t1
    filas = [
        ("Base de datos", connection.vendor),
        ("Días inhábiles declarados", str(periodos)),
        ("Plazos calculados", _miles(args.plazos)),
        ("Consultas al construir el calendario", str(consultas_construir)),
        ("Consultas al calcular los plazos", str(consultas_totales - consultas_construir)),
        ("Consultas en total (debe ser 1)", str(consultas_totales)),
        ("Tiempo de construcción", f"{(t1 - t0) * 1000:.1f} ms"),
        ("Tiempo de cálculo", f"{calculo:.3f} s"),
        ("Tiempo por plazo", f"{calculo / args.plazos * 1e6:.2f} µs"),
        ("Plazos por segundo", _miles(args.plazos / calculo)),
        ("Comprobación de días contados", "correcta" if dias_totales == esperado else "ERROR"),
    ]
    print(_tabla(filas))

    if consultas_totales != 1:
        print(f"ERROR: se esperaba 1 consulta y se hicieron {consultas_totales}.", file=sys.stderr)
        return 1
    if dias_totales != esperado:
        print("ERROR: dias_habiles_entre no es el inverso de sumar_dias_habiles.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
