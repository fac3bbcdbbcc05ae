"""Cada plazo de cada procedimiento, contado a mano desde la ley sobre el calendario real de
2024 (LFT art. 74: 1 ene, 5 feb, 18 mar, 1 may, 16 sep, 1 oct por el cambio de gobierno,
18 nov y 25 dic). El artículo va en el nombre o en el comentario de cada caso; la cuenta,
día por día, en el comentario. Lo que se comprueba es lo guardado (tabla `Plazo`): lo mismo
que ven la página, el tablero y los avisos."""

import io
from datetime import date, datetime, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organizacion.models import (
    Ambito,
    Ayuntamiento,
    ConfiguracionPlazos,
    DiaInhabil,
    EstadoPlazo,
    Plazo,
    PresetPlazos,
    Procedimiento,
    TipoExpediente,
)
from organizacion.plazos import omitidos_de
from solicitudes.estadisticas import conteo_turnos_pendientes
from solicitudes.models import (
    Denuncia,
    EstadoSolicitud,
    MedioRecepcion,
    RecursoRevision,
    ResolucionDenuncia,
    ResolucionRecurso,
    Sexo,
    Solicitud,
    TipoEvento,
    TipoRespuesta,
    TipoSolicitud,
)
from solicitudes.servicios import (
    denuncia_guardar,
    evento_registrar,
    recurso_guardar,
    solicitud_registrar,
    solicitud_turnar,
    turno_retirar,
)
from tests.solicitudes.test_vistas_solicitudes import MX

pytestmark = pytest.mark.django_db


def _registrar(ayuntamiento, recibida, folio="SOL-1", **campos) -> Solicitud:
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


def _evento(solicitud, tipo, fecha, **campos):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        return evento_registrar(solicitud=solicitud, tipo=tipo, fecha=fecha, **campos)


def _plazos(objeto, tipo=TipoExpediente.SOLICITUD) -> dict[str, Plazo]:
    with scopes_disabled():
        return {
            p.clave: p for p in Plazo.objects.filter(expediente_tipo=tipo, expediente_id=objeto.pk)
        }


def _fresca(solicitud) -> Solicitud:
    with scopes_disabled():
        return Solicitud.objects.get(pk=solicitud.pk)


ARCO = {"tipo": TipoSolicitud.ARCO, "derecho_arco": "acceso"}


# --- Recepción -----------------------------------------------------------------------------


@time_machine.travel(datetime(2024, 7, 4, 9, tzinfo=MX), tick=False)
def test_a_la_hora_de_cierre_en_punto_ya_es_el_dia_siguiente(ayuntamiento):
    """DOMAIN: lo recibido después del cierre cuenta desde el siguiente día hábil. Decidido:
    a las 15:00:00 la oficina ya cerró (y así lo dice la ayuda del campo)."""
    en_punto = _registrar(ayuntamiento, datetime(2024, 7, 3, 15, 0, 0, tzinfo=MX), "A")
    antes = _registrar(ayuntamiento, datetime(2024, 7, 3, 14, 59, 59, tzinfo=MX), "B")
    assert _fresca(en_punto).recepcion_efectiva == date(2024, 7, 4)
    assert _fresca(antes).recepcion_efectiva == date(2024, 7, 3)
    assert "Llegó a las 15:00, a partir de la hora de cierre" in _fresca(en_punto).motivo_recepcion


@time_machine.travel(datetime(2024, 9, 24, 9, tzinfo=MX), tick=False)
def test_respuesta_cruzando_el_1_de_octubre_de_2024_lgtaip_134(ayuntamiento):
    # Lunes 23 de septiembre: 24-27 (4), 30 (5), el martes 1 de octubre no cuenta (cambio del
    # Ejecutivo Federal, LFT art. 74 fr. VII), 2-4 (8), 7-11 (13), 14-18 (18), 21-22 (20).
    solicitud = _registrar(ayuntamiento, datetime(2024, 9, 23, 10, tzinfo=MX))
    respuesta = _plazos(solicitud)["respuesta"]
    assert (respuesta.vence, respuesta.fundamento) == (date(2024, 10, 22), "LGTAIP 2025, art. 134")
    assert date(2024, 10, 1) in {d.fecha for d in omitidos_de(respuesta)}


# --- Prevención (LGTAIP art. 130; LGPDPPSO art. 46) -----------------------------------------


def _prevenida(ayuntamiento, **campos):
    """Recibida el lunes 3 de junio; prevenida el miércoles 5 (día 2 de 5). Quien solicita
    tiene 10 días: 6-7 (2), 10-14 (7), 17-19 (10): vence el miércoles 19 de junio."""
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), **campos)
    _evento(solicitud, TipoEvento.PREVENCION, date(2024, 6, 5))
    assert _plazos(solicitud)["atender_prevencion"].vence == date(2024, 6, 19)
    return solicitud


