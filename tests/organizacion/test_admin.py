"""La trastienda: sólo superusuarios, y todo modelo registrado con búsqueda, filtros e
importación/exportación."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ImportExportMixin

from organizacion.admin import SoloLectura
from organizacion.models import Usuario
from organizacion.servicios import oficio_emitir

APPS_PROPIAS = [
    "organizacion",
    "solicitudes",
    "capacitacion",
    "autoevaluacion",
    "poa",
    "reportes",
    "documentos",
]
MODELOS = [
    modelo
    for etiqueta in APPS_PROPIAS
    for modelo in apps.get_app_config(etiqueta).get_models()
    if not modelo.__name__.startswith("Historical")
]


# Los expedientes legales y sus plazos sólo cambian por los servicios: el admin los muestra y
# los exporta (organizacion.admin.SoloLectura).
SOLO_LECTURA = {
    "Plazo",
    "Solicitud",
    "Evento",
    "Turno",
    "ResolucionComite",
    "RecursoRevision",
    "Denuncia",
    "Adjunto",
    "Documento",
    "Notificacion",
    "PublicacionEstrados",
}


@pytest.mark.parametrize("modelo", MODELOS, ids=lambda m: m.__name__)
def test_todo_modelo_esta_en_el_admin_con_busqueda_filtros_e_importacion(modelo, rf):
    assert modelo in admin.site._registry, f"{modelo.__name__} no está registrado en el admin"
    modelo_admin = admin.site._registry[modelo]
    assert modelo_admin.search_fields
    assert modelo_admin.list_filter
    if modelo.__name__ in SOLO_LECTURA:
        assert isinstance(modelo_admin, SoloLectura)
        peticion = rf.get("/")
        assert not modelo_admin.has_add_permission(peticion)
        assert not modelo_admin.has_change_permission(peticion)
        assert not modelo_admin.has_delete_permission(peticion)
    else:
        assert isinstance(modelo_admin, ImportExportMixin)


@pytest.fixture
def operador(db):
    return Usuario.objects.create_superuser("operador@plataforma.mx", "x" * 12, nombre="Operación")


def test_solo_superusuarios_entran(ayuntamiento, titular, cliente_de, db):
    titular.is_staff = True
    titular.save()
    respuesta = cliente_de(titular).get(reverse("admin:index"))
    assert respuesta.status_code == 302 and "/admin/login/" in respuesta["Location"]


@pytest.mark.parametrize("modelo", MODELOS, ids=lambda m: m.__name__)
def test_el_superusuario_ve_los_datos_de_todos_los_ayuntamientos(
    modelo, operador, ayuntamiento, ayuntamiento_ajeno, areas, titular, extrano, cliente_de
):
    oficio_emitir(
        ayuntamiento=ayuntamiento, fecha=date(2024, 7, 4), asunto="Reporte", destinatario="Titular"
    )
    oficio_emitir(
        ayuntamiento=ayuntamiento_ajeno,
        fecha=date(2024, 7, 4),
        asunto="Informe",
        destinatario="Titular",
    )
    url = reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_changelist")
    respuesta = cliente_de(operador).get(url)
    assert respuesta.status_code == 200
    # Fuera de un ámbito de ayuntamiento: el admin lista los registros de todos.
    total = respuesta.context["cl"].result_count
    assert total == modelo._base_manager.count()
