"""Etiquetas de plantilla de solicitudes: la insignia del semáforo y su resumen, y los datos
personales de quien solicita."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from organizacion.permisos import DATO_PROTEGIDO, ve_datos_personales

from ..models import Semaforo

register = template.Library()

CLASES: dict[str, str] = {
    Semaforo.EN_TIEMPO: "text-bg-success",
    Semaforo.POR_VENCER: "text-bg-warning",
    Semaforo.VENCIDA: "text-bg-danger",
}


@register.filter
def insignia_semaforo(color: str | None) -> SafeString | str:
    """El color del semáforo con su nombre escrito: el color solo no basta."""
    if not color:
        return ""
    return format_html('<span class="badge {}">{}</span>', CLASES[color], Semaforo(color).label)


@register.filter
def resumen_semaforo(conteo: dict) -> list[tuple[str, int]]:
    """Los colores en orden de urgencia con su cuenta, para recorrerlos en la plantilla."""
    return [(color, conteo[color]) for color in reversed(Semaforo.values)]


@register.simple_tag(takes_context=True)
def dato_personal(context: template.Context, valor: Any, vacio: str = "—") -> str:
    """Un dato personal de quien solicita, o «Dato personal protegido» para quien no debe
    verlo. Sin petición (un correo) se protege: la regla falla cerrada."""
    rol = getattr(context.get("request"), "rol", None)
    if not ve_datos_personales(rol):
        return DATO_PROTEGIDO
    return str(valor) if valor else vacio
