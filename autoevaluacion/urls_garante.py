from django.urls import path

from . import views

app_name = "autoevaluacion_garante"

# Montadas en «/garante/<int:garante>/autoevaluacion/»: no llevan ayuntamiento, así que el
# middleware no las cuida; cada vista verifica la membresía del garante.
urlpatterns = [
    path("", views.matriz, name="matriz"),
    path("exportar/", views.matriz_exportar, name="exportar"),
]
