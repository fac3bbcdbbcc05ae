from django.urls import include, path

from . import views

app_name = "organizacion"

del_ayuntamiento = [
    path("", views.tablero, name="tablero"),
    path("configuracion/", views.ayuntamiento_editar, name="ayuntamiento_editar"),
    path("areas/", views.areas, name="areas"),
    path("areas/nueva/", views.area_editar, name="area_nueva"),
    path("areas/<int:pk>/", views.area_editar, name="area_editar"),
    path("usuarios/", views.usuarios, name="usuarios"),
    path("usuarios/nuevo/", views.usuario_editar, name="usuario_nuevo"),
    path("usuarios/<int:pk>/", views.usuario_editar, name="usuario_editar"),
    path("usuarios/<int:pk>/invitar/", views.usuario_invitar, name="usuario_invitar"),
    path("usuarios/<int:pk>/quitar/", views.usuario_quitar, name="usuario_quitar"),
    path("dias-inhabiles/", views.dias_inhabiles, name="dias_inhabiles"),
    path("dias-inhabiles/nuevo/", views.dia_inhabil_editar, name="dia_inhabil_nuevo"),
    path("dias-inhabiles/<int:pk>/", views.dia_inhabil_editar, name="dia_inhabil_editar"),
    path(
        "dias-inhabiles/<int:pk>/eliminar/", views.dia_inhabil_eliminar, name="dia_inhabil_eliminar"
    ),
    path("plazos/", views.plazos, name="plazos"),
    path("plazos/marco-legal/", views.plazos_preset, name="plazos_preset"),
    path("oficios/", views.oficios, name="oficios"),
    path("oficios/nuevo/", views.oficio_nuevo, name="oficio_nuevo"),
    path("oficios/<int:pk>/archivo/", views.oficio_archivo, name="oficio_archivo"),
]

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("<slug:ayuntamiento>/", include(del_ayuntamiento)),
]
