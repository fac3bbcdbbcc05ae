"""Exportar una tabla a XLSX o CSV: lo usan todas las listas del portal."""

from collections.abc import Iterable, Sequence
from typing import Any

import tablib
from django.http import Http404, HttpResponse

FORMATOS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def respuesta_tabla(
    *,
    nombre: str,
    encabezados: Sequence[str],
    filas: Iterable[Sequence[Any]],
    formato: str,
) -> HttpResponse:
    """Un archivo descargable `<nombre>.<formato>` con los encabezados y filas dados."""
    if formato not in FORMATOS:
        raise Http404("Formato de exportación desconocido.")
    datos = tablib.Dataset(headers=list(encabezados))
    for fila in filas:
        datos.append(list(fila))
    if formato == "xlsx":
        contenido: bytes = datos.export("xlsx")
    else:
        # Con BOM, Excel abre el CSV en UTF-8 y respeta los acentos.
        contenido = "\ufeff".encode() + datos.export("csv").encode()
    respuesta = HttpResponse(contenido, content_type=FORMATOS[formato])
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.{formato}"'
    return respuesta
