"""Generador del conjunto de tamaño de estado para la prueba de carga (`carga.py`).

Sobre el conjunto de `generar_solicitudes.py` (garante «BENCH», 100 ayuntamientos
`bench-001` … `bench-100`, 200 000 solicitudes y la titular `titular@bench.demo.mx`,
contraseña `bench-solicitudes`, con membresía en todos) agrega:

- un POA aprobado del año pasado por ayuntamiento, con 6 objetivos y sus actividades, y los
  12 meses de avance capturados de cada actividad: 100 000 capturas mensuales (`Avance`) en
  total (8 334 actividades × 12 = 100 008);
- 20 000 capacitaciones (`Capacitacion`), de enero del año pasado a hoy, con sus asistentes
  por sexo.

Si la base todavía no tiene los datos BENCH, primero corre `generar_solicitudes.py` (en otro
proceso, con los mismos --ayuntamientos, --solicitudes y --semilla): una sola orden arma el
conjunto completo. Escribe en bloque y con historial (`bulk_create_with_history`, como la
importación de la aplicación), ayuntamiento por ayuntamiento dentro de su scope. Al
terminar corre `ANALYZE` e imprime las cifras de la base y los tiempos.

Uso, desde la raíz del proyecto, contra una base PostgreSQL migrada sólo para esto:

    createdb -h 127.0.0.1 -U postgres transparencia_carga
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_carga
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/generar_carga.py

Sale con código 1 si la base ya tiene el POA de carga (para generar de nuevo, `dropdb` y
`createdb`) o si falla `generar_solicitudes.py`, y con 2 si la base no está disponible.
"""

import argparse
import math
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as hora
from decimal import Decimal

from bench_poa import actividades_nuevas
from comun import RAIZ, preparar_django

SIGLAS = "BENCH"
TITULAR = "titular@bench.demo.mx"
CLAVE = "bench-solicitudes"
TITULO_POA = "POA {anio} (carga)"
OBJETIVOS = 6
TEMAS = [
    "Obligaciones de transparencia en el portal",
    "Protección de datos personales",
    "Atención de solicitudes en la PNT",
    "Clasificación de la información",
    "Archivos y gestión documental",
    "Gobierno abierto",
]


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Genera el conjunto de la prueba de carga.")
    parser.add_argument("--ayuntamientos", type=int, default=100)
    parser.add_argument("--solicitudes", type=int, default=200_000, help="en total")
    parser.add_argument("--avances", type=int, default=100_000, help="capturas mensuales")
    parser.add_argument("--capacitaciones", type=int, default=20_000, help="en total")
    parser.add_argument("--semilla", type=int, default=2024)
    return parser.parse_args()


def _repartir(total: int, partes: int) -> list[int]:
    """`total` en `partes` casi iguales (las primeras llevan una de más)."""
    base, resto = divmod(total, partes)
    return [base + (1 if n < resto else 0) for n in range(partes)]


