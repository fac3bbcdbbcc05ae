"""Indicadores automáticos desde capacitación: sesiones realizadas, asistentes por sexo y
asesorías, leídos de `capacitacion/estadisticas.py` mes por mes."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from organizacion.models import Sexo
from poa.estadisticas import avance_del_plan
from poa.models import Avance, Formula, Fuente
from poa.servicios import Captura, actividad_automatica_actualizar, avance_capturar
from tests.capacitacion.objetos import asesoria, sesion

from .objetos import crear_actividad

pytestmark = pytest.mark.usefixtures("congelado")


@pytest.fixture
def capacitaciones(ayuntamiento, ayuntamiento_ajeno):
    sesion(ayuntamiento, fecha=date(2024, 4, 9), mujeres=10, hombres=5, no_identificado=1)
    sesion(ayuntamiento, fecha=date(2024, 4, 23), mujeres=3, hombres=2)
    sesion(ayuntamiento, fecha=date(2024, 5, 14), mujeres=4, hombres=4)
    # Junio queda fuera del corte; la de otro ayuntamiento no cuenta.
    sesion(ayuntamiento, fecha=date(2024, 6, 3), mujeres=50)
    sesion(ayuntamiento_ajeno, fecha=date(2024, 4, 10), mujeres=99)
    asesoria(ayuntamiento, fecha=date(2024, 4, 2), sexo=Sexo.MUJER)
    asesoria(ayuntamiento, fecha=date(2024, 4, 30), sexo=Sexo.HOMBRE)
    asesoria(ayuntamiento, fecha=date(2024, 5, 2), sexo=Sexo.NO_IDENTIFICADO)
    asesoria(ayuntamiento_ajeno, fecha=date(2024, 5, 2))


def _automatica(objetivo, fuente: str, **campos):
    datos = {"formula": Formula.CONTEO, "meta_anual": D(24), **campos}
    return crear_actividad(
        objetivo,
        descripcion=str(Fuente(fuente).label),
        fuente=fuente,
        fecha_inicio=date(2024, 3, 1),
        **datos,
    )


def _meses(ayuntamiento, actividad) -> dict[int, tuple]:
    with scope(ayuntamiento=ayuntamiento):
        return {
            a.mes: (a.valor, a.mujeres, a.hombres, a.no_identificado, a.automatico)
            for a in Avance.objects.filter(actividad=actividad)
        }


def test_sesiones_asistentes_y_asesorias_mes_por_mes(ayuntamiento, plan, objetivo, capacitaciones):
    sesiones = _automatica(objetivo, Fuente.CAPACITACIONES)
    asistentes = _automatica(objetivo, Fuente.ASISTENTES_CAPACITACION, por_sexo=True)
    asesorias = _automatica(objetivo, Fuente.ASESORIAS, por_sexo=True)
    with scope(ayuntamiento=ayuntamiento):
        for actividad in (sesiones, asistentes, asesorias):
            # De marzo (su inicio) a mayo (el mes del corte).
            assert (
                actividad_automatica_actualizar(actividad=actividad, hasta=date(2024, 5, 31)) == 3
            )
        filas = {f.actividad.pk: f for f in avance_del_plan(plan)}

    assert _meses(ayuntamiento, sesiones) == {
        3: (D(0), None, None, None, True),
        4: (D(2), None, None, None, True),
        5: (D(1), None, None, None, True),
    }
    assert _meses(ayuntamiento, asistentes) == {
        3: (D(0), 0, 0, 0, True),
        4: (D(21), 13, 7, 1, True),
        5: (D(8), 4, 4, 0, True),
    }
    assert _meses(ayuntamiento, asesorias) == {
        3: (D(0), 0, 0, 0, True),
        4: (D(2), 1, 1, 0, True),
        5: (D(1), 0, 0, 1, True),
    }
    assert filas[sesiones.pk].trimestre(2).acumulado == D(3)
    fila = filas[asistentes.pk]
    assert fila.trimestre(2).acumulado == D(29)
    assert (fila.mujeres, fila.hombres, fila.no_identificado) == (17, 11, 1)
    assert filas[asesorias.pk].trimestre(2).alcanzado == D(3)


def test_la_fuente_de_capacitacion_exige_conteo_y_no_se_captura_a_mano(
    ayuntamiento, objetivo, capacitaciones
):
    with pytest.raises(ValidationError, match="da una cantidad"):
        _automatica(
            objetivo, Fuente.ASISTENTES_CAPACITACION, formula=Formula.PORCENTAJE, meta_anual=D(90)
        )
    actividad = _automatica(objetivo, Fuente.CAPACITACIONES)
    with scope(ayuntamiento=ayuntamiento), pytest.raises(ValidationError, match="se calcula"):
        avance_capturar(actividad=actividad, mes=4, captura=Captura(valor=D(7)), usuario=None)


def test_la_noche_pone_al_dia_las_actividades_automaticas(
    ayuntamiento, plan, objetivo, capacitaciones
):
    from django_celery_beat.models import PeriodicTask

    from poa.tasks import actualizar_indicadores_automaticos

    sesiones = _automatica(objetivo, Fuente.CAPACITACIONES)
    manual = crear_actividad(objetivo, descripcion="Revisiones del portal")
    # Hoy es 4 de julio de 2024: de marzo a julio, cinco meses.
    assert actualizar_indicadores_automaticos.delay().get() == 5
    assert _meses(ayuntamiento, sesiones)[6] == (D(1), None, None, None, True)
    assert _meses(ayuntamiento, manual) == {}
    tarea = PeriodicTask.objects.get(task="poa.tasks.actualizar_indicadores_automaticos")
    assert (tarea.crontab.hour, tarea.crontab.minute) == ("0", "30")
