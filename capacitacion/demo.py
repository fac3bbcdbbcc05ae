"""Datos de demostración de capacitación: un año (2024) de sesiones, planes y asesorías por
ayuntamiento de la demo, algunas sesiones con lista de participantes.

Para Oaxaca de Juárez, abril a junio reproducen las cifras del segundo informe trimestral
2024 (semilla 003): 4 sesiones en abril con 58 hombres y 101 mujeres, ninguna en mayo, 2
en junio con 45 hombres y 60 mujeres; asesorías de datos personales 1/1/1, todas a mujeres;
asesorías a enlaces 6/3/3, 7 mujeres y 5 hombres.

Idempotente: un ayuntamiento que ya tiene capacitaciones de 2024 no se toca.
"""

import random
from datetime import date, time

from django.db import transaction
from django_scopes import scope, scopes_disabled
from simple_history.utils import bulk_create_with_history

from organizacion.models import Ayuntamiento, Sexo, UnidadAdministrativa

from .models import (
    Asesoria,
    Capacitacion,
    Formato,
    Imparte,
    MedioAsesoria,
    Modalidad,
    Participante,
    PlanCapacitacion,
    Publico,
    PublicoAsesoria,
    PublicoPlan,
    TemaAsesoria,
    TemaPlaneado,
)
from .servicios import capacitacion_convocar, capacitacion_guardar, participante_guardar

ANIO = 2024
SEMILLA = "oaxaca-de-juarez"

# Las sesiones del segundo trimestre de Oaxaca: (fecha, hora, tema, mujeres, hombres, áreas).
OAXACA_SESIONES = [
    (date(2024, 4, 9), time(10, 30), "Obligaciones en materia de datos personales", 30, 16, 21),
    (
        date(2024, 4, 11),
        time(11, 0),
        "Obligaciones en materia de transparencia y responsabilidades administrativas de los "
        "servidores públicos",
        40,
        25,
        30,
    ),
    (date(2024, 4, 16), time(10, 30), "Documento de seguridad", 30, 16, 21),
    (date(2024, 4, 24), time(14, 0), "SISAI 2.0", 1, 1, 1),
    (date(2024, 6, 4), time(11, 0), "Funciones de las áreas administrativas", 35, 27, 27),
    (
        date(2024, 6, 27),
        time(11, 0),
        "Lineamientos técnicos generales y sus formatos (reformas SIPOT)",
        25,
        18,
        29,
    ),
]
# Asesorías del segundo trimestre de Oaxaca: (mes, tema, público, mujeres, hombres).
OAXACA_ASESORIAS = [
    (4, TemaAsesoria.DATOS_PERSONALES, PublicoAsesoria.CIUDADANO, 1, 0),
    (5, TemaAsesoria.DATOS_PERSONALES, PublicoAsesoria.CIUDADANO, 1, 0),
    (6, TemaAsesoria.DATOS_PERSONALES, PublicoAsesoria.CIUDADANO, 1, 0),
    (4, TemaAsesoria.ACCESO, PublicoAsesoria.ENLACE, 4, 2),
    (5, TemaAsesoria.ACCESO, PublicoAsesoria.ENLACE, 1, 2),
    (6, TemaAsesoria.ACCESO, PublicoAsesoria.ENLACE, 2, 1),
]
TRIMESTRE_SEMILLA = {4, 5, 6}

TEMAS = [
    "Derecho de acceso a la información",
    "Protección de datos personales",
    "Obligaciones de transparencia y carga en el SIPOT",
    "Uso del SISAI 2.0",
    "Clasificación de la información y versiones públicas",
    "Gobierno abierto y transparencia proactiva",
    "Archivos y gestión documental",
]
NOMBRES = [
    ("María", Sexo.MUJER),
    ("Guadalupe", Sexo.MUJER),
    ("Rosa", Sexo.MUJER),
    ("Fernanda", Sexo.MUJER),
    ("Leticia", Sexo.MUJER),
    ("José", Sexo.HOMBRE),
    ("Juan", Sexo.HOMBRE),
    ("Miguel", Sexo.HOMBRE),
    ("Carlos", Sexo.HOMBRE),
    ("Alex", Sexo.NO_IDENTIFICADO),
]
APELLIDOS = ["López", "Martínez", "Hernández", "García", "Ruiz", "Cruz", "Santiago", "Pérez"]


def _plan(ayuntamiento: Ayuntamiento, publico: str) -> dict[int, TemaPlaneado]:
    """El plan del año con un tema por mes (salvo el periodo vacacional de diciembre)."""
    plan, _ = PlanCapacitacion.objects.get_or_create(
        ayuntamiento=ayuntamiento,
        anio=ANIO,
        publico=publico,
        defaults={
            "descripcion": "Plan anual conforme al Modelo Regional de Transparencia Municipal."
        },
    )
    temas = {}
    for mes in range(1, 12):
        temas[mes], _ = TemaPlaneado.objects.get_or_create(
            ayuntamiento=ayuntamiento,
            plan=plan,
            mes=mes,
            defaults={
                "tema": TEMAS[mes % len(TEMAS)],
                "publico": publico,
                "meta_asistentes": 40 if publico == PublicoPlan.SERVIDORES else 25,
            },
        )
    return temas


def _lista(capacitacion: Capacitacion, azar: random.Random, cuantos: int, areas) -> None:
    usados: set[str] = set()
    while len(usados) < cuantos:
        nombre, sexo = azar.choice(NOMBRES)
        completo = f"{nombre} {azar.choice(APELLIDOS)} {azar.choice(APELLIDOS)}"
        if completo.lower() in usados:
            continue
        usados.add(completo.lower())
        participante_guardar(
            participante=Participante(
                capacitacion=capacitacion,
                nombre=completo,
                sexo=sexo,
                area=azar.choice(areas) if areas else None,
                cargo="Enlace de transparencia",
                asistio=azar.random() > 0.1,
            )
        )


