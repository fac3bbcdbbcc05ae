"""Constancia en PDF (reportes/pdf.py) y su verificación pública por código."""

import io

import pypdf
import pytest
from django.urls import reverse

from tests.conftest import sin_fichas_csrf

from . import objetos


def url_pdf(ayuntamiento, pk):
    return reverse(
        "reportes_constancias:constancia", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": pk}
    )


def texto_del_pdf(contenido: bytes) -> str:
    lector = pypdf.PdfReader(io.BytesIO(contenido))
    return " ".join(" ".join((pagina.extract_text() or "").split()) for pagina in lector.pages)


@pytest.fixture
def ana(ayuntamiento):
    capacitacion = objetos.sesion(ayuntamiento, tema="Documento de seguridad")
    return objetos.participante(capacitacion, "Ana Sánchez Carrasco")


def test_constancia_lleva_nombre_tema_y_codigo(ayuntamiento, ana, personal, cliente_de):
    respuesta = cliente_de(personal).get(url_pdf(ayuntamiento, ana.pk))
    assert respuesta["Content-Type"] == "application/pdf"
    texto = texto_del_pdf(respuesta.content)
    assert "Ana Sánchez Carrasco" in texto
    assert "Documento de seguridad" in texto
    assert ana.codigo in texto
    assert "9 de abril de 2024" in texto


def test_constancia_permisos_y_tenencia(
    ayuntamiento,
    ayuntamiento_ajeno,
    ana,
    consulta,
    usuario_garante,
    enlace,
    extrano,
    titular,
    cliente_de,
):
    assert cliente_de(consulta).get(url_pdf(ayuntamiento, ana.pk)).status_code == 200
    assert cliente_de(usuario_garante).get(url_pdf(ayuntamiento, ana.pk)).status_code == 200
    assert cliente_de(enlace).get(url_pdf(ayuntamiento, ana.pk)).status_code == 403
    assert cliente_de(extrano).get(url_pdf(ayuntamiento, ana.pk)).status_code == 404
    assert cliente_de(titular).post(url_pdf(ayuntamiento, ana.pk)).status_code == 405
    assert cliente_de(titular).get(url_pdf(ayuntamiento, 999999)).status_code == 404
    ajeno = objetos.participante(objetos.sesion(ayuntamiento_ajeno), "Persona de Puebla")
    assert cliente_de(titular).get(url_pdf(ayuntamiento, ajeno.pk)).status_code == 404


def test_sin_asistencia_no_hay_constancia(ayuntamiento, titular, cliente_de):
    falto = objetos.participante(objetos.sesion(ayuntamiento), "No vino", asistio=False)
    assert cliente_de(titular).get(url_pdf(ayuntamiento, falto.pk)).status_code == 404
    assert (
        cliente_de(titular).get(reverse("constancias:verificar", args=[falto.codigo])).status_code
        == 404
    )


def test_verificacion_publica_muestra_solo_lo_de_la_constancia(ana, client):
    objetos.participante(
        ana.capacitacion, "Otra Persona", cargo="Jefa de departamento", correo="otra@x.mx"
    )
    respuesta = client.get(reverse("constancias:verificar", args=[ana.codigo]))
    assert respuesta.status_code == 200
    assert respuesta.context["nombre"] == "Ana Sánchez Carrasco"
    contenido = respuesta.content.decode()
    for esperado in (
        "Ana Sánchez Carrasco",
        "Documento de seguridad",
        "9 de abril de 2024",
        "Oaxaca de Juárez",
    ):
        assert esperado in contenido
    # Nada de otros participantes, ni sexo, ni cargo, ni correo.
    for ajeno in ("Otra Persona", "otra@x.mx", "Jefa de departamento", "Mujer"):
        assert ajeno not in contenido


def test_codigo_inexistente_y_mal_formado_dan_el_mismo_404(ana, client):
    inexistente = client.get(reverse("constancias:verificar", args=["A" * 22]))
    mal_formado = client.get(reverse("constancias:verificar", args=["<script>"]))
    casi = client.get(reverse("constancias:verificar", args=[ana.codigo[:-1]]))
    assert inexistente.status_code == mal_formado.status_code == casi.status_code == 404
    assert (
        sin_fichas_csrf(inexistente.content)
        == sin_fichas_csrf(mal_formado.content)
        == sin_fichas_csrf(casi.content)
    )
    assert b"Oaxaca" not in inexistente.content
    assert client.post(reverse("constancias:verificar", args=[ana.codigo])).status_code == 405
