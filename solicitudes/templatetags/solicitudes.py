"""Etiquetas de plantilla de solicitudes: la insignia del semáforo y su resumen en la
portada. La portada vive en organizacion, que no importa solicitudes (capas): la carga con
`{% load solicitudes %}{% semaforo_del_ayuntamiento %}`."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from organizacion import permisos
from organizacion.models import Rol

from ..estadisticas import conteo_semaforo, conteo_turnos_pendientes, corte_semaforo
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


@register.inclusion_tag("solicitudes/_semaforo_tablero.html", takes_context=True)
def semaforo_del_ayuntamiento(context: template.Context) -> dict:
    """Cuántas solicitudes (para la Unidad y el garante) o cuántos turnos pendientes de su
    área (para el enlace) hay de cada color."""
    request = context["request"]
    ayuntamiento = request.ayuntamiento
    if request.rol in permisos.UNIDAD_Y_GARANTE:
        corte = corte_semaforo(ayuntamiento)
        conteo = conteo_semaforo(ayuntamiento=ayuntamiento, corte=corte)
        return {"request": request, "de": "solicitudes", "conteo": conteo}
    if request.rol == Rol.ENLACE and request.membresia:
        conteo = conteo_turnos_pendientes(
            ayuntamiento=ayuntamiento, area_id=request.membresia.unidad_administrativa_id
        )
        return {"request": request, "de": "turnos", "conteo": conteo}
    return {"de": None}
