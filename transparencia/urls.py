from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizacion.forms import RestablecerContrasenaForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "cuentas/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=RestablecerContrasenaForm),
        name="password_reset",
    ),
    path("cuentas/", include("django.contrib.auth.urls")),
    # Las rutas de ayuntamiento («/<slug>/…») van al final: cualquier primer segmento
    # que no sea del sitio se interpreta como el slug de un ayuntamiento.
    path("<slug:ayuntamiento>/solicitudes/", include("solicitudes.urls")),
    path("garante/<int:garante>/autoevaluacion/", include("autoevaluacion.urls_garante")),
    path("<slug:ayuntamiento>/autoevaluacion/", include("autoevaluacion.urls")),
    path("constancias/", include("capacitacion.constancias")),
    path("descargas/", include("reportes.descargas")),
    path("estrados/", include("documentos.estrados")),
    path("<slug:ayuntamiento>/capacitacion/", include("capacitacion.urls")),
    path("<slug:ayuntamiento>/reportes/constancias/", include("reportes.constancias")),
    path("garante/<int:garante>/reportes/", include("reportes.urls_garante")),
    path("<slug:ayuntamiento>/reportes/", include("reportes.urls")),
    path("<slug:ayuntamiento>/poa/", include("poa.urls")),
    path("<slug:ayuntamiento>/documentos/", include("documentos.views")),
    path("", include("organizacion.urls")),
]
