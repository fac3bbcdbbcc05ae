"""Pruebas de navegador: Playwright maneja el Chromium de Debian (`/usr/bin/chromium`,
nunca uno descargado) contra el `live_server` de pytest-django. Un navegador por sesión
(arrancarlo cuesta más que toda una prueba) y un contexto nuevo por prueba, con sus propias
cookies. Sin Chromium se omiten con su motivo, salvo con EXIGIR_SERVICIOS=1: CI lo instala
(.ci/run) y ahí su falta es una falla."""

import os
from collections.abc import Callable, Iterator
from importlib import import_module

import pytest
from django.conf import settings as ajustes
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from autoevaluacion.models import Edicion
from organizacion.models import Usuario
from tests.conftest import servicio_faltante

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def navegador() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        servicio_faltante(
            f"las pruebas de navegador necesitan Chromium en {CHROMIUM} (apt-get install chromium)"
        )
    # La API síncrona de Playwright corre un ciclo de asyncio en este hilo y Django se niega
    # a consultar la base desde él; aquí las consultas de la prueba no compiten con nada.
    anterior = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    argumentos = ["--no-sandbox"] if os.geteuid() == 0 else []
    try:
        with sync_playwright() as playwright:
            navegador = playwright.chromium.launch(executable_path=CHROMIUM, args=argumentos)
            yield navegador
            navegador.close()
    finally:
        if anterior is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = anterior


@pytest.fixture(autouse=True)
def _catalogo_del_modelo_regional(transactional_db) -> None:
    """El catálogo de herramientas lo carga una migración de datos. Las pruebas con
    transacciones reales vacían la base al terminar, y en la suite completa la restauración
    serializada no siempre lo devolvió (se vio en CI): si falta, se carga con la misma
    función de la migración."""
    if not Edicion.objects.filter(vigente=True).exists():
        from django.apps import apps

        import_module("autoevaluacion.migrations.0002_catalogo_infoem_2022").cargar(apps, None)


@pytest.fixture
def nuevo_contexto(navegador: Browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
    """Abre contextos (una «ventana privada» cada uno) contra el servidor en vivo; se
    cierran al terminar la prueba."""
    abiertos: list[BrowserContext] = []

    def abrir(**opciones) -> BrowserContext:
        opciones.setdefault("locale", "es-MX")
        opciones.setdefault("timezone_id", "America/Mexico_City")
        contexto = navegador.new_context(base_url=live_server.url, **opciones)
        contexto.set_default_timeout(10_000)
        abiertos.append(contexto)
        return contexto

    yield abrir
    for contexto in abiertos:
        contexto.close()


@pytest.fixture
def pagina_de(nuevo_contexto, live_server) -> Callable[..., Page]:
    """Una página con la sesión de `usuario` ya iniciada: la cookie de sesión sale de un
    cliente de pruebas de Django (`force_login`), sin pasar por el formulario."""

    def abrir(usuario: Usuario, **opciones) -> Page:
        cliente = Client()
        cliente.force_login(usuario)
        contexto = nuevo_contexto(**opciones)
        contexto.add_cookies(
            [
                {
                    "name": ajustes.SESSION_COOKIE_NAME,
                    "value": cliente.cookies[ajustes.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return contexto.new_page()

    return abrir
