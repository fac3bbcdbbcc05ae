"""El único convertidor de HTML a PDF del proyecto (WeasyPrint).

WeasyPrint lee lo que el documento le pide: hojas de estilo, imágenes, fuentes. Un texto que
una persona escribió (un nombre, una leyenda, el formato del oficio) y que lograra llegar a
CSS o a un atributo podría pedirle `/etc/passwd`, `/dev/zero` o un servidor de la red. Por
eso el lector de recursos sólo entrega:

- archivos dentro de `static/` del proyecto;
- los archivos que el documento declara (el logo de ese ayuntamiento);
- imágenes `data:` pequeñas (las gráficas SVG que genera `reportes/graficas.py`).

Todo lo demás se niega (WeasyPrint sigue sin ese recurso). Las fuentes son las del sistema
(DejaVu, Liberation) vía fontconfig, así el PDF sale igual en un servidor sin Internet.
"""

import logging
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML, URLFetcher

logger = logging.getLogger(__name__)

# Una gráfica SVG del informe pesa decenas de KB; nada legítimo se acerca a esto.
MAXIMO_DATA = 2 * 1024 * 1024


class RecursoNoPermitido(ValueError):
    """Un recurso que el PDF no puede leer."""


class LectorDeRecursos(URLFetcher):
    def __init__(self, archivos: Iterable[str | Path] = ()) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.carpeta = (Path(settings.BASE_DIR) / "static").resolve()
        self.archivos = {Path(a).resolve() for a in archivos if a}

    def permitido(self, url: str) -> bool:
        if url.startswith("data:"):
            tipo = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
            return tipo.startswith("image/") and len(url) <= MAXIMO_DATA
        partes = urlsplit(url)
        if partes.scheme != "file" or partes.netloc not in ("", "localhost"):
            return False
        ruta = Path(unquote(partes.path)).resolve()
        return ruta.is_file() and (ruta in self.archivos or ruta.is_relative_to(self.carpeta))

    def fetch(self, url, headers=None):
        if not self.permitido(url):
            logger.warning("PDF: se negó el recurso %s", url[:120])
            raise RecursoNoPermitido(f"Recurso no permitido en un PDF: {url[:120]}")
        return super().fetch(url, headers)


def pdf_de_html(html: str, *, archivos: Iterable[str | Path] = ()) -> bytes:
    """Convierte `html` en PDF. Las rutas relativas se resuelven desde la raíz del proyecto
    (y sólo `static/` se entrega); `archivos` son los únicos otros archivos que el documento
    puede leer, p. ej. el logo del ayuntamiento."""
    documento = HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=LectorDeRecursos(archivos)
    )
    contenido = documento.write_pdf()
    if contenido is None:  # sin destino, WeasyPrint siempre devuelve los bytes
        raise RuntimeError("WeasyPrint no devolvió el PDF.")
    return contenido
