"""Benchmark de los reportes: el informe trimestral de un ayuntamiento grande y la
generación de los trimestrales de muchos ayuntamientos con workers de Celery de verdad.

1. **Un trimestral grande.** Un ayuntamiento con 2 000 solicitudes en el último trimestre
   cerrado (con sus turnos, oficios, prevenciones y respuestas, del generador de
   `generar_solicitudes.py`), recursos de revisión con sus oficios, denuncias,
   capacitaciones, asesorías, la configuración de reportes y un POA aprobado de 30
   actividades con sus 12 meses de avance (el de `bench_poa.py`). Mide
   `reportes.generacion.generar` de principio a fin (contexto, HTML, PDF, archivo) y lo
   desglosa: datos (el `contexto()` del tipo sin las gráficas), gráficas, HTML y PDF.
   Objetivos: menos de 5 s por reporte, los datos menos del 5 % de ese tiempo, y las mismas
   consultas con 2 000 que con 200 solicitudes.
2. **El lote.** 100 ayuntamientos con datos modestos (200 solicitudes en el trimestre y lo
   demás a escala, el mismo POA) y un `Reporte` trimestral de cada uno; dos workers de
   Celery de verdad (`celery -A transparencia worker --concurrency=1`, dos procesos) en una
   cola propia de Redis generan los 100. Objetivo: menos de 5 minutos desde que se encolan
   hasta que el último queda `listo`.
3. **Memoria.** Durante (2), el pico de memoria de cada worker (VmHWM de /proc del proceso
   principal y sus hijos, sumados) debe quedar bajo 500 MB.

La parte 1 crea sus datos dentro de una transacción que se revierte. La parte 2 no puede:
los workers son otros procesos y tienen que ver los datos, así que quedan confirmados en la
base. Por eso el script exige una base PostgreSQL desechable, dedicada, cuyo nombre
contenga «bench» (`--forzar` lo omite); cada corrida usa identificadores nuevos, de modo que
puede repetirse sobre la misma base. Los PDF se escriben en un directorio temporal
(`MEDIA_ROOT`) que se borra al terminar (`--conservar` lo deja, con las bitácoras de los
workers), y de la base de Redis (dedicada también) se borran las llaves que aparecieron
durante la corrida.

Uso, desde la raíz del proyecto:

    createdb -h 127.0.0.1 -U postgres transparencia_bench_reportes
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_bench_reportes
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/bench_reportes.py            # 2 000 solicitudes, 100 ayuntamientos
    .venv/bin/python bench/bench_reportes.py --solicitudes 500 --ayuntamientos 10
    .venv/bin/python bench/bench_reportes.py --sin-celery --perfil

Sale con código 1 si alguna cifra no cumple su objetivo o algún reporte termina en error, y
con 2 si la base no es PostgreSQL, no está disponible, le faltan migraciones o no parece
desechable, o si Redis no responde.
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from comun import RAIZ, preparar_django

OBJETIVO_REPORTE_S = 5.0
OBJETIVO_DATOS_PCT = 5.0
OBJETIVO_LOTE_S = 300.0
OBJETIVO_MEMORIA_MB = 500.0
BROKER = "redis://127.0.0.1:6379/14"
TAREA = "reportes.tasks.generar_reporte"
CLAVE = "bench-reportes"


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark de los reportes trimestrales.")
    parser.add_argument(
        "--solicitudes",
        type=int,
        default=2000,
        help="solicitudes en el trimestre del ayuntamiento grande (parte 1)",
    )
    parser.add_argument(
        "--solicitudes-chico",
        type=int,
        default=200,
        help="las del ayuntamiento con el que se comparan las consultas (parte 1)",
    )
    parser.add_argument("--ayuntamientos", type=int, default=100, help="del lote (parte 2)")
    parser.add_argument(
        "--solicitudes-lote", type=int, default=200, help="por ayuntamiento del lote"
    )
    parser.add_argument("--actividades", type=int, default=30, help="del POA de cada uno")
    parser.add_argument("--corridas", type=int, default=3, help="generaciones medidas (parte 1)")
    parser.add_argument("--workers", type=int, default=2, help="procesos worker de Celery")
    parser.add_argument("--broker", default=BROKER, help="Redis dedicado (una base libre)")
    parser.add_argument(
        "--limite-lote", type=float, default=420.0, help="s de espera del lote antes de rendirse"
    )
    parser.add_argument("--sin-celery", action="store_true", help="sólo la parte 1")
    parser.add_argument(
        "--perfil", action="store_true", help="cProfile de una generación en caliente"
    )
    parser.add_argument(
        "--conservar",
        action="store_true",
        help="no borrar el directorio temporal (PDF y bitácoras de los workers)",
    )
    parser.add_argument("--semilla", type=int, default=2024)
    parser.add_argument(
        "--forzar", action="store_true", help="aceptar una base cuyo nombre no diga «bench»"
    )
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


# --- Datos --------------------------------------------------------------------------------


class _AzarEnPeriodo(random.Random):
    """El azar para `generar_solicitudes._generar_de`, que reparte las recepciones con un
    `randrange(dias)` contado desde el 1 de enero del año pasado: aquí ese sorteo de un solo
    argumento cae dentro del trimestre medido. Los demás sorteos (`randint` llama a
    `randrange` con dos argumentos, `choice` y `sample` no lo usan) quedan intactos. Si el
    generador cambia su forma de sortear, la comprobación de `_ayuntamiento_con_datos`
    (cuántas se recibieron en el trimestre) lo detecta."""

    desplazamiento = 0
    ancho = 1

    def randrange(self, start, stop=None, step=1):  # type: ignore[override]
        if stop is None:
            return self.desplazamiento + super().randrange(self.ancho)
        return super().randrange(start, stop, step)


def _dia(azar: random.Random, desde: date, hasta: date) -> date:
    return desde + timedelta(days=azar.randrange((hasta - desde).days + 1))


def _recursos(ayuntamiento, periodo, cuantos: int, azar: random.Random, hoy: date) -> int:
    """Recursos interpuestos en el trimestre, unos con alegatos y resolución, cada uno con
    su notificación de admisión y, si los hubo, el oficio de alegatos (serie «RR», numerada
    en orden de fecha, con su contador)."""
    from organizacion.models import ContadorOficio, Oficio, Sexo, TipoOficio
    from solicitudes.models import RecursoRevision, ResolucionRecurso, Solicitud

    folios = list(Solicitud.objects.filter(ayuntamiento=ayuntamiento).values_list("pk", flat=True))
    recursos, pendientes = [], []
    for numero in range(1, cuantos + 1):
        interpuesto = _dia(azar, periodo.desde, periodo.hasta)
        notificado = interpuesto + timedelta(days=azar.randint(2, 8))
        alegatos = notificado + timedelta(days=azar.randint(3, 7))
        resuelto = alegatos + timedelta(days=azar.randint(20, 60))
        recurso = RecursoRevision(
            ayuntamiento=ayuntamiento,
            expediente=f"RR/{numero:04d}/{periodo.anio}",
            solicitud_id=azar.choice(folios) if folios else None,
            sexo=azar.choice(list(Sexo)),
            fecha_interposicion=interpuesto,
            fecha_notificacion=notificado if notificado <= hoy else None,
            fecha_alegatos=alegatos if alegatos <= hoy and azar.random() < 0.8 else None,
        )
        if recurso.fecha_alegatos and resuelto <= hoy and azar.random() < 0.6:
            recurso.resolucion = azar.choice(list(ResolucionRecurso))
            recurso.fecha_resolucion = resuelto
        recursos.append(recurso)
        if recurso.fecha_notificacion:
            pendientes.append((recurso.fecha_notificacion, recurso, TipoOficio.NOTIFICACION))
        if recurso.fecha_alegatos:
            pendientes.append((recurso.fecha_alegatos, recurso, TipoOficio.RESPUESTA))
    RecursoRevision.objects.bulk_create(recursos)
    pendientes.sort(key=lambda p: p[0])
    ultimo: dict[int, int] = {}
    oficios = []
    for fecha, recurso, tipo in pendientes:
        ultimo[fecha.year] = numero = ultimo.get(fecha.year, 0) + 1
        oficios.append(
            Oficio(
                ayuntamiento=ayuntamiento,
                anio=fecha.year,
                serie="RR",
                numero=numero,
                folio=ayuntamiento.numero_oficio(serie="RR", numero=numero, anio=fecha.year),
                fecha=fecha,
                tipo=tipo,
                asunto=f"Recurso de revisión {recurso.expediente}",
                destinatario="Órgano garante",
            )
        )
    Oficio.objects.bulk_create(oficios)
    RecursoRevision.oficios.through.objects.bulk_create(
        [
            RecursoRevision.oficios.through(recursorevision_id=recurso.pk, oficio_id=oficio.pk)
            for (_f, recurso, _t), oficio in zip(pendientes, oficios, strict=True)
        ]
    )
    ContadorOficio.objects.bulk_create(
        [
            ContadorOficio(ayuntamiento=ayuntamiento, anio=anio, serie="RR", ultimo=n)
            for anio, n in ultimo.items()
        ]
    )
    return len(recursos)


def _denuncias(ayuntamiento, periodo, cuantas: int, azar: random.Random) -> int:
    from organizacion.models import Sexo
    from solicitudes.models import Denuncia

    Denuncia.objects.bulk_create(
        [
            Denuncia(
                ayuntamiento=ayuntamiento,
                expediente=f"DI/{numero:04d}/{periodo.anio}",
                fecha=_dia(azar, periodo.desde, periodo.hasta),
                sexo=azar.choice(list(Sexo)),
                articulo="70",
                fraccion=azar.choice(["IX", "XXI", "XXVII", "XXIX"]),
                descripcion="No se publicó la información de la fracción en el portal.",
            )
            for numero in range(1, cuantas + 1)
        ]
    )
    return cuantas


def _capacitaciones(ayuntamiento, periodo, cuantas: int, azar: random.Random) -> int:
    from capacitacion.models import Capacitacion, Publico

    Capacitacion.objects.bulk_create(
        [
            Capacitacion(
                ayuntamiento=ayuntamiento,
                tema=f"Sesión {numero} sobre obligaciones de transparencia y datos personales",
                fecha=_dia(azar, periodo.desde, periodo.hasta),
                publico=azar.choice(list(Publico)),
                mujeres=azar.randint(3, 25),
                hombres=azar.randint(3, 25),
                no_identificado=azar.randint(0, 3),
            )
            for numero in range(1, cuantas + 1)
        ]
    )
    return cuantas


def _asesorias(ayuntamiento, periodo, cuantas: int, azar: random.Random, titular) -> int:
    from capacitacion.models import Asesoria, MedioAsesoria, PublicoAsesoria, TemaAsesoria
    from organizacion.models import Sexo

    Asesoria.objects.bulk_create(
        [
            Asesoria(
                ayuntamiento=ayuntamiento,
                fecha=_dia(azar, periodo.desde, periodo.hasta),
                tema=azar.choice(list(TemaAsesoria)),
                publico=azar.choice(list(PublicoAsesoria)),
                sexo=azar.choice(list(Sexo)),
                medio=azar.choice(list(MedioAsesoria)),
                registrada_por=titular,
            )
            for _ in range(cuantas)
        ]
    )
    return cuantas


def _ayuntamiento_con_datos(
    garante, slug: str, titular, periodo, solicitudes: int, actividades: int, semilla: int
):
    """Un ayuntamiento con todo lo que dibuja el trimestral de `periodo`. Lo que no son
    solicitudes va a escala de ellas: ~3 % de recursos, ~0.5 % de denuncias, ~5 % de
    asesorías, y una capacitación por cada ~150 solicitudes (al menos tres)."""
    from bench_poa import _plan
    from generar_solicitudes import AREAS, _generar_de

    from organizacion.models import Ayuntamiento, Membresia, Rol, UnidadAdministrativa, hoy_local
    from reportes.models import ConfiguracionReportes
    from solicitudes import estadisticas

    ayuntamiento = Ayuntamiento.objects.create(
        nombre=f"Municipio {slug}", slug=slug, estado="OAX", garante=garante
    )
    areas = UnidadAdministrativa.objects.bulk_create(
        [UnidadAdministrativa(ayuntamiento=ayuntamiento, nombre=n) for n in AREAS]
    )
    Membresia.objects.create(usuario=titular, ayuntamiento=ayuntamiento, rol=Rol.TITULAR)
    ConfiguracionReportes.objects.create(
        ayuntamiento=ayuntamiento,
        destinatario="Presidencia Municipal",
        cargo_destinatario="Presidenta Municipal Constitucional",
        elaboro_nombre="Titular de la Unidad",
        elaboro_cargo="Titular de la Unidad de Transparencia",
        vobo_nombre="Secretaría del Ayuntamiento",
        vobo_cargo="Secretario del Ayuntamiento",
        lemas="«2026, Año de la Transparencia»",
    )
    hoy = hoy_local(ayuntamiento)
    azar_solicitudes = _AzarEnPeriodo(semilla)
    # El generador sortea desde el 1 de enero del año pasado (ver _AzarEnPeriodo).
    azar_solicitudes.desplazamiento = (periodo.desde - date(hoy.year - 1, 1, 1)).days
    azar_solicitudes.ancho = (periodo.hasta - periodo.desde).days + 1
    _generar_de(ayuntamiento, areas, solicitudes, azar_solicitudes, titular)
    recibidas = estadisticas.tramite(
        ayuntamiento=ayuntamiento, desde=periodo.desde, hasta=periodo.hasta
    )["recibidas"]
    if recibidas != solicitudes:
        raise RuntimeError(
            f"El generador dejó {recibidas} solicitudes en el trimestre en lugar de "
            f"{solicitudes}: cambió su forma de sortear fechas (ver _AzarEnPeriodo)."
        )
    azar = random.Random(semilla + 1)
    _recursos(ayuntamiento, periodo, max(1, solicitudes * 3 // 100), azar, hoy)
    _denuncias(ayuntamiento, periodo, max(1, solicitudes // 200), azar)
    _capacitaciones(ayuntamiento, periodo, max(3, solicitudes // 150), azar)
    _asesorias(ayuntamiento, periodo, max(5, solicitudes // 20), azar, titular)
    _plan(ayuntamiento, areas[0], periodo.anio, actividades, azar)
    return ayuntamiento


def _titular():
    from organizacion.models import Usuario

    usuario = Usuario.objects.filter(email="titular@bench-reportes.demo.mx").first()
    return usuario or Usuario.objects.create_user(
        "titular@bench-reportes.demo.mx", password=CLAVE, nombre="Titular del benchmark"
    )


def _reporte(ayuntamiento, periodo, titular):
    from django_scopes import scope

    from organizacion.models import hoy_local
    from reportes.servicios import reporte_solicitar

    with scope(ayuntamiento=ayuntamiento):
        return reporte_solicitar(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            anio=periodo.anio,
            periodo=periodo.numero,
            hoy=hoy_local(ayuntamiento),
            usuario=titular,
            encolar=False,
        )


# --- Parte 1: un trimestral grande --------------------------------------------------------


class _Cronometro:
    """Suma el tiempo que pasa dentro de ciertas funciones mientras está puesto: mide las
    etapas de `generar` sin tocar su código (las funciones originales siguen corriendo)."""

    def __init__(self) -> None:
        self.tiempos: dict[str, float] = defaultdict(float)

    @contextmanager
    def midiendo(self, objetivos: list[tuple[Any, str, str]]) -> Iterator[None]:
        originales = [(objeto, nombre, getattr(objeto, nombre)) for objeto, nombre, _ in objetivos]
        for (objeto, nombre, original), (_, _, etiqueta) in zip(originales, objetivos, strict=True):
            setattr(objeto, nombre, self._envolver(original, etiqueta))
        try:
            yield
        finally:
            for objeto, nombre, original in originales:
                setattr(objeto, nombre, original)

    def _envolver(self, funcion: Callable[..., Any], etiqueta: str) -> Callable[..., Any]:
        def medida(*args: Any, **kwargs: Any) -> Any:
            inicio = time.perf_counter()
            try:
                return funcion(*args, **kwargs)
            finally:
                self.tiempos[etiqueta] += time.perf_counter() - inicio

        return medida


def _etapas() -> list[tuple[Any, str, str]]:
    from reportes import generacion, graficas
    from reportes.tipos import TIPOS

    return [
        (TIPOS["trimestral"], "contexto", "contexto"),
        (graficas, "barras", "graficas"),
        (generacion, "render_to_string", "html"),
        (generacion, "pdf_de_html", "pdf"),
    ]


def _generar_medido(reporte) -> dict[str, Any]:
    """Una generación completa con sus etapas, sus consultas y el tamaño del PDF."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from reportes.generacion import generar

    cronometro = _Cronometro()
    with (
        scope(ayuntamiento=reporte.ayuntamiento),
        cronometro.midiendo(_etapas()),
        CaptureQueriesContext(connection) as consultas,
    ):
        inicio, cpu = time.perf_counter(), time.process_time()
        contenido = generar(reporte)
        total, cpu = time.perf_counter() - inicio, time.process_time() - cpu
    etapas = dict(cronometro.tiempos)
    datos = etapas["contexto"] - etapas["graficas"]
    return {
        "total": total,
        "cpu": cpu,
        "datos": datos,
        "graficas": etapas["graficas"],
        "html": etapas["html"],
        "pdf": etapas["pdf"],
        "resto": total - etapas["contexto"] - etapas["html"] - etapas["pdf"],
        "consultas": len(consultas),
        "sql": [c["sql"] for c in consultas.captured_queries],
        "bytes": len(contenido),
    }


