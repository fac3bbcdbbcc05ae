from decimal import Decimal
from pathlib import Path

from django import template
from django.utils.formats import number_format

from ..tipos.base import celda

register = template.Library()


@register.filter
def es_numero(valor: object) -> bool:
    return isinstance(valor, (int, float, Decimal)) and not isinstance(valor, bool)


@register.filter
def cifra(valor: object) -> str:
    """Una celda como se imprime: los números con separador de miles, `—` si no hay dato."""
    if isinstance(valor, Decimal):
        valor = celda(valor)
    if valor is None or valor == "":
        return "—"
    if isinstance(valor, float):
        return number_format(valor, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(valor, int) and not isinstance(valor, bool):
        return number_format(valor, use_l10n=True, force_grouping=True)
    return str(valor)


@register.filter
def porcentaje(valor: object) -> str:
    return "—" if valor is None else f"{cifra(valor)} %"


@register.filter
def uri_de_archivo(ruta: str) -> str:
    """La ruta local como URI `file:` bien escrita (espacios y acentos incluidos)."""
    return Path(ruta).as_uri()
