"""Cada entrada del menú de la Unidad, en un teléfono (375 px) y en un escritorio: sin
problemas graves de accesibilidad (axe-core) y, en el teléfono, sin desbordarse a lo ancho.
Las entradas salen del menú mismo: una sección nueva queda revisada sin tocar esta prueba."""

import pytest
from playwright.sync_api import Page

from .ayudantes import revisar_accesibilidad, sin_desplazamiento_horizontal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TELEFONO = {"width": 375, "height": 800}


def _entradas_del_menu(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "nav a.nav-link[href]", "enlaces => [...new Set(enlaces.map(e => e.href))]"
    )


@pytest.mark.parametrize("pantalla", [TELEFONO, {"width": 1280, "height": 900}])
def test_cada_seccion_del_menu_es_accesible(
    pagina_de, ayuntamiento, titular, live_server, pantalla
):
    page = pagina_de(titular, viewport=pantalla)
    page.goto(f"{live_server.url}/{ayuntamiento.slug}/")
    entradas = _entradas_del_menu(page)
    assert len(entradas) >= 10, entradas
    for url in entradas:
        page.goto(url)
        revisar_accesibilidad(page)
        if pantalla is TELEFONO:
            sin_desplazamiento_horizontal(page)
