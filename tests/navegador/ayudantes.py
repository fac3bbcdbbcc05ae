"""Lo que cada recorrido revisa después de navegar: accesibilidad con axe-core, el ancho en
pantallas chicas, y la captura de la última página."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as ajustes
from playwright.sync_api import Page

CAPTURAS = Path(ajustes.BASE_DIR) / "var" / "capturas"
# Lo que axe marca con este impacto impide usar la página a alguien: la prueba falla.
IMPACTOS_GRAVES = {"serious", "critical"}
_axe = Axe()


def revisar_accesibilidad(page: Page) -> None:
    """Corre axe-core sobre la página tal como está y falla con cada violación seria o
    crítica: regla, impacto y los elementos que la tienen."""
    resultado = _axe.run(page)
    graves = [v for v in resultado.response["violations"] if v["impact"] in IMPACTOS_GRAVES]
    detalle = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in graves
    )
    assert not graves, f"axe encontró problemas graves en {page.url}:\n{detalle}"


def guardar_captura(page: Page, nombre: str) -> None:
    """La última página de cada recorrido, para revisarla a ojo (var/ no se versiona)."""
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=CAPTURAS / f"{nombre}.png", full_page=True)


def sin_desplazamiento_horizontal(page: Page, ancho: int = 375) -> None:
    ancho_documento = page.evaluate("document.documentElement.scrollWidth")
    assert ancho_documento <= ancho, (
        f"{page.url} se desborda a lo ancho: {ancho_documento} px en una pantalla de {ancho} px"
    )