def _consultas_del_contexto(ayuntamiento, periodo) -> dict[str, Any]:
    """Las consultas de `contexto()` del trimestral (con sus gráficas), sin generar el PDF,
    y las medianas de tres corridas: el tiempo total y el que pasó en la base."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    from reportes.tipos import TIPOS

    tiempos, en_base = [], []
    with scope(ayuntamiento=ayuntamiento):
        for _ in range(3):
            with CaptureQueriesContext(connection) as consultas:
                inicio = time.perf_counter()
                TIPOS["trimestral"](ayuntamiento, periodo).contexto()
                tiempos.append(time.perf_counter() - inicio)
            en_base.append(sum(float(c["time"]) for c in consultas))
    return {
        "consultas": len(consultas),
        "tiempo": statistics.median(tiempos),
        "en_base": statistics.median(en_base),
        "sql": [c["sql"] for c in consultas],
    }


def _perfil(reporte) -> None:
    from django_scopes import scope

    from reportes.generacion import generar

    perfil = cProfile.Profile()
    with scope(ayuntamiento=reporte.ayuntamiento):
        perfil.enable()
        generar(reporte)
        perfil.disable()
    salida = io.StringIO()
    pstats.Stats(perfil, stream=salida).sort_stats("cumulative").print_stats(35)
    print("\n== cProfile de una generación en caliente (acumulado)\n" + salida.getvalue())


def _diferencia(grande: list[str], chico: list[str]) -> None:
    print("  consultas del grande que no tiene el chico, o al revés:", file=sys.stderr)
    for sql in sorted(set(grande) ^ set(chico))[:10]:
        print("   ", sql[:200], file=sys.stderr)


def _parte_uno(args, garante, periodo, etiqueta: str) -> tuple[list[tuple[str, ...]], list[str]]:
    from django.db import transaction
    from django_scopes import scopes_disabled

    filas: list[tuple[str, ...]] = []
    fallas: list[str] = []
    with transaction.atomic():
        with scopes_disabled():
            titular = _titular()
            inicio = time.perf_counter()
            grande = _ayuntamiento_con_datos(
                garante,
                f"{etiqueta}-grande",
                titular,
                periodo,
                args.solicitudes,
                args.actividades,
                args.semilla,
            )
            chico = _ayuntamiento_con_datos(
                garante,
                f"{etiqueta}-chico",
                titular,
                periodo,
                args.solicitudes_chico,
                args.actividades,
                args.semilla + 7,
            )
            creacion = time.perf_counter() - inicio
            reporte_grande = _reporte(grande, periodo, titular)
            reporte_chico = _reporte(chico, periodo, titular)
        print(
            f"Parte 1: datos de {args.solicitudes} y {args.solicitudes_chico} solicitudes en "
            f"el {periodo.nombre} creados en {creacion:.1f} s."
        )
        corridas = [_generar_medido(reporte_grande) for _ in range(max(args.corridas, 2))]
        chicas = [_generar_medido(reporte_chico) for _ in range(2)]
        contexto_grande = _consultas_del_contexto(grande, periodo)
        contexto_chico = _consultas_del_contexto(chico, periodo)
        if args.perfil:
            _perfil(reporte_grande)
        transaction.set_rollback(True)

    fria, calientes = corridas[0], corridas[1:]

    def mediana(clave: str) -> float:
        return statistics.median(c[clave] for c in calientes)

    total = mediana("total")
    porcentaje = statistics.median(100 * c["datos"] / c["total"] for c in calientes)
    cumple_total = total < OBJETIVO_REPORTE_S
    cumple_datos = porcentaje < OBJETIVO_DATOS_PCT
    n = args.solicitudes
    filas += [
        (
            f"Trimestral, {n} solicitudes: generar() (mediana de {len(calientes)})",
            f"{total:.2f} s",
            f"< {OBJETIVO_REPORTE_S:g} s",
            "sí" if cumple_total else "NO",
        ),
        ("  CPU de este proceso en generar() (mediana)", f"{mediana('cpu'):.2f} s", "", ""),
        ("  primera generación (en frío, informativa)", f"{fria['total']:.2f} s", "", ""),
        (
            "  datos: contexto() sin gráficas",
            f"{1000 * mediana('datos'):.0f} ms = {porcentaje:.1f} %",
            f"< {OBJETIVO_DATOS_PCT:g} %",
            "sí" if cumple_datos else "NO",
        ),
        ("  gráficas (2 × graficas.barras)", f"{1000 * mediana('graficas'):.0f} ms", "", ""),
        ("  HTML (render_to_string)", f"{1000 * mediana('html'):.0f} ms", "", ""),
        ("  PDF (WeasyPrint)", f"{1000 * mediana('pdf'):.0f} ms", "", ""),
        ("  resto (oficio, archivo, guardar)", f"{1000 * mediana('resto'):.0f} ms", "", ""),
        ("  tamaño del PDF", f"{fria['bytes'] / 1024:.0f} KiB", "", ""),
        (
            "  contexto() solo, con sus gráficas (mediana de 3)",
            f"{1000 * contexto_grande['tiempo']:.0f} ms",
            "",
            "",
        ),
        (
            f"    de ello, sus {contexto_grande['consultas']} consultas en la base",
            f"{1000 * contexto_grande['en_base']:.0f} ms",
            "",
            "",
        ),
        (
            f"Consultas de contexto(): {n} / {args.solicitudes_chico} solicitudes",
            f"{contexto_grande['consultas']} / {contexto_chico['consultas']}",
            "iguales",
            "sí" if contexto_grande["consultas"] == contexto_chico["consultas"] else "NO",
        ),
        (
            f"Consultas de generar(): {n} / {args.solicitudes_chico} solicitudes",
            f"{calientes[-1]['consultas']} / {chicas[-1]['consultas']}",
            "iguales",
            "sí" if calientes[-1]["consultas"] == chicas[-1]["consultas"] else "NO",
        ),
        (
            "  primera generación (emite el oficio)",
            f"{fria['consultas']} / {chicas[0]['consultas']}",
            "iguales",
            "sí" if fria["consultas"] == chicas[0]["consultas"] else "NO",
        ),
    ]
    if not cumple_total:
        fallas.append(f"trimestral de {n} solicitudes: {total:.2f} s")
    if not cumple_datos:
        fallas.append(f"datos del trimestral: {porcentaje:.1f} % del tiempo")
    if contexto_grande["consultas"] != contexto_chico["consultas"]:
        fallas.append("las consultas de contexto() dependen del número de solicitudes")
        _diferencia(contexto_grande["sql"], contexto_chico["sql"])
    for grande_, chico_ in ((calientes[-1], chicas[-1]), (fria, chicas[0])):
        if grande_["consultas"] != chico_["consultas"]:
            fallas.append("las consultas de generar() dependen del número de solicitudes")
            _diferencia(grande_["sql"], chico_["sql"])
    return filas, fallas


# --- Partes 2 y 3: el lote con workers de Celery ------------------------------------------


def _hijos() -> dict[int, list[int]]:
    """Los procesos hijos de cada proceso, leídos de /proc/<pid>/stat."""
    hijos: dict[int, list[int]] = defaultdict(list)
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            estado = (entrada / "stat").read_text()
        except OSError:
            continue  # terminó mientras se leía
        # «pid (nombre) estado ppid …»: el nombre puede llevar espacios y paréntesis.
        padre = int(estado[estado.rindex(")") + 2 :].split()[1])
        hijos[padre].append(int(entrada.name))
    return hijos


def _cpu_s(pid: int) -> float:
    """El tiempo de CPU (usuario + sistema) que lleva el proceso, en segundos."""
    try:
        estado = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    campos = estado[estado.rindex(")") + 2 :].split()
    return (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")


def _memoria_kib(pid: int) -> tuple[int, int]:
    """(VmHWM, VmRSS) en KiB: el pico de memoria residente del proceso y la actual."""
    campos = {}
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith(("VmHWM:", "VmRSS:")):
                nombre, valor = linea.split(":", 1)
                campos[nombre] = int(valor.split()[0])
    except OSError:
        return 0, 0
    return campos.get("VmHWM", 0), campos.get("VmRSS", 0)


class _Memoria(threading.Thread):
    """Mientras corre el lote, lee cada 500 ms la memoria de cada worker y sus hijos (el
    pool de prefork): el VmHWM más alto visto de cada proceso, la mayor suma de VmRSS de
    cada worker en un mismo instante y el tiempo de CPU que lleva cada proceso."""

    def __init__(self, raices: list[int]) -> None:
        super().__init__(daemon=True)
        self.raices = raices
        self.pico_por_proceso: dict[int, dict[int, int]] = {r: {} for r in raices}
        self.suma_rss: dict[int, int] = dict.fromkeys(raices, 0)
        self.cpu: dict[int, float] = {}
        self.alto = threading.Event()

    def run(self) -> None:
        while not self.alto.is_set():
            self.leer()
            self.alto.wait(0.5)

    def leer(self) -> None:
        hijos = _hijos()
        for raiz in self.raices:
            pendientes, suma = [raiz], 0
            while pendientes:
                pid = pendientes.pop()
                pendientes.extend(hijos.get(pid, []))
                pico, actual = _memoria_kib(pid)
                if pico:
                    picos = self.pico_por_proceso[raiz]
                    picos[pid] = max(picos.get(pid, 0), pico)
                    suma += actual
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_s(pid))
            self.suma_rss[raiz] = max(self.suma_rss[raiz], suma)


def _redis_disponible(broker: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return str(error)
    return None


def _arrancar_workers(args, cola: str, entorno: dict[str, str], directorio: Path):
    workers = []
    for numero in range(1, args.workers + 1):
        bitacora = directorio / f"worker-{numero}.log"
        proceso = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "transparencia",
                "worker",
                "--concurrency=1",
                "--queues",
                cola,
                "--hostname",
                f"{cola}-{numero}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=RAIZ,
            env=entorno,
            stdout=bitacora.open("w"),
            stderr=subprocess.STDOUT,
        )
        workers.append((proceso, bitacora))
    limite = time.monotonic() + 90
    while time.monotonic() < limite:
        listos = [" ready." in b.read_text() for _, b in workers]
        if all(listos):
            return workers
        if any(p.poll() is not None for p, _ in workers):
            break
        time.sleep(0.3)
    _detener_workers(workers)
    for _, bitacora in workers:
        print(f"--- {bitacora.name}\n{bitacora.read_text()[-3000:]}", file=sys.stderr)
    raise RuntimeError("Los workers de Celery no arrancaron (bitácoras arriba).")


def _detener_workers(workers) -> None:
    for proceso, _ in workers:
        if proceso.poll() is None:
            proceso.terminate()  # apagado tibio: termina la tarea en curso y sale
    for proceso, _ in workers:
        try:
            proceso.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait()


def _claves_redis(broker: str) -> set[bytes]:
    import redis

    return set(redis.Redis.from_url(broker).scan_iter())


def _limpiar_redis(broker: str, antes: set[bytes]) -> None:
    """Borra de la base de Redis lo que apareció durante la corrida: los resultados de las
    tareas y las llaves de la cola y del control remoto de los workers. La base debe ser
    sólo del benchmark; nada que existiera antes se toca."""
    import redis

    conexion = redis.Redis.from_url(broker)
    nuevas = set(conexion.scan_iter()) - antes
    if nuevas:
        conexion.delete(*nuevas)


def _parte_dos(args, garante, periodo, etiqueta: str, directorio: Path):
    from celery import Celery
    from django.db import transaction
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from reportes.models import EstadoReporte, Reporte

    filas: list[tuple[str, ...]] = []
    fallas: list[str] = []
    inicio = time.perf_counter()
    ids = []
    with scopes_disabled():
        with transaction.atomic():
            titular = _titular()
        for numero in range(1, args.ayuntamientos + 1):
            with transaction.atomic():
                ayuntamiento = _ayuntamiento_con_datos(
                    garante,
                    f"{etiqueta}-{numero:03d}",
                    titular,
                    periodo,
                    args.solicitudes_lote,
                    args.actividades,
                    args.semilla + 100 + numero,
                )
                ids.append(_reporte(ayuntamiento, periodo, titular).pk)
            if numero % 20 == 0:
                print(f"  {numero} ayuntamientos ({time.perf_counter() - inicio:.0f} s)")
    print(
        f"Parte 2: {args.ayuntamientos} ayuntamientos con {args.solicitudes_lote} solicitudes "
        f"en el trimestre creados (y confirmados) en {time.perf_counter() - inicio:.0f} s."
    )

    cola = f"bench-reportes-{uuid.uuid4().hex[:8]}"  # cola propia: nada ajeno se cuela
    entorno = {
        **os.environ,
        "CELERY_BROKER_URL": args.broker,
        "CELERY_RESULT_BACKEND": args.broker,
    }
    antes = _claves_redis(args.broker)
    arranque = time.perf_counter()
    workers = _arrancar_workers(args, cola, entorno, directorio)
    arranque = time.perf_counter() - arranque
    memoria = _Memoria([p.pid for p, _ in workers])
    memoria.start()
    cliente = Celery("bench-reportes", broker=args.broker, backend=args.broker)
    estados: dict[str, int] = {}
    try:
        memoria.leer()
        cpu_antes = sum(memoria.cpu.values())  # lo que gastaron en arrancar no cuenta
        carga_antes = os.getloadavg()[0]
        inicio = time.perf_counter()
        for pk in ids:
            cliente.send_task(TAREA, args=[pk], queue=cola)
        aviso = inicio
        while True:
            with scopes_disabled():
                estados = dict(
                    Reporte.objects.filter(pk__in=ids)
                    .values_list("estado")
                    .annotate(n=Count("pk"))
                    .values_list("estado", "n")
                )
            terminados = estados.get(EstadoReporte.LISTO, 0) + estados.get(EstadoReporte.ERROR, 0)
            transcurrido = time.perf_counter() - inicio
            if terminados == len(ids) or transcurrido > args.limite_lote:
                break
            if time.perf_counter() - aviso >= 30:
                aviso = time.perf_counter()
                print(f"  {terminados}/{len(ids)} terminados ({transcurrido:.0f} s)")
            time.sleep(0.5)
        memoria.leer()
        cpu_workers = sum(memoria.cpu.values()) - cpu_antes
    finally:
        memoria.alto.set()
        memoria.join()
        _detener_workers(workers)
        cliente.close()
        _limpiar_redis(args.broker, antes)

    # La duración de cada tarea, de la bitácora de su worker («… succeeded in 2.41s: …»).
    duraciones = [
        float(encontrado.group(1))
        for _, bitacora in workers
        for encontrado in re.finditer(r"succeeded in ([0-9.]+)s", bitacora.read_text())
    ]
    with scopes_disabled():
        errores = list(
            Reporte.objects.filter(pk__in=ids, estado=EstadoReporte.ERROR).values_list(
                "error", flat=True
            )[:5]
        )
    listos = estados.get(EstadoReporte.LISTO, 0)
    # Lo que costaría el lote si los workers tuvieran los núcleos para sí: separa la lentitud
    # del código de la de una máquina compartida (la carga se imprime al lado).
    cpu_por_reporte = cpu_workers / max(listos, 1)
    paralelos = min(args.workers, os.cpu_count() or 1)
    completo = listos == len(ids)
    cumple_lote = completo and transcurrido < OBJETIVO_LOTE_S
    filas += [
        (
            f"{len(ids)} trimestrales con {args.workers} workers: de encolar al último listo",
            f"{transcurrido:.0f} s" + ("" if completo else f" ({listos} de {len(ids)} listos)"),
            f"< {OBJETIVO_LOTE_S:g} s",
            "sí" if cumple_lote else "NO",
        ),
        (
            "  por reporte en el worker (mediana / máx.)",
            f"{statistics.median(duraciones):.2f} / {max(duraciones):.2f} s" if duraciones else "—",
            "",
            "",
        ),
        (
            "  CPU de los workers por reporte listo",
            f"{cpu_por_reporte:.2f} s" if listos else "—",
            "",
            "",
        ),
        (
            f"  sin otra carga: {len(ids)} × CPU / {paralelos} en paralelo (informativo)",
            f"~{cpu_por_reporte * len(ids) / paralelos:.0f} s" if listos else "—",
            "",
            "",
        ),
        (
            "  carga de la máquina (loadavg 1 min, al encolar / al final)",
            f"{carga_antes:.1f} / {os.getloadavg()[0]:.1f}",
            "",
            "",
        ),
        ("  arranque de los workers (no cuenta)", f"{arranque:.1f} s", "", ""),
    ]
    if not cumple_lote:
        fallas.append(f"lote de {len(ids)} reportes: {transcurrido:.0f} s, {listos} listos")
    for texto in errores:
        print("  reporte con error:", texto, file=sys.stderr)

    for numero, (proceso, _) in enumerate(workers, start=1):
        picos = memoria.pico_por_proceso[proceso.pid]
        suma = sum(picos.values()) / 1024
        mayor = max(picos.values(), default=0) / 1024
        cumple = suma < OBJETIVO_MEMORIA_MB
        filas.append(
            (
                f"Memoria del worker {numero}: suma de VmHWM de sus {len(picos)} procesos",
                f"{suma:.0f} MB",
                f"< {OBJETIVO_MEMORIA_MB:g} MB",
                "sí" if cumple else "NO",
            )
        )
        filas.append(
            (
                "  proceso más alto (VmHWM) / mayor VmRSS simultánea",
                f"{mayor:.0f} / {memoria.suma_rss[proceso.pid] / 1024:.0f} MB",
                "",
                "",
            )
        )
        if not cumple:
            fallas.append(f"memoria del worker {numero}: {suma:.0f} MB")
    return filas, fallas


# --- Principal ----------------------------------------------------------------------------


class _UnaVez(logging.Filter):
    """Cada aviso de WeasyPrint una sola vez (sin HarfBuzz-Subset avisa en cada PDF)."""

    def __init__(self) -> None:
        super().__init__()
        self.vistos: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        mensaje = record.getMessage()
        if mensaje in self.vistos:
            return False
        self.vistos.add(mensaje)
        return True


def main() -> int:
    args = _argumentos()
    # Los PDF de la corrida (de este proceso y de los workers, que heredan el entorno) van a
    # un directorio temporal que se borra al final, nunca a los archivos de la instalación.
    directorio = Path(tempfile.mkdtemp(prefix="bench-reportes-"))
    os.environ["MEDIA_ROOT"] = str(directorio / "archivos")
    logging.getLogger("weasyprint").addFilter(_UnaVez())
    try:
        return _correr(args, directorio)
    finally:
        if args.conservar:
            print(f"PDF y bitácoras en {directorio}")
        else:
            shutil.rmtree(directorio, ignore_errors=True)


def _correr(args, directorio: Path) -> int:
    preparar_django()

    from django.db import OperationalError, ProgrammingError, connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from organizacion.models import Garante
    from reportes.periodos import anterior, periodo_que_contiene

    try:
        connection.ensure_connection()
    except OperationalError as error:
        print(f"ERROR: no se pudo conectar a la base de datos: {error}", file=sys.stderr)
        return 2
    nombre_base = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql":
        print("ERROR: el benchmark necesita PostgreSQL (DATABASE_URL).", file=sys.stderr)
        return 2
    if "bench" not in nombre_base and not args.forzar:
        print(
            f"ERROR: la parte 2 deja datos confirmados en la base «{nombre_base}»; use una "
            "base desechable cuyo nombre diga «bench» (o --forzar).",
            file=sys.stderr,
        )
        return 2
    if not args.sin_celery and (problema := _redis_disponible(args.broker)):
        print(f"ERROR: Redis no responde en {args.broker}: {problema}", file=sys.stderr)
        return 2

    etiqueta = f"brep-{uuid.uuid4().hex[:6]}"  # cada corrida, sus propios identificadores
    try:
        with scopes_disabled(), transaction.atomic():
            garante = Garante.objects.create(
                nombre=f"Garante del benchmark de reportes {etiqueta}",
                siglas="BENCH-REP",
                estado="OAX",
            )
    except (OperationalError, ProgrammingError) as error:
        print(f"ERROR: a la base le faltan migraciones: {error}", file=sys.stderr)
        return 2
    # El último trimestre cerrado: todas sus solicitudes ya tuvieron tiempo de responderse.
    periodo = anterior(periodo_que_contiene("trimestre", timezone.localdate()))
    print(
        f"Base {nombre_base} ({connection.vendor}); trimestre medido: {periodo.nombre}; "
        f"{os.cpu_count()} núcleos, carga {os.getloadavg()[0]:.1f} (loadavg de 1 min).\n"
    )

    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(
            "AVISO: la máquina ya está ocupada por otros procesos; los tiempos de reloj saldrán "
            "inflados. Compare con las filas de CPU.\n"
        )
    filas, fallas = _parte_uno(args, garante, periodo, etiqueta)
    if not args.sin_celery:
        mas_filas, mas_fallas = _parte_dos(args, garante, periodo, etiqueta, directorio)
        filas += mas_filas
        fallas += mas_fallas
    print()
    print(_tabla([("Medida", "Valor", "Objetivo", "¿Cumple?"), *filas]))
    if fallas:
        print("\nNo cumplen su objetivo: " + "; ".join(fallas), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