@time_machine.travel(datetime(2024, 6, 25, 9, tzinfo=MX), tick=False)
def test_prevencion_atendida_el_ultimo_dia_reinicia_la_respuesta_art_130(ayuntamiento):
    solicitud = _prevenida(ayuntamiento)
    _evento(solicitud, TipoEvento.PREVENCION_ATENDIDA, date(2024, 6, 19), hora=time(14))
    # Desde el 19: 20-21 (2), 24-28 (7), 1-5 jul (12), 8-12 (17), 15-17 (20).
    plazos = _plazos(solicitud)
    assert plazos["atender_prevencion"].estado == EstadoPlazo.CUMPLIDO
    assert (plazos["respuesta"].desde, plazos["respuesta"].vence) == (
        date(2024, 6, 19),
        date(2024, 7, 17),
    )
    assert _fresca(solicitud).estado == EstadoSolicitud.RECIBIDA


@time_machine.travel(datetime(2024, 6, 25, 9, tzinfo=MX), tick=False)
def test_prevencion_atendida_despues_del_cierre_del_ultimo_dia_llega_tarde_art_130(
    ayuntamiento,
):
    """A las 15:30 del miércoles 19 (cierre 15:00) se tiene por recibida el jueves 20: fuera
    de plazo. No se admite como atendida; registrada como extemporánea, la solicitud se tiene
    por no presentada desde el día siguiente al vencimiento."""
    solicitud = _prevenida(ayuntamiento)
    with pytest.raises(ValidationError) as error:
        _evento(solicitud, TipoEvento.PREVENCION_ATENDIDA, date(2024, 6, 19), hora=time(15, 30))
    assert "se tiene por recibida el 20/06/2024, después de su plazo" in error.value.messages[0]
    assert "no presentada" in error.value.messages[0]
    with pytest.raises(ValidationError, match="llegó en tiempo"):
        _evento(solicitud, TipoEvento.PREVENCION_EXTEMPORANEA, date(2024, 6, 19), hora=time(14))
    _evento(solicitud, TipoEvento.PREVENCION_EXTEMPORANEA, date(2024, 6, 19), hora=time(15, 30))
    fresca = _fresca(solicitud)
    assert (fresca.estado, fresca.fecha_respuesta) == (EstadoSolicitud.DESECHADA, date(2024, 6, 20))
    assert "respuesta" not in _plazos(solicitud)  # no reinició nada


@time_machine.travel(datetime(2024, 6, 25, 9, tzinfo=MX), tick=False)
def test_prevencion_atendida_en_dia_inhabil_cuenta_desde_el_siguiente_habil(ayuntamiento):
    # Llegó el sábado 15: se tiene por recibida el lunes 17; desde ahí 18-21 (4), 24-28 (9),
    # 1-5 jul (14), 8-12 (19), 15 (20).
    solicitud = _prevenida(ayuntamiento)
    _evento(solicitud, TipoEvento.PREVENCION_ATENDIDA, date(2024, 6, 15))
    respuesta = _plazos(solicitud)["respuesta"]
    assert (respuesta.desde, respuesta.vence) == (date(2024, 6, 17), date(2024, 7, 15))


# --- ARCO (LGPDPPSO) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "respondida, en_tiempo", [(date(2024, 6, 6), True), (date(2024, 6, 7), False)]
)
def test_arco_notoria_incompetencia_en_tres_dias_lgpdppso_47(ayuntamiento, respondida, en_tiempo):
    # Lunes 3 de junio: 4, 5, 6.
    with time_machine.travel(datetime(2024, 6, 4, 9, tzinfo=MX), tick=False) as viaje:
        solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), **ARCO)
        assert _plazos(solicitud)["incompetencia"].vence == date(2024, 6, 6)
        viaje.move_to(datetime(2024, 6, 10, 9, tzinfo=MX))
        _evento(
            solicitud,
            TipoEvento.RESPUESTA,
            respondida,
            tipo_respuesta=TipoRespuesta.INCOMPETENCIA,
        )
    assert _fresca(solicitud).en_tiempo is en_tiempo
    assert _plazos(solicitud)["incompetencia"].fundamento == "LGPDPPSO 2025, art. 47"


