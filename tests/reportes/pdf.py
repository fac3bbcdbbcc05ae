"""Leer un PDF generado como lo leería una persona: su texto, página por página, y los
renglones de una tabla (entre su título y lo que sigue)."""

import io

from pypdf import PdfReader


def texto_del_pdf(contenido: bytes) -> str:
    return "\n".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(contenido)).pages)


def paginas_del_pdf(contenido: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(io.BytesIO(contenido)).pages]


def renglones_de_tabla(texto: str, titulo: str, *, hasta: str | None = None) -> list[str]:
    """Los renglones de texto que siguen al título de una tabla, hasta el título dado (o
    el final). Así una cifra se comprueba en SU tabla y no en cualquier parte del PDF."""
    inicio = texto.index(titulo) + len(titulo)
    fin = texto.index(hasta, inicio) if hasta else len(texto)
    return [r.strip() for r in texto[inicio:fin].splitlines() if r.strip()]
