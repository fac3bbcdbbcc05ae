from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from organizacion.models import Oficio
from organizacion.servicios import oficio_emitir
from tests.conftest import pdf_valido

PDF = pdf_valido()


def url(ayuntamiento, nombre="oficios", **kw):
    return reverse(f"organizacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


@pytest.fixture
def registro(ayuntamiento):
    with scope(ayuntamiento=ayuntamiento):
        for fecha, serie, asunto in [
            (date(2023, 12, 1), "UT", "Informe anual 2023"),
            (date(2024, 4, 3), "UT", "Turno de solicitud 201"),
            (date(2024, 4, 5), "UT", "Reporte trimestral"),
            (date(2024, 5, 2), "CT", "Convocatoria al Comité"),
        ]:
            oficio_emitir(
                ayuntamiento=ayuntamiento,
                fecha=fecha,
                serie=serie,
                asunto=asunto,
                destinatario="Lic. Keyla Matus",
            )


def _folios(respuesta):
    return [o.folio for o in respuesta.context["pagina"]]


def test_lista_y_filtros(ayuntamiento, registro, consulta, cliente_de):
    cliente = cliente_de(consulta)
    assert len(_folios(cliente.get(url(ayuntamiento)))) == 4
    assert _folios(cliente.get(url(ayuntamiento) + "?anio=2024&serie=UT")) == [
        "UT/0002/2024",
        "UT/0001/2024",
    ]
    assert _folios(cliente.get(url(ayuntamiento) + "?serie=ct")) == ["CT/0001/2024"]
    assert _folios(cliente.get(url(ayuntamiento) + "?q=trimestral")) == ["UT/0002/2024"]
    assert "Emitir oficio" not in cliente.get(url(ayuntamiento)).content.decode()


def test_filtro_invalido_no_truena(ayuntamiento, registro, personal, cliente_de):
    respuesta = cliente_de(personal).get(url(ayuntamiento) + "?anio=dos-mil&pagina=zzz")
    assert respuesta.status_code == 200
    assert "Introduzca un número entero" in respuesta.content.decode()


def test_lista_con_consultas_constantes(
    ayuntamiento, personal, cliente_de, django_assert_max_num_queries
):
    with scope(ayuntamiento=ayuntamiento):
        for i in range(60):
            oficio_emitir(
                ayuntamiento=ayuntamiento,
                fecha=date(2024, 1, 10),
                asunto=f"Oficio {i}",
                destinatario="X",
                emitido_por=personal,
            )
    cliente = cliente_de(personal)
    # sesión, usuario, ayuntamiento, membresía, conteo, series y la página: 7, sin importar filas
    with django_assert_max_num_queries(7):
        respuesta = cliente.get(url(ayuntamiento))
    assert len(_folios(respuesta)) == 50  # paginado


def test_personal_emite_con_archivo_y_se_descarga_como_adjunto(ayuntamiento, personal, cliente_de):
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "oficio_nuevo"),
        {
            "fecha": "2024-07-04",
            "serie": "",
            "tipo": "informe",
            "asunto": "Reporte Trimestral",
            "destinatario": "Lic. Keyla Matus Meléndez",
            "cargo_destinatario": "Titular de la Unidad de Transparencia",
            "archivo": SimpleUploadedFile("reporte.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        oficio = Oficio.objects.get()
    assert (oficio.folio, oficio.emitido_por, oficio.tipo) == ("UT/0001/2024", personal, "informe")
    descarga = cliente.get(url(ayuntamiento, "oficio_archivo", pk=oficio.pk))
    assert descarga["Content-Disposition"].startswith("attachment")
    assert "UT-0001-2024.pdf" in descarga["Content-Disposition"]
    assert b"".join(descarga.streaming_content) == PDF


@pytest.mark.parametrize(
    "nombre, contenido, mensaje",
    [
        ("virus.pdf", b"MZ\x90\x00ejecutable", "no corresponde a un .pdf"),
        ("script.exe", b"MZ\x90\x00", "Formato no admitido"),
        ("vacio.pdf", b"", "está vacío"),
    ],
)
def test_archivo_invalido_no_guarda_nada(
    nombre, contenido, mensaje, ayuntamiento, personal, cliente_de
):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "oficio_nuevo"),
        {
            "fecha": "2024-07-04",
            "tipo": "otro",
            "asunto": "x",
            "destinatario": "y",
            "archivo": SimpleUploadedFile(nombre, contenido),
        },
    )
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        assert not Oficio.objects.exists()


def test_archivo_demasiado_grande(ayuntamiento, personal, cliente_de, settings):
    settings.TAMANO_MAXIMO_ARCHIVO_MB = 1
    grande = PDF + b"0" * (1024 * 1024)
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "oficio_nuevo"),
        {
            "fecha": "2024-07-04",
            "tipo": "otro",
            "asunto": "x",
            "destinatario": "y",
            "archivo": SimpleUploadedFile("grande.pdf", grande),
        },
    )
    assert "pesa más de 1 MB" in respuesta.content.decode()


def test_campos_obligatorios_y_serie_invalida(ayuntamiento, personal, cliente_de):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "oficio_nuevo"), {"serie": "UT/<b>", "tipo": "otro"}
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Este campo es obligatorio" in html
    assert "La serie sólo puede tener letras" in html


def test_oficio_sin_archivo_da_404(ayuntamiento, registro, personal, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        oficio = Oficio.objects.earliest("creado")
    assert (
        cliente_de(personal).get(url(ayuntamiento, "oficio_archivo", pk=oficio.pk)).status_code
        == 404
    )


@pytest.mark.parametrize("rol", ["consulta", "enlace", "usuario_garante"])
def test_solo_titular_y_personal_emiten(rol, request, ayuntamiento, cliente_de):
    respuesta = cliente_de(request.getfixturevalue(rol)).post(
        url(ayuntamiento, "oficio_nuevo"),
        {"fecha": "2024-07-04", "tipo": "otro", "asunto": "x", "destinatario": "y"},
    )
    assert respuesta.status_code == 403
    with scope(ayuntamiento=ayuntamiento):
        assert not Oficio.objects.exists()


@pytest.mark.parametrize("rol", ["enlace", "usuario_garante"])
def test_enlace_y_garante_no_ven_el_registro(rol, request, ayuntamiento, cliente_de):
    assert cliente_de(request.getfixturevalue(rol)).get(url(ayuntamiento)).status_code == 403


def test_lista_no_acepta_post(ayuntamiento, titular, cliente_de):
    assert cliente_de(titular).post(url(ayuntamiento)).status_code == 405