@time_machine.travel(datetime(2024, 6, 5, 9, tzinfo=MX), tick=False)
def test_arco_tramite_especifico_en_cinco_dias_lgpdppso_48(ayuntamiento):
    # Lunes 3 de junio: 4, 5, 6, 7 y 10.
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), **ARCO)
    tramite = _plazos(solicitud)["tramite_especifico"]
    assert (tramite.vence, tramite.opcional) == (date(2024, 6, 10), True)


@time_machine.travel(datetime(2024, 7, 2, 9, tzinfo=MX), tick=False)
def test_arco_se_amplia_notificando_razones_sin_comite_lgpdppso_45(ayuntamiento):
    # Respuesta: 4-7 jun (4), 10-14 (9), 17-21 (14), 24-28 (19), lunes 1 de julio (20).
    # Ampliación notificada el 1: 10 días más, 2-5 (4), 8-12 (9), 15 (10).
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), **ARCO)
    with pytest.raises(ValidationError, match="las razones"):
        _evento(solicitud, TipoEvento.AMPLIACION_ARCO, date(2024, 7, 1))
    with pytest.raises(ValidationError, match="antes de que venza el plazo original"):
        _evento(solicitud, TipoEvento.AMPLIACION_ARCO, date(2024, 7, 2), detalle="Volumen")
    _evento(solicitud, TipoEvento.AMPLIACION_ARCO, date(2024, 7, 1), detalle="Volumen")
    plazos = _plazos(solicitud)
    assert plazos["respuesta"].estado == EstadoPlazo.SUSTITUIDO
    assert plazos["ampliacion"].vence == date(2024, 7, 15)
    assert _fresca(solicitud).estado == EstadoSolicitud.AMPLIADA
    # En una solicitud de información la amplía el Comité, no un aviso.
    acceso = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "ACC")
    with pytest.raises(ValidationError, match="la aprueba el Comité"):
        _evento(acceso, TipoEvento.AMPLIACION_ARCO, date(2024, 7, 1), detalle="Volumen")


# --- Captura en la PNT y costos --------------------------------------------------------------


@time_machine.travel(datetime(2024, 6, 11, 9, tzinfo=MX), tick=False)
def test_lo_recibido_por_correo_se_captura_en_la_pnt_en_cinco_dias_lgtaip_125(ayuntamiento):
    # Lunes 3 de junio: 4, 5, 6, 7 y 10. Al martes 11 no se capturó: vencido, y es el plazo
    # de la Unidad que vence primero.
    solicitud = _registrar(
        ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), folio="", medio=MedioRecepcion.CORREO
    )
    captura = _plazos(solicitud)["captura_pnt"]
    assert (captura.vence, captura.estado) == (date(2024, 6, 10), EstadoPlazo.CORRE)
    assert _fresca(solicitud).vence == date(2024, 6, 10)
    # Por la PNT no hay nada que capturar.
    pnt = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "PNT-1")
    assert "captura_pnt" not in _plazos(pnt)


@time_machine.travel(datetime(2024, 8, 13, 9, tzinfo=MX), tick=False)
def test_pago_en_30_dias_y_disponibilidad_60_despues_lgtaip_137(ayuntamiento):
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX))
    _evento(
        solicitud,
        TipoEvento.RESPUESTA,
        date(2024, 7, 1),
        tipo_respuesta=TipoRespuesta.PAGO_PENDIENTE,
    )
    # Desde el lunes 1 de julio: 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), 29-31 (22),
    # 1-2 ago (24), 5-9 (29), lunes 12 (30). Al martes 13 no hay pago: sin efecto.
    pago = _plazos(solicitud)["pago"]
    assert (pago.vence, pago.estado, pago.a_cargo) == (
        date(2024, 8, 12),
        EstadoPlazo.SIN_EFECTO,
        "solicitante",
    )
    otra = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "CON-PAGO")
    _evento(
        otra, TipoEvento.RESPUESTA, date(2024, 7, 1), tipo_respuesta=TipoRespuesta.PAGO_PENDIENTE
    )
    _evento(otra, TipoEvento.PAGO, date(2024, 7, 10))
    # 60 días desde el 10 de julio: 11-12 (2), 15-19 (7), 22-26 (12), 29 jul-2 ago (17),
    # 5-9 (22), 12-16 (27), 19-23 (32), 26-30 (37), 2-6 sep (42), 9-13 (47), el 16 no, 17-20
    # (51), 23-27 (56), 30 (57), el 1 de octubre no, 2-4 (60).
    plazos = _plazos(otra)
    assert plazos["pago"].estado == EstadoPlazo.CUMPLIDO
    assert plazos["disponibilidad"].vence == date(2024, 10, 4)


# --- Ventana del recurso ---------------------------------------------------------------------


