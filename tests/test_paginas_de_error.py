"""En producción (DEBUG=False) los errores 400, 403, 404 y 500 se dibujan con el diseño
del sistema y en español, nunca con las páginas en inglés de Django."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import CLAVE


@pytest.fixture(autouse=True)
def _produccion(settings):
    settings.DEBUG = False


def _es_del_sistema(html: str) -> None:
    assert '<html lang="es-MX">' in html
    assert "vendor/bootstrap/bootstrap.min.css" in html
    assert "Volver al inicio" in html
    for ingles in ("Not Found", "Forbidden", "Server Error", "Bad Request", 'lang="en"'):
        assert ingles not in html


def test_404_de_una_direccion_que_no_existe_y_de_otro_ayuntamiento(
    cliente_de, titular, ayuntamiento_ajeno
):
    cliente = cliente_de(titular)
    for url in (
        "/no-existe/",
        reverse("solicitudes:lista", kwargs={"ayuntamiento": ayuntamiento_ajeno.slug}),
    ):
        respuesta = cliente.get(url)
        assert respuesta.status_code == 404
        html = respuesta.content.decode()
        _es_del_sistema(html)
        assert "No encontramos esa página" in html
        assert "Error 404" in html


def test_403_explica_el_motivo_en_espanol(cliente_de, enlace, ayuntamiento):
    respuesta = cliente_de(enlace).get(
        reverse("reportes:lista", kwargs={"ayuntamiento": ayuntamiento.slug})
    )
    assert respuesta.status_code == 403
    html = respuesta.content.decode()
    _es_del_sistema(html)
    assert "Su cuenta no tiene permiso para esto" in html
    assert "pídalo a la persona titular" in html


def test_403_de_un_formulario_sin_token(db):
    cliente = Client(enforce_csrf_checks=True)
    respuesta = cliente.post(reverse("login"), {"username": "a@b.mx", "password": CLAVE})
    assert respuesta.status_code == 403
    html = respuesta.content.decode()
    _es_del_sistema(html)
    assert "El formulario caducó" in html


def test_400_de_un_host_no_permitido(db):
    respuesta = Client().get("/cuentas/login/", HTTP_HOST="intruso.example.com")
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    _es_del_sistema(html)
    assert "No se pudo entender la petición" in html


@pytest.mark.urls("tests.urls_con_error")
def test_500_no_muestra_detalles_internos(db):
    respuesta = Client(raise_request_exception=False).get("/falla/")
    assert respuesta.status_code == 500
    html = respuesta.content.decode()
    _es_del_sistema(html)
    assert "Ocurrió un error en el sistema" in html
    assert "datos internos" not in html and "RuntimeError" not in html
