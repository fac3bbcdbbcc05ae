"""Los reportes en el admin: para los operadores; los ayuntamientos los piden, configuran y
descargan en su portal.

Los reportes y sus envíos son registros de lo que pasó: se consultan, no se editan (un PDF
entregado no se cambia, y un envío sólo lo marca quien de verdad mandó el correo). Lo que sí
se edita aquí es la configuración, la remisión de cada tipo y los destinatarios; los horarios de las tareas están en
«Periodic tasks» (django-celery-beat)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from organizacion.colas import entregar

from .models import (
    AvisoDiario,
    ConfiguracionReportes,
    Destinatario,
    Envio,
    EstadoEnvio,
    RemisionReporte,
    Reporte,
)
from .tasks import enviar_reporte_por_correo


class SoloLectura(ImportExportModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ConfiguracionReportes)
class ConfiguracionReportesAdmin(ImportExportModelAdmin):
    list_display = ["ayuntamiento", "area", "dias_habiles_envio", "tamano_maximo_adjunto_mb"]
    list_filter = ["ayuntamiento"]
    search_fields = ["ayuntamiento__nombre", "destinatario", "elaboro_nombre", "vobo_nombre"]


@admin.register(RemisionReporte)
class RemisionReporteAdmin(ImportExportModelAdmin):
    list_display = ["tipo", "ayuntamiento", "destinatario", "elaboro_nombre", "vobo_nombre"]
    list_filter = ["ayuntamiento", "tipo"]
    search_fields = ["ayuntamiento__nombre", "destinatario"]


@admin.register(Destinatario)
class DestinatarioAdmin(ImportExportModelAdmin):
    list_display = ["nombre", "correo", "tipo", "ayuntamiento", "activo"]
    list_filter = ["ayuntamiento", "tipo", "activo"]
    search_fields = ["nombre", "correo"]


@admin.register(Reporte)
class ReporteAdmin(SoloLectura):
    list_display = ["__str__", "ayuntamiento", "estado", "emitido", "oficio", "solicitado_por"]
    list_filter = ["ayuntamiento", "tipo", "estado", "anio"]
    search_fields = ["ayuntamiento__nombre", "sha256", "error"]
    date_hierarchy = "creado"


@admin.register(Envio)
class EnvioAdmin(SoloLectura):
    list_display = ["__str__", "ayuntamiento", "estado", "intentos", "enviado", "reporte"]
    list_filter = ["ayuntamiento", "tipo", "estado", "anio"]
    search_fields = ["correo", "ayuntamiento__nombre", "error"]
    actions = ["reintentar"]

    @admin.action(description="Reintentar los envíos seleccionados que no han salido")
    def reintentar(self, request: HttpRequest, queryset: QuerySet[Envio]) -> None:
        pendientes = list(
            queryset.exclude(estado=EstadoEnvio.ENVIADO)
            .filter(reporte__isnull=False)
            .values_list("pk", flat=True)
        )
        entregados = sum(entregar(enviar_reporte_por_correo, envio_id) for envio_id in pendientes)
        if entregados < len(pendientes):
            self.message_user(
                request,
                f"El servicio de tareas no responde: {len(pendientes) - entregados} envíos no "
                "se pudieron poner en la cola. Vuelva a intentarlo en unos minutos; los que "
                "sigan pendientes salen también en el envío programado de mañana.",
                messages.WARNING,
            )
        self.message_user(
            request,
            f"{entregados} envíos en la cola. Los ya enviados no se repiten.",
            messages.SUCCESS,
        )


@admin.register(AvisoDiario)
class AvisoDiarioAdmin(SoloLectura):
    list_display = ["usuario", "fecha", "solicitudes", "turnos", "enviado"]
    list_filter = ["fecha"]
    search_fields = ["usuario__email", "usuario__nombre"]
    date_hierarchy = "fecha"
