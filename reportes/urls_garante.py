from django.urls import path

from . import views

app_name = "reportes_garante"

# Montadas en «/garante/<int:garante>/reportes/»: la vista verifica la membresía del garante.
urlpatterns = [path("", views.garante, name="lista")]
