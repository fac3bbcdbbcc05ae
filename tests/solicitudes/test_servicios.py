"""Reglas de los servicios de solicitudes: lo que se rechaza, con qué mensaje, y que no
quede nada a medias."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from organizacion.models import Oficio, TipoOficio
from solicitudes.models import (
    EstadoSolicitud,
    MedioRecepcion,
    Solicitud,
    TipoEvento,
    TipoRespuesta,
    TipoSolicitud,
    Turno,
)
from solicitudes.servicios import (
    evento_registrar,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
)

CDMX = ZoneInfo("America/Mexico_City")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hoy_15_de_julio_de_2024():
    with time_machine.travel(datetime(2024, 7, 15, 12, tzinfo=CDMX), tick=False):
        yield


def _nueva(ayuntamiento, **campos) -> Solicitud:
    datos = {
        "folio": "201181924000123",
        "recibida": datetime(2024, 7, 1, 10, tzinfo=CDMX),
        "descripcion": "Padrón de proveedores",
        **campos,
    }
    return Solicitud(ayuntamiento=ayuntamiento, **datos)


@pytest.fixture
def solicitud(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        return solicitud_registrar(solicitud=_nueva(ayuntamiento))


def _cuantas(ayuntamiento) -> int:
    with scopes_disabled():
        return Solicitud.objects.filter(ayuntamiento=ayuntamiento).count()


def test_folio_repetido_se_rechaza(ayuntamiento, ayuntamiento_ajeno, solicitud):
    with scope(ayuntamiento=ayuntamiento), pytest.raises(ValidationError) as error:
        solicitud_registrar(solicitud=_nueva(ayuntamiento))
    assert "Ya existe una solicitud con ese folio." in str(error.value)
    assert _cuantas(ayuntamiento) == 1
    # El mismo folio en otro ayuntamiento es otra solicitud.
    with scope(ayuntamiento=ayuntamiento_ajeno):
        solicitud_registrar(solicitud=_nueva(ayuntamiento_ajeno))


def test_recepcion_en_el_futuro_se_rechaza(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento), pytest.raises(ValidationError) as error:
        solicitud_registrar(
            solicitud=_nueva(ayuntamiento, recibida=datetime(2024, 7, 16, 9, tzinfo=CDMX))
        )
    assert error.value.message_dict["recibida"] == [
        "La fecha de recepción no puede estar en el futuro."
    ]
    assert _cuantas(ayuntamiento) == 0


def test_sin_folio_pnt_recibe_folio_interno_consecutivo(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        with pytest.raises(ValidationError, match="PNT lleva su folio"):
            solicitud_registrar(solicitud=_nueva(ayuntamiento, folio=""))
        primera = solicitud_registrar(
            solicitud=_nueva(ayuntamiento, folio="", medio=MedioRecepcion.ESCRITO)
        )
        segunda = solicitud_registrar(
            solicitud=_nueva(ayuntamiento, folio=" ", medio=MedioRecepcion.CORREO)
        )
        # Los folios internos no consumen números de oficio.
        assert not Oficio.objects.exists()
    assert (primera.folio, segunda.folio) == ("INT-2024-00001", "INT-2024-00002")
    assert primera.folio_interno and segunda.folio_interno


def test_derecho_arco_solo_en_solicitudes_arco(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        with pytest.raises(ValidationError, match="derecho ARCO"):
            solicitud_registrar(solicitud=_nueva(ayuntamiento, derecho_arco="rectificacion"))
        with pytest.raises(ValidationError, match="derecho ARCO"):
            solicitud_registrar(solicitud=_nueva(ayuntamiento, tipo=TipoSolicitud.ARCO))
    assert _cuantas(ayuntamiento) == 0


def test_adjunto_se_guarda_con_la_solicitud(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=_nueva(ayuntamiento),
            archivos=[SimpleUploadedFile("escrito.pdf", b"%PDF-1.4 contenido")],
        )
        adjunto = solicitud.adjuntos.get()
    assert adjunto.nombre == "escrito.pdf"
    assert adjunto.archivo.read() == b"%PDF-1.4 contenido"


@pytest.mark.parametrize(
    ("fecha", "mensaje"),
    [
        (
            date(2024, 6, 28),
            r"Respuesta notificada» \(28/06/2024\) no puede ser anterior a la recepción",
        ),
        (date(2024, 7, 16), "no puede estar en el futuro"),
    ],
)
def test_respuesta_con_fecha_imposible(solicitud, fecha, mensaje):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        with pytest.raises(ValidationError, match=mensaje):
            evento_registrar(
                solicitud=solicitud,
                tipo=TipoEvento.RESPUESTA,
                fecha=fecha,
                tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
            )
        assert not solicitud.eventos.exists()
    assert solicitud.estado == EstadoSolicitud.RECIBIDA


def test_respuesta_sin_tipo_y_respuesta_doble(solicitud):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        with pytest.raises(ValidationError, match="tipo de respuesta"):
            evento_registrar(solicitud=solicitud, tipo=TipoEvento.RESPUESTA, fecha=date(2024, 7, 5))
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 7, 5),
            tipo_respuesta=TipoRespuesta.INEXISTENCIA,
        )
        with pytest.raises(ValidationError, match="ya tiene registrado"):
            evento_registrar(
                solicitud=solicitud,
                tipo=TipoEvento.RESPUESTA,
                fecha=date(2024, 7, 8),
                tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
            )
    assert solicitud.tipo_respuesta == TipoRespuesta.INEXISTENCIA
    assert solicitud.dias_habiles_respuesta == 4  # 2, 3, 4 y 5 de julio


def test_prevencion_atendida_sin_prevencion(solicitud):
    with scope(ayuntamiento=solicitud.ayuntamiento), pytest.raises(ValidationError):
        evento_registrar(
            solicitud=solicitud, tipo=TipoEvento.PREVENCION_ATENDIDA, fecha=date(2024, 7, 5)
        )


def test_turnar_emite_un_oficio_numerado_por_area(solicitud, areas):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        turnos = solicitud_turnar(solicitud=solicitud, areas=list(areas), fecha=date(2024, 7, 2))
        folios = sorted(t.oficio.folio for t in turnos)
        assert folios == ["UT/0001/2024", "UT/0002/2024"]
        assert {t.oficio.tipo for t in turnos} == {TipoOficio.TURNO}
        # Plazo interno: 5 días hábiles desde el 2 de julio.
        assert {t.vence for t in turnos} == {date(2024, 7, 9)}
        with pytest.raises(ValidationError, match="ya se turnó a: Tesorería Municipal"):
            solicitud_turnar(solicitud=solicitud, areas=[areas[0]], fecha=date(2024, 7, 3))
        assert Oficio.objects.count() == 2
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE


def test_respuesta_del_area_numera_en_la_serie_del_area(solicitud, areas, enlace):
    tesoreria = areas[0]
    with scopes_disabled():
        tesoreria.siglas = "TM"
        tesoreria.save()
    with scope(ayuntamiento=solicitud.ayuntamiento):
        (turno,) = solicitud_turnar(solicitud=solicitud, areas=[tesoreria], fecha=date(2024, 7, 2))
        with pytest.raises(ValidationError, match="anterior al turno"):
            turno_responder(turno=turno, fecha=date(2024, 7, 1), respuesta="Se anexa")
        turno_responder(
            turno=turno,
            fecha=date(2024, 7, 4),
            respuesta="Se anexa el padrón",
            respondido_por=enlace,
            archivos=[SimpleUploadedFile("padron.xlsx", b"PK\x03\x04 hoja")],
        )
        turno = Turno.objects.get(pk=turno.pk)
        assert turno.oficio_respuesta is not None
        assert turno.oficio_respuesta.folio == "TM/0001/2024"
        assert turno.adjuntos.get().nombre == "padron.xlsx"
        with pytest.raises(ValidationError, match="ya fue respondido"):
            turno_responder(turno=turno, fecha=date(2024, 7, 5), respuesta="Otra")


def test_no_se_turna_una_solicitud_concluida(solicitud, areas):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 7, 5),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        with pytest.raises(ValidationError, match="ya concluyó"):
            solicitud_turnar(solicitud=solicitud, areas=[areas[0]], fecha=date(2024, 7, 8))
        assert not Oficio.objects.exists()
