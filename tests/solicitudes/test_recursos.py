"""Recursos de revisión en el servicio: plazos derivados sobre el calendario real, orden de
las fechas, estado derivado (y su traducción a SQL para filtrar) y efecto en la solicitud."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from organizacion.models import Ambito, DiaInhabil, Sexo
from solicitudes.models import (
    FILTRO_ESTADO_RECURSO,
    EstadoRecurso,
    EstadoSolicitud,
    RecursoRevision,
    ResolucionRecurso,
    Solicitud,
)
from solicitudes.servicios import plazos_recalcular, recurso_guardar, solicitud_registrar

MEXICO = ZoneInfo("America/Mexico_City")
ABRIL = datetime(2024, 4, 10, 12, tzinfo=MEXICO)
ACUERDO = "Acuerdo OGAIPO/CG/009/2024"


def nuevo(ayuntamiento, **campos) -> RecursoRevision:
    datos = {
        "expediente": "RR/0001/2024",
        "sexo": Sexo.MUJER,
        "fecha_interposicion": date(2024, 3, 1),
    } | campos
    return RecursoRevision(ayuntamiento=ayuntamiento, **datos)


@pytest.fixture
def vacaciones_garante(garante):
    """Una suspensión de plazos del garante, del miércoles 20 al viernes 22 de marzo."""
    return DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 3, 20),
        fecha_fin=date(2024, 3, 22),
        motivo="Periodo vacacional del órgano garante",
        acuerdo=ACUERDO,
    )


@time_machine.travel(ABRIL, tick=False)
def test_alegatos_vencen_saltando_fin_de_semana_festivo_y_vacaciones(
    ayuntamiento, vacaciones_garante
):
    # Notificado el viernes 15 de marzo de 2024. No cuentan: sábado 16, domingo 17, lunes 18
    # (tercer lunes de marzo, LFT art. 74) ni del 20 al 22 (vacaciones del garante) ni el
    # fin de semana 23-24. Los 7 días hábiles: 19, 25, 26, 27, 28, 29 de marzo y 1 de abril.
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(recurso=nuevo(ayuntamiento, fecha_notificacion=date(2024, 3, 15)))
        recurso.refresh_from_db()
    assert recurso.vence_alegatos == date(2024, 4, 1)
    assert recurso.vence_cumplimiento is None
    assert recurso.estado == EstadoRecurso.ADMITIDO


@time_machine.travel(ABRIL, tick=False)
def test_sin_vacaciones_el_mismo_caso_vence_antes(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(recurso=nuevo(ayuntamiento, fecha_notificacion=date(2024, 3, 15)))
    # 19, 20, 21, 22, 25, 26 y 27 de marzo: sólo el fin de semana y el lunes festivo.
    assert recurso.vence_alegatos == date(2024, 3, 27)


@time_machine.travel(ABRIL, tick=False)
def test_dias_de_alegatos_configurables(ayuntamiento):
    with scopes_disabled():
        configuracion = ayuntamiento.configuracion_plazos
        configuracion.dias_alegatos = 3
        configuracion.save()
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(recurso=nuevo(ayuntamiento, fecha_notificacion=date(2024, 3, 15)))
    assert recurso.vence_alegatos == date(2024, 3, 21)  # 19, 20 y 21


@time_machine.travel(ABRIL, tick=False)
def test_vacaciones_declaradas_despues_recorren_el_plazo(ayuntamiento, garante):
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(recurso=nuevo(ayuntamiento, fecha_notificacion=date(2024, 3, 15)))
    assert recurso.vence_alegatos == date(2024, 3, 27)
    DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 3, 20),
        fecha_fin=date(2024, 3, 22),
        motivo="Vacaciones",
        acuerdo=ACUERDO,
    )
    plazos_recalcular(ayuntamiento=ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        recurso.refresh_from_db()
    assert recurso.vence_alegatos == date(2024, 4, 1)


@time_machine.travel(ABRIL, tick=False)
@pytest.mark.parametrize(
    "resolucion, vence",
    [
        # Resuelto el lunes 1 de abril y notificado el miércoles 3: el cumplimiento se
        # cuenta desde la notificación (LGTAIP arts. 154 y 128), 10 días hábiles → 4, 5, 8,
        # 9, 10, 11, 12, 15, 16, 17.
        (ResolucionRecurso.REVOCA, date(2024, 4, 17)),
        (ResolucionRecurso.MODIFICA, date(2024, 4, 17)),
        (ResolucionRecurso.ORDENA, date(2024, 4, 17)),
        (ResolucionRecurso.CONFIRMA, None),
        (ResolucionRecurso.SOBRESEE, None),
    ],
)
def test_plazo_de_cumplimiento_solo_si_la_resolucion_lo_exige(ayuntamiento, resolucion, vence):
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(
            recurso=nuevo(
                ayuntamiento,
                fecha_notificacion=date(2024, 3, 15),
                fecha_alegatos=date(2024, 3, 22),
                resolucion=resolucion,
                fecha_resolucion=date(2024, 4, 1),
                fecha_notificacion_resolucion=date(2024, 4, 3),
            )
        )
    assert recurso.vence_cumplimiento == vence
    esperado = EstadoRecurso.EN_CUMPLIMIENTO if vence else EstadoRecurso.RESUELTO
    assert recurso.estado == esperado


@time_machine.travel(ABRIL, tick=False)
@pytest.mark.parametrize(
    "campos, campo_error, mensaje",
    [
        (
            {"fecha_notificacion": date(2024, 3, 15), "fecha_alegatos": date(2024, 3, 14)},
            "fecha_alegatos",
            "no puede ser anterior a la de la notificación",
        ),
        (
            {"fecha_notificacion": date(2024, 2, 28)},
            "fecha_notificacion",
            "no puede ser anterior a la de la interposición",
        ),
        ({"fecha_notificacion": date(2024, 4, 11)}, "fecha_notificacion", "en el futuro"),
        ({"resolucion": ResolucionRecurso.REVOCA}, "fecha_resolucion", "Indique la fecha"),
        ({"fecha_resolucion": date(2024, 4, 1)}, "resolucion", "Indique el sentido"),
    ],
)
def test_fechas_fuera_de_orden_no_guardan(ayuntamiento, campos, campo_error, mensaje):
    with scope(ayuntamiento=ayuntamiento):
        with pytest.raises(ValidationError) as error:
            recurso_guardar(recurso=nuevo(ayuntamiento, **campos))
        assert not RecursoRevision.objects.exists()
    assert mensaje in " ".join(error.value.message_dict[campo_error])


@time_machine.travel(ABRIL, tick=False)
def test_el_estado_derivado_y_su_filtro_sql_coinciden(ayuntamiento):
    """Cada estado de la propiedad `estado` tiene su condición SQL; ambas deben elegir
    exactamente los mismos recursos."""
    casos: dict[str, dict[str, Any]] = {
        "I": {},
        "A": {"fecha_notificacion": date(2024, 3, 4)},
        "L": {"fecha_notificacion": date(2024, 3, 4), "fecha_alegatos": date(2024, 3, 8)},
        "R": {
            "fecha_notificacion": date(2024, 3, 4),
            "resolucion": ResolucionRecurso.CONFIRMA,
            "fecha_resolucion": date(2024, 3, 20),
        },
        "R2": {"resolucion": ResolucionRecurso.DESECHA, "fecha_resolucion": date(2024, 3, 5)},
        "C": {"resolucion": ResolucionRecurso.REVOCA, "fecha_resolucion": date(2024, 3, 20)},
        "F": {
            "resolucion": ResolucionRecurso.REVOCA,
            "fecha_resolucion": date(2024, 3, 20),
            "fecha_cumplimiento": date(2024, 4, 2),
        },
        "F2": {
            "resolucion": ResolucionRecurso.SOBRESEE,
            "fecha_resolucion": date(2024, 3, 20),
            "fecha_cumplimiento": date(2024, 4, 2),
        },
    }
    with scope(ayuntamiento=ayuntamiento):
        for clave, campos in casos.items():
            recurso_guardar(recurso=nuevo(ayuntamiento, expediente=clave, **campos))
        por_propiedad = {r.expediente: r.estado for r in RecursoRevision.objects.all()}
        for estado in EstadoRecurso:
            en_sql = set(
                RecursoRevision.objects.filter(FILTRO_ESTADO_RECURSO[estado]).values_list(
                    "expediente", flat=True
                )
            )
            assert en_sql == {e for e, s in por_propiedad.items() if s == estado}, estado
    assert por_propiedad == {
        "I": EstadoRecurso.INTERPUESTO,
        "A": EstadoRecurso.ADMITIDO,
        "L": EstadoRecurso.ALEGATOS,
        "R": EstadoRecurso.RESUELTO,
        "R2": EstadoRecurso.RESUELTO,
        "C": EstadoRecurso.EN_CUMPLIMIENTO,
        "F": EstadoRecurso.CONCLUIDO,
        "F2": EstadoRecurso.CONCLUIDO,
    }


@time_machine.travel(ABRIL, tick=False)
def test_la_solicitud_recurrida_queda_en_recurso_y_se_libera_al_desvincular(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000055",
                recibida=datetime(2024, 2, 1, 10, tzinfo=MEXICO),
                descripcion="Contratos de obra",
            )
        )
        assert solicitud.estado != EstadoSolicitud.EN_RECURSO
        recurso = recurso_guardar(recurso=nuevo(ayuntamiento, solicitud=solicitud))
        solicitud.refresh_from_db()
        assert solicitud.estado == EstadoSolicitud.EN_RECURSO
        recurso.solicitud = None
        recurso_guardar(recurso=recurso)
        solicitud.refresh_from_db()
        assert solicitud.estado != EstadoSolicitud.EN_RECURSO
