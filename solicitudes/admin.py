"""La trastienda de las solicitudes (sólo superusuarios; el middleware desactiva los ámbitos
de django-scopes en /admin/).

Todo aquí es de sólo lectura, con historia y exportación: una solicitud, sus hechos (eventos,
turnos, resoluciones del Comité, archivos), sus recursos y denuncias sólo cambian por los
servicios, que validan lo que la ley admite y vuelven a derivar sus plazos. Corregir un dato se
hace en el portal; importar, desde la importación de la PNT.
"""

from django.contrib import admin

from organizacion.admin import ExpedienteSoloLectura

from .models import (
    Adjunto,
    Denuncia,
    Evento,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    Turno,
)


@admin.register(Solicitud)
class SolicitudAdmin(ExpedienteSoloLectura):
    list_display = ["folio", "recibida", "tipo", "medio", "sexo", "estado", "vence", "ayuntamiento"]
    list_filter = ["ayuntamiento", "tipo", "medio", "sexo", "estado", "tipo_respuesta", "en_tiempo"]
    search_fields = ["folio", "nombre_solicitante", "descripcion"]
    date_hierarchy = "recibida"


@admin.register(Evento)
class EventoAdmin(ExpedienteSoloLectura):
    list_display = ["solicitud", "tipo", "fecha", "tipo_respuesta", "ayuntamiento"]
    list_filter = ["ayuntamiento", "tipo", "tipo_respuesta"]
    search_fields = ["solicitud__folio", "detalle"]
    date_hierarchy = "fecha"


@admin.register(Turno)
class TurnoAdmin(ExpedienteSoloLectura):
    list_display = [
        "solicitud",
        "unidad_administrativa",
        "fecha",
        "vence",
        "fecha_respuesta",
        "cerrado",
        "ayuntamiento",
    ]
    list_filter = ["ayuntamiento", "no_competente", "unidad_administrativa"]
    search_fields = ["solicitud__folio", "unidad_administrativa__nombre", "oficio__folio"]
    date_hierarchy = "fecha"


@admin.register(ResolucionComite)
class ResolucionComiteAdmin(ExpedienteSoloLectura):
    list_display = ["solicitud", "tipo", "sentido", "fecha", "numero_acta", "ayuntamiento"]
    list_filter = ["ayuntamiento", "tipo", "sentido"]
    search_fields = ["solicitud__folio", "sesion", "numero_acta"]
    date_hierarchy = "fecha"


@admin.register(RecursoRevision)
class RecursoRevisionAdmin(ExpedienteSoloLectura):
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


@admin.register(Denuncia)
class DenunciaAdmin(ExpedienteSoloLectura):
    list_display = ["expediente", "fecha", "sexo", "articulo", "fraccion", "ayuntamiento"]
    list_filter = ["ayuntamiento", "sexo", "resolucion"]
    search_fields = ["expediente", "descripcion", "articulo", "fraccion"]
    date_hierarchy = "fecha"


@admin.register(Adjunto)
class AdjuntoAdmin(ExpedienteSoloLectura):
    list_display = ["nombre", "solicitud", "subido", "datos_personales", "ayuntamiento"]
    list_filter = ["ayuntamiento", "datos_personales"]
    search_fields = ["nombre", "solicitud__folio"]
    date_hierarchy = "subido"
