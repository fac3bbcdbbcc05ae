"""Las gráficas de los PDF: SVG de matplotlib con el texto como texto (se busca, se copia y
se lee en el PDF), como imagen `data:` en el HTML que WeasyPrint convierte (cada gráfica es
su propio documento SVG: sus identificadores internos no chocan con los de otra).

Se usa `Figure` directamente, sin pyplot: nada de estado global ni de ventanas, y un
worker puede dibujar cientos de gráficas sin acumular figuras en memoria."""

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # el texto queda como <text>, no como trazos
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

from matplotlib.figure import Figure  # noqa: E402  (después de elegir el backend)

# Colores con contraste suficiente entre sí y contra el blanco, también en escala de grises.
COLORES = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#595959"]
SEMAFORO = {"verde": "#2e7d32", "amarillo": "#f9a825", "rojo": "#c62828", "sin_dato": "#9e9e9e"}


def _svg(figura: Figure) -> str:
    """La URI `data:` del SVG, para el `src` de una imagen."""
    salida = io.BytesIO()
    figura.savefig(salida, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(salida.getvalue()).decode()


def barras(
    categorias: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    titulo: str,
    horizontal: bool = False,
    colores: Sequence[str] | None = None,
    maximo: float | None = None,
) -> str:
    """Barras agrupadas: una serie por color, una categoría por grupo, con su cifra encima.
    `maximo` fija el tope del eje de los valores (100 en un porcentaje: una barra de 33 %
    no debe verse llena)."""
    colores = list(colores or COLORES)
    alto = max(2.6, 0.35 * len(categorias) + 1.2) if horizontal else 2.8
    figura = Figure(figsize=(6.4, alto))
    ejes = figura.subplots()
    ancho = 0.8 / max(len(series), 1)
    posiciones = range(len(categorias))
    for indice, (nombre, valores) in enumerate(series.items()):
        desplazadas = [p + (indice - (len(series) - 1) / 2) * ancho for p in posiciones]
        dibujar = ejes.barh if horizontal else ejes.bar
        barras_ = dibujar(
            desplazadas, list(valores), ancho, label=nombre, color=colores[indice % len(colores)]
        )
        ejes.bar_label(barras_, fmt="%g", padding=2, fontsize=7)
    if horizontal:
        ejes.set_yticks(list(posiciones), list(categorias))
        ejes.invert_yaxis()
    else:
        ejes.set_xticks(list(posiciones), list(categorias))
    if maximo is not None:
        (ejes.set_xlim if horizontal else ejes.set_ylim)(0, maximo)
    ejes.set_title(titulo, fontsize=10, loc="left")
    if len(series) > 1:
        ejes.legend(frameon=False, fontsize=8)
    return _svg(figura)
