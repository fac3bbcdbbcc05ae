"""Generador del conjunto grande para los benchmarks de solicitudes.

Crea un garante «BENCH» con 100 ayuntamientos (`bench-001` … `bench-100`), cinco áreas y
una titular cada uno, y 200 000 solicitudes repartidas entre ellos, de enero del año
pasado a ayer: con sus eventos (prevención, respuesta, entrega), turnos a las áreas con
oficios de turno y de respuesta numerados, y los campos derivados calculados por la misma
`solicitudes.plazos.derivar` con un calendario por ayuntamiento.

Es un generador: no pasa por los servicios (serían horas) ni escribe historial, pero deja
datos coherentes: los folios de los oficios son consecutivos por ayuntamiento, año y serie
en orden de fecha, y el contador de cada serie queda en el último número, de modo que un
oficio emitido después por la aplicación sigue la numeración.

Uso, desde la raíz del proyecto, contra una base PostgreSQL migrada que NO sea la de
trabajo:

    createdb -h 127.0.0.1 -U postgres transparencia_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_bench \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/transparencia_bench \\
        .venv/bin/python bench/generar_solicitudes.py

Opciones: --ayuntamientos, --solicitudes, --semilla. Sale con código 1 si el garante BENCH
ya existe (para generar de nuevo, borre y cree otra vez la base: es sólo para medir) y con 2
si la base no está disponible.
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from comun import preparar_django

SIGLAS = "BENCH"
CLAVE = "bench-solicitudes"
AREAS = [
    "Unidad de Transparencia",
    "Tesorería Municipal",
    "Obras Públicas",
    "Secretaría del Ayuntamiento",
    "DIF Municipal",
]


def _argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Genera solicitudes para los benchmarks.")
    parser.add_argument("--ayuntamientos", type=int, default=100)
    parser.add_argument("--solicitudes", type=int, default=200_000, help="en total")
    parser.add_argument("--semilla", type=int, default=2024)
    return parser.parse_args()


def _ayuntamiento(garante, numero: int, titular):
    from organizacion.models import Ayuntamiento, Membresia, Rol, UnidadAdministrativa

    ayuntamiento = Ayuntamiento.objects.create(
        nombre=f"Municipio de prueba {numero:03d}",
        slug=f"bench-{numero:03d}",
        estado="OAX",
        garante=garante,
    )
    areas = UnidadAdministrativa.objects.bulk_create(
        [UnidadAdministrativa(ayuntamiento=ayuntamiento, nombre=n) for n in AREAS]
    )
    Membresia.objects.create(usuario=titular, ayuntamiento=ayuntamiento, rol=Rol.TITULAR)
    return ayuntamiento, areas


def _generar_de(ayuntamiento, areas, cuantas: int, azar: random.Random, titular) -> dict:
    """Las solicitudes de un ayuntamiento con sus eventos, turnos y oficios."""
    from organizacion.calendario import calendario_para
    from organizacion.models import (
        ContadorOficio,
        Oficio,
        Sexo,
        TipoOficio,
        UnidadAdministrativa,
        hoy_local,
    )
    from solicitudes.models import (
        Evento,
        MedioRecepcion,
        Solicitud,
        TipoEvento,
        TipoRespuesta,
        TipoSolicitud,
        Turno,
    )
    from solicitudes.servicios import CON_HECHOS, solicitudes_derivar

    calendario = calendario_para(ayuntamiento)
    hoy = hoy_local(ayuntamiento)
    zona = ZoneInfo(ayuntamiento.zona_horaria)
    inicio = date(hoy.year - 1, 1, 1)
    dias = (hoy - inicio).days
    sumar = calendario.sumar_dias_habiles
    turnables = areas[1:]

    planes = []
    for _ in range(cuantas):
        dia = inicio + timedelta(days=azar.randrange(dias))
        recibida = datetime(dia.year, dia.month, dia.day, azar.randint(8, 20), 0, tzinfo=zona)
        base = calendario.recepcion_efectiva(recibida)
        eventos: list[tuple[str, date, str]] = []
        turnos: list[tuple[UnidadAdministrativa, date, date | None]] = []
        if azar.random() < 0.04:
            prevencion = sumar(base, azar.randint(1, 5))
            if prevencion <= hoy:
                eventos.append((TipoEvento.PREVENCION, prevencion, ""))
                atendida = sumar(prevencion, azar.randint(1, 10))
                if atendida <= hoy:
                    eventos.append((TipoEvento.PREVENCION_ATENDIDA, atendida, ""))
                    base = atendida
        respuesta = sumar(base, azar.randint(3, 24))
        fecha_turno = sumar(base, azar.randint(0, 2))
        if azar.random() < 0.75 and fecha_turno <= hoy and fecha_turno < respuesta:
            for area in azar.sample(turnables, azar.choice([1, 1, 1, 2])):
                contesta = sumar(fecha_turno, azar.randint(1, 6))
                turnos.append((area, fecha_turno, contesta if contesta <= hoy else None))
        if respuesta <= hoy and (not eventos or eventos[-1][0] != TipoEvento.PREVENCION):
            tipo = azar.choice(
                [TipoRespuesta.ENTREGA_TOTAL] * 6
                + [TipoRespuesta.ENTREGA_PARCIAL, TipoRespuesta.INEXISTENCIA]
            )
            eventos.append((TipoEvento.RESPUESTA, respuesta, tipo))
        es_arco = azar.random() < 0.15
        solicitud = Solicitud(
            ayuntamiento=ayuntamiento,
            tipo=TipoSolicitud.ARCO if es_arco else TipoSolicitud.ACCESO,
            derecho_arco="rectificacion" if es_arco else "",
            medio=azar.choice([MedioRecepcion.PNT] * 8 + [MedioRecepcion.CORREO]),
            recibida=recibida,
            sexo=azar.choice(list(Sexo)),
            descripcion="Solicitud generada para el benchmark.",
            registrada_por=titular,
        )
        if solicitud.medio != MedioRecepcion.PNT:
            solicitud.capturada_pnt = min(hoy, sumar(calendario.recepcion_efectiva(recibida), 2))
        planes.append((solicitud, eventos, turnos))

    planes.sort(key=lambda p: p[0].recibida)
    for numero, (solicitud, _e, _t) in enumerate(planes, start=1):
        solicitud.folio = f"99{ayuntamiento.pk:04d}{solicitud.recibida.year % 100:02d}{numero:07d}"
    Solicitud.objects.bulk_create([p[0] for p in planes], batch_size=2000)
    Evento.objects.bulk_create(
        [
            Evento(
                ayuntamiento=ayuntamiento,
                solicitud=solicitud,
                tipo=tipo,
                fecha=fecha,
                tipo_respuesta=tipo_respuesta,
            )
            for solicitud, eventos, _t in planes
            for tipo, fecha, tipo_respuesta in eventos
        ],
        batch_size=2000,
    )

    # Oficios de turno y de respuesta numerados en orden de fecha, por año, en la serie UT.
    pendientes: list[tuple[date, Turno, str, str]] = []
    for solicitud, _e, turnos in planes:
        for area, turnado, respondido in turnos:
            turno = Turno(
                ayuntamiento=ayuntamiento,
                solicitud=solicitud,
                unidad_administrativa=area,
                fecha=turnado,
                vence=turnado,  # lo escribe la derivación, al final
                fecha_respuesta=respondido,
                respuesta="Se remite la información." if respondido else "",
            )
            pendientes.append((turnado, turno, TipoOficio.TURNO, area.nombre))
            if respondido:
                pendientes.append(
                    (respondido, turno, TipoOficio.RESPUESTA, "Unidad de Transparencia")
                )
    pendientes.sort(key=lambda p: p[0])
    ultimo: dict[int, int] = {}
    oficios = []
    for fecha, turno, tipo_oficio, destinatario in pendientes:
        ultimo[fecha.year] = numero = ultimo.get(fecha.year, 0) + 1
        oficio = Oficio(
            ayuntamiento=ayuntamiento,
            anio=fecha.year,
            serie="UT",
            numero=numero,
            folio=ayuntamiento.numero_oficio(serie="UT", numero=numero, anio=fecha.year),
            fecha=fecha,
            tipo=tipo_oficio,
            asunto=f"{'Turno' if tipo_oficio == TipoOficio.TURNO else 'Respuesta'} de la solicitud "
            f"{turno.solicitud.folio}",
            destinatario=destinatario,
        )
        oficios.append((turno, tipo_oficio, oficio))
    Oficio.objects.bulk_create([o for _t, _tipo, o in oficios], batch_size=2000)
    for turno, tipo_oficio, oficio in oficios:
        if tipo_oficio == TipoOficio.TURNO:
            turno.oficio = oficio
        else:
            turno.oficio_respuesta = oficio
    turnos_creados = [t for _f, t, tipo, _d in pendientes if tipo == TipoOficio.TURNO]
    Turno.objects.bulk_create(turnos_creados, batch_size=2000)
    ContadorOficio.objects.bulk_create(
        [
            ContadorOficio(ayuntamiento=ayuntamiento, anio=anio, serie="UT", ultimo=n)
            for anio, n in ultimo.items()
        ]
    )
    # Estados y plazos con el escritor de siempre, en lotes (cada lote precarga sus hechos).
    ids = [p[0].pk for p in planes]
    for inicio_lote in range(0, len(ids), 2000):
        solicitudes_derivar(
            ayuntamiento=ayuntamiento,
            solicitudes=Solicitud.objects.filter(pk__in=ids[inicio_lote : inicio_lote + 2000])
            .select_related("ayuntamiento")
            .prefetch_related(*CON_HECHOS),
        )
    return {"solicitudes": len(planes), "turnos": len(turnos_creados), "oficios": len(oficios)}


def main() -> int:
    args = _argumentos()
    preparar_django()

    from django.db import OperationalError, connection, transaction
    from django_scopes import scopes_disabled

    from organizacion.models import Garante, Usuario

    try:
        connection.ensure_connection()
    except OperationalError as error:
        print(f"ERROR: no se pudo conectar a la base de datos: {error}", file=sys.stderr)
        return 2
    if connection.vendor != "postgresql":
        print("AVISO: el benchmark se pensó para PostgreSQL; esta base es", connection.vendor)
    azar = random.Random(args.semilla)
    t0 = time.perf_counter()
    totales = {"solicitudes": 0, "turnos": 0, "oficios": 0}
    with scopes_disabled():
        if Garante.objects.filter(siglas=SIGLAS).exists():
            print(
                "ERROR: esta base ya tiene los datos BENCH; para generarlos de nuevo, bórrela "
                "(dropdb) y vuelva a crearla y migrarla.",
                file=sys.stderr,
            )
            return 1
        with transaction.atomic():
            garante = Garante.objects.create(
                nombre="Garante del benchmark", siglas=SIGLAS, estado="OAX"
            )
            titular = Usuario.objects.filter(email="titular@bench.demo.mx").first()
            if titular is None:
                titular = Usuario.objects.create_user(
                    "titular@bench.demo.mx", password=CLAVE, nombre="Titular del benchmark"
                )
        por_ayuntamiento = args.solicitudes // args.ayuntamientos
        for numero in range(1, args.ayuntamientos + 1):
            with transaction.atomic():
                ayuntamiento, areas = _ayuntamiento(garante, numero, titular)
                cifras = _generar_de(ayuntamiento, areas, por_ayuntamiento, azar, titular)
            for clave, valor in cifras.items():
                totales[clave] += valor
            if numero % 10 == 0:
                print(
                    f"  {numero} ayuntamientos, {totales['solicitudes']} solicitudes "
                    f"({time.perf_counter() - t0:.0f} s)"
                )
    if connection.vendor == "postgresql":
        # Estadísticas frescas para el planificador antes de medir.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Listo: {totales['solicitudes']} solicitudes, {totales['turnos']} turnos y "
        f"{totales['oficios']} oficios en {args.ayuntamientos} ayuntamientos, "
        f"{time.perf_counter() - t0:.0f} s. Usuario: titular@bench.demo.mx / {CLAVE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