def _sesiones(ayuntamiento: Ayuntamiento, azar: random.Random, areas) -> None:
    servidores = _plan(ayuntamiento, PublicoPlan.SERVIDORES)
    ciudadania = _plan(ayuntamiento, PublicoPlan.CIUDADANIA)
    es_semilla = ayuntamiento.slug == SEMILLA
    if es_semilla:
        for numero, (fecha, hora, tema, mujeres, hombres, n_areas) in enumerate(OAXACA_SESIONES):
            capacitacion = capacitacion_guardar(
                capacitacion=Capacitacion(
                    ayuntamiento=ayuntamiento,
                    tema=tema,
                    fecha=fecha,
                    hora=hora,
                    duracion_minutos=120,
                    formato=Formato.SESION,
                    publico=Publico.SERVIDORES,
                    impartida_por=Imparte.GARANTE if fecha.month == 6 else Imparte.UNIDAD,
                    institucion="OGAIPO" if fecha.month == 6 else "",
                    sede="Auditorio del OGAIPO" if fecha.month == 6 else "Sala de Cabildo",
                    tema_planeado=servidores[fecha.month],
                    mujeres=mujeres,
                    hombres=hombres,
                ),
                areas=areas[: min(n_areas, len(areas))],
            )
            if numero == 3:
                # La sesión del SISAI (una mujer y un hombre) se registró con su lista.
                for nombre, sexo in (
                    ("Elsa Román Torres", Sexo.MUJER),
                    ("Juan Cruz Pérez", Sexo.HOMBRE),
                ):
                    participante_guardar(
                        participante=Participante(
                            capacitacion=capacitacion, nombre=nombre, sexo=sexo, area=areas[0]
                        )
                    )
            if numero in (0, 4):
                capacitacion_convocar(
                    capacitacion=capacitacion,
                    fecha=fecha.replace(day=2),
                    destinatario="Titulares de la Administración Pública Municipal",
                    asunto=f"Calendario de capacitaciones de {'abril' if fecha.month == 4 else 'junio'}",
                )
    for mes in range(1, 13):
        if es_semilla and mes in TRIMESTRE_SEMILLA:
            continue
        for _ in range(azar.randint(0, 2)):
            publico = azar.choice([Publico.SERVIDORES, Publico.SERVIDORES, Publico.CIUDADANIA])
            planeado = (servidores if publico == Publico.SERVIDORES else ciudadania).get(mes)
            capacitacion = Capacitacion(
                ayuntamiento=ayuntamiento,
                tema=planeado.tema if planeado else azar.choice(TEMAS),
                fecha=date(ANIO, mes, azar.randint(1, 28)),
                hora=time(azar.choice([10, 11, 12, 17]), 0),
                duracion_minutos=azar.choice([60, 90, 120]),
                modalidad=azar.choice(Modalidad.values),
                formato=azar.choice(Formato.values),
                publico=publico,
                tema_planeado=planeado,
            )
            con_lista = azar.random() < 0.3
            if not con_lista:
                capacitacion.mujeres = azar.randint(5, 40)
                capacitacion.hombres = azar.randint(5, 35)
                capacitacion.no_identificado = azar.randint(0, 2)
            capacitacion_guardar(
                capacitacion=capacitacion, areas=azar.sample(areas, k=min(3, len(areas)))
            )
            if con_lista:
                _lista(capacitacion, azar, azar.randint(6, 15), areas)


def _asesorias(ayuntamiento: Ayuntamiento, azar: random.Random) -> None:
    nuevas = []
    es_semilla = ayuntamiento.slug == SEMILLA
    if es_semilla:
        for mes, tema, publico, mujeres, hombres in OAXACA_ASESORIAS:
            for sexo, cuantas in ((Sexo.MUJER, mujeres), (Sexo.HOMBRE, hombres)):
                for dia in range(cuantas):
                    nuevas.append(
                        Asesoria(
                            ayuntamiento=ayuntamiento,
                            fecha=date(ANIO, mes, 3 + dia * 3),
                            tema=tema,
                            publico=publico,
                            sexo=sexo,
                            medio=MedioAsesoria.PRESENCIAL,
                        )
                    )
    for mes in range(1, 13):
        if es_semilla and mes in TRIMESTRE_SEMILLA:
            continue
        for _ in range(azar.randint(2, 8)):
            nuevas.append(
                Asesoria(
                    ayuntamiento=ayuntamiento,
                    fecha=date(ANIO, mes, azar.randint(1, 28)),
                    tema=azar.choice(TemaAsesoria.values),
                    publico=azar.choice(PublicoAsesoria.values),
                    sexo=azar.choice(Sexo.values),
                    medio=azar.choice(MedioAsesoria.values),
                )
            )
    bulk_create_with_history(nuevas, Asesoria)


@transaction.atomic
def cargar(salida) -> None:
    with scopes_disabled():
        ayuntamientos = list(Ayuntamiento.objects.order_by("slug"))
    for ayuntamiento in ayuntamientos:
        with scope(ayuntamiento=ayuntamiento):
            if Capacitacion.objects.filter(ayuntamiento=ayuntamiento, fecha__year=ANIO).exists():
                continue
            # Una semilla por ayuntamiento: la demo sale igual cada vez que se carga desde cero.
            azar = random.Random(ayuntamiento.slug)
            areas = list(UnidadAdministrativa.objects.filter(ayuntamiento=ayuntamiento))
            _sesiones(ayuntamiento, azar, areas)
            _asesorias(ayuntamiento, azar)
            salida.write(f"  Capacitaciones y asesorías {ANIO} de {ayuntamiento.nombre}\n")
