from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scope

from poa import derivacion
from poa.estadisticas import avance_del_plan
from poa.models import Avance, EstadoPlan, Formula, Fuente, Plan, Sentido
from poa.servicios import (
    Captura,
    actividad_automatica_actualizar,
    actividad_guardar,
    avance_capturar,
    justificacion_guardar,
    plan_aprobar,
    plan_copiar,
    plan_reabrir,
)

from .objetos import capturar, crear_actividad


def test_la_estadistica_del_plan_es_una_sola_consulta(
    ayuntamiento, plan, sisai, de_otra_area, django_assert_num_queries
):
    with scope(ayuntamiento=ayuntamiento), django_assert_num_queries(1):
        filas = avance_del_plan(plan)
    fila = next(f for f in filas if f.actividad.pk == sisai.pk)
    t2 = fila.trimestre(2)
    assert (t2.alcanzado, t2.programado, t2.acumulado) == (D(192), D(192), D(192))
    assert t2.porcentaje_meta == D(30)
    assert fila.meses_capturados == {4, 5, 6}


def test_plan_aprobado_no_admite_cambios_de_metas_y_se_reabre_con_motivo(
    ayuntamiento, plan, sisai, titular
):
    with scope(ayuntamiento=ayuntamiento):
        plan_aprobar(plan=plan, usuario=titular)
        sisai.meta_anual = D(700)
        with pytest.raises(ValidationError, match="aprobado"):
            actividad_guardar(actividad=sisai)
        # El avance sí se captura en un plan aprobado.
        capturar(sisai, 7, 64)
        with pytest.raises(ValidationError):
            plan_reabrir(plan=plan, motivo="corto")
        plan_reabrir(plan=plan, motivo="Cambio de meta por acuerdo de Cabildo 12/2024")
        plan.refresh_from_db()
        assert plan.estado == EstadoPlan.BORRADOR
        assert plan.history.filter(estado=EstadoPlan.APROBADO).exists()
        assert plan.history.first().motivo_reapertura.startswith("Cambio de meta")
        actividad_guardar(actividad=sisai)
        sisai.refresh_from_db()
        assert sisai.meta_anual == D(700)


@pytest.mark.parametrize(
    ("mes", "captura", "mensaje"),
    [
        (3, Captura(valor=D(5)), "fuera de las fechas"),
        (4, Captura(valor=D(-1)), "negativo"),
        (4, Captura(), "Indique el valor"),
    ],
)
def test_capturas_invalidas_no_guardan_nada(ayuntamiento, objetivo, mes, captura, mensaje):
    actividad = crear_actividad(
        objetivo, fecha_inicio=date(2024, 4, 1), fecha_fin=date(2024, 9, 30)
    )
    with scope(ayuntamiento=ayuntamiento):
        with pytest.raises(ValidationError, match=mensaje):
            avance_capturar(actividad=actividad, mes=mes, captura=captura, usuario=None)
        assert not Avance.objects.exists()


