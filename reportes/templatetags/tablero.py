"""El tablero de la portada. La portada vive en organizacion, que no importa las apps de
arriba (capas): lo carga con `{% load tablero %}{% tablero_del_ayuntamiento %}`."""

from django import template

from ..tablero import tablero_de

register = template.Library()


@register.inclusion_tag("reportes/_tablero.html", takes_context=True)
def tablero_del_ayuntamiento(context: template.Context) -> dict:
    """Los paneles del rol de quien mira: todo el ayuntamiento para la Unidad y el garante,
    los turnos pendientes de su área para un enlace."""
    request = context["request"]
    membresia = request.membresia
    return {
        "request": request,
        **tablero_de(
            ayuntamiento=request.ayuntamiento,
            rol=request.rol,
            area_id=membresia.unidad_administrativa_id if membresia else None,
        ),
    }
