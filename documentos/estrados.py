"""Los estrados electrónicos de un ayuntamiento: la página pública donde se notifica a
quien solicitó sin dar correo ni domicilio. Sólo el folio, el tipo de documento y la fecha:
ningún nombre ni dato personal (el documento completo se consulta en la Unidad). Un
ayuntamiento inexistente o inactivo da el mismo 404."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento

from .models import PublicacionEstrados


@require_GET
def estrados(request: HttpRequest, municipio: str) -> HttpResponse:
    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.filter(slug=municipio, activo=True).first()
    if ayuntamiento is None:
        raise Http404("Ayuntamiento no encontrado.")
    with scope(ayuntamiento=ayuntamiento):
        publicaciones = PublicacionEstrados.objects.select_related("documento").only(
            "folio", "publicada", "documento__clave"
        )
        pagina = Paginator(publicaciones, 50).get_page(request.GET.get("pagina"))
        return render(
            request,
            "documentos/estrados.html",
            {"ayuntamiento_publico": ayuntamiento, "pagina": pagina},
        )


app_name = "estrados"
urlpatterns = [path("<slug:municipio>/", estrados, name="estrados")]
