"""La trastienda (sólo superusuarios): todos los modelos con búsqueda, filtros e
importación/exportación. El middleware desactiva los ámbitos de django-scopes en /admin/."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Ayuntamiento,
    ConfiguracionPlazos,
    ContadorOficio,
    DiaInhabil,
    Garante,
    Membresia,
    MembresiaGarante,
    Oficio,
    Plazo,
    PresetPlazos,
    UnidadAdministrativa,
    Usuario,
)


class AdminConHistoria(ImportExportModelAdmin, SimpleHistoryAdmin):
    pass


class SoloLectura(ExportMixin, admin.ModelAdmin):
    """Un expediente legal (solicitud, sus hechos, recurso, denuncia) y sus plazos: el admin
    los muestra y los exporta, pero no los crea, cambia, importa ni borra. Sus reglas y lo
    que se deriva de ellos sólo pasan por los servicios (el portal, la importación de la
    PNT); un cambio aquí se saltaría ambas cosas."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ExpedienteSoloLectura(SoloLectura, SimpleHistoryAdmin):
    """`SoloLectura`, con la historia de cada registro."""


@admin.register(Plazo)
class PlazoAdmin(SoloLectura):
    list_display = [
        "nombre",
        "expediente_tipo",
        "expediente_id",
        "vence",
        "estado",
        "a_cargo",
        "ayuntamiento",
    ]
    list_filter = ["ayuntamiento", "expediente_tipo", "estado", "a_cargo"]
    search_fields = ["nombre", "clave", "fundamento"]
    date_hierarchy = "vence"


@admin.register(Garante)
class GaranteAdmin(ImportExportModelAdmin):
    list_display = ["siglas", "nombre", "estado", "correo"]
    list_filter = ["estado"]
    search_fields = ["nombre", "siglas"]


@admin.register(Ayuntamiento)
class AyuntamientoAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "slug", "estado", "garante", "activo"]
    list_filter = ["estado", "garante", "activo"]
    search_fields = ["nombre", "slug"]
    prepopulated_fields = {"slug": ["nombre"]}


@admin.register(UnidadAdministrativa)
class UnidadAdministrativaAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "siglas", "ayuntamiento", "responsable", "activa"]
    list_filter = ["ayuntamiento", "activa"]
    search_fields = ["nombre", "siglas", "responsable"]


@admin.register(Usuario)
class UsuarioAdmin(ImportExportModelAdmin, UserAdmin):
    ordering = ["nombre"]
    list_display = ["email", "nombre", "cargo", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "is_staff"]
    search_fields = ["email", "nombre"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Datos personales", {"fields": ["nombre", "cargo"]}),
        ("Permisos", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Fechas", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "nombre", "password1", "password2"]})]


@admin.register(Membresia)
class MembresiaAdmin(AdminConHistoria):
    list_display = ["usuario", "ayuntamiento", "rol", "unidad_administrativa"]
    list_filter = ["rol", "ayuntamiento"]
    search_fields = ["usuario__email", "usuario__nombre", "ayuntamiento__nombre"]
    autocomplete_fields = ["usuario"]


@admin.register(MembresiaGarante)
class MembresiaGaranteAdmin(ImportExportModelAdmin):
    list_display = ["usuario", "garante", "creada"]
    list_filter = ["garante"]
    search_fields = ["usuario__email", "usuario__nombre"]
    autocomplete_fields = ["usuario"]


@admin.register(DiaInhabil)
class DiaInhabilAdmin(AdminConHistoria):
    list_display = ["fecha_inicio", "fecha_fin", "motivo", "ambito", "garante", "ayuntamiento"]
    list_filter = ["ambito", "garante", "ayuntamiento"]
    search_fields = ["motivo", "acuerdo"]
    date_hierarchy = "fecha_inicio"


@admin.register(PresetPlazos)
class PresetPlazosAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "dias_respuesta", "dias_ampliacion", "dias_prevencion"]
    list_filter = ["dias_respuesta"]
    search_fields = ["nombre"]


@admin.register(ConfiguracionPlazos)
class ConfiguracionPlazosAdmin(AdminConHistoria):
    list_display = ["ayuntamiento", "preset", "dias_respuesta", "dias_ampliacion", "actualizada"]
    list_filter = ["preset"]
    search_fields = ["ayuntamiento__nombre"]


@admin.register(Oficio)
class OficioAdmin(AdminConHistoria):
    list_display = ["folio", "fecha", "tipo", "asunto", "destinatario", "ayuntamiento"]
    list_filter = ["tipo", "anio", "serie", "ayuntamiento"]
    search_fields = ["folio", "asunto", "destinatario"]
    date_hierarchy = "fecha"


@admin.register(ContadorOficio)
class ContadorOficioAdmin(ImportExportModelAdmin):
    list_display = ["ayuntamiento", "anio", "serie", "ultimo"]
    list_filter = ["anio", "ayuntamiento"]
    search_fields = ["serie", "ayuntamiento__nombre"]
