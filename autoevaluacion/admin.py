"""El catálogo del modelo regional lo mantienen los operadores (superusuarios) aquí. Una
edición nueva se captura como filas nuevas; las de una edición con adhesiones no se borran
(PROTECT), de modo que las autoevaluaciones pasadas conservan sus herramientas."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Adhesion, Dimension, Edicion, EstadoHerramienta, Evidencia, Herramienta


class AdminConHistoria(ImportExportModelAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Edicion)
class EdicionAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "clave", "publicada", "vigente"]
    list_filter = ["vigente"]
    search_fields = ["nombre", "clave"]


@admin.register(Dimension)
class DimensionAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "orden", "edicion"]
    list_filter = ["edicion"]
    search_fields = ["nombre", "descripcion"]


@admin.register(Herramienta)
class HerramientaAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "dimension", "orden", "temporalidad", "meses", "temporalidad_texto"]
    list_filter = ["dimension__edicion", "dimension", "temporalidad"]
    search_fields = ["nombre", "nombre_corto", "descripcion", "clave"]


@admin.register(Adhesion)
class AdhesionAdmin(AdminConHistoria):
    list_display = ["ayuntamiento", "edicion", "fecha_convenio", "enlace_nombre"]
    list_filter = ["edicion", "ayuntamiento__garante"]
    search_fields = ["ayuntamiento__nombre", "enlace_nombre", "enlace_correo"]


@admin.register(EstadoHerramienta)
class EstadoHerramientaAdmin(AdminConHistoria):
    list_display = ["herramienta", "ayuntamiento", "estado", "fecha_implementacion", "actualizado"]
    list_filter = ["estado", "herramienta__dimension", "ayuntamiento__garante", "ayuntamiento"]
    search_fields = ["ayuntamiento__nombre", "herramienta__nombre", "notas"]
    raw_id_fields = ["adhesion"]


@admin.register(Evidencia)
class EvidenciaAdmin(AdminConHistoria):
    list_display = ["descripcion", "ayuntamiento", "estado", "fecha", "subida"]
    list_filter = ["ayuntamiento__garante", "ayuntamiento", "fecha"]
    search_fields = ["descripcion", "nombre_archivo", "liga", "ayuntamiento__nombre"]
    raw_id_fields = ["estado", "subida_por"]
