"""Exportar una tabla a XLSX o CSV: lo usan todas las listas del portal."""

from collections.abc import Iterable, Sequence
from typing import Any

import tablib
from django.http import Http404, HttpResponse

FORMATOS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


# Un texto que empieza así lo ejecuta Excel como fórmula (inyección de fórmulas en CSV).
_INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _sin_formula(valor: Any) -> Any:
    """Antepone un apóstrofo a los textos que una hoja de cálculo tomaría por fórmula; los
    números (también los negativos) no se tocan."""
    if isinstance(valor, str) and valor.startswith(_INICIO_DE_FORMULA):
        return "'" + valor
    return valor


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
        datos.append([_sin_formula(valor) for valor in fila])
    if formato == "xlsx":
        contenido: bytes = datos.export("xlsx")
    else:
        # Con BOM, Excel abre el CSV en UTF-8 y respeta los acentos.
        contenido = "\ufeff".encode() + datos.export("csv").encode()
    respuesta = HttpResponse(contenido, content_type=FORMATOS[formato])
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.{formato}"'
    return respuesta
