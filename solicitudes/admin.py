"""La trastienda de las solicitudes (sólo superusuarios; el middleware desactiva los ámbitos
de django-scopes en /admin/).

Los campos derivados de una solicitud (estado, vence, respuesta, oportunidad…) se muestran y
no se editan: guardar o borrar en el admin una solicitud o uno de sus hechos (evento, turno,
resolución del Comité, recurso) los recalcula con el mismo servicio que usan las vistas.
"""

from copy import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import construct_instance
from django_scopes import scope
from import_export.admin import ImportExportModelAdmin

from organizacion.admin import AdminConHistoria

from . import servicios
from .models import (
    Adjunto,
    Denuncia,
    Evento,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    Turno,
)


def _recalcular(*pks: int | None) -> None:
    """Recalcula los derivados de las solicitudes dadas, cada una en su ámbito."""
    for solicitud in Solicitud.objects.filter(pk__in=[pk for pk in pks if pk]).select_related(
        "ayuntamiento"
    ):
        with scope(ayuntamiento=solicitud.ayuntamiento):
            servicios.solicitud_recalcular(solicitud=solicitud)


class RecalculaSolicitud(admin.ModelAdmin):
    """Para los hechos de una solicitud: al guardarlos o borrarlos, la solicitud (y la
    anterior, si el hecho se movió de solicitud) queda con sus derivados al día. Al borrar
    un recurso, la solicitud recurrida deja de estar «en recurso»."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        _recalcular(form.initial.get("solicitud"), obj.solicitud_id)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        _recalcular(obj.solicitud_id)

    def delete_queryset(self, request, queryset) -> None:
        pks = list(queryset.values_list("solicitud", flat=True).distinct())
        super().delete_queryset(request, queryset)
        _recalcular(*pks)


@admin.register(Solicitud)
class SolicitudAdmin(AdminConHistoria):
    list_display = ["folio", "recibida", "tipo", "medio", "sexo", "estado", "vence", "ayuntamiento"]
    list_filter = ["ayuntamiento", "tipo", "medio", "sexo", "estado", "tipo_respuesta", "en_tiempo"]
    search_fields = ["folio", "nombre_solicitante", "descripcion"]
    date_hierarchy = "recibida"
    raw_id_fields = ["registrada_por"]
    readonly_fields = [
        "folio_interno",
        "creada",
        *servicios.CAMPOS_DERIVADOS,
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        with scope(ayuntamiento=obj.ayuntamiento):
            servicios.solicitud_recalcular(solicitud=obj)


@admin.register(Evento)
class EventoAdmin(RecalculaSolicitud, AdminConHistoria):
    list_display = ["solicitud", "tipo", "fecha", "tipo_respuesta", "ayuntamiento"]
    list_filter = ["ayuntamiento", "tipo", "tipo_respuesta"]
    search_fields = ["solicitud__folio", "detalle"]
    date_hierarchy = "fecha"
    raw_id_fields = ["solicitud", "registrado_por"]
    readonly_fields = ["creado"]


@admin.register(Turno)
class TurnoAdmin(RecalculaSolicitud, AdminConHistoria):
    list_display = [
        "solicitud",
        "unidad_administrativa",
        "fecha",
        "vence",
        "fecha_respuesta",
        "no_competente",
        "ayuntamiento",
    ]
    list_filter = ["ayuntamiento", "no_competente", "unidad_administrativa"]
    search_fields = ["solicitud__folio", "unidad_administrativa__nombre", "oficio__folio"]
    date_hierarchy = "fecha"
    raw_id_fields = ["solicitud", "unidad_administrativa", "oficio", "oficio_respuesta"]
    readonly_fields = ["respondido_por"]


@admin.register(ResolucionComite)
class ResolucionComiteAdmin(RecalculaSolicitud, AdminConHistoria):
    list_display = ["solicitud", "tipo", "sentido", "fecha", "numero_acta", "ayuntamiento"]
    list_filter = ["ayuntamiento", "tipo", "sentido"]
    search_fields = ["solicitud__folio", "sesion", "numero_acta"]
    date_hierarchy = "fecha"
    raw_id_fields = ["solicitud"]
    readonly_fields = ["creada"]


class _Ensayo(Exception):
    """Deshace el ensayo de `FormularioRecurso`."""


class FormularioRecurso(forms.ModelForm):
    """Valida con el mismo servicio que guarda: `recurso_guardar` se ensaya sobre una copia
    dentro de un punto de guardado que se deshace, y sus errores (fechas fuera de orden o en
    el futuro, resolución sin fecha) salen en el formulario en lugar de un error 500. El
    modelo y los campos los pone el admin."""

    def clean(self) -> dict[str, Any] | None:
        datos = super().clean()
        if self.errors:
            return datos
        recurso = construct_instance(self, copy(self.instance))
        try:
            with scope(ayuntamiento=recurso.ayuntamiento), transaction.atomic():
                servicios.recurso_guardar(recurso=recurso)
                raise _Ensayo
        except _Ensayo:
            pass
        except ValidationError as error:
            self.add_error(None, error)
        return datos


@admin.register(RecursoRevision)
class RecursoRevisionAdmin(RecalculaSolicitud, AdminConHistoria):
    form = FormularioRecurso
    list_display = [
        "expediente",
        "sexo",
        "fecha_interposicion",
        "resolucion",
        "fecha_resolucion",
        "ayuntamiento",
    ]
    list_filter = ["ayuntamiento", "sexo", "resolucion"]
    search_fields = ["expediente", "solicitud__folio", "notas"]
    date_hierarchy = "fecha_interposicion"
    raw_id_fields = ["solicitud", "oficios"]
    readonly_fields = ["vence_alegatos", "vence_cumplimiento", "creado"]

    def save_model(self, request, obj, form, change) -> None:
        # El servicio deriva los plazos de alegatos y cumplimiento y recalcula la solicitud
        # recurrida (y la anterior, si cambió).
        with scope(ayuntamiento=obj.ayuntamiento):
            servicios.recurso_guardar(recurso=obj)


@admin.register(Denuncia)
class DenunciaAdmin(AdminConHistoria):
    list_display = ["expediente", "fecha", "sexo", "articulo", "fraccion", "ayuntamiento"]
    list_filter = ["ayuntamiento", "sexo", "resolucion"]
    search_fields = ["expediente", "descripcion", "articulo", "fraccion"]
    date_hierarchy = "fecha"
    raw_id_fields = ["oficios"]
    filter_horizontal = ["areas"]


@admin.register(Adjunto)
class AdjuntoAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "solicitud", "subido", "ayuntamiento"]
    list_filter = ["ayuntamiento"]
    search_fields = ["nombre", "solicitud__folio"]
    date_hierarchy = "subido"
    raw_id_fields = ["solicitud", "evento", "turno", "subido_por"]
