"""El admin de solicitudes: lo que se guarda o borra ahí deja los derivados de la solicitud
al día, y un recurso con fechas imposibles se rechaza en el formulario, no con un 500."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django_scopes import scopes_disabled

from organizacion.models import Usuario
from solicitudes.models import RecursoRevision, Solicitud, TipoEvento, TipoRespuesta
from solicitudes.servicios import evento_registrar, solicitud_registrar

MX = ZoneInfo("America/Mexico_City")

pytestmark = pytest.mark.usefixtures("hoy")


@pytest.fixture
def hoy():
    with time_machine.travel(datetime(2024, 7, 15, 12, tzinfo=MX), tick=False):
        yield


@pytest.fixture
def operador(db):
    return Usuario.objects.create_superuser("operador@plataforma.mx", "x" * 12, nombre="Operación")


@pytest.fixture
def solicitud(ayuntamiento):
    # Martes 2/04/2024 a las 10:00: vence el 30/04 (20 días hábiles, del 3 al 30 de abril).
    with scopes_disabled():
        return solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201234500001",
                recibida=datetime(2024, 4, 2, 10, tzinfo=MX),
                sexo="mujer",
                descripcion="Nómina de marzo.",
            )
        )


def _datos_solicitud(solicitud, **cambios):
    datos = {
        "ayuntamiento": solicitud.ayuntamiento_id,
        "tipo": solicitud.tipo,
        "derecho_arco": "",
        "folio": solicitud.folio,
        "medio": solicitud.medio,
        "recibida_0": "2024-04-02",
        "recibida_1": "10:00:00",
        "nombre_solicitante": "",
        "sexo": solicitud.sexo,
        "correo_solicitante": "",
        "domicilio_solicitante": "",
        "documento_identidad": "",
        "descripcion": solicitud.descripcion,
        "modalidad_entrega": solicitud.modalidad_entrega,
        "registrada_por": "",
    }
    return datos | cambios


def test_editar_la_solicitud_recalcula_sus_plazos(operador, cliente_de, solicitud):
    assert solicitud.vence == date(2024, 4, 30)
    url = reverse("admin:solicitudes_solicitud_change", args=[solicitud.pk])
    # A las 16:00 ya cerró la oficina: se tiene por recibida el 3/04 y vence el 2/05 (el
    # 1/05 es inhábil).
    respuesta = cliente_de(operador).post(url, _datos_solicitud(solicitud, recibida_1="16:00:00"))
    assert respuesta.status_code == 302
    solicitud.refresh_from_db()
    assert solicitud.recibida == datetime(2024, 4, 2, 16, tzinfo=MX)
    assert solicitud.vence == date(2024, 5, 2)


def test_los_derivados_no_se_editan_en_el_admin(operador, cliente_de, solicitud):
    url = reverse("admin:solicitudes_solicitud_change", args=[solicitud.pk])
    datos = _datos_solicitud(solicitud, estado="respondida", vence="2030-01-01")
    assert cliente_de(operador).post(url, datos).status_code == 302
    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.vence) == ("recibida", date(2024, 4, 30))


def test_cambiar_o_borrar_un_evento_recalcula_la_solicitud(operador, cliente_de, solicitud):
    with scopes_disabled():
        evento = evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 4, 17),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
    cliente = cliente_de(operador)
    respuesta = cliente.post(
        reverse("admin:solicitudes_evento_change", args=[evento.pk]),
        {
            "ayuntamiento": solicitud.ayuntamiento_id,
            "solicitud": solicitud.pk,
            "tipo": TipoEvento.RESPUESTA,
            "fecha": "2024-04-22",
            "detalle": "",
            "tipo_respuesta": TipoRespuesta.ENTREGA_TOTAL,
            "modalidad_entrega": "",
            "registrado_por": "",
        },
    )
    assert respuesta.status_code == 302
    solicitud.refresh_from_db()
    # Del 3 al 22 de abril: 3–5, 8–12, 15–19 y 22.
    assert (solicitud.estado, solicitud.fecha_respuesta, solicitud.dias_habiles_respuesta) == (
        "respondida",
        date(2024, 4, 22),
        14,
    )

    respuesta = cliente.post(
        reverse("admin:solicitudes_evento_delete", args=[evento.pk]), {"post": "yes"}
    )
    assert respuesta.status_code == 302
    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.fecha_respuesta, solicitud.vence) == (
        "recibida",
        None,
        date(2024, 4, 30),
    )


def _datos_recurso(solicitud, **cambios):
    datos = {
        "ayuntamiento": solicitud.ayuntamiento_id,
        "expediente": "RR/101/2024",
        "solicitud": solicitud.pk,
        "sexo": "mujer",
        "fecha_interposicion": "2024-04-22",
        "fecha_notificacion": "2024-04-24",
        "fecha_alegatos": "",
        "resolucion": "",
        "fecha_resolucion": "",
        "fecha_cumplimiento": "",
        "oficios": "",
        "notas": "",
    }
    return datos | cambios


def test_el_recurso_guardado_en_el_admin_deriva_plazos_y_estado(operador, cliente_de, solicitud):
    respuesta = cliente_de(operador).post(
        reverse("admin:solicitudes_recursorevision_add"), _datos_recurso(solicitud)
    )
    assert respuesta.status_code == 302
    with scopes_disabled():
        recurso = RecursoRevision.objects.get()
    # Notificado el 24/04: 7 días hábiles son 25, 26, 29, 30 de abril, 2, 3 y 6 de mayo.
    assert recurso.vence_alegatos == date(2024, 5, 6)
    solicitud.refresh_from_db()
    assert solicitud.estado == "en_recurso"


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"fecha_alegatos": "2024-04-23"}, "no puede ser anterior a la de la notificación"),
        ({"fecha_interposicion": "2024-08-01"}, "no puede estar en el futuro"),
        ({"resolucion": "confirma"}, "Indique la fecha de la resolución"),
    ],
)
def test_el_recurso_imposible_se_rechaza_en_el_formulario(
    cambios, mensaje, operador, cliente_de, solicitud
):
    respuesta = cliente_de(operador).post(
        reverse("admin:solicitudes_recursorevision_add"), _datos_recurso(solicitud, **cambios)
    )
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    with scopes_disabled():
        assert not RecursoRevision.objects.exists()
    solicitud.refresh_from_db()
    assert solicitud.estado == "recibida"


def test_la_busqueda_por_folio(operador, cliente_de, solicitud, ayuntamiento):
    with scopes_disabled():
        solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201234500002",
                recibida=datetime(2024, 4, 3, 10, tzinfo=MX),
                descripcion="Obras de 2023.",
            )
        )
    respuesta = cliente_de(operador).get(
        reverse("admin:solicitudes_solicitud_changelist"), {"q": "500002"}
    )
    assert [s.folio for s in respuesta.context["cl"].result_list] == ["201234500002"]
