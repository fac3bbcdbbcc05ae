"""El POA en el admin: para los operadores; los ayuntamientos lo trabajan en su portal."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from organizacion.admin import AdminConHistoria

from .models import Actividad, Anexo, Avance, Justificacion, Objetivo, Plan, UmbralesPoa


@admin.register(Plan)
class PlanAdmin(AdminConHistoria):
    list_display = ["titulo", "ayuntamiento", "anio", "unidad_administrativa", "estado"]
    list_filter = ["ayuntamiento", "estado", "anio"]
    search_fields = ["titulo", "ayuntamiento__nombre"]


@admin.register(Objetivo)
class ObjetivoAdmin(AdminConHistoria):
    list_display = ["__str__", "plan", "orden"]
    list_filter = ["ayuntamiento"]
    search_fields = ["descripcion"]
    raw_id_fields = ["plan"]


@admin.register(Actividad)
class ActividadAdmin(AdminConHistoria):
    list_display = ["__str__", "plan", "formula", "meta_anual", "unidad_medida", "fuente"]
    list_filter = ["ayuntamiento", "formula", "sentido", "fuente"]
    search_fields = ["descripcion", "clave"]
    raw_id_fields = ["plan", "objetivo"]


@admin.register(Avance)
class AvanceAdmin(AdminConHistoria):
    list_display = ["actividad", "mes", "valor", "numerador_valor", "denominador_valor", "estado"]
    list_filter = ["ayuntamiento", "estado", "automatico"]
    search_fields = ["actividad__descripcion", "narrativa"]
    raw_id_fields = ["actividad"]


@admin.register(Justificacion)
class JustificacionAdmin(AdminConHistoria):
    list_display = ["actividad", "trimestre"]
    list_filter = ["ayuntamiento", "trimestre"]
    search_fields = ["actividad__descripcion", "texto"]
    raw_id_fields = ["actividad"]


@admin.register(UmbralesPoa)
class UmbralesPoaAdmin(AdminConHistoria):
    list_display = ["ayuntamiento", "verde", "amarillo", "sobrecumplimiento", "variacion"]
    list_filter = ["ayuntamiento"]
    search_fields = ["ayuntamiento__nombre"]


@admin.register(Anexo)
class AnexoAdmin(ImportExportModelAdmin):
    list_display = ["nombre_archivo", "avance", "subido", "subido_por"]
    list_filter = ["ayuntamiento"]
    search_fields = ["nombre_archivo"]
    raw_id_fields = ["avance", "subido_por"]
