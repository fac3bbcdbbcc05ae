"""Pedir un reporte: crear su fila (una versión nueva) y encolar la generación."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max

from organizacion.models import Ayuntamiento, Usuario

from .models import Reporte
from .periodos import periodo_de


def reporte_solicitar(
    *,
    ayuntamiento: Ayuntamiento,
    tipo: str,
    anio: int,
    periodo: int,
    hoy: date,
    usuario: Usuario | None = None,
    encolar: bool = True,
) -> Reporte:
    """Una versión nueva del reporte, en espera. Las versiones anteriores quedan intactas:
    lo que ya se entregó no se sobrescribe. Valida tipo y periodo (ValidationError en
    español): no se piden periodos que aún no comienzan."""
    periodo_de(tipo, anio, periodo).validar_iniciado(hoy)
    for _ in range(3):  # dos pedidos simultáneos compiten por el mismo número de versión
        try:
            with transaction.atomic():
                ultima = Reporte.objects.filter(
                    ayuntamiento=ayuntamiento, tipo=tipo, anio=anio, periodo=periodo
                ).aggregate(v=Max("version"))["v"]
                reporte = Reporte.objects.create(
                    ayuntamiento=ayuntamiento,
                    tipo=tipo,
                    anio=anio,
                    periodo=periodo,
                    version=(ultima or 0) + 1,
                    solicitado_por=usuario,
                )
            break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("No se pudo asignar la versión del reporte; intente de nuevo.")
    if encolar:
        from .tasks import generar_reporte  # las tareas importan este módulo

        generar_reporte.delay_on_commit(reporte.pk)
    return reporte
