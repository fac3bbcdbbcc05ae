"""Plazos de solicitudes sobre el calendario real (LFT art. 74 del paquete holidays y días
declarados). Cada fecha esperada está contada a mano en el comentario que la acompaña."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from organizacion.calendario import FUNDAMENTO_LFT, calendario_para
from organizacion.models import Ambito, ConfiguracionPlazos, DiaInhabil, Plazo
from organizacion.plazos import omitidos_de
from solicitudes.estadisticas import conteo_semaforo
from solicitudes.models import (
    EstadoSolicitud,
    Semaforo,
    SentidoResolucion,
    Solicitud,
    TipoEvento,
    TipoResolucionComite,
    TipoRespuesta,
    TipoSolicitud,
)
from solicitudes.plazos import limite_por_vencer, semaforo
from solicitudes.servicios import (
    comite_resolver,
    evento_registrar,
    situacion_de,
    solicitud_registrar,
)

CDMX = ZoneInfo("America/Mexico_City")
pytestmark = pytest.mark.django_db


def _registrar(ayuntamiento, recibida, folio="SOL-1", **campos):
    with scope(ayuntamiento=ayuntamiento):
        return solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio=folio,
                recibida=recibida,
                descripcion="Contratos de obra 2024",
                **campos,
            )
        )


def _guardado(solicitud, clave):
    """Los días omitidos del plazo guardado (tabla Plazo), como los muestra la página."""
    with scope(ayuntamiento=solicitud.ayuntamiento):
        return omitidos_de(
            Plazo.objects.get(expediente_tipo="solicitud", expediente_id=solicitud.pk, clave=clave)
        )


def _situacion(solicitud, hoy):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        return situacion_de(solicitud, hoy=hoy)


@time_machine.travel(datetime(2024, 3, 15, 12, tzinfo=CDMX), tick=False)
def test_recibida_el_viernes_antes_del_tercer_lunes_de_marzo(ayuntamiento):
    solicitud = _registrar(ayuntamiento, datetime(2024, 3, 15, 10, tzinfo=CDMX))
    situacion = _situacion(solicitud, date(2024, 3, 15))
    respuesta = situacion.plazo("respuesta")
    # Día 1: martes 19 (sábado 16, domingo 17 y lunes 18 —natalicio de Juárez— no cuentan).
    # 19-22 (4), 25-29 (9), 1-5 abr (14), 8-12 (19), lunes 15 de abril (20).
    assert respuesta.vence == date(2024, 4, 15)
    assert solicitud.vence == date(2024, 4, 15)
    assert solicitud.estado == EstadoSolicitud.RECIBIDA
    # Lo que muestra la página: los días omitidos que se guardaron con el plazo.
    omitidos = {d.fecha: d for d in _guardado(solicitud, "respuesta")}
    assert omitidos[date(2024, 3, 18)].fundamento == FUNDAMENTO_LFT
    assert "Juárez" in omitidos[date(2024, 3, 18)].motivo
    assert date(2024, 3, 16) in omitidos and date(2024, 3, 19) not in omitidos
    # La prevención y la incompetencia corren desde la misma recepción: 5 y 3 días.
    assert situacion.plazo("prevencion").vence == date(2024, 3, 25)
    assert situacion.plazo("incompetencia").vence == date(2024, 3, 21)


@time_machine.travel(datetime(2024, 7, 4, 9, tzinfo=CDMX), tick=False)
def test_recibida_despues_de_la_hora_de_cierre(ayuntamiento):
    # Miércoles 3 de julio a las 16:30, con cierre a las 15:00: se tiene por recibida el
    # jueves 4; día 1 el viernes 5; 5 (1), 8-12 (6), 15-19 (11), 22-26 (16), 29-31 y 1 ago (20).
    tarde = _registrar(ayuntamiento, datetime(2024, 7, 3, 16, 30, tzinfo=CDMX), folio="TARDE")
    temprano = _registrar(ayuntamiento, datetime(2024, 7, 3, 14, 59, tzinfo=CDMX), folio="TEMPRANO")
    assert _situacion(tarde, date(2024, 7, 4)).recepcion_efectiva == date(2024, 7, 4)
    assert tarde.vence == date(2024, 8, 1)
    # Un minuto antes del cierre cuenta el mismo día: vence un día hábil antes.
    assert temprano.vence == date(2024, 7, 31)


def test_prevencion_atendida_el_dia_ocho_reinicia_el_computo(ayuntamiento):
    with time_machine.travel(datetime(2024, 6, 5, 12, tzinfo=CDMX), tick=False):
        solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=CDMX))
        with scope(ayuntamiento=ayuntamiento):
            evento_registrar(
                solicitud=solicitud, tipo=TipoEvento.PREVENCION, fecha=date(2024, 6, 5)
            )
    assert solicitud.estado == EstadoSolicitud.PREVENIDA
    assert solicitud.vence is None  # el plazo de la Unidad está interrumpido
    atender = _situacion(solicitud, date(2024, 6, 5)).plazo("atender_prevencion")
    assert atender.vence == date(2024, 6, 19)  # 10 días hábiles desde el 6 de junio
    # Día 8 del solicitante: 6, 7, 10, 11, 12, 13, 14, 17 de junio.
    with (
        time_machine.travel(datetime(2024, 6, 17, 12, tzinfo=CDMX), tick=False),
        scope(ayuntamiento=ayuntamiento),
    ):
        evento_registrar(
            solicitud=solicitud, tipo=TipoEvento.PREVENCION_ATENDIDA, fecha=date(2024, 6, 17)
        )
    # Vuelve a correr completo: día 1 el 18 de junio; 18-21 (4), 24-28 (9), 1-5 jul (14),
    # 8-12 (19), 15 de julio (20).
    assert solicitud.estado == EstadoSolicitud.RECIBIDA
    assert solicitud.vence == date(2024, 7, 15)
    assert solicitud.con_prevencion


def test_prevencion_sin_respuesta_desecha_la_solicitud(ayuntamiento):
    with time_machine.travel(datetime(2024, 6, 5, 12, tzinfo=CDMX), tick=False):
        solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=CDMX))
        with scope(ayuntamiento=ayuntamiento):
            evento_registrar(
                solicitud=solicitud, tipo=TipoEvento.PREVENCION, fecha=date(2024, 6, 5)
            )
    # El último día del solicitante (19 de junio) sigue prevenida; al día siguiente, desechada.
    assert _situacion(solicitud, date(2024, 6, 19)).estado == EstadoSolicitud.PREVENIDA
    vencida = _situacion(solicitud, date(2024, 6, 20))
    assert vencida.estado == EstadoSolicitud.DESECHADA
    assert vencida.tipo_respuesta == TipoRespuesta.DESECHADA
    assert vencida.vence is None


def test_prevencion_despues_de_cinco_dias_se_rechaza(ayuntamiento):
    with time_machine.travel(datetime(2024, 6, 12, 12, tzinfo=CDMX), tick=False):
        solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=CDMX))
        with scope(ayuntamiento=ayuntamiento):
            # Quinto día hábil: 10 de junio. El 11 ya es tarde.
            with pytest.raises(ValidationError, match="10/06/2024"):
                evento_registrar(
                    solicitud=solicitud, tipo=TipoEvento.PREVENCION, fecha=date(2024, 6, 11)
                )
            assert not solicitud.eventos.exists()
            evento_registrar(
                solicitud=solicitud, tipo=TipoEvento.PREVENCION, fecha=date(2024, 6, 10)
            )


def _ampliar(solicitud, fecha, sentido=SentidoResolucion.CONFIRMA):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        return comite_resolver(
            solicitud=solicitud,
            sesion="Primera extraordinaria",
            numero_acta="CT/01/2024",
            tipo=TipoResolucionComite.AMPLIACION,
            sentido=sentido,
            fecha=fecha,
        )


@time_machine.travel(datetime(2024, 2, 20, 12, tzinfo=CDMX), tick=False)
def test_ampliacion_aprobada_el_ultimo_dia(ayuntamiento):
    # Lunes 8 de enero: 9-12 (4), 15-19 (9), 22-26 (14), 29 ene-2 feb (19); el lunes 5 de
    # febrero es descanso obligatorio: vence el martes 6. Diez más: 7-9 (3), 12-16 (8), 19-20.
    solicitud = _registrar(ayuntamiento, datetime(2024, 1, 8, 9, tzinfo=CDMX))
    assert solicitud.vence == date(2024, 2, 6)
    _ampliar(solicitud, date(2024, 2, 6))
    assert solicitud.estado == EstadoSolicitud.AMPLIADA
    assert solicitud.vence == date(2024, 2, 20)
    with pytest.raises(ValidationError, match="ya se amplió"):
        _ampliar(solicitud, date(2024, 2, 6))


@time_machine.travel(datetime(2024, 2, 20, 12, tzinfo=CDMX), tick=False)
def test_ampliacion_despues_del_vencimiento_se_rechaza(ayuntamiento):
    solicitud = _registrar(ayuntamiento, datetime(2024, 1, 8, 9, tzinfo=CDMX))
    with pytest.raises(ValidationError, match="06/02/2024"):
        _ampliar(solicitud, date(2024, 2, 7))
    with scope(ayuntamiento=ayuntamiento):
        assert not solicitud.resoluciones_comite.exists()
    assert solicitud.vence == date(2024, 2, 6)


@time_machine.travel(datetime(2024, 2, 20, 12, tzinfo=CDMX), tick=False)
def test_ampliacion_revocada_no_amplia(ayuntamiento):
    solicitud = _registrar(ayuntamiento, datetime(2024, 1, 8, 9, tzinfo=CDMX))
    _ampliar(solicitud, date(2024, 2, 1), sentido=SentidoResolucion.REVOCA)
    assert solicitud.vence == date(2024, 2, 6)
    assert not solicitud.con_ampliacion


@time_machine.travel(datetime(2024, 10, 25, 12, tzinfo=CDMX), tick=False)
def test_arco_usa_sus_propios_plazos(ayuntamiento):
    with scopes_disabled():
        ConfiguracionPlazos.objects.filter(ayuntamiento=ayuntamiento).update(
            dias_respuesta=15, dias_arco_respuesta=20, dias_arco_efectivo=15
        )
    # Lunes 2 de septiembre: 3-6 (4), 9-13 (9), el 16 es fiesta: 17-20 (13), 23-27 (18),
    # 30 (19); el 1 de octubre de 2024 es descanso (transmisión del Ejecutivo): 2 de octubre.
    arco = _registrar(
        ayuntamiento,
        datetime(2024, 9, 2, 10, tzinfo=CDMX),
        folio="ARCO-1",
        tipo=TipoSolicitud.ARCO,
        derecho_arco="acceso",
    )
    acceso = _registrar(ayuntamiento, datetime(2024, 9, 2, 10, tzinfo=CDMX), folio="SAI-1")
    assert arco.vence == date(2024, 10, 2)
    assert acceso.vence == date(2024, 9, 24)  # 15 días de la configuración de acceso
    with scope(ayuntamiento=ayuntamiento):
        evento_registrar(
            solicitud=arco,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 9, 30),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
    # Procedente: hay que hacer efectivo el derecho en 15 días: 2-4 oct (3), 7-11 (8),
    # 14-18 (13), 21-22 (15).
    assert arco.estado == EstadoSolicitud.RESPONDIDA
    assert arco.en_tiempo is True
    assert arco.vence == date(2024, 10, 22)
    with scope(ayuntamiento=ayuntamiento):
        evento_registrar(solicitud=arco, tipo=TipoEvento.ENTREGA, fecha=date(2024, 10, 21))
    assert arco.vence is None


@time_machine.travel(datetime(2024, 8, 20, 12, tzinfo=CDMX), tick=False)
def test_periodo_vacacional_del_garante(ayuntamiento):
    with scopes_disabled():
        DiaInhabil.objects.create(
            ambito=Ambito.GARANTE,
            garante=ayuntamiento.garante,
            fecha_inicio=date(2024, 7, 15),
            fecha_fin=date(2024, 7, 26),
            motivo="Primer periodo vacacional",
            acuerdo="Acuerdo OGAIPO/CG/01/2024",
        )
    # Lunes 1 de julio: 2-5 (4), 8-12 (9), vacaciones 15-26, 29 jul-2 ago (14), 5-9 (19), 12.
    solicitud = _registrar(ayuntamiento, datetime(2024, 7, 1, 10, tzinfo=CDMX))
    assert solicitud.vence == date(2024, 8, 12)
    vacaciones = [d for d in _guardado(solicitud, "respuesta") if d.motivo.startswith("Primer")]
    assert len(vacaciones) == 10  # los diez días hábiles del 15 al 26 de julio
    assert "OGAIPO/CG/01/2024" in vacaciones[0].fundamento


def test_un_dia_inhabil_nuevo_recalcula_los_plazos_abiertos(
    ayuntamiento, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2024, 7, 2, 12, tzinfo=CDMX), tick=False):
        abierta = _registrar(ayuntamiento, datetime(2024, 7, 1, 10, tzinfo=CDMX), folio="ABIERTA")
        respondida = _registrar(ayuntamiento, datetime(2024, 7, 1, 10, tzinfo=CDMX), folio="LISTA")
        with scope(ayuntamiento=ayuntamiento):
            evento_registrar(
                solicitud=respondida,
                tipo=TipoEvento.RESPUESTA,
                fecha=date(2024, 7, 2),
                tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
            )
        assert abierta.vence == date(2024, 7, 29)
        with django_capture_on_commit_callbacks(execute=True):
            dia = DiaInhabil.objects.create(
                ambito=Ambito.AYUNTAMIENTO,
                ayuntamiento=ayuntamiento,
                fecha_inicio=date(2024, 7, 8),
                fecha_fin=date(2024, 7, 9),
                motivo="Guelaguetza",
                acuerdo="Cabildo 14/2024",
            )
        with scopes_disabled():
            abierta.refresh_from_db()
            respondida.refresh_from_db()
        assert abierta.vence == date(2024, 7, 31)  # dos días inhábiles más
        assert respondida.dias_habiles_respuesta == 1  # lo concluido no se toca
        with django_capture_on_commit_callbacks(execute=True):
            dia.delete()
        with scopes_disabled():
            abierta.refresh_from_db()
        assert abierta.vence == date(2024, 7, 29)


@time_machine.travel(datetime(2024, 6, 10, 12, tzinfo=CDMX), tick=False)
@pytest.mark.parametrize(
    ("fecha", "en_tiempo"), [(date(2024, 6, 6), True), (date(2024, 6, 7), False)]
)
def test_incompetencia_se_notifica_en_tres_dias(ayuntamiento, fecha, en_tiempo):
    # Lunes 3 de junio: 4, 5 y 6 son los tres días; el 7 ya es tarde aunque falten 17 días
    # del plazo general.
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=CDMX))
    with scope(ayuntamiento=ayuntamiento):
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=fecha,
            tipo_respuesta=TipoRespuesta.INCOMPETENCIA,
        )
    assert solicitud.en_tiempo is en_tiempo
    assert solicitud.estado == EstadoSolicitud.RESPONDIDA


@time_machine.travel(datetime(2024, 8, 1, 12, tzinfo=CDMX), tick=False)
def test_respuesta_tardia_y_dias_habiles_de_respuesta(ayuntamiento):
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=CDMX))
    assert solicitud.vence == date(2024, 7, 1)
    with scope(ayuntamiento=ayuntamiento):
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 7, 2),
            tipo_respuesta=TipoRespuesta.ENTREGA_PARCIAL,
        )
    assert solicitud.en_tiempo is False
    assert solicitud.dias_habiles_respuesta == 21
    assert solicitud.vence is None


# --- Semáforo ------------------------------------------------------------------------------


def test_semaforo_en_sus_fronteras(ayuntamiento):
    calendario = calendario_para(ayuntamiento)
    hoy = date(2024, 7, 10)  # miércoles
    limite = limite_por_vencer(calendario, hoy, 3)
    assert limite == date(2024, 7, 15)  # jueves, viernes, lunes
    assert semaforo(date(2024, 7, 9), hoy, limite) == Semaforo.VENCIDA
    assert semaforo(hoy, hoy, limite) == Semaforo.POR_VENCER
    assert semaforo(date(2024, 7, 15), hoy, limite) == Semaforo.POR_VENCER
    assert semaforo(date(2024, 7, 16), hoy, limite) == Semaforo.EN_TIEMPO
    assert semaforo(None, hoy, limite) is None


def test_conteo_del_semaforo_usa_los_dias_de_aviso_configurados(ayuntamiento):
    with time_machine.travel(datetime(2024, 6, 20, 12, tzinfo=CDMX), tick=False):
        for folio, dia in [("A", 3), ("B", 4), ("C", 10), ("D", 19), ("E", 20)]:
            _registrar(ayuntamiento, datetime(2024, 5, dia, 10, tzinfo=CDMX), folio=folio)
    # Vencen: A 31 may, B 3 jun (el 4 de mayo es sábado: se recibe el lunes 6), C 7 jun,
    # D y E 17 jun (D llegó el domingo 19 y se tiene por recibida el lunes 20, como E).
    with (
        time_machine.travel(datetime(2024, 6, 12, 12, tzinfo=CDMX), tick=False),
        scope(ayuntamiento=ayuntamiento),
    ):
        assert conteo_semaforo(ayuntamiento=ayuntamiento) == {
            "vencida": 3,
            "por_vencer": 2,
            "en_tiempo": 0,
        }
        with scopes_disabled():
            ConfiguracionPlazos.objects.filter(ayuntamiento=ayuntamiento).update(
                dias_aviso_vencimiento=1
            )
        assert conteo_semaforo(ayuntamiento=ayuntamiento) == {
            "vencida": 3,
            "por_vencer": 0,
            "en_tiempo": 2,
        }


def test_la_noche_desecha_la_prevencion_vencida_y_esta_programada(ayuntamiento):
    from django_celery_beat.models import PeriodicTask

    from solicitudes.tasks import recalcular_plazos_de_todos

    with time_machine.travel(datetime(2024, 6, 5, 12, tzinfo=CDMX), tick=False):
        solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=CDMX))
        with scope(ayuntamiento=ayuntamiento):
            evento_registrar(
                solicitud=solicitud, tipo=TipoEvento.PREVENCION, fecha=date(2024, 6, 5)
            )
    with time_machine.travel(datetime(2024, 6, 20, 0, 15, tzinfo=CDMX), tick=False):
        assert recalcular_plazos_de_todos.delay().get() == 1
    with scopes_disabled():
        solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.DESECHADA
    assert solicitud.fecha_respuesta == date(2024, 6, 20)
    tarea = PeriodicTask.objects.get(task="solicitudes.tasks.recalcular_plazos_de_todos")
    assert (tarea.crontab.hour, tarea.crontab.minute) == ("0", "15")
