from . import views

app_name = "capacitacion"

urlpatterns = views.rutas
