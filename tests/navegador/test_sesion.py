"""Entrar por el formulario (con ratón y sólo con teclado) y abrir el menú con el teclado."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import CLAVE

from .ayudantes import guardar_captura, revisar_accesibilidad, sin_desplazamiento_horizontal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_entrar_por_el_formulario(nuevo_contexto, titular, ayuntamiento):
    page = nuevo_contexto().new_page()
    page.goto("/")
    # Sin sesión, la portada manda al formulario de entrada.
    expect(page).to_have_url(re.compile(r"/cuentas/login/"))
    revisar_accesibilidad(page)

    page.get_by_label("Correo electrónico").fill(titular.email)
    page.get_by_label("Contraseña").fill("no-es-la-clave")
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("alert")).to_be_visible()
    revisar_accesibilidad(page)

    page.get_by_label("Contraseña").fill(CLAVE)
    page.get_by_role("button", name="Entrar").click()
    # Con un solo ayuntamiento, entra directo a su tablero.
    expect(page).to_have_url(re.compile(rf"/{ayuntamiento.slug}/$"))
    expect(page.get_by_role("link", name=ayuntamiento.nombre).first).to_be_visible()
    expect(page.get_by_text(f"Entró como {titular.nombre}")).to_be_visible()
    revisar_accesibilidad(page)
    guardar_captura(page, "01-entrar")


def _tab_hasta(page: Page, condicion: str, maximo: int = 25) -> None:
    """Tabula hasta que el foco cumpla `condicion` (una expresión sobre `e`, el elemento con
    el foco); falla si no llega, que sería un problema de orden de foco."""
    for _ in range(maximo):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const e = document.activeElement; return !!({condicion}); }})()"
        ):
            return
    raise AssertionError(f"El foco nunca llegó a un elemento con {condicion}")


def test_entrar_solo_con_teclado(nuevo_contexto, titular, ayuntamiento):
    page = nuevo_contexto().new_page()
    page.goto("/cuentas/login/")
    _tab_hasta(page, "e.name === 'username'")
    page.keyboard.type(titular.email)
    page.keyboard.press("Tab")
    page.keyboard.type(CLAVE)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{ayuntamiento.slug}/$"))
    expect(page.get_by_text(f"Entró como {titular.nombre}")).to_be_visible()
    revisar_accesibilidad(page)


def test_menu_con_teclado_en_pantalla_chica(pagina_de, titular, ayuntamiento):
    page = pagina_de(titular, viewport={"width": 375, "height": 740})
    page.goto(f"/{ayuntamiento.slug}/")
    sin_desplazamiento_horizontal(page)
    boton = page.get_by_role("button", name="Mostrar u ocultar el menú")
    menu = page.locator("#menu")
    expect(boton).to_be_visible()
    expect(menu).to_be_hidden()

    _tab_hasta(page, "e.classList.contains('navbar-toggler')")
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(boton).to_have_attribute("aria-expanded", "true")
    revisar_accesibilidad(page)

    # El siguiente Tab entra al menú recién abierto; Enter sigue el enlace.
    _tab_hasta(
        page, "e.closest('#menu') && e.tagName === 'A' && e.textContent.trim() === 'Solicitudes'"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{ayuntamiento.slug}/solicitudes/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Solicitudes")
    sin_desplazamiento_horizontal(page)
    revisar_accesibilidad(page)
    guardar_captura(page, "01-menu-teclado-375")
