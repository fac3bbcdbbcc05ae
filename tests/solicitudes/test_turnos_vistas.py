"""La bandeja de turnos y la respuesta de un área: el enlace ve y responde sólo los turnos de
su área (otro → 404); la Unidad los ve todos y filtra por área; la portada cuenta lo suyo."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organizacion.models import Oficio, TipoOficio, UnidadAdministrativa
from solicitudes.models import Adjunto, EstadoSolicitud, Solicitud, Turno
from solicitudes.servicios import solicitud_registrar, solicitud_turnar, turno_responder
from tests.conftest import pdf_valido

MX = ZoneInfo("America/Mexico_City")
PDF = pdf_valido()
HOY = datetime(2024, 7, 10, 10, tzinfo=MX)


def url(ayuntamiento, nombre="turnos", **kw):
    return reverse(f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def _turnar(ayuntamiento, folio, areas, fecha, recibida=datetime(2024, 7, 1, 10, tzinfo=MX)):
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio=folio,
                recibida=recibida,
                descripcion=f"Información de {folio}",
            ),
            archivos=[SimpleUploadedFile(f"{folio}.pdf", PDF)],
        )
        return solicitud_turnar(solicitud=solicitud, areas=areas, fecha=fecha)


@pytest.fixture
def bandeja(ayuntamiento, areas):
    """El 10 de julio de 2024 (plazo interno de 5 días hábiles, «por vencer» a 3):
    Tesorería tiene uno vencido (turnado el 1 de julio, vence el 8), uno por vencer (turnado
    el 8, vence el 15) y uno respondido; Obras uno por vencer."""
    tesoreria, obras = areas
    with time_machine.travel(HOY, tick=False):
        (vencido,) = _turnar(ayuntamiento, "T-VENCIDO", [tesoreria], date(2024, 7, 1))
        (por_vencer, de_obras) = _turnar(
            ayuntamiento, "T-AMBAS", [tesoreria, obras], date(2024, 7, 8)
        )
        (respondido,) = _turnar(ayuntamiento, "T-RESPONDIDO", [tesoreria], date(2024, 7, 2))
        with scope(ayuntamiento=ayuntamiento):
            turno_responder(turno=respondido, fecha=date(2024, 7, 4), respuesta="Ya")
    return {
        "vencido": vencido,
        "por_vencer": por_vencer,
        "respondido": respondido,
        "de_obras": de_obras,
    }


def _pks(respuesta):
    return [t.pk for t, _ in respuesta.context["filas"]]


# --- Bandeja -------------------------------------------------------------------------------


@time_machine.travel(HOY, tick=False)
def test_el_enlace_ve_solo_los_turnos_de_su_area(ayuntamiento, bandeja, enlace, cliente_de):
    respuesta = cliente_de(enlace).get(url(ayuntamiento))
    html = respuesta.content.decode()
    # Pendientes primero, por vencimiento; luego los respondidos.
    assert _pks(respuesta) == [
        bandeja["vencido"].pk,
        bandeja["por_vencer"].pk,
        bandeja["respondido"].pk,
    ]
    colores = [color for _, color in respuesta.context["filas"]]
    assert colores == ["vencida", "por_vencer", None]
    assert "Turnos de Tesorería Municipal" in html
    assert '<span class="badge text-bg-danger">Vencida</span>' in html
    assert "8 de julio de 2024" in html
    assert 'name="area"' not in html  # el enlace no elige área


@time_machine.travel(HOY, tick=False)
def test_bandeja_del_enlace_de_otra_area(ayuntamiento, bandeja, enlace_otra_area, cliente_de):
    respuesta = cliente_de(enlace_otra_area).get(url(ayuntamiento))
    assert _pks(respuesta) == [bandeja["de_obras"].pk]
    assert "T-VENCIDO" not in respuesta.content.decode()
    # Ni con un filtro de área ajena en la URL.
    tesoreria = bandeja["vencido"].unidad_administrativa_id
    respuesta = cliente_de(enlace_otra_area).get(url(ayuntamiento) + f"?area={tesoreria}")
    assert _pks(respuesta) == [bandeja["de_obras"].pk]


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "consulta_get, esperados",
    [
        ("", ["vencido", "por_vencer", "de_obras", "respondido"]),
        ("estado=pendientes", ["vencido", "por_vencer", "de_obras"]),
        ("estado=respondidos", ["respondido"]),
        ("semaforo=vencida", ["vencido"]),
        ("semaforo=por_vencer", ["por_vencer", "de_obras"]),
        ("semaforo=en_tiempo", []),
        ("area=OBRAS", ["de_obras"]),
        ("area=TESORERIA&estado=pendientes", ["vencido", "por_vencer"]),
    ],
)
def test_la_unidad_ve_todos_y_filtra(
    consulta_get, esperados, ayuntamiento, areas, bandeja, consulta, cliente_de
):
    consulta_get = consulta_get.replace("OBRAS", str(areas[1].pk)).replace(
        "TESORERIA", str(areas[0].pk)
    )
    respuesta = cliente_de(consulta).get(url(ayuntamiento) + "?" + consulta_get)
    assert _pks(respuesta) == [bandeja[nombre].pk for nombre in esperados]


def test_filtro_de_turnos_invalido_no_truena(ayuntamiento, bandeja, personal, cliente_de):
    respuesta = cliente_de(personal).get(url(ayuntamiento) + "?area=abc&estado=raro")
    assert respuesta.status_code == 200
    assert "Seleccione una opción válida" in respuesta.content.decode()
    assert len(_pks(respuesta)) == 4


@time_machine.travel(HOY, tick=False)
def test_exportar_turnos_csv_del_enlace(ayuntamiento, bandeja, enlace, cliente_de):
    respuesta = cliente_de(enlace).get(url(ayuntamiento) + "?formato=csv")
    filas = list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"))))
    assert filas[0][:3] == ["Solicitud", "Área", "Oficio de turno"]
    assert [f[0] for f in filas[1:]] == ["T-VENCIDO", "T-AMBAS", "T-RESPONDIDO"]
    assert filas[1][5] == "Vencida"
    assert filas[3][7].startswith("UT/")  # el oficio de respuesta del respondido


def test_bandeja_metodo_equivocado(ayuntamiento, enlace, cliente_de):
    assert cliente_de(enlace).post(url(ayuntamiento)).status_code == 405


# --- Detalle y respuesta del turno ---------------------------------------------------------


def test_el_enlace_de_otra_area_recibe_404(ayuntamiento, bandeja, enlace_otra_area, cliente_de):
    cliente = cliente_de(enlace_otra_area)
    turno = bandeja["por_vencer"]
    assert cliente.get(url(ayuntamiento, "turno_detalle", pk=turno.pk)).status_code == 404
    respuesta = cliente.post(
        url(ayuntamiento, "turno_detalle", pk=turno.pk),
        {"fecha": "2024-07-10", "respuesta": "Intruso"},
    )
    assert respuesta.status_code == 404
    with scope(ayuntamiento=ayuntamiento):
        assert Turno.objects.get(pk=turno.pk).pendiente


@time_machine.travel(HOY, tick=False)
def test_el_enlace_ve_lo_que_se_pide(ayuntamiento, bandeja, enlace, cliente_de):
    respuesta = cliente_de(enlace).get(
        url(ayuntamiento, "turno_detalle", pk=bandeja["por_vencer"].pk)
    )
    html = respuesta.content.decode()
    assert "Turno de la solicitud T-AMBAS" in html
    assert "Información de T-AMBAS" in html
    assert "1 de julio de 2024 a las 10:00" in html
    # El escrito lleva los datos de quien solicita: el área lo ve sólo si la Unidad le quita
    # la marca.
    assert "T-AMBAS.pdf" not in html
    assert "Ver la solicitud completa" not in html  # el enlace no abre el detalle
    assert respuesta.context["form"] is not None
    with scope(ayuntamiento=ayuntamiento):
        Adjunto.objects.filter(nombre="T-AMBAS.pdf").update(datos_personales=False)
    html = cliente_de(enlace).get(url(ayuntamiento, "turno_detalle", pk=bandeja["por_vencer"].pk))
    assert "T-AMBAS.pdf" in html.content.decode()


@time_machine.travel(HOY, tick=False)
def test_el_enlace_responde_con_texto_y_archivos(ayuntamiento, areas, bandeja, enlace, cliente_de):
    areas[0].siglas = "TM"
    areas[0].save()
    turno = bandeja["por_vencer"]
    cliente = cliente_de(enlace)
    respuesta = cliente.post(
        url(ayuntamiento, "turno_detalle", pk=turno.pk),
        {
            "fecha": "2024-07-10",
            "respuesta": "Se remite la nómina de junio",
            "archivos": [
                SimpleUploadedFile("oficio.pdf", PDF),
                SimpleUploadedFile("nomina.pdf", PDF),
            ],
        },
        follow=True,
    )
    html = respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        turno = Turno.objects.select_related("oficio_respuesta", "solicitud").get(pk=turno.pk)
        nombres = sorted(turno.adjuntos.values_list("nombre", flat=True))
    assert turno.fecha_respuesta == date(2024, 7, 10)
    assert turno.respondido_por == enlace
    oficio = turno.oficio_respuesta
    assert oficio is not None
    assert (oficio.folio, oficio.tipo) == ("TM/0001/2024", TipoOficio.RESPUESTA)
    assert nombres == ["nomina.pdf", "oficio.pdf"]
    assert "Se registró la respuesta con el oficio TM/0001/2024." in html
    assert "Se remite la nómina de junio" in html
    assert respuesta.context["form"] is None  # ya no se puede volver a responder
    assert "Enviar respuesta" not in html


@time_machine.travel(HOY, tick=False)
def test_el_area_declara_no_ser_competente(ayuntamiento, bandeja, personal, cliente_de):
    turno = bandeja["de_obras"]
    cliente_de(personal).post(
        url(ayuntamiento, "turno_detalle", pk=turno.pk),
        {"fecha": "2024-07-10", "respuesta": "No es de Obras", "no_competente": "on"},
    )
    with scope(ayuntamiento=ayuntamiento):
        turno = Turno.objects.get(pk=turno.pk)
        solicitud = Solicitud.objects.get(pk=turno.solicitud_id)
    assert (turno.no_competente, turno.respuesta) == (True, "No es de Obras")
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "datos, mensaje",
    [
        ({"fecha": "2024-07-10", "respuesta": "  "}, "Escriba la respuesta del área."),
        ({"fecha": "2024-07-05", "respuesta": "x"}, "La respuesta no puede ser anterior al turno."),
        ({"fecha": "2024-07-11", "respuesta": "x"}, "no puede estar en el futuro"),
        ({"fecha": "10 de julio", "respuesta": "x"}, "Introduzca una fecha válida"),
        (
            {
                "fecha": "2024-07-10",
                "respuesta": "x",
                "archivos": [SimpleUploadedFile("a.png", PDF)],
            },
            "a.png: El contenido del archivo no corresponde a un .png",
        ),
    ],
)
def test_respuesta_con_error_no_guarda(datos, mensaje, ayuntamiento, bandeja, enlace, cliente_de):
    turno = bandeja["por_vencer"]
    respuesta = cliente_de(enlace).post(url(ayuntamiento, "turno_detalle", pk=turno.pk), datos)
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        assert Turno.objects.get(pk=turno.pk).pendiente
        assert Oficio.objects.filter(tipo=TipoOficio.RESPUESTA).count() == 1  # el del fixture
        assert not Adjunto.objects.filter(turno=turno).exists()


@time_machine.travel(HOY, tick=False)
def test_un_turno_respondido_no_se_responde_otra_vez(ayuntamiento, bandeja, enlace, cliente_de):
    turno = bandeja["respondido"]
    respuesta = cliente_de(enlace).post(
        url(ayuntamiento, "turno_detalle", pk=turno.pk),
        {"fecha": "2024-07-10", "respuesta": "Otra"},
    )
    assert "Este turno ya fue respondido." in respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        assert Turno.objects.get(pk=turno.pk).respuesta == "Ya"


@pytest.mark.parametrize("rol", ["consulta", "usuario_garante"])
def test_lectores_ven_el_turno_pero_no_responden(rol, request, ayuntamiento, bandeja, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    turno = bandeja["por_vencer"]
    respuesta = cliente.get(url(ayuntamiento, "turno_detalle", pk=turno.pk))
    assert respuesta.status_code == 200
    assert respuesta.context["form"] is None
    assert "Ver la solicitud completa" in respuesta.content.decode()
    respuesta = cliente.post(
        url(ayuntamiento, "turno_detalle", pk=turno.pk), {"fecha": "2024-07-10", "respuesta": "x"}
    )
    assert respuesta.status_code == 403
    with scope(ayuntamiento=ayuntamiento):
        assert Turno.objects.get(pk=turno.pk).pendiente


def test_turno_ajeno_inexistente_y_metodo(
    ayuntamiento, ayuntamiento_ajeno, bandeja, titular, cliente_de
):
    with scopes_disabled():
        area = UnidadAdministrativa.objects.create(ayuntamiento=ayuntamiento_ajeno, nombre="Obras")
    (ajeno,) = _turnar(ayuntamiento_ajeno, "AJENO", [area], date(2024, 7, 2))
    cliente = cliente_de(titular)
    assert cliente.get(url(ayuntamiento, "turno_detalle", pk=ajeno.pk)).status_code == 404
    assert (
        cliente.post(
            url(ayuntamiento, "turno_detalle", pk=ajeno.pk),
            {"fecha": "2024-07-10", "respuesta": "x"},
        ).status_code
        == 404
    )
    assert cliente.get(url(ayuntamiento, "turno_detalle", pk=999999)).status_code == 404
    turno = bandeja["por_vencer"]
    assert cliente.put(url(ayuntamiento, "turno_detalle", pk=turno.pk)).status_code == 405
    with scopes_disabled():
        assert Turno.objects.get(pk=ajeno.pk).pendiente


# --- Portada -------------------------------------------------------------------------------


def _tablero(ayuntamiento, cliente):
    return cliente.get(reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug}))


@time_machine.travel(HOY, tick=False)
def test_portada_del_enlace_cuenta_sus_turnos_pendientes(ayuntamiento, bandeja, enlace, cliente_de):
    html = _tablero(ayuntamiento, cliente_de(enlace)).content.decode()
    assert "Turnos pendientes de su área: 2" in html
    assert "?estado=pendientes&amp;semaforo=vencida" in html
    assert "Solicitudes con plazo corriendo" not in html


@time_machine.travel(HOY, tick=False)
def test_portada_de_la_unidad_muestra_el_semaforo(ayuntamiento, bandeja, titular, cliente_de):
    html = _tablero(ayuntamiento, cliente_de(titular)).content.decode()
    assert "Solicitudes con plazo corriendo" in html
    # Las tres solicitudes turnadas se recibieron el 1 de julio: vencen el 29, en tiempo.
    assert '<span class="badge text-bg-success">En tiempo</span> <strong>3</strong>' in html
    assert '<span class="badge text-bg-danger">Vencida</span> <strong>0</strong>' in html
    assert "/solicitudes/?semaforo=en_tiempo" in html
    assert "Turnos pendientes de su área" not in html