def _poa(ayuntamiento, areas, anio: int, cuantas: int, azar: random.Random, titular) -> int:
    """Un plan aprobado con `cuantas` actividades y sus 12 meses capturados. Da las capturas."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from poa.models import Actividad, Avance, EstadoPlan, Objetivo, Plan

    historial = {"default_user": titular, "default_change_reason": "Generador de carga"}
    plan = Plan(
        ayuntamiento=ayuntamiento,
        anio=anio,
        titulo=TITULO_POA.format(anio=anio),
        programa_presupuestario="26 – Gobierno Transparente",
        estado=EstadoPlan.APROBADO,
        aprobado_el=timezone.now(),
        aprobado_por=titular,
    )
    bulk_create_with_history([plan], Plan, **historial)
    objetivos = bulk_create_with_history(
        [
            Objetivo(
                ayuntamiento=ayuntamiento,
                plan=plan,
                orden=n,
                clave=f"Componente {n}",
                descripcion=f"Objetivo {n} del programa de transparencia",
            )
            for n in range(1, OBJETIVOS + 1)
        ],
        Objetivo,
        **historial,
    )
    actividades = actividades_nuevas(
        plan,
        objetivos,
        anio,
        cuantas,
        area_de=lambda numero: areas[1 + numero % (len(areas) - 1)] if numero % 5 == 0 else None,
    )
    bulk_create_with_history(actividades, Actividad, batch_size=1000, **historial)
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
                    capturado_por=titular,
                )
            )
    bulk_create_with_history(avances, Avance, batch_size=2000, **historial)
    return len(avances)


def _capacitaciones(ayuntamiento, cuantas: int, azar: random.Random, titular) -> int:
    from simple_history.utils import bulk_create_with_history

    from capacitacion.models import Capacitacion, Formato, Imparte, Modalidad, Publico
    from organizacion.models import hoy_local

    hoy = hoy_local(ayuntamiento)
    inicio = date(hoy.year - 1, 1, 1)
    dias = (hoy - inicio).days + 1
    sesiones = [
        Capacitacion(
            ayuntamiento=ayuntamiento,
            tema=azar.choice(TEMAS),
            fecha=inicio + timedelta(days=azar.randrange(dias)),
            hora=hora(azar.randint(9, 17), azar.choice([0, 30])),
            duracion_minutos=azar.choice([60, 90, 120, 180]),
            modalidad=azar.choice(list(Modalidad)),
            formato=azar.choice(list(Formato)),
            publico=azar.choice(list(Publico)),
            impartida_por=azar.choice([Imparte.UNIDAD] * 3 + [Imparte.GARANTE, Imparte.OTRA]),
            mujeres=azar.randint(0, 30),
            hombres=azar.randint(0, 30),
            no_identificado=azar.choice([0, 0, 0, azar.randint(1, 5)]),
            registrada_por=titular,
        )
        for _ in range(cuantas)
    ]
    bulk_create_with_history(
        sesiones,
        Capacitacion,
        batch_size=2000,
        default_user=titular,
        default_change_reason="Generador de carga",
    )
    return len(sesiones)


def _cifras() -> dict[str, int]:
    """Lo que hay en la base del garante BENCH, contado en la base (no en el generador)."""
    from capacitacion.models import Capacitacion
    from organizacion.models import Ayuntamiento
    from poa.models import Actividad, Avance, Plan
    from solicitudes.models import Solicitud

    filtro = {"ayuntamiento__garante__siglas": SIGLAS}
    return {
        "ayuntamientos": Ayuntamiento.objects.filter(garante__siglas=SIGLAS).count(),
        "solicitudes": Solicitud.objects.filter(**filtro).count(),
        "planes del POA": Plan.objects.filter(**filtro).count(),
        "actividades": Actividad.objects.filter(**filtro).count(),
        "avances (capturas mensuales)": Avance.objects.filter(**filtro).count(),
        "historial de avances": Avance.history.filter(**filtro).count(),
        "capacitaciones": Capacitacion.objects.filter(**filtro).count(),
        "asistentes a capacitaciones": sum(
            c.asistentes
            for c in Capacitacion.objects.filter(**filtro).only(
                "mujeres", "hombres", "no_identificado"
            )
        ),
    }


def main() -> int:
    args = _argumentos()
    preparar_django()

    from django.db import OperationalError, connection, transaction
    from django_scopes import scope, scopes_disabled

    from organizacion.models import Ayuntamiento, Garante, UnidadAdministrativa, Usuario, hoy_local
    from poa.models import Plan

    try:
        connection.ensure_connection()
    except OperationalError as error:
        print(f"ERROR: no se pudo conectar a la base de datos: {error}", file=sys.stderr)
        return 2
    if connection.vendor != "postgresql":
        print("AVISO: la prueba de carga se pensó para PostgreSQL; esta base es", connection.vendor)

    t0 = time.perf_counter()
    with scopes_disabled():
        hay_solicitudes = Garante.objects.filter(siglas=SIGLAS).exists()
        if (
            hay_solicitudes
            and Plan.objects.filter(
                ayuntamiento__garante__siglas=SIGLAS, titulo__endswith="(carga)"
            ).exists()
        ):
            print(
                "ERROR: esta base ya tiene el conjunto de carga; para generarlo de nuevo, "
                "bórrela (dropdb) y vuelva a crearla y migrarla.",
                file=sys.stderr,
            )
            return 1
    if hay_solicitudes:
        print("Las solicitudes BENCH ya estaban en la base: sólo se agregan POA y capacitaciones.")
        tiempo_solicitudes = 0.0
    else:
        print("1/2 Solicitudes (generar_solicitudes.py)…", flush=True)
        resultado = subprocess.run(
            [
                sys.executable,
                str(RAIZ / "bench" / "generar_solicitudes.py"),
                f"--ayuntamientos={args.ayuntamientos}",
                f"--solicitudes={args.solicitudes}",
                f"--semilla={args.semilla}",
            ],
            check=False,
        )
        if resultado.returncode != 0:
            print("ERROR: generar_solicitudes.py falló.", file=sys.stderr)
            return 1
        tiempo_solicitudes = time.perf_counter() - t0

    print("2/2 POA y capacitaciones…", flush=True)
    t1 = time.perf_counter()
    azar = random.Random(args.semilla + 1)
    with scopes_disabled():
        ayuntamientos = list(Ayuntamiento.objects.filter(garante__siglas=SIGLAS).order_by("slug"))
        titular = Usuario.objects.get(email=TITULAR)
        areas_de: dict[int, list] = {}
        for area in UnidadAdministrativa.objects.filter(ayuntamiento__in=ayuntamientos).order_by(
            "pk"
        ):
            areas_de.setdefault(area.ayuntamiento_id, []).append(area)
    actividades = _repartir(math.ceil(args.avances / 12), len(ayuntamientos))
    sesiones = _repartir(args.capacitaciones, len(ayuntamientos))
    avances = capacitaciones = 0
    for numero, ayuntamiento in enumerate(ayuntamientos, start=1):
        anio = hoy_local(ayuntamiento).year - 1
        with transaction.atomic(), scope(ayuntamiento=ayuntamiento):
            avances += _poa(
                ayuntamiento,
                areas_de[ayuntamiento.pk],
                anio,
                actividades[numero - 1],
                azar,
                titular,
            )
            capacitaciones += _capacitaciones(ayuntamiento, sesiones[numero - 1], azar, titular)
        if numero % 10 == 0:
            print(
                f"  {numero} ayuntamientos, {avances} avances, {capacitaciones} capacitaciones "
                f"({time.perf_counter() - t1:.0f} s)",
                flush=True,
            )
    tiempo_poa = time.perf_counter() - t1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with scopes_disabled():
        cifras = _cifras()
    print()
    print("Conjunto de carga")
    for nombre, valor in cifras.items():
        print(f"  {nombre:<30} {valor:>10,}".replace(",", " "))
    if tiempo_solicitudes:
        print(f"  {'tiempo: solicitudes':<30} {tiempo_solicitudes:>10.0f} s")
    print(f"  {'tiempo: POA y capacitaciones':<30} {tiempo_poa:>10.0f} s")
    print(f"  {'tiempo total':<30} {time.perf_counter() - t0:>10.0f} s")
    print(f"  usuario: {TITULAR} / {CLAVE} (titular de todos los ayuntamientos BENCH)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
