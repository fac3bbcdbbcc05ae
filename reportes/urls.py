from .views import rutas

app_name = "reportes"

urlpatterns = rutas
