"""La trastienda de los documentos (sólo superusuarios). Lo emitido y sus notificaciones
son de sólo lectura: un número de oficio, un PDF congelado o un correo ya enviado no se
cambian a mano. Las plantillas y los párrafos sí se editan e importan."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from organizacion.admin import AdminConHistoria, ExpedienteSoloLectura, SoloLectura

from .models import (
    Documento,
    Notificacion,
    ParrafoRespuesta,
    PlantillaDocumento,
    PublicacionEstrados,
)


@admin.register(PlantillaDocumento)
class PlantillaDocumentoAdmin(AdminConHistoria):
    list_display = ["clave", "ayuntamiento", "propia", "modificada"]
    list_filter = ["ayuntamiento", "clave"]
    search_fields = ["asunto", "cuerpo"]


@admin.register(ParrafoRespuesta)
class ParrafoRespuestaAdmin(ImportExportModelAdmin):
    list_display = ["tema", "clave", "ayuntamiento"]
    list_filter = ["ayuntamiento", "clave"]
    search_fields = ["tema", "texto"]


@admin.register(Documento)
class DocumentoAdmin(ExpedienteSoloLectura):
    list_display = ["clave", "fecha", "estado", "oficio", "ayuntamiento"]
    list_filter = ["ayuntamiento", "clave", "estado"]
    search_fields = ["asunto", "destinatario", "oficio__folio"]
    date_hierarchy = "fecha"


@admin.register(Notificacion)
class NotificacionAdmin(SoloLectura):
    list_display = ["documento", "turno", "correo", "destino", "estado", "enviada", "ayuntamiento"]
    list_filter = ["ayuntamiento", "destino", "estado"]
    search_fields = ["correo", "error"]


@admin.register(PublicacionEstrados)
class PublicacionEstradosAdmin(SoloLectura):
    list_display = ["folio", "documento", "publicada", "ayuntamiento"]
    list_filter = ["ayuntamiento"]
    search_fields = ["folio"]
    date_hierarchy = "publicada"
