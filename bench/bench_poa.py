"""Benchmark del POA: el resumen del plan y la vista del trimestre de un plan grande.

Crea un ayuntamiento con un plan de 60 actividades (en 6 objetivos; conteos y porcentajes,
algunas descendentes, algunas con desglose por sexo y de un área) y sus 12 meses de avance
capturados, otro plan de 5 actividades igual de completo, y una titular. Abre el resumen
(`/<slug>/poa/planes/<id>/`) y el trimestre (`…/trimestre/?t=2`) con el cliente de pruebas
de Django, con la sesión iniciada, N veces, y reporta la mediana en milisegundos y el
número de consultas; el plan de 5 actividades debe hacer las mismas consultas.

Los datos se crean dentro de una transacción que se revierte al final: la base queda igual.

Uso, desde la raíz del proyecto:

    .venv/bin/python bench/bench_poa.py
    .venv/bin/python bench/bench_poa.py --actividades 120 --repeticiones 50
    .venv/bin/python bench/bench_poa.py --memoria     # SQLite en memoria, con migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_g .venv/bin/python bench/bench_poa.py

Sale con código 1 si una mediana pasa del límite (150 ms) o si las consultas cambian con el
número de actividades, y con código 2 si la base no está disponible o le faltan migraciones.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal

from comun import preparar_django

LIMITE_MS = 150.0
OBJETIVOS = 6


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark del resumen y el trimestre del POA.")
    parser.add_argument("--actividades", type=int, default=60)
    parser.add_argument("--repeticiones", type=int, default=20)
    parser.add_argument("--semilla", type=int, default=2024)
    parser.add_argument("--limite-ms", type=float, default=LIMITE_MS)
    parser.add_argument(
        "--memoria",
        action="store_true",
        help="usar una base SQLite en memoria (se migra al arrancar) en lugar de DATABASE_URL",
    )
    return parser.parse_args()


def actividades_nuevas(plan, objetivos, anio: int, cuantas: int, *, area_de) -> list:
    """Las `cuantas` actividades de un plan de prueba, sin guardar, repartidas entre sus
    objetivos, con fórmulas, sentidos, meses y etiquetas variados como en un POA real.
    `area_de(numero)` da el área responsable de cada una (o None: la Unidad)."""
    from poa.models import Actividad, Formula, Sentido

    actividades = []
    for numero in range(cuantas):
        porcentaje = numero % 3 == 0
        actividades.append(
            Actividad(
                ayuntamiento=plan.ayuntamiento,
                plan=plan,
                objetivo=objetivos[numero % len(objetivos)],
                orden=numero // len(objetivos) + 1,
                clave=f"{numero % len(objetivos) + 1}.{numero // len(objetivos) + 1}",
                descripcion=f"Actividad {numero + 1}: revisión de obligaciones en el portal",
                fecha_inicio=date(anio, 1, 1),
                fecha_fin=date(anio, 12, 31),
                meses=[] if numero % 2 else [1, 3, 5, 7, 9, 11],
                formula=Formula.PORCENTAJE if porcentaje else Formula.CONTEO,
                meta_anual=Decimal(95 if porcentaje else 120),
                unidad_medida="" if porcentaje else "revisiones",
                sentido=Sentido.DESCENDENTE if numero % 7 == 0 else Sentido.ASCENDENTE,
                por_sexo=numero % 4 == 0,
                etiquetas="PROIGUALDAD" if numero % 4 == 0 else "",
                unidad_administrativa=area_de(numero),
            )
        )
    return actividades


def _plan(ayuntamiento, area, anio: int, cuantas: int, azar: random.Random):
    """Un plan aprobado con `cuantas` actividades y sus 12 meses capturados, en bloque."""
    from poa.models import Actividad, Avance, EstadoPlan, Objetivo, Plan

    plan = Plan.objects.create(
        ayuntamiento=ayuntamiento,
        anio=anio,
        titulo=f"POA {anio} (bench)",
        programa_presupuestario="26 – Gobierno Transparente",
        estado=EstadoPlan.APROBADO,
    )
    objetivos = Objetivo.objects.bulk_create(
        [
            Objetivo(
                ayuntamiento=ayuntamiento,
                plan=plan,
                orden=n,
                clave=f"Componente {n}",
                descripcion=f"Objetivo {n} del programa de transparencia",
            )
            for n in range(1, OBJETIVOS + 1)
        ]
    )
    actividades = actividades_nuevas(
        plan, objetivos, anio, cuantas, area_de=lambda numero: area if numero % 5 == 0 else None
    )
    Actividad.objects.bulk_create(actividades)
    avances = []
    for actividad in actividades:
        for mes in range(1, 13):
            denominador = Decimal(azar.randint(20, 40))
            avances.append(
                Avance(
                    ayuntamiento=ayuntamiento,
                    actividad=actividad,
                    mes=mes,
                    valor=None if actividad.es_porcentaje else Decimal(azar.randint(5, 15)),
                    numerador_valor=denominador - azar.randint(0, 3)
                    if actividad.es_porcentaje
                    else None,
                    denominador_valor=denominador if actividad.es_porcentaje else None,
                    mujeres=azar.randint(0, 9) if actividad.por_sexo else None,
                    hombres=azar.randint(0, 9) if actividad.por_sexo else None,
                    narrativa="Se revisaron las fracciones del portal y se enviaron oficios.",
                )
            )
    Avance.objects.bulk_create(avances)
    return plan


def main() -> int:
    argumentos = _argumentos()
    preparar_django(memoria=argumentos.memoria)

    from django.db import OperationalError, ProgrammingError, connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from organizacion.models import (
        Ayuntamiento,
        Garante,
        Membresia,
        Rol,
        UnidadAdministrativa,
        Usuario,
    )

    setup_test_environment()
    azar = random.Random(argumentos.semilla)
    try:
        with transaction.atomic(), scopes_disabled():
            garante = Garante.objects.create(nombre="Garante bench POA", siglas="BP", estado="OAX")
            ayuntamiento = Ayuntamiento.objects.create(
                nombre="Municipio bench POA", slug="bench-poa", estado="OAX", garante=garante
            )
            area = UnidadAdministrativa.objects.create(
                ayuntamiento=ayuntamiento, nombre="Tesorería Municipal"
            )
            inicio = time.perf_counter()
            grande = _plan(ayuntamiento, area, 2023, argumentos.actividades, azar)
            chico = _plan(ayuntamiento, area, 2022, 5, azar)
            creacion = time.perf_counter() - inicio
            usuario = Usuario.objects.create_user(
                "bench-poa@municipio.gob.mx", password=None, nombre="Titular bench"
            )
            Membresia.objects.create(usuario=usuario, ayuntamiento=ayuntamiento, rol=Rol.TITULAR)
            cliente = Client()
            cliente.force_login(usuario)

            def direcciones(plan) -> dict[str, str]:
                argumentos_url = {"ayuntamiento": ayuntamiento.slug, "pk": plan.pk}
                return {
                    "resumen": reverse("poa:plan", kwargs=argumentos_url),
                    "trimestre": reverse("poa:trimestre", kwargs=argumentos_url) + "?t=2",
                }

            def medir(url: str, repeticiones: int):
                assert cliente.get(url).status_code == 200  # calienta plantillas y sesión
                tiempos, consultas = [], 0
                for _ in range(repeticiones):
                    with CaptureQueriesContext(connection) as capturadas:
                        inicio = time.perf_counter()
                        respuesta = cliente.get(url)
                        tiempos.append((time.perf_counter() - inicio) * 1000)
                    assert respuesta.status_code == 200
                    consultas = len(capturadas)
                return statistics.median(tiempos), min(tiempos), max(tiempos), consultas

            resultados = {
                vista: (medir(url, argumentos.repeticiones), medir(direcciones(chico)[vista], 3))
                for vista, url in direcciones(grande).items()
            }
            transaction.set_rollback(True)
    except (OperationalError, ProgrammingError) as error:
        print(f"La base no está disponible o le faltan migraciones: {error}", file=sys.stderr)
        return 2

    print(f"POA — {argumentos.actividades} actividades × 12 meses de avance ({connection.vendor})")
    print(f"  datos creados en            {creacion:8.2f} s")
    fallas = []
    for vista, ((mediana, minimo, maximo, consultas), (_, _, _, chicas)) in resultados.items():
        print(
            f"  {vista:<10} mediana       {mediana:8.1f} ms  (mín. {minimo:.1f}, máx. "
            f"{maximo:.1f}, n={argumentos.repeticiones})"
        )
        print(f"  {vista:<10} consultas     {consultas:8d}  (con 5 actividades: {chicas})")
        if mediana > argumentos.limite_ms:
            fallas.append(
                f"{vista}: la mediana ({mediana:.1f} ms) pasa del límite de "
                f"{argumentos.limite_ms} ms"
            )
        if consultas != chicas:
            fallas.append(f"{vista}: el número de consultas depende del número de actividades")
    for falla in fallas:
        print(f"FALLA: {falla}", file=sys.stderr)
    return 1 if fallas else 0


if __name__ == "__main__":
    sys.exit(main())
