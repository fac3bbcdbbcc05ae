"""El enlace firmado de un reporte enviado por correo: quien lo recibe no necesita cuenta.

Cuando el PDF pesa más de lo que se adjunta (ConfiguracionReportes.tamano_maximo_adjunto_mb),
el correo lleva un enlace con la firma del envío (django.core.signing, con SECRET_KEY) y su
fecha. Vale ENLACE_VIGENTE: después, la página lo dice y remite a la Unidad. El enlace abre
sólo ese PDF, nunca otra versión ni otro reporte; una firma alterada recibe el mismo 404 que
una dirección inexistente. Cambiar SECRET_KEY invalida todos los enlaces enviados."""

from datetime import timedelta

from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from .models import Envio, EstadoReporte

ENLACE_VIGENTE = timedelta(days=30)
SAL = "reportes.descarga-de-envio"


def ficha_de(envio: Envio) -> str:
    return signing.dumps(envio.pk, salt=SAL)


@require_GET
def descargar(request: HttpRequest, ficha: str) -> HttpResponse | FileResponse:
    try:
        envio_id = signing.loads(ficha, salt=SAL, max_age=ENLACE_VIGENTE)
    except signing.SignatureExpired:
        return render(
            request,
            "reportes/enlace_vencido.html",
            {"dias": ENLACE_VIGENTE.days},
            status=410,
        )
    except signing.BadSignature:
        raise Http404("Enlace de descarga no válido.") from None
    with scopes_disabled():
        envio = (
            Envio.objects.select_related("reporte", "ayuntamiento")
            .filter(pk=envio_id, ayuntamiento__activo=True)
            .first()
        )
    reporte = envio.reporte if envio else None
    if reporte is None or reporte.estado != EstadoReporte.LISTO or not reporte.archivo:
        raise Http404("Ese reporte ya no está disponible.")
    return FileResponse(
        reporte.archivo.open("rb"),
        as_attachment=True,
        filename=f"{reporte.ayuntamiento.slug}-{reporte.nombre_archivo}",
        content_type="application/pdf",
    )


app_name = "descargas"
urlpatterns = [path("<str:ficha>/", descargar, name="descargar")]