@time_machine.travel(datetime(2024, 7, 24, 9, tzinfo=MX), tick=False)
def test_la_ventana_del_recurso_desde_la_respuesta_y_el_extemporaneo_lgtaip_144_y_158(
    ayuntamiento, consulta, cliente_de
):
    # Notificada el lunes 1 de julio: 2-5 (4), 8-12 (9), 15-19 (14), lunes 22 (15).
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX))
    _evento(
        solicitud,
        TipoEvento.RESPUESTA,
        date(2024, 7, 1),
        tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
    )
    assert _plazos(solicitud)["recurso"].vence == date(2024, 7, 22)
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente="RR/9/2024",
                solicitud=solicitud,
                sexo=Sexo.MUJER,
                fecha_interposicion=date(2024, 7, 23),
            )
        )
    ventana = _plazos(solicitud)["recurso"]
    assert (ventana.cumplido, ventana.en_tiempo) == (date(2024, 7, 23), False)
    detalle = reverse(
        "solicitudes:recurso_detalle", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": recurso.pk}
    )
    html = cliente_de(consulta).get(detalle).content.decode()
    assert "<strong>extemporáneo</strong> (LGTAIP art. 158, fr. I)" in html


@time_machine.travel(datetime(2024, 7, 3, 9, tzinfo=MX), tick=False)
def test_la_ventana_del_recurso_sin_respuesta_corre_desde_el_vencimiento_lgtaip_144(
    ayuntamiento,
):
    # Respuesta: vence el lunes 1 de julio y no llegó. Quince días desde ahí: 22 de julio.
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX))
    ventana = _plazos(solicitud)["recurso_sin_respuesta"]
    assert (ventana.desde, ventana.vence, ventana.a_cargo) == (
        date(2024, 7, 1),
        date(2024, 7, 22),
        "solicitante",
    )
    assert ventana.base == "el vencimiento del plazo de respuesta sin respuesta"


# --- Turnos ----------------------------------------------------------------------------------


@time_machine.travel(datetime(2024, 6, 12, 9, tzinfo=MX), tick=False)
def test_al_concluir_la_solicitud_sus_turnos_pendientes_se_cierran(ayuntamiento, areas):
    solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX))
    with scope(ayuntamiento=ayuntamiento):
        tesoreria, obras = solicitud_turnar(
            solicitud=solicitud, areas=list(areas), fecha=date(2024, 6, 4)
        )
        turno_retirar(turno=obras, fecha=date(2024, 6, 5), motivo="Se turnó por error")
    _evento(
        solicitud,
        TipoEvento.RESPUESTA,
        date(2024, 6, 10),
        tipo_respuesta=TipoRespuesta.INEXISTENCIA,
    )
    with scopes_disabled():
        tesoreria.refresh_from_db()
        obras.refresh_from_db()
    assert (tesoreria.cerrado, obras.cerrado) == (date(2024, 6, 10), date(2024, 6, 5))
    assert tesoreria.motivo_cierre == "La solicitud concluyó (respondida) el 10/06/2024."
    assert obras.motivo_cierre == "Retirado por la Unidad: Se turnó por error"
    assert (
        _plazos(tesoreria, TipoExpediente.TURNO)["respuesta_area"].estado == EstadoPlazo.SIN_EFECTO
    )
    # Salen de las cuentas y las alertas del área.
    with scope(ayuntamiento=ayuntamiento):
        assert (
            conteo_turnos_pendientes(ayuntamiento=ayuntamiento, area_id=areas[0].pk)["total"] == 0
        )


# --- Recursos de revisión --------------------------------------------------------------------


def _recurso(ayuntamiento, expediente, **fechas) -> RecursoRevision:
    with scope(ayuntamiento=ayuntamiento):
        return recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente=expediente,
                sexo=Sexo.HOMBRE,
                fecha_interposicion=date(2024, 5, 30),
                fecha_admision=date(2024, 6, 3),
                **fechas,
            )
        )


@time_machine.travel(datetime(2024, 7, 30, 9, tzinfo=MX), tick=False)
def test_el_garante_resuelve_en_40_dias_ampliables_20_lgtaip_148(ayuntamiento):
    recurso = _recurso(ayuntamiento, "RR/10/2024", fecha_ampliacion_resolucion=date(2024, 7, 29))
    plazos = _plazos(recurso, TipoExpediente.RECURSO)
    # 40 días desde la admisión del lunes 3 de junio: 4-7 (4), 10-14 (9), 17-21 (14), 24-28
    # (19), 1-5 jul (24), 8-12 (29), 15-19 (34), 22-26 (39), lunes 29 (40).
    assert plazos["resolucion"].vence == date(2024, 7, 29)
    assert (plazos["resolucion"].a_cargo, plazos["resolucion"].estado) == (
        "garante",
        EstadoPlazo.SUSTITUIDO,
    )
    # Ampliado el 29: 20 más, 30-31 (2), 1-2 ago (4), 5-9 (9), 12-16 (14), 19-23 (19), 26.
    assert plazos["resolucion_ampliada"].vence == date(2024, 8, 26)


