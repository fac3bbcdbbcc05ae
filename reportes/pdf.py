"""El único convertidor de HTML a PDF del proyecto (WeasyPrint).

Sin red: estilos, imágenes y fuentes sólo se leen de archivos locales o de URI `data:`
(`allowed_protocols`); una dirección http(s) se ignora en lugar de descargarse. Las fuentes
son las del sistema (DejaVu, Liberation) vía fontconfig, así el PDF sale igual en un
servidor sin Internet.
"""

from weasyprint import HTML, URLFetcher

PROTOCOLOS_LOCALES = ("file", "data")


def pdf_de_html(html: str, *, base_url: str) -> bytes:
    """Convierte `html` en PDF. `base_url` es el directorio (ruta local) desde el que se
    resuelven las rutas relativas de estilos e imágenes, p. ej. `settings.BASE_DIR`."""
    lector = URLFetcher(allowed_protocols=PROTOCOLOS_LOCALES)
    documento = HTML(string=html, base_url=base_url, url_fetcher=lector)
    contenido = documento.write_pdf()
    if contenido is None:  # sin destino, WeasyPrint siempre devuelve los bytes
        raise RuntimeError("WeasyPrint no devolvió el PDF.")
    return contenido
