"""Benchmark de la matriz del garante del modelo regional.

Crea un garante con N ayuntamientos (125, los del Estado de México), cada uno con su
adhesión y sus 18 herramientas en estados variados (con evidencias, «no aplica», anuales
por renovar), y un usuario del garante. Abre la matriz con ese usuario N veces y reporta la
mediana en milisegundos y el número de consultas. Compara además las consultas contra un
garante con 3 ayuntamientos: deben ser las mismas.

Los datos se crean dentro de una transacción que se revierte al final: la base queda igual.

Uso, desde la raíz del proyecto:

    .venv/bin/python bench/bench_autoevaluacion.py
    .venv/bin/python bench/bench_autoevaluacion.py --ayuntamientos 125 --repeticiones 30
    .venv/bin/python bench/bench_autoevaluacion.py --memoria     # SQLite en memoria, con migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_f \
        .venv/bin/python bench/bench_autoevaluacion.py

Sale con código 1 si la mediana pasa del límite (300 ms) o si las consultas cambian con el
número de ayuntamientos, y con código 2 si la base no está disponible o le faltan migraciones.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from comun import preparar_django

LIMITE_MS = 300.0


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark de la matriz del garante.")
    parser.add_argument("--ayuntamientos", type=int, default=125)
    parser.add_argument("--repeticiones", type=int, default=20)
    parser.add_argument("--semilla", type=int, default=2022)
    parser.add_argument("--limite-ms", type=float, default=LIMITE_MS)
    parser.add_argument(
        "--memoria",
        action="store_true",
        help="usar una base SQLite en memoria (se migra al arrancar) en lugar de DATABASE_URL",
    )
    return parser.parse_args()


def _poblar(garante, cuantos: int, azar: random.Random, hoy: date, prefijo: str) -> None:
    """Ayuntamientos con adhesión y estados variados, creados en bloque (como una carga)."""
    from django_scopes import scopes_disabled

    from autoevaluacion.models import Adhesion, Estado, EstadoHerramienta, Evidencia, Herramienta
    from autoevaluacion.servicios import edicion_vigente
    from organizacion.models import Ayuntamiento

    with scopes_disabled():
        edicion = edicion_vigente()
        herramientas = list(Herramienta.objects.filter(dimension__edicion=edicion))
        ayuntamientos = [
            Ayuntamiento.objects.create(
                nombre=f"Municipio {prefijo} {numero:03d}",
                slug=f"bench-{prefijo}-{numero}",
                estado=garante.estado,
                garante=garante,
            )
            for numero in range(cuantos)
        ]
        adhesiones = Adhesion.objects.bulk_create(
            [
                Adhesion(
                    ayuntamiento=a,
                    edicion=edicion,
                    fecha_convenio=hoy - timedelta(days=azar.randint(30, 1200)),
                    enlace_nombre=f"Enlace {a.nombre}",
                )
                for a in ayuntamientos
                # Uno de cada diez aún sin convenio: fila vacía en la matriz.
                if azar.random() > 0.1
            ]
        )
        estados = []
        for adhesion in adhesiones:
            for herramienta in herramientas:
                valor = azar.choices(
                    [Estado.PENDIENTE, Estado.ELABORACION, Estado.IMPLEMENTADA, Estado.NO_APLICA],
                    weights=[4, 2, 5, 1],
                )[0]
                estados.append(
                    EstadoHerramienta(
                        ayuntamiento_id=adhesion.ayuntamiento_id,
                        adhesion=adhesion,
                        herramienta=herramienta,
                        estado=valor,
                        motivo_no_aplica="No aplica" if valor == Estado.NO_APLICA else "",
                        fecha_implementacion=hoy if valor == Estado.IMPLEMENTADA else None,
                    )
                )
        EstadoHerramienta.objects.bulk_create(estados)
        implementadas = [e for e in estados if e.estado == Estado.IMPLEMENTADA]
        evidencias = []
        for estado in implementadas:
            # Algunas anuales con evidencia del año pasado: quedan «por renovar».
            fecha = hoy if azar.random() > 0.2 else hoy.replace(year=hoy.year - 1)
            evidencias.append(
                Evidencia(
                    ayuntamiento_id=estado.ayuntamiento_id,
                    estado=estado,
                    descripcion="Documento",
                    fecha=fecha,
                    liga="https://ejemplo.gob.mx/documento",
                )
            )
        Evidencia.objects.bulk_create(evidencias)


def main() -> int:
    argumentos = _argumentos()
    preparar_django(memoria=argumentos.memoria)

    from django.db import OperationalError, ProgrammingError, connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from organizacion.models import Garante, MembresiaGarante, Usuario

    setup_test_environment()
    azar = random.Random(argumentos.semilla)
    hoy = timezone.localdate()
    try:
        with transaction.atomic():
            grande = Garante.objects.create(
                nombre="Garante bench grande", siglas="BG", estado="MEX"
            )
            chico = Garante.objects.create(nombre="Garante bench chico", siglas="BC", estado="MEX")
            inicio = time.perf_counter()
            _poblar(grande, argumentos.ayuntamientos, azar, hoy, "g")
            _poblar(chico, 3, azar, hoy, "c")
            creacion = time.perf_counter() - inicio

            def cliente_de(garante):
                usuario = Usuario.objects.create_user(
                    f"bench-{garante.siglas.lower()}@garante.mx", password=None, nombre="Bench"
                )
                MembresiaGarante.objects.create(usuario=usuario, garante=garante)
                cliente = Client()
                cliente.force_login(usuario)
                return cliente

            def medir(garante, repeticiones):
                cliente = cliente_de(garante)
                url = reverse("autoevaluacion_garante:matriz", kwargs={"garante": garante.pk})
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

            mediana, minimo, maximo, consultas = medir(grande, argumentos.repeticiones)
            _, _, _, consultas_chico = medir(chico, 3)
            transaction.set_rollback(True)
    except (OperationalError, ProgrammingError) as error:
        print(f"La base no está disponible o le faltan migraciones: {error}", file=sys.stderr)
        return 2

    motor = connection.vendor
    print(
        f"Matriz del garante — {argumentos.ayuntamientos} ayuntamientos × 18 herramientas ({motor})"
    )
    print(f"  datos creados en          {creacion:8.2f} s")
    print(
        f"  mediana                   {mediana:8.1f} ms  (mín. {minimo:.1f}, máx. {maximo:.1f}, n={argumentos.repeticiones})"
    )
    print(f"  consultas por petición    {consultas:8d}")
    print(f"  consultas con 3 ayunt.    {consultas_chico:8d}")
    fallas = []
    if mediana > argumentos.limite_ms:
        fallas.append(f"la mediana ({mediana:.1f} ms) pasa del límite de {argumentos.limite_ms} ms")
    if consultas != consultas_chico:
        fallas.append("el número de consultas depende del número de ayuntamientos")
    for falla in fallas:
        print(f"FALLA: {falla}", file=sys.stderr)
    return 1 if fallas else 0


if __name__ == "__main__":
    sys.exit(main())
