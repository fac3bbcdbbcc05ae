"""Fixtures compartidas: un ayuntamiento con una persona por rol, un segundo ayuntamiento
como extraño (otro garante) y usuarios de garante, el correcto y uno ajeno."""

import io
import os
import re
from datetime import time
from typing import NoReturn

import pytest
from django.conf import settings as ajustes
from django.test import Client
from django_scopes import scopes_disabled
from pypdf import PdfWriter

from organizacion.models import (
    Ayuntamiento,
    Garante,
    Membresia,
    MembresiaGarante,
    Rol,
    UnidadAdministrativa,
    Usuario,
)

CLAVE = "clave-de-prueba-2024"


def pdf_valido(titulo: str = "") -> bytes:
    """Un PDF de una página en blanco que se abre como PDF (los archivos subidos se revisan
    por su estructura, no sólo por sus primeros bytes); `titulo` lo distingue de otro."""
    escritor = PdfWriter()
    escritor.add_blank_page(width=72, height=72)
    if titulo:
        escritor.add_metadata({"/Title": titulo})
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Las pruebas que necesitan PostgreSQL o un worker real contra Redis se omiten en una
    laptop sin esos servicios; en CI (EXIGIR_SERVICIOS=1) su ausencia es una falla. Las de
    navegador hacen lo mismo sin Chromium (tests/navegador/conftest.py)."""
    faltantes = []
    es_postgres = ajustes.DATABASES["default"]["ENGINE"].endswith("postgresql")
    necesita_postgres = item.get_closest_marker("postgres") or item.get_closest_marker(
        "celery_real"
    )
    if necesita_postgres and not es_postgres:
        faltantes.append("PostgreSQL (DATABASE_URL)")
    if item.get_closest_marker("celery_real") and not os.environ.get("CELERY_PRUEBAS_BROKER_URL"):
        faltantes.append("Redis (CELERY_PRUEBAS_BROKER_URL)")
    if faltantes:
        servicio_faltante("esta prueba necesita " + " y ".join(faltantes))


def sin_fichas_csrf(contenido: bytes) -> bytes:
    """La página sin sus fichas CSRF, enmascaradas distinto en cada respuesta: para comparar
    dos páginas que deben ser idénticas (un 404 que no revela nada)."""
    return re.sub(rb"[A-Za-z0-9]{64}", b"", contenido)


def servicio_faltante(mensaje: str) -> NoReturn:
    """Omite la prueba por un servicio que esta máquina no tiene, con el motivo en una línea;
    con EXIGIR_SERVICIOS=1 (CI) la falta es una falla."""
    if os.environ.get("EXIGIR_SERVICIOS"):
        pytest.fail(mensaje)
    pytest.skip(mensaje)


@pytest.fixture(autouse=True)
def _ajustes_de_prueba(settings, tmp_path):
    # Un hash lento protege contraseñas reales; en pruebas sólo hace lenta la suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "archivos"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def garante(db) -> Garante:
    return Garante.objects.create(
        nombre="Órgano Garante de Acceso a la Información de Oaxaca", siglas="OGAIPO", estado="OAX"
    )


@pytest.fixture
def otro_garante(db) -> Garante:
    return Garante.objects.create(
        nombre="Instituto de Transparencia de Puebla", siglas="ITAIPUE", estado="PUE"
    )


@pytest.fixture
def ayuntamiento(garante) -> Ayuntamiento:
    return Ayuntamiento.objects.create(
        nombre="Oaxaca de Juárez",
        slug="oaxaca-de-juarez",
        estado="OAX",
        garante=garante,
        hora_cierre=time(15, 0),
    )


@pytest.fixture
def ayuntamiento_ajeno(otro_garante) -> Ayuntamiento:
    return Ayuntamiento.objects.create(
        nombre="Puebla", slug="puebla", estado="PUE", garante=otro_garante
    )


@pytest.fixture
def areas(ayuntamiento) -> tuple[UnidadAdministrativa, UnidadAdministrativa]:
    with scopes_disabled():
        return (
            UnidadAdministrativa.objects.create(
                ayuntamiento=ayuntamiento, nombre="Tesorería Municipal"
            ),
            UnidadAdministrativa.objects.create(ayuntamiento=ayuntamiento, nombre="Obras Públicas"),
        )


def _usuario(email: str, nombre: str) -> Usuario:
    return Usuario.objects.create_user(email, password=CLAVE, nombre=nombre)


def _miembro(email, nombre, ayuntamiento, rol, area=None) -> Usuario:
    usuario = _usuario(email, nombre)
    with scopes_disabled():
        Membresia.objects.create(
            usuario=usuario, ayuntamiento=ayuntamiento, rol=rol, unidad_administrativa=area
        )
    return usuario


@pytest.fixture
def titular(ayuntamiento) -> Usuario:
    return _miembro("titular@oaxaca.gob.mx", "Keyla Matus Meléndez", ayuntamiento, Rol.TITULAR)


@pytest.fixture
def personal(ayuntamiento) -> Usuario:
    return _miembro("personal@oaxaca.gob.mx", "Fátima Sánchez Carrasco", ayuntamiento, Rol.PERSONAL)


@pytest.fixture
def enlace(ayuntamiento, areas) -> Usuario:
    return _miembro(
        "enlace@oaxaca.gob.mx", "Enlace de Tesorería", ayuntamiento, Rol.ENLACE, areas[0]
    )


@pytest.fixture
def enlace_otra_area(ayuntamiento, areas) -> Usuario:
    return _miembro(
        "enlace.obras@oaxaca.gob.mx", "Enlace de Obras", ayuntamiento, Rol.ENLACE, areas[1]
    )


@pytest.fixture
def consulta(ayuntamiento) -> Usuario:
    return _miembro("consulta@oaxaca.gob.mx", "Contraloría (consulta)", ayuntamiento, Rol.CONSULTA)


@pytest.fixture
def extrano(ayuntamiento_ajeno) -> Usuario:
    """Titular de otro ayuntamiento: para el nuestro es un extraño."""
    return _miembro("titular@puebla.gob.mx", "Titular de Puebla", ayuntamiento_ajeno, Rol.TITULAR)


@pytest.fixture
def usuario_garante(garante) -> Usuario:
    usuario = _usuario("supervision@ogaipo.org.mx", "Supervisión OGAIPO")
    MembresiaGarante.objects.create(usuario=usuario, garante=garante)
    return usuario


@pytest.fixture
def usuario_otro_garante(otro_garante) -> Usuario:
    usuario = _usuario("supervision@itaipue.org.mx", "Supervisión ITAIPUE")
    MembresiaGarante.objects.create(usuario=usuario, garante=otro_garante)
    return usuario


@pytest.fixture
def cliente_de():
    """Devuelve un cliente con la sesión iniciada del usuario dado."""

    def crear(usuario: Usuario) -> Client:
        cliente = Client()
        cliente.force_login(usuario)
        return cliente

    return crear