@time_machine.travel(datetime(2024, 7, 30, 9, tzinfo=MX), tick=False)
def test_cumplir_desde_la_notificacion_con_ampliacion_e_informe_lgtaip_154_156_y_191(
    ayuntamiento,
):
    recurso = _recurso(
        ayuntamiento,
        "RR/12/2024",
        resolucion=ResolucionRecurso.REVOCA,
        fecha_resolucion=date(2024, 7, 1),
        fecha_notificacion_resolucion=date(2024, 7, 3),
        fecha_prorroga_solicitada=date(2024, 7, 5),
        dias_prorroga=5,
        fecha_cumplimiento=date(2024, 7, 12),
    )
    plazos = _plazos(recurso, TipoExpediente.RECURSO)
    # Art. 154 con el 128: 10 días desde la notificación (miércoles 3), no desde la
    # resolución, más los 5 de la ampliación que concedió el garante (art. 191): 4-5 (2),
    # 8-12 (7), 15-19 (12), 22-24 (15).
    assert plazos["cumplimiento"].vence == date(2024, 7, 24)
    assert plazos["cumplimiento"].en_tiempo is True
    # Art. 191: la ampliación se pide dentro de los tres primeros días: 4, 5, 8.
    prorroga = plazos["prorroga_cumplimiento"]
    assert (prorroga.vence, prorroga.en_tiempo) == (date(2024, 7, 8), True)
    # Art. 156: informar el cumplimiento (viernes 12) en 3 días: 15, 16, 17. No se informó.
    informe = plazos["informe_cumplimiento"]
    assert (informe.vence, informe.estado) == (date(2024, 7, 17), EstadoPlazo.CORRE)


# --- Denuncias -------------------------------------------------------------------------------


@time_machine.travel(datetime(2024, 8, 1, 9, tzinfo=MX), tick=False)
def test_los_plazos_de_la_denuncia_lgtaip_93_a_100(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        denuncia = denuncia_guardar(
            denuncia=Denuncia(
                ayuntamiento=ayuntamiento,
                expediente="DI/5/2024",
                sexo=Sexo.NO_IDENTIFICADO,
                articulo="65",
                fraccion="XXIX",
                descripcion="No publica los informes",
                fecha_presentacion=date(2024, 6, 3),
                fecha_admision=date(2024, 6, 5),
                fecha=date(2024, 6, 10),
                fecha_informe=date(2024, 6, 17),
                fecha_requerimiento_complementario=date(2024, 6, 19),
                resolucion=ResolucionDenuncia.FUNDADA,
                fecha_resolucion=date(2024, 7, 5),
                fecha_notificacion_resolucion=date(2024, 7, 8),
                fecha_requerimiento_superior=date(2024, 7, 30),
            )
        )
    plazos = _plazos(denuncia, TipoExpediente.DENUNCIA)
    vence = {clave: p.vence for clave, p in plazos.items()}
    assert vence == {
        "admision": date(2024, 6, 6),  # art. 93: 3 días desde el lunes 3: 4, 5, 6
        "notificacion": date(2024, 6, 14),  # art. 96: 7 desde el 5: 6-7, 10-14
        "informe": date(2024, 6, 17),  # art. 97: 5 desde el lunes 10: 11-14, 17
        "informe_complementario": date(2024, 6, 24),  # art. 97: 3 desde el 19: 20, 21, 24
        # Art. 98: 20 desde el fin del último informe (24 jun): 25-28 (4), 1-5 jul (9),
        # 8-12 (14), 15-19 (19), 22 (20).
        "resolucion": date(2024, 7, 22),
        "notificacion_resolucion": date(2024, 7, 10),  # art. 99: 3 desde el 5: 8, 9, 10
        # Art. 99: 15 desde la notificación del lunes 8: 9-12 (4), 15-19 (9), 22-26 (14), 29.
        "cumplimiento": date(2024, 7, 29),
        "superior": date(2024, 8, 8),  # art. 100: 7 desde el 30: 31, 1-2 ago, 5-8
    }
    assert plazos["informe"].en_tiempo is True
    assert plazos["informe_complementario"].estado == EstadoPlazo.CORRE  # no se ha rendido
    assert {p.a_cargo for c, p in plazos.items() if c in ("admision", "resolucion")} == {"garante"}


# --- Calendario por procedimiento ------------------------------------------------------------


@time_machine.travel(datetime(2024, 7, 10, 9, tzinfo=MX), tick=False)
def test_una_suspension_solo_de_recursos_no_mueve_las_solicitudes(ayuntamiento):
    DiaInhabil.objects.create(
        ambito=Ambito.AYUNTAMIENTO,
        ayuntamiento=ayuntamiento,
        fecha_inicio=date(2024, 7, 15),
        fecha_fin=date(2024, 7, 19),
        motivo="Suspensión de plazos de recursos",
        acuerdo="Acuerdo CT/2024/07",
        procedimientos=[Procedimiento.RECURSOS],
    )
    solicitud = _registrar(ayuntamiento, datetime(2024, 7, 8, 10, tzinfo=MX))
    with scope(ayuntamiento=ayuntamiento):
        recurso = recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente="RR/11/2024",
                sexo=Sexo.MUJER,
                fecha_interposicion=date(2024, 7, 1),
                fecha_notificacion=date(2024, 7, 8),
            )
        )
    # Solicitud: 9-12 (4), 15-19 (9), 22-26 (14), 29-31 (17), 1-2 ago (19), lunes 5 (20).
    assert _plazos(solicitud)["respuesta"].vence == date(2024, 8, 5)
    # Alegatos (7): 9-12 (4), la semana del 15 al 19 suspendida, 22-24 (7).
    alegatos = _plazos(recurso, TipoExpediente.RECURSO)["alegatos"]
    assert alegatos.vence == date(2024, 7, 24)
    suspendidos = [d for d in omitidos_de(alegatos) if d.motivo.startswith("Suspensión")]
    assert len(suspendidos) == 5
    assert "sólo recursos de revisión" in suspendidos[0].fundamento


