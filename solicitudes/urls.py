"""Rutas de solicitudes, montadas en `/<slug>/solicitudes/`. Cada módulo de vistas declara
las suyas en `rutas`; las que llevan objeto usan `<int:pk>` después del nombre de la
colección (`turnos/<int:pk>/`), como espera la prueba de tenencia."""

from .views import importar, recursos, solicitudes

app_name = "solicitudes"

urlpatterns = solicitudes.rutas + importar.rutas + recursos.rutas
