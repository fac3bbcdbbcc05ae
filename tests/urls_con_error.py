"""Las rutas del sistema más una vista que falla, para ver la página de error 500."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from transparencia.urls import urlpatterns as rutas_del_sistema


def falla(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("falla de prueba con datos internos")


urlpatterns = [path("falla/", falla), *rutas_del_sistema]