# --- Lo que ya corrió no se mueve ------------------------------------------------------------


def test_un_plazo_concluido_no_cambia_con_el_calendario_ni_con_los_plazos(
    ayuntamiento, django_capture_on_commit_callbacks
):
    """Respondida en su día 20 con un día inhábil de por medio: sigue en tiempo aunque se
    borre ese día, se declare otro en el pasado o se acorte el plazo. La que sigue abierta,
    en cambio, se mueve con cada cambio."""
    with time_machine.travel(datetime(2024, 6, 3, 12, tzinfo=MX), tick=False):
        viernes = DiaInhabil.objects.create(
            ambito=Ambito.AYUNTAMIENTO,
            ayuntamiento=ayuntamiento,
            fecha_inicio=date(2024, 6, 28),
            fecha_fin=date(2024, 6, 28),
            motivo="Aniversario del municipio",
            acuerdo="Cabildo 3/2024",
        )
    with time_machine.travel(datetime(2024, 7, 3, 12, tzinfo=MX), tick=False):
        # 20 días desde el 3 de junio, sin el viernes 28: martes 2 de julio.
        respondida = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "R")
        abierta = _registrar(ayuntamiento, datetime(2024, 6, 24, 10, tzinfo=MX), "A")
        assert _plazos(respondida)["respuesta"].vence == date(2024, 7, 2)
        _evento(
            respondida,
            TipoEvento.RESPUESTA,
            date(2024, 7, 2),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        # 25-27 (3), el 28 no, 1-5 jul (8), 8-12 (13), 15-19 (18), 22-23 (20).
        assert _plazos(abierta)["respuesta"].vence == date(2024, 7, 23)
        antes = _plazos(respondida)["respuesta"]
        with django_capture_on_commit_callbacks(execute=True):
            viernes.delete()
            DiaInhabil.objects.create(
                ambito=Ambito.AYUNTAMIENTO,
                ayuntamiento=ayuntamiento,
                fecha_inicio=date(2024, 6, 20),
                fecha_fin=date(2024, 6, 20),
                motivo="Día declarado después",
                acuerdo="Cabildo 4/2024",
            )
            with scopes_disabled():
                configuracion = ConfiguracionPlazos.objects.get(ayuntamiento=ayuntamiento)
            configuracion.dias_respuesta = 15
            configuracion.save()
    despues = _plazos(respondida)["respuesta"]
    assert (despues.vence, despues.dias, despues.en_tiempo) == (date(2024, 7, 2), 20, True)
    assert despues.omitidos == antes.omitidos
    assert _fresca(respondida).en_tiempo is True
    # La abierta: 15 días, sin el 28 y con el 20 inhábil (que no cae en su plazo):
    # 25-28 (4), 1-5 jul (9), 8-12 (14), 15 (15).
    assert _plazos(abierta)["respuesta"].vence == date(2024, 7, 15)


def test_borrar_un_dia_que_cruza_plazos_concluidos_pide_confirmacion(
    ayuntamiento, titular, cliente_de
):
    with time_machine.travel(datetime(2024, 6, 3, 12, tzinfo=MX), tick=False):
        dia = DiaInhabil.objects.create(
            ambito=Ambito.AYUNTAMIENTO,
            ayuntamiento=ayuntamiento,
            fecha_inicio=date(2024, 6, 28),
            fecha_fin=date(2024, 6, 28),
            motivo="Aniversario",
            acuerdo="Cabildo 3/2024",
        )
    with time_machine.travel(datetime(2024, 7, 3, 12, tzinfo=MX), tick=False):
        respondida = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "R")
        _registrar(ayuntamiento, datetime(2024, 6, 24, 10, tzinfo=MX), "A")
        _evento(
            respondida,
            TipoEvento.RESPUESTA,
            date(2024, 7, 2),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        url = reverse(
            "organizacion:dia_inhabil_eliminar",
            kwargs={"ayuntamiento": ayuntamiento.slug, "pk": dia.pk},
        )
        cliente = cliente_de(titular)
        aviso = cliente.get(url)
        assert (
            "cruza 1 expediente con plazos que corren (se recalcularán) y 1 con plazos ya concluidos"
            in aviso.content.decode()
        )
        assert DiaInhabil.objects.filter(pk=dia.pk).exists()
        assert cliente.post(url).status_code == 302
        assert not DiaInhabil.objects.filter(pk=dia.pk).exists()


def test_acortar_un_plazo_que_uso_un_caso_concluido_pide_confirmacion(
    ayuntamiento, titular, cliente_de
):
    with time_machine.travel(datetime(2024, 7, 3, 12, tzinfo=MX), tick=False):
        respondida = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "R")
        _evento(
            respondida,
            TipoEvento.RESPUESTA,
            date(2024, 7, 1),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        with scopes_disabled():
            configuracion = ConfiguracionPlazos.objects.get(ayuntamiento=ayuntamiento)
        datos = {campo: valor for campo, valor in configuracion.terminos().items()}
        datos["dias_respuesta"] = 15
        url = reverse("organizacion:plazos", kwargs={"ayuntamiento": ayuntamiento.slug})
        cliente = cliente_de(titular)
        primera = cliente.post(url, datos)
        assert primera.status_code == 200
        assert (
            "0 expedientes con plazos que corren (se recalcularán) y 1 con plazos ya concluidos"
            in primera.content.decode()
        )
        configuracion.refresh_from_db()
        assert configuracion.dias_respuesta == 20  # aún no
        assert cliente.post(url, {**datos, "confirmar": "1"}).status_code == 302
        configuracion.refresh_from_db()
        assert configuracion.dias_respuesta == 15


def test_aplicar_un_marco_que_cambia_plazos_ya_usados_pide_confirmacion(
    ayuntamiento, titular, cliente_de
):
    """El Estado de México (15 + 7) cambia los 20 días con que se juzgó una respuesta."""
    with time_machine.travel(datetime(2024, 7, 3, 12, tzinfo=MX), tick=False):
        respondida = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX), "R")
        _evento(
            respondida,
            TipoEvento.RESPUESTA,
            date(2024, 7, 1),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        mexico = PresetPlazos.objects.get(nombre="Estado de México")
        url = reverse("organizacion:plazos_preset", kwargs={"ayuntamiento": ayuntamiento.slug})
        cliente = cliente_de(titular)
        primera = cliente.post(url, {"preset": mexico.pk})
        assert primera.status_code == 200
        pagina = primera.content.decode()
        assert "0 expedientes con plazos que corren (se recalcularán) y 1 con plazos ya" in pagina
        assert "Confirmar y aplicar" in pagina
        with scopes_disabled():
            configuracion = ConfiguracionPlazos.objects.get(ayuntamiento=ayuntamiento)
        assert configuracion.dias_respuesta == 20  # aún no
        assert cliente.post(url, {"preset": mexico.pk, "confirmar": "1"}).status_code == 302
        configuracion.refresh_from_db()
        assert (configuracion.dias_respuesta, configuracion.preset) == (15, mexico)
    # Lo ya juzgado no se movió: se respondió en tiempo con los 20 días de entonces.
    assert _plazos(respondida)["respuesta"].dias == 20
    assert _fresca(respondida).en_tiempo is True


# --- Hora de cierre, zona horaria y marcos legales ------------------------------------------


@time_machine.travel(datetime(2024, 7, 4, 9, tzinfo=MX), tick=False)
def test_cambiar_la_hora_de_cierre_recalcula_lo_que_corre(
    ayuntamiento, django_capture_on_commit_callbacks
):
    solicitud = _registrar(ayuntamiento, datetime(2024, 7, 3, 14, 30, tzinfo=MX))
    assert _fresca(solicitud).recepcion_efectiva == date(2024, 7, 3)
    with django_capture_on_commit_callbacks(execute=True):
        ayuntamiento.hora_cierre = time(14)
        ayuntamiento.save()
    assert _fresca(solicitud).recepcion_efectiva == date(2024, 7, 4)


def test_un_ayuntamiento_nuevo_toma_el_marco_legal_de_su_garante(garante):
    garante.marco_legal = PresetPlazos.objects.get(nombre="Estado de México")
    garante.save()
    nuevo = Ayuntamiento.objects.create(
        nombre="Toluca", slug="toluca", estado="MEX", garante=garante
    )
    with scopes_disabled():
        configuracion = ConfiguracionPlazos.objects.get(ayuntamiento=nuevo)
    assert (configuracion.dias_respuesta, configuracion.dias_ampliacion) == (15, 7)
    assert "Estado de México" in configuracion.fundamento("dias_respuesta")
    # Lo que la ley estatal no se pudo verificar lo dice, en lugar de copiarlo en silencio.
    assert configuracion.fundamento("dias_prevencion").startswith("Sin fuente estatal verificada")


def test_los_marcos_estatales_dicen_de_donde_sale_cada_plazo():
    for nombre in ("Oaxaca", "Puebla", "Campeche"):
        preset = PresetPlazos.objects.get(nombre=nombre)
        assert preset.dias_respuesta == 20
        assert preset.fundamento("dias_respuesta") == (
            "Sin fuente estatal verificada: valor de la Ley General (LGTAIP 2025, art. 134)"
        )
        assert "aún no se verificaron" in preset.descripcion
    general = PresetPlazos.objects.get(nombre="Ley General (LGTAIP 2025)")
    assert general.fundamento("dias_recurso") == "LGTAIP 2025, art. 144"


@time_machine.travel(datetime(2024, 7, 10, 9, tzinfo=MX), tick=False)
def test_la_orden_recalcular_plazos_deriva_lo_que_aun_no_los_tiene(ayuntamiento):
    """Lo que existía antes de la tabla de plazos (docs/actualizacion.md): sin derivar."""
    with scopes_disabled():
        vieja = Solicitud.objects.create(
            ayuntamiento=ayuntamiento,
            folio="VIEJA",
            recibida=datetime(2024, 6, 3, 10, tzinfo=MX),
            descripcion="x",
        )
    assert _plazos(vieja) == {}
    salida = io.StringIO()
    call_command("recalcular_plazos", stdout=salida)
    assert "Listo: 1 solicitudes cambiaron" in salida.getvalue()
    assert _plazos(vieja)["respuesta"].vence == date(2024, 7, 1)
    assert _fresca(vieja).vence == date(2024, 7, 1)


def test_la_bitacora_no_registra_lo_derivado_ni_al_recalcular_una_ni_miles(
    ayuntamiento, django_capture_on_commit_callbacks
):
    """Decidido: nunca. La historia registra los hechos (eventos, días inhábiles, plazos)
    que mueven lo derivado, no cada recálculo; así una y mil solicitudes dejan la misma."""
    historica = Solicitud.history.model  # type: ignore[attr-defined]
    campos = {f.name for f in historica._meta.get_fields()}
    assert not set(Solicitud.CAMPOS_DERIVADOS) & campos
    with time_machine.travel(datetime(2024, 6, 10, 12, tzinfo=MX), tick=False):
        solicitud = _registrar(ayuntamiento, datetime(2024, 6, 3, 10, tzinfo=MX))
        _evento(solicitud, TipoEvento.PREVENCION, date(2024, 6, 5))
        antes = historica.objects.filter(id=solicitud.pk).count()
        with django_capture_on_commit_callbacks(execute=True):
            DiaInhabil.objects.create(
                ambito=Ambito.AYUNTAMIENTO,
                ayuntamiento=ayuntamiento,
                fecha_inicio=date(2024, 6, 7),
                fecha_fin=date(2024, 6, 7),
                motivo="Acuerdo",
                acuerdo="Cabildo",
            )
    assert _plazos(solicitud)["atender_prevencion"].vence == date(2024, 6, 20)  # se movió
    assert historica.objects.filter(id=solicitud.pk).count() == antes
