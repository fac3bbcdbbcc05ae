"""Benchmark de solicitudes sobre el conjunto grande de `generar_solicitudes.py`.

Mide, para un ayuntamiento del conjunto (`bench-001`, unas 2 000 solicitudes entre 200 000):

a) la lista de solicitudes y el tablero del ayuntamiento: consultas y tiempo por petición
   (con `django.test.Client`, sesión de la titular, mediana de varias peticiones);
b) cada función de `solicitudes/estadisticas.py` para un año (mediana de N corridas, ms;
   objetivo < 100 ms cada una);
c) importar una hoja de 10 000 solicitudes con `solicitudes_importar`: vista previa y
   guardado (objetivo < 30 s), dentro de una transacción que se revierte.

Uso, desde la raíz del proyecto, después de generar los datos:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_bench \\
        .venv/bin/python bench/bench_solicitudes.py [--corridas 7] [--filas 10000] [--explicar]

`--explicar` imprime el EXPLAIN ANALYZE de las consultas de estadísticas. Sale con código 1
si alguna cifra pasa de su objetivo y con 2 si no hay datos generados.
"""

import argparse
import statistics
import sys
import time
from datetime import date, timedelta

from comun import preparar_django

OBJETIVO_ESTADISTICA_MS = 100
OBJETIVO_IMPORTACION_S = 30
FUNCIONES = [
    "recibidas",
    "atendidas",
    "oportunidad",
    "por_tipo_respuesta",
    "estado_al_cierre",
    "por_area",
    "tramite",
    "resoluciones_comite",
    "oficios_por_mes",
    "recursos_por_mes",
    "recursos_por_resolucion",
    "oficios_de_recursos_por_mes",
    "denuncias_por_mes",
    "arco_por_derecho",
]


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark de solicitudes.")
    parser.add_argument("--ayuntamiento", default="bench-001")
    parser.add_argument("--corridas", type=int, default=7)
    parser.add_argument("--filas", type=int, default=10_000)
    parser.add_argument("--explicar", action="store_true")
    parser.add_argument("--sin-importacion", action="store_true")
    return parser.parse_args()


def _tabla(filas: list[tuple[str, ...]]) -> str:
    anchos = [max(len(f[i]) for f in filas) for i in range(len(filas[0]))]
    borde = "+-" + "-+-".join("-" * a for a in anchos) + "-+"
    lineas = [borde]
    for numero, fila in enumerate(filas):
        celdas = [
            c.ljust(a) if i == 0 else c.rjust(a)
            for i, (c, a) in enumerate(zip(fila, anchos, strict=True))
        ]
        lineas.append("| " + " | ".join(celdas) + " |")
        if numero == 0:
            lineas.append(borde)
    lineas.append(borde)
    return "\n".join(lineas)


