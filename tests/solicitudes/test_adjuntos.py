"""Los archivos de una solicitud: quién los ve y los descarga, y la marca «contiene datos
personales» que pone el registro y cambia la Unidad.

Los ids son consecutivos: quien no debe ver un archivo no lo descarga adivinando su número.
El enlace descarga exactamente lo que listan las páginas de los turnos de su área."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from solicitudes.models import Adjunto, Solicitud, TipoEvento
from solicitudes.servicios import (
    evento_registrar,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
)
from tests.conftest import pdf_valido

MX = ZoneInfo("America/Mexico_City")
PDF = pdf_valido()
HOY = datetime(2024, 7, 10, 10, tzinfo=MX)


def url(ayuntamiento, nombre, **kw):
    return reverse(f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def _archivo(nombre):
    return SimpleUploadedFile(nombre, PDF)


@pytest.fixture
def archivos(ayuntamiento, areas, enlace, enlace_otra_area):
    """Una solicitud turnada a las dos áreas, con su escrito (marcado al registrarse), una
    prevención con su oficio (marcado) y la respuesta de cada área (sin marca); otra
    solicitud, no turnada, con un escrito que la Unidad desmarcó."""
    with time_machine.travel(HOY, tick=False), scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="PNT-ARCH",
                recibida=datetime(2024, 7, 1, 10, tzinfo=MX),
                descripcion="Nómina",
            ),
            archivos=[_archivo("escrito.pdf")],
        )
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.PREVENCION,
            fecha=date(2024, 7, 2),
            detalle="Aclare el periodo",
            archivos=[_archivo("prevencion.pdf")],
        )
        tesoreria, obras = solicitud_turnar(
            solicitud=solicitud, areas=list(areas), fecha=date(2024, 7, 2)
        )
        for turno, quien in ((tesoreria, enlace), (obras, enlace_otra_area)):
            turno_responder(
                turno=turno,
                fecha=date(2024, 7, 3),
                respuesta="Listo",
                respondido_por=quien,
                archivos=[_archivo(f"{turno.unidad_administrativa.nombre}.pdf")],
            )
        otra = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="PNT-OTRA",
                recibida=datetime(2024, 7, 1, 10, tzinfo=MX),
                descripcion="Otra",
            ),
            archivos=[_archivo("otra.pdf")],
        )
        otra.adjuntos.update(datos_personales=False)
        return {
            "solicitud": solicitud,
            "turnos": (tesoreria, obras),
            "pk": {a.nombre: a.pk for a in Adjunto.objects.all()},
        }


def test_el_registro_marca_el_escrito_y_los_eventos(ayuntamiento, archivos):
    with scope(ayuntamiento=ayuntamiento):
        marcas = dict(Adjunto.objects.values_list("nombre", "datos_personales"))
    assert marcas == {
        "escrito.pdf": True,
        "prevencion.pdf": True,
        "Tesorería Municipal.pdf": False,
        "Obras Públicas.pdf": False,
        "otra.pdf": False,
    }


def _listados(cliente, ayuntamiento, turno) -> set[int]:
    html = cliente.get(url(ayuntamiento, "turno_detalle", pk=turno.pk)).content.decode()
    return {int(pk) for pk in re.findall(r"/solicitudes/adjuntos/(\d+)/", html)}


def _descargables(cliente, ayuntamiento, pks) -> set[int]:
    return {pk for pk in pks if cliente.get(url(ayuntamiento, "adjunto", pk=pk)).status_code == 200}


def test_el_enlace_descarga_exactamente_lo_que_lista_su_turno(
    ayuntamiento, archivos, enlace, cliente_de
):
    cliente = cliente_de(enlace)
    pk = archivos["pk"]
    tesoreria, _ = archivos["turnos"]
    listados = _listados(cliente, ayuntamiento, tesoreria)
    assert listados == {pk["Tesorería Municipal.pdf"]}
    # Todos los ids, también los que no existen: sólo baja lo listado.
    todos = set(range(1, max(pk.values()) + 3))
    assert _descargables(cliente, ayuntamiento, todos) == listados

    # La Unidad quita la marca al escrito: aparece en la página y se descarga; la
    # prevención (un evento de la Unidad) sigue fuera aunque también se desmarque.
    with scope(ayuntamiento=ayuntamiento):
        Adjunto.objects.filter(nombre__in=["escrito.pdf", "prevencion.pdf"]).update(
            datos_personales=False
        )
    listados = _listados(cliente, ayuntamiento, tesoreria)
    assert listados == {pk["Tesorería Municipal.pdf"], pk["escrito.pdf"]}
    assert _descargables(cliente, ayuntamiento, todos) == listados


def test_una_respuesta_marcada_no_la_ve_ni_su_area(ayuntamiento, archivos, enlace, cliente_de):
    pk = archivos["pk"]["Tesorería Municipal.pdf"]
    with scope(ayuntamiento=ayuntamiento):
        Adjunto.objects.filter(pk=pk).update(datos_personales=True)
    cliente = cliente_de(enlace)
    assert _listados(cliente, ayuntamiento, archivos["turnos"][0]) == set()
    assert cliente.get(url(ayuntamiento, "adjunto", pk=pk)).status_code == 404


def test_el_garante_no_ve_los_archivos_con_datos_personales(
    ayuntamiento, archivos, usuario_garante, titular, cliente_de
):
    pk = archivos["pk"]
    detalle = url(ayuntamiento, "detalle", pk=archivos["solicitud"].pk)
    garante = cliente_de(usuario_garante)
    respuesta = garante.get(detalle)
    listados = {a.nombre for a in respuesta.context["adjuntos"]}
    assert listados == {"Tesorería Municipal.pdf", "Obras Públicas.pdf"}
    assert "2 archivos con datos personales de quien solicita" in respuesta.content.decode()
    assert _descargables(garante, ayuntamiento, pk.values()) == {
        pk["Tesorería Municipal.pdf"],
        pk["Obras Públicas.pdf"],
        pk["otra.pdf"],
    }
    # La Unidad ve y descarga todos.
    titular_ve = {a.nombre for a in cliente_de(titular).get(detalle).context["adjuntos"]}
    assert titular_ve == {
        "escrito.pdf",
        "prevencion.pdf",
        "Tesorería Municipal.pdf",
        "Obras Públicas.pdf",
    }
    assert _descargables(cliente_de(titular), ayuntamiento, pk.values()) == set(pk.values())


def test_la_unidad_marca_y_desmarca_y_queda_en_la_bitacora(
    ayuntamiento, archivos, personal, usuario_garante, cliente_de
):
    pk = archivos["pk"]["escrito.pdf"]
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "adjunto_datos_personales", pk=pk), {"datos_personales": "0"}
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        assert not Adjunto.objects.get(pk=pk).datos_personales
    garante = cliente_de(usuario_garante)
    assert garante.get(url(ayuntamiento, "adjunto", pk=pk)).status_code == 200

    cliente.post(url(ayuntamiento, "adjunto_datos_personales", pk=pk), {"datos_personales": "1"})
    assert garante.get(url(ayuntamiento, "adjunto", pk=pk)).status_code == 404
    bitacora = cliente.get(url(ayuntamiento, "detalle", pk=archivos["solicitud"].pk)).context[
        "bitacora"
    ]
    cambios = [c for c in bitacora if c.que == "Archivo «escrito.pdf»" and c.campos]
    assert [c.campos for c in cambios] == [
        [("Contiene datos personales", "No", "Sí")],
        [("Contiene datos personales", "Sí", "No")],
    ]
    assert {c.usuario for c in cambios} == {str(personal)}


def test_marcar_solo_la_unidad_que_captura(ayuntamiento, archivos, consulta, enlace, cliente_de):
    pk = archivos["pk"]["escrito.pdf"]
    destino = url(ayuntamiento, "adjunto_datos_personales", pk=pk)
    assert cliente_de(consulta).post(destino, {"datos_personales": "0"}).status_code == 403
    assert cliente_de(enlace).post(destino, {"datos_personales": "0"}).status_code == 403
    with scope(ayuntamiento=ayuntamiento):
        assert Adjunto.objects.get(pk=pk).datos_personales
