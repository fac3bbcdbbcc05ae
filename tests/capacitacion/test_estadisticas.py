"""Cifras contra datos contados a mano: una consulta por familia."""

from datetime import date

import pytest
from django_scopes import scope

from capacitacion import estadisticas
from capacitacion.models import Modalidad, Publico, PublicoAsesoria, TemaAsesoria
from organizacion.models import Sexo

from .objetos import asesoria, participante, plan, sesion, tema

ABRIL, MAYO, JUNIO = date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)
PERIODO = {"desde": date(2024, 4, 1), "hasta": date(2024, 6, 30)}


@pytest.fixture
def sesiones(ayuntamiento, ayuntamiento_ajeno, areas):
    tesoreria, obras = areas
    a = sesion(ayuntamiento, fecha=date(2024, 4, 9), mujeres=10, hombres=5, no_identificado=1)
    with scope(ayuntamiento=ayuntamiento):
        a.areas.set([tesoreria, obras])
    b = sesion(
        ayuntamiento,
        fecha=date(2024, 4, 30),
        modalidad=Modalidad.EN_LINEA,
        publico=Publico.CIUDADANIA,
    )
    participante(b, "Ana", Sexo.MUJER, area=tesoreria)
    participante(b, "Luis", Sexo.HOMBRE, area=tesoreria)
    participante(b, "Eva", Sexo.MUJER, area=obras, asistio=False)
    with scope(ayuntamiento=ayuntamiento):
        b.areas.set([tesoreria])
    sesion(ayuntamiento, fecha=date(2024, 6, 4), mujeres=3, hombres=4)
    # Fuera del periodo y de otro ayuntamiento: no cuentan.
    sesion(ayuntamiento, fecha=date(2024, 7, 1), mujeres=100)
    sesion(ayuntamiento_ajeno, fecha=date(2024, 4, 9), mujeres=100)


def test_totales(ayuntamiento, sesiones, django_assert_num_queries):
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        cifras = estadisticas.totales(ayuntamiento=ayuntamiento, **PERIODO)
    assert cifras == {
        "sesiones": 3,
        "mujeres": 14,
        "hombres": 10,
        "no_identificado": 1,
        "asistentes": 25,
    }


def test_por_mes(ayuntamiento, sesiones, django_assert_num_queries):
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = estadisticas.capacitaciones_por_mes(ayuntamiento=ayuntamiento, **PERIODO)
    assert [(f["mes"], f["sesiones"], f["mujeres"], f["hombres"]) for f in filas] == [
        (ABRIL, 2, 11, 6),
        (JUNIO, 1, 3, 4),
    ]


def test_por_publico_y_modalidad(ayuntamiento, sesiones, django_assert_num_queries):
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = estadisticas.capacitaciones_por(
            ayuntamiento=ayuntamiento, dimension="publico", **PERIODO
        )
    assert {f["publico"]: (f["sesiones"], f["asistentes"]) for f in filas} == {
        "servidores": (2, 23),
        "ciudadania": (1, 2),
    }
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = estadisticas.capacitaciones_por(
            ayuntamiento=ayuntamiento, dimension="modalidad", **PERIODO
        )
    assert {f["modalidad"]: f["sesiones"] for f in filas} == {"presencial": 2, "en_linea": 1}
    with pytest.raises(ValueError):
        estadisticas.capacitaciones_por(ayuntamiento=ayuntamiento, dimension="tema", **PERIODO)


def test_por_area(ayuntamiento, areas, sesiones, django_assert_num_queries):
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = estadisticas.capacitaciones_por_area(ayuntamiento=ayuntamiento, **PERIODO)
    assert [
        (f["nombre"], f["sesiones"], f["mujeres"], f["hombres"], f["no_identificado"])
        for f in filas
    ] == [("Obras Públicas", 1, 0, 0, 0), ("Tesorería Municipal", 2, 1, 1, 0)]


def test_asesorias(ayuntamiento, ayuntamiento_ajeno, django_assert_num_queries):
    asesoria(ayuntamiento, fecha=date(2024, 4, 2))
    asesoria(ayuntamiento, fecha=date(2024, 4, 20))
    asesoria(
        ayuntamiento,
        fecha=date(2024, 4, 21),
        tema=TemaAsesoria.SISAI,
        publico=PublicoAsesoria.ENLACE,
        sexo=Sexo.HOMBRE,
    )
    asesoria(ayuntamiento, fecha=date(2024, 5, 31))
    asesoria(ayuntamiento, fecha=date(2024, 3, 31))
    asesoria(ayuntamiento_ajeno, fecha=date(2024, 4, 2))
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = estadisticas.asesorias(ayuntamiento=ayuntamiento, **PERIODO)
    assert [(f["mes"], f["tema"], f["publico"], f["sexo"], f["total"]) for f in filas] == [
        (ABRIL, "datos_personales", "ciudadano", "mujer", 2),
        (ABRIL, "sisai", "enlace", "hombre", 1),
        (MAYO, "datos_personales", "ciudadano", "mujer", 1),
    ]


def test_periodo_al_reves(ayuntamiento):
    from django.core.exceptions import ValidationError

    with scope(ayuntamiento=ayuntamiento), pytest.raises(ValidationError):
        estadisticas.totales(
            ayuntamiento=ayuntamiento, desde=date(2024, 6, 1), hasta=date(2024, 1, 1)
        )


def test_cobertura_del_plan(ayuntamiento, django_assert_num_queries):
    del_plan = plan(ayuntamiento, 2024)
    abril = tema(del_plan, 4, "Datos personales", meta=40)
    tema(del_plan, 4, "Obligaciones", meta=20)
    junio = tema(del_plan, 6, "SIPOT", meta=50)
    otro_plan = tema(plan(ayuntamiento, 2024, "ciudadania"), 4, "Ciudadanía", meta=99)
    sesion(ayuntamiento, fecha=date(2024, 4, 9), tema_planeado=abril, mujeres=20, hombres=10)
    # El tema de abril se dio otra vez en mayo: cuenta en mayo, el mes en que ocurrió.
    sesion(ayuntamiento, fecha=date(2024, 5, 9), tema_planeado=abril, mujeres=5)
    sesion(ayuntamiento, fecha=date(2024, 6, 4), tema_planeado=junio, hombres=12)
    sesion(ayuntamiento, fecha=date(2024, 6, 5), tema_planeado=otro_plan, hombres=80)
    sesion(ayuntamiento, fecha=date(2024, 6, 6), hombres=70)  # sin tema del plan
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = estadisticas.cobertura_plan(del_plan)
    assert len(filas) == 12
    por_mes = {f["mes"]: (f["temas"], f["meta"], f["sesiones"], f["asistentes"]) for f in filas}
    assert por_mes[4] == (2, 60, 1, 30)
    assert por_mes[5] == (0, 0, 1, 5)
    assert por_mes[6] == (1, 50, 1, 12)
    assert por_mes[1] == (0, 0, 0, 0)
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        temas = {
            t.tema: (t.sesiones, t.asistentes)  # type: ignore[attr-defined]
            for t in estadisticas.cobertura_temas(del_plan)
        }
    assert temas == {"Datos personales": (2, 35), "Obligaciones": (0, 0), "SIPOT": (1, 12)}
