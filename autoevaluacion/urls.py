from django.urls import path

from . import views

app_name = "autoevaluacion"

# Montadas en «/<slug:ayuntamiento>/autoevaluacion/». Las herramientas se nombran por su clave
# del catálogo; las evidencias, por su pk.
urlpatterns = [
    path("", views.tablero, name="tablero"),
    path("adhesion/", views.adhesion, name="adhesion"),
    path("imprimir/", views.imprimir, name="imprimir"),
    path("exportar/", views.exportar, name="exportar"),
    path("herramientas/<slug:clave>/", views.herramienta, name="herramienta"),
    path("evidencias/<int:pk>/", views.evidencia_descargar, name="evidencia"),
    path("evidencias/<int:pk>/quitar/", views.evidencia_quitar, name="evidencia_quitar"),
]
