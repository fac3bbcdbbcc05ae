"""La constancia de participación en PDF: la descarga el personal de la Unidad (o el
garante) desde la lista de la sesión. El participante sólo la recibe impresa o por correo;
la verifica cualquiera en `/constancias/<código>/`."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from capacitacion.models import Participante
from organizacion import permisos
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.permisos import rol_requerido

from .pdf import pdf_de_html


def constancia_pdf(request: PeticionDeAyuntamiento, participante: Participante) -> bytes:
    verificacion = request.build_absolute_uri(
        reverse("constancias:verificar", kwargs={"codigo": participante.codigo})
    )
    html = render_to_string(
        "reportes/pdf/constancia.html",
        {
            "participante": participante,
            "capacitacion": participante.capacitacion,
            "ayuntamiento": request.ayuntamiento,
            "verificacion": verificacion,
        },
    )
    return pdf_de_html(html)


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def constancia(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    participante: Participante = get_object_or_404(
        Participante.objects.select_related("capacitacion"), pk=pk
    )
    if not participante.asistio:
        raise Http404("Sólo hay constancia para quien asistió.")
    respuesta = HttpResponse(constancia_pdf(request, participante), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="constancia-{participante.pk}.pdf"'
    return respuesta


app_name = "reportes_constancias"
urlpatterns = [path("<int:pk>/", constancia, name="constancia")]
