"""Capacitación en el admin: para los operadores; los ayuntamientos la trabajan en su portal."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from organizacion.admin import AdminConHistoria

from .models import (
    Asesoria,
    Capacitacion,
    EvidenciaCapacitacion,
    Participante,
    PlanCapacitacion,
    TemaPlaneado,
)


@admin.register(PlanCapacitacion)
class PlanCapacitacionAdmin(AdminConHistoria):
    list_display = ["__str__", "ayuntamiento", "anio", "publico"]
    list_filter = ["ayuntamiento", "anio", "publico"]
    search_fields = ["ayuntamiento__nombre"]


@admin.register(TemaPlaneado)
class TemaPlaneadoAdmin(AdminConHistoria):
    list_display = ["tema", "plan", "mes", "publico"]
    list_filter = ["ayuntamiento", "mes", "publico"]
    search_fields = ["tema"]
    raw_id_fields = ["plan"]


@admin.register(Capacitacion)
class CapacitacionAdmin(AdminConHistoria):
    list_display = ["tema", "ayuntamiento", "fecha", "modalidad", "formato", "publico"]
    list_filter = ["ayuntamiento", "modalidad", "formato", "publico", "impartida_por"]
    search_fields = ["tema", "sede"]
    raw_id_fields = ["tema_planeado", "oficio", "registrada_por"]


@admin.register(Participante)
class ParticipanteAdmin(AdminConHistoria):
    list_display = ["nombre", "capacitacion", "sexo", "cargo"]
    list_filter = ["ayuntamiento", "sexo"]
    search_fields = ["nombre", "institucion", "codigo"]
    raw_id_fields = ["capacitacion", "area"]


@admin.register(EvidenciaCapacitacion)
class EvidenciaCapacitacionAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "capacitacion", "tipo"]
    list_filter = ["ayuntamiento", "tipo"]
    search_fields = ["nombre"]
    raw_id_fields = ["capacitacion", "subida_por"]


@admin.register(Asesoria)
class AsesoriaAdmin(AdminConHistoria):
    list_display = ["fecha", "ayuntamiento", "tema", "publico", "sexo", "medio"]
    list_filter = ["ayuntamiento", "tema", "publico", "sexo", "medio"]
    search_fields = ["nota"]
