"""El admin de solicitudes: muestra y exporta los expedientes y sus plazos, y no los cambia: todo
cambio pasa por los servicios que validan y derivan."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from organizacion.models import Usuario
from solicitudes.models import RecursoRevision, Solicitud, TipoEvento, TipoRespuesta
from solicitudes.servicios import evento_registrar, recurso_guardar, solicitud_registrar

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


MODELOS = [
    ("solicitud", lambda s: s),
    ("evento", lambda s: s.eventos.get()),
    ("recursorevision", lambda s: s.recursos.get()),
]


@pytest.fixture
def con_hechos(solicitud):
    with scopes_disabled():
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 4, 25),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=solicitud.ayuntamiento,
                expediente="RR/1/2024",
                solicitud=solicitud,
                sexo="mujer",
                fecha_interposicion=date(2024, 5, 2),
            )
        )
    return solicitud


@pytest.mark.parametrize("modelo, objeto", MODELOS, ids=[m for m, _ in MODELOS])
def test_los_expedientes_son_de_solo_lectura(modelo, objeto, operador, cliente_de, con_hechos):
    """Sus reglas y sus plazos pasan por los servicios: el admin los muestra y los exporta,
    pero no crea, cambia, importa ni borra (nada se salta la derivación)."""
    cliente = cliente_de(operador)
    with scopes_disabled():
        pk = objeto(con_hechos).pk
    cambio = reverse(f"admin:solicitudes_{modelo}_change", args=[pk])
    assert cliente.get(cambio).status_code == 200  # se ve
    assert cliente.post(cambio, {}).status_code == 403
    assert cliente.get(reverse(f"admin:solicitudes_{modelo}_add")).status_code == 403
    assert (
        cliente.post(
            reverse(f"admin:solicitudes_{modelo}_delete", args=[pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert cliente.get(reverse(f"admin:solicitudes_{modelo}_export")).status_code == 200
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:solicitudes_{modelo}_import")
    with scopes_disabled():
        assert Solicitud.objects.get(pk=con_hechos.pk).estado == "en_recurso"


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