def _paginas(ayuntamiento, usuario, corridas: int) -> list[tuple[str, ...]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cliente = Client()
    cliente.force_login(usuario)
    filas: list[tuple[str, ...]] = []
    for nombre, url in [
        ("Lista de solicitudes", f"/{ayuntamiento.slug}/solicitudes/"),
        ("Lista, 2.ª página", f"/{ayuntamiento.slug}/solicitudes/?page=2"),
        ("Lista, sólo vencidas", f"/{ayuntamiento.slug}/solicitudes/?semaforo=vencida"),
        ("Tablero del ayuntamiento", f"/{ayuntamiento.slug}/"),
    ]:
        tiempos, consultas, estado = [], 0, 0
        for _ in range(corridas):
            with CaptureQueriesContext(connection) as capturadas:
                t0 = time.perf_counter()
                respuesta = cliente.get(url)
                tiempos.append((time.perf_counter() - t0) * 1000)
            consultas, estado = len(capturadas), respuesta.status_code
        filas.append((nombre, str(estado), str(consultas), f"{statistics.median(tiempos):.1f}"))
    return filas


def _estadisticas(ayuntamiento, corridas: int, explicar: bool) -> list[tuple[str, ...]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from solicitudes import estadisticas

    anio = date.today().year - 1
    periodo = {"ayuntamiento": ayuntamiento, "desde": date(anio, 1, 1), "hasta": date(anio, 12, 31)}
    filas: list[tuple[str, ...]] = []
    for nombre in FUNCIONES:
        funcion = getattr(estadisticas, nombre, None)
        if funcion is None:
            filas.append((nombre, "no existe", "", ""))
            continue
        tiempos = []
        for _ in range(corridas):
            with CaptureQueriesContext(connection) as capturadas:
                t0 = time.perf_counter()
                funcion(**periodo)
                tiempos.append((time.perf_counter() - t0) * 1000)
        mediana = statistics.median(tiempos)
        marca = "" if mediana < OBJETIVO_ESTADISTICA_MS else "  ¡LENTA!"
        filas.append((nombre, str(len(capturadas)), f"{mediana:.1f}{marca}", f"{max(tiempos):.1f}"))
        if explicar and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for consulta in capturadas.captured_queries:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + consulta["sql"])
                    plan = "\n    ".join(r[0] for r in cursor.fetchall())
                    print(f"\n== {nombre}\n    {plan}")
    return filas


def _hoja(filas: int, prefijo: str) -> bytes:
    """Una hoja CSV como la que exporta la PNT, con folios que no existen aún."""
    import csv
    import io

    salida = io.StringIO()
    escritor = csv.writer(salida)
    escritor.writerow(["Folio", "Fecha de recepción", "Medio", "Tipo", "Descripción", "Sexo"])
    inicio = date(date.today().year - 1, 1, 2)
    for numero in range(filas):
        dia = inicio + timedelta(days=numero % 300)
        escritor.writerow(
            [
                f"{prefijo}{numero:07d}",
                f"{dia:%d/%m/%Y} 10:30",
                "PNT" if numero % 5 else "Correo electrónico",
                "Acceso a la información" if numero % 7 else "ARCO",
                f"Solicitud importada número {numero} para el benchmark.",
                ["Mujer", "Hombre", "No identificado"][numero % 3],
            ]
        )
    return salida.getvalue().encode("utf-8")


def _importacion(ayuntamiento, usuario, filas: int) -> list[tuple[str, ...]]:
    from django.db import transaction

    from solicitudes.importacion import solicitudes_importar

    contenido = _hoja(filas, "88")
    resultado_filas: list[tuple[str, ...]] = []
    with transaction.atomic():
        t0 = time.perf_counter()
        previa = solicitudes_importar(
            ayuntamiento=ayuntamiento,
            contenido=contenido,
            formato="csv",
            confirmar=False,
            usuario=usuario,
        )
        t1 = time.perf_counter()
        guardado = solicitudes_importar(
            ayuntamiento=ayuntamiento,
            contenido=contenido,
            formato="csv",
            confirmar=True,
            usuario=usuario,
        )
        t2 = time.perf_counter()
        transaction.set_rollback(True)
    errores = previa.errores[:3]
    resultado_filas.append(
        ("Vista previa", f"{previa.nuevas} nuevas, {len(previa.errores)} errores", f"{t1 - t0:.1f}")
    )
    resultado_filas.append(
        (
            "Guardar (todo o nada)",
            f"{guardado.nuevas} nuevas, guardado={guardado.guardado}",
            f"{t2 - t1:.1f}",
        )
    )
    for error in errores:
        print("  error de importación:", error)
    return resultado_filas


def main() -> int:
    args = _argumentos()
    preparar_django()

    from django.db import connection
    from django_scopes import scope, scopes_disabled

    from organizacion.models import Ayuntamiento, Usuario
    from solicitudes.models import Solicitud

    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.filter(slug=args.ayuntamiento).first()
        usuario = Usuario.objects.filter(email="titular@bench.demo.mx").first()
        if ayuntamiento is None or usuario is None:
            print("ERROR: no hay datos; corra antes bench/generar_solicitudes.py", file=sys.stderr)
            return 2
        total = Solicitud.objects.count()
        del_ayuntamiento = Solicitud.objects.filter(ayuntamiento=ayuntamiento).count()
    print(
        f"Base {connection.vendor}: {total} solicitudes en total, {del_ayuntamiento} de "
        f"{ayuntamiento.slug}.\n"
    )
    fallas = []

    paginas = _paginas(ayuntamiento, usuario, args.corridas)
    print(_tabla([("Página", "HTTP", "Consultas", "Mediana ms"), *paginas]))
    fallas += [p[0] for p in paginas if p[1] != "200"]

    with scope(ayuntamiento=ayuntamiento):
        cifras = _estadisticas(ayuntamiento, args.corridas, args.explicar)
    print()
    print(_tabla([("Estadística (un año)", "Consultas", "Mediana ms", "Máx. ms"), *cifras]))
    fallas += [c[0] for c in cifras if "LENTA" in c[2] or c[1] == "no existe"]

    if not args.sin_importacion:
        importacion = _importacion(ayuntamiento, usuario, args.filas)
        print()
        print(_tabla([(f"Importar {args.filas} filas (CSV)", "Resultado", "s"), *importacion]))
        total_s = sum(float(f[2]) for f in importacion)
        if total_s >= OBJETIVO_IMPORTACION_S:
            fallas.append(f"importación ({total_s:.1f} s)")

    if fallas:
        print("\nNo cumplen su objetivo:", ", ".join(fallas), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