def test_porcentaje_exige_denominador_mayor_que_cero_y_meta_hasta_100(ayuntamiento, objetivo):
    with pytest.raises(ValidationError, match="no puede pasar de 100"):
        crear_actividad(objetivo, formula=Formula.PORCENTAJE, meta_anual=D(101))
    actividad = crear_actividad(objetivo, formula=Formula.PORCENTAJE, meta_anual=D(94))
    with scope(ayuntamiento=ayuntamiento):
        with pytest.raises(ValidationError, match="cero"):
            avance_capturar(
                actividad=actividad,
                mes=1,
                captura=Captura(numerador=D(0), denominador=D(0)),
                usuario=None,
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Avance.objects.create(
                ayuntamiento=ayuntamiento,
                actividad=actividad,
                mes=1,
                numerador_valor=1,
                denominador_valor=0,
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Avance.objects.create(ayuntamiento=ayuntamiento, actividad=actividad, mes=2, valor=-3)


def test_justificacion_de_variacion(ayuntamiento, plan, objetivo, titular):
    # Programado 100 en el trimestre; se alcanzan 130: +30 % pide justificación.
    actividad = crear_actividad(
        objetivo,
        meta_anual=D(400),
        programado_t1=100,
        programado_t2=200,
        programado_t3=300,
        programado_t4=400,
    )
    capturar(actividad, 2, 130)
    with scope(ayuntamiento=ayuntamiento):
        (fila,) = avance_del_plan(plan)
        assert fila.trimestre(1).requiere_justificacion
        assert fila.trimestre(1).sobrecumplido
        with pytest.raises(ValidationError):
            justificacion_guardar(actividad=actividad, trimestre=1, texto="  ", usuario=titular)
        justificacion_guardar(
            actividad=actividad, trimestre=1, texto="Feria adicional", usuario=titular
        )
        assert actividad.justificaciones.get().texto == "Feria adicional"


def test_indicador_descendente_en_el_plan(ayuntamiento, plan, objetivo):
    actividad = crear_actividad(
        objetivo,
        descripcion="Recursos de revisión en contra",
        meta_anual=D(8),
        sentido=Sentido.DESCENDENTE,
        programado_t1=2,
        programado_t2=4,
        programado_t3=6,
        programado_t4=8,
    )
    capturar(actividad, 1, 3)
    with scope(ayuntamiento=ayuntamiento):
        (fila,) = avance_del_plan(plan)
    assert fila.trimestre(1).cumplimiento == D(50)
    assert fila.trimestre(1).semaforo == "rojo"


def test_copiar_plan_del_anio_anterior_sin_avances(ayuntamiento, plan, sisai):
    with scope(ayuntamiento=ayuntamiento):
        nuevo = plan_copiar(origen=plan, anio=2025)
        actividad = nuevo.actividades.get()
        assert nuevo.estado == EstadoPlan.BORRADOR and nuevo.titulo == "POA 2025"
        assert actividad.fecha_inicio == date(2025, 1, 1) and actividad.meta_anual == D(640)
        assert actividad.objetivo.plan == nuevo and actividad.programado_t2 == D(320)
        assert not Avance.objects.filter(actividad__plan=nuevo).exists()
        assert Avance.objects.filter(actividad__plan=plan).count() == 3
        with pytest.raises(ValidationError, match="Ya existe"):
            plan_copiar(origen=plan, anio=2025)
        assert Plan.objects.count() == 2


def test_indicador_automatico_de_solicitudes_en_tiempo(ayuntamiento, plan, objetivo):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from solicitudes.models import Solicitud, TipoEvento
    from solicitudes.servicios import evento_registrar, solicitud_registrar

    actividad = crear_actividad(
        objetivo,
        descripcion="Solicitudes atendidas en tiempo",
        formula=Formula.PORCENTAJE,
        meta_anual=D(94),
        fuente=Fuente.SOLICITUDES_EN_TIEMPO,
        numerador="En tiempo",
        denominador="Respondidas",
    )
    zona = ZoneInfo("America/Mexico_City")
    with scope(ayuntamiento=ayuntamiento):
        # Dos respondidas en tiempo en marzo y una tardía (recibida en enero).
        for folio, recibida, respuesta in [
            ("1", date(2024, 3, 1), date(2024, 3, 5)),
            ("2", date(2024, 3, 1), date(2024, 3, 6)),
            ("3", date(2024, 1, 15), date(2024, 3, 20)),
        ]:
            solicitud = solicitud_registrar(
                solicitud=Solicitud(
                    ayuntamiento=ayuntamiento,
                    folio=f"20118192400000{folio}",
                    recibida=datetime.combine(recibida, datetime.min.time().replace(hour=10), zona),
                    descripcion="Nómina",
                )
            )
            evento_registrar(
                solicitud=solicitud,
                tipo=TipoEvento.RESPUESTA,
                fecha=respuesta,
                tipo_respuesta="entrega_total",
            )
        with pytest.raises(ValidationError, match="se calcula"):
            avance_capturar(
                actividad=actividad,
                mes=3,
                captura=Captura(numerador=D(1), denominador=D(1)),
                usuario=None,
            )
        assert actividad_automatica_actualizar(actividad=actividad, hasta=date(2024, 4, 15)) == 1
        avance = Avance.objects.get(actividad=actividad)
        (fila,) = avance_del_plan(plan)
    assert avance.mes == 3 and avance.automatico
    assert (avance.numerador_valor, avance.denominador_valor) == (D(2), D(3))
    assert derivacion.redondear(fila.trimestre(1).alcanzado) == D("66.67")
