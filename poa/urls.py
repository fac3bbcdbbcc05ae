from django.urls import path

from . import views

app_name = "poa"

# Montadas en «/<slug:ayuntamiento>/poa/». Las rutas con objeto llevan sólo <int:pk>, precedido
# del nombre de su colección: planes, objetivos, actividades, avances, anexos.
urlpatterns = [
    path("", views.planes, name="planes"),
    path("planes/nuevo/", views.plan_nuevo, name="plan_nuevo"),
    path("planes/copiar/", views.plan_copiar_vista, name="plan_copiar"),
    path("planes/<int:pk>/", views.plan, name="plan"),
    path("planes/<int:pk>/editar/", views.plan_editar, name="plan_editar"),
    path("planes/<int:pk>/aprobar/", views.plan_aprobar_vista, name="plan_aprobar"),
    path("planes/<int:pk>/reabrir/", views.plan_reabrir_vista, name="plan_reabrir"),
    path("planes/<int:pk>/cronograma/", views.cronograma, name="cronograma"),
    path("planes/<int:pk>/trimestre/", views.trimestre, name="trimestre"),
    path("planes/<int:pk>/importar/", views.importar, name="importar"),
    path(
        "planes/<int:pk>/importar/confirmar/",
        views.importar_confirmar,
        name="importar_confirmar",
    ),
    path("planes/<int:pk>/exportar/", views.plan_exportar_vista, name="plan_exportar"),
    path("planes/<int:pk>/objetivo-nuevo/", views.objetivo_nuevo, name="objetivo_nuevo"),
    path("planes/<int:pk>/actividad-nueva/", views.actividad_nueva, name="actividad_nueva"),
    path("objetivos/<int:pk>/editar/", views.objetivo_editar, name="objetivo_editar"),
    path("actividades/<int:pk>/", views.actividad, name="actividad"),
    path("actividades/<int:pk>/editar/", views.actividad_editar, name="actividad_editar"),
    path("actividades/<int:pk>/capturar/", views.capturar, name="capturar"),
    path("actividades/<int:pk>/recalcular/", views.recalcular, name="recalcular"),
    path("actividades/<int:pk>/justificar/", views.justificar, name="justificar"),
    path("avances/<int:pk>/devolver/", views.devolver, name="devolver"),
    path("anexos/<int:pk>/", views.anexo, name="anexo"),
]
