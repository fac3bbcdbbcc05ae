"""Pedir un reporte: crear su fila (una versión nueva) y encolar la generación."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scopes_disabled

from organizacion.colas import entregar, entregar_al_confirmar
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

        def anotar() -> None:
            reporte.encolado = _anotar_encolado(reporte.pk)

        entregar_al_confirmar(_generar_reporte(), reporte.pk, si_entrega=anotar)
    return reporte


def reporte_encolar(reporte_id: int) -> bool:
    """Entrega la generación al broker y lo anota en `encolado`. Si el broker no responde,
    la fila queda en espera sin `encolado` y el rescate de cada minuto la entrega cuando
    vuelva."""
    if not entregar(_generar_reporte(), reporte_id):
        return False
    _anotar_encolado(reporte_id)
    return True


def _anotar_encolado(reporte_id: int) -> datetime:
    ahora = timezone.now()
    with scopes_disabled():
        Reporte.objects.filter(pk=reporte_id).update(encolado=ahora)
    return ahora


def _generar_reporte():
    from .tasks import generar_reporte  # las tareas importan este módulo

    return generar_reporte
