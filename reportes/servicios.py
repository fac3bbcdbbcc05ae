"""Pedir un reporte (crear su fila, una versión nueva, y encolar la generación del
borrador) y emitirlo (tomar su oficio y generarlo con ese número)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scopes_disabled

from organizacion.colas import entregar, entregar_al_confirmar
from organizacion.models import Ayuntamiento, Usuario

from .generacion import oficio_de_remision
from .models import EstadoReporte, Reporte
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


def reporte_emitir(*, reporte_id: int, usuario: Usuario | None, hoy: date) -> Reporte:
    """La persona titular emite el borrador que revisó: el reporte toma su número de oficio
    (una sola vez: emitir otra vez, o reintentar una emisión que falló, reutiliza el mismo)
    y se genera de nuevo con ese número; al quedar listo se anota `emitido`, se vuelve
    visible al garante y sale a los envíos del periodo que lo esperaban."""
    with transaction.atomic():
        reporte = (
            Reporte.objects.select_for_update(of=("self",))
            .select_related("ayuntamiento")
            .get(pk=reporte_id)
        )
        if reporte.emitido is not None or reporte.estado in (
            EstadoReporte.PENDIENTE,
            EstadoReporte.GENERANDO,
        ):
            if reporte.emitido is None and reporte.oficio_id is None:
                raise ValidationError(
                    "El borrador aún se está generando: revíselo cuando esté listo y emítalo."
                )
            return reporte  # ya emitido, o su emisión está en curso
        if reporte.estado == EstadoReporte.ERROR and reporte.oficio_id is None:
            raise ValidationError(
                "El borrador no se pudo generar: regenérelo y revíselo antes de emitirlo."
            )
        oficio_de_remision(reporte, hoy=hoy, usuario=usuario)
        reporte.emitido_por = usuario
        reporte.estado = EstadoReporte.PENDIENTE
        reporte.encolado = None
        reporte.save(update_fields=["emitido_por", "estado", "encolado"])

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
