from django import template

from organizacion import permisos

from ..models import Documento
from ..servicios import claves_de
from ..textos import ClaveDocumento, Procedimiento

register = template.Library()

CAMPO = {
    Procedimiento.SOLICITUD: "solicitud",
    Procedimiento.TURNO: "turno",
    Procedimiento.RECURSO: "recurso",
    Procedimiento.DENUNCIA: "denuncia",
}


@register.inclusion_tag("documentos/_del_expediente.html", takes_context=True)
def documentos_del_expediente(context, expediente, procedimiento: str) -> dict:
    """La sección «Documentos» de la página de un expediente: sólo para la Unidad (van
    dirigidos a quien solicita, con sus datos)."""
    request = context["request"]
    if request.rol not in permisos.UNIDAD:
        return {"visible": False}
    campo = CAMPO[Procedimiento(procedimiento)]
    return {
        "visible": True,
        "request": request,
        "documentos": Documento.objects.filter(**{campo: expediente})
        .select_related("oficio")
        .prefetch_related("notificaciones"),
        "claves": [(c, ClaveDocumento(c).label) for c in claves_de(procedimiento)]
        if request.rol in permisos.CAPTURA
        else [],
        "campo": campo,
        "expediente": expediente,
    }
