"""Operaciones de capacitación que tocan varios modelos: guardar una sesión respetando su
lista de participantes, recalcular sus totales, convocarla por oficio y adjuntar evidencia.

Vistas, importaciones y demo llaman a estas mismas funciones. Validan antes de guardar y
lanzan `ValidationError` con mensajes en español.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q

from organizacion.archivos import validar_archivo
from organizacion.models import Oficio, Sexo, TipoOficio, UnidadAdministrativa, Usuario
from organizacion.servicios import oficio_emitir

from .models import Capacitacion, EvidenciaCapacitacion, Participante, TipoEvidencia

CAMPOS_TOTALES = {
    "mujeres": Sexo.MUJER,
    "hombres": Sexo.HOMBRE,
    "no_identificado": Sexo.NO_IDENTIFICADO,
}


def totales_de_lista(capacitacion: Capacitacion) -> dict[str, int] | None:
    """Los asistentes por sexo según la lista, o None si la sesión no tiene lista."""
    cifras = Participante.objects.filter(capacitacion=capacitacion).aggregate(
        total=Count("pk"),
        **{
            campo: Count("pk", filter=Q(asistio=True, sexo=sexo))
            for campo, sexo in CAMPOS_TOTALES.items()
        },
    )
    if not cifras.pop("total"):
        return None
    return cifras


def capacitacion_recalcular(capacitacion: Capacitacion) -> None:
    """Con lista, los totales son los de la lista; sin ella (se quitó el último
    participante), se conservan los últimos contados y vuelven a poder capturarse."""
    totales = totales_de_lista(capacitacion)
    capacitacion.con_lista = totales is not None
    for campo, valor in (totales or {}).items():
        setattr(capacitacion, campo, valor)
    capacitacion.save(update_fields=["con_lista", *CAMPOS_TOTALES])


def capacitacion_guardar(
    *,
    capacitacion: Capacitacion,
    areas: Iterable[UnidadAdministrativa] | None = None,
    usuario: Usuario | None = None,
) -> Capacitacion:
    """Valida y guarda una sesión. Si tiene lista de participantes, los totales por sexo
    escritos a mano se rechazan: salen de la lista."""
    if capacitacion.pk:
        totales = totales_de_lista(capacitacion)
        if totales is not None and any(
            getattr(capacitacion, campo) != valor for campo, valor in totales.items()
        ):
            raise ValidationError(
                "Esta sesión tiene lista de participantes: los asistentes por sexo se cuentan "
                "de la lista y no se capturan. Corrija la lista."
            )
    capacitacion.full_clean(exclude=["areas"])
    with transaction.atomic():
        if capacitacion.pk is None and usuario is not None:
            capacitacion.registrada_por = usuario
        capacitacion.save()
        if areas is not None:
            capacitacion.areas.set(areas)
    return capacitacion


def participante_guardar(*, participante: Participante) -> Participante:
    """Agrega o corrige a un participante y recalcula los totales de su sesión."""
    participante.ayuntamiento_id = participante.capacitacion.ayuntamiento_id
    participante.full_clean(exclude=["codigo"])
    with transaction.atomic():
        participante.save()
        capacitacion_recalcular(participante.capacitacion)
    return participante


def participante_quitar(*, participante: Participante) -> None:
    capacitacion = participante.capacitacion
    with transaction.atomic():
        participante.delete()
        capacitacion_recalcular(capacitacion)


def capacitacion_convocar(
    *,
    capacitacion: Capacitacion,
    fecha: date,
    destinatario: str,
    asunto: str,
    tipo: str = TipoOficio.CIRCULAR,
    usuario: Usuario | None = None,
) -> Oficio:
    """Emite (con el siguiente número del registro) la circular u oficio que convoca a la
    sesión y lo deja ligado a ella."""
    with transaction.atomic():
        oficio = oficio_emitir(
            ayuntamiento=capacitacion.ayuntamiento,
            fecha=fecha,
            asunto=asunto,
            destinatario=destinatario,
            tipo=tipo,
            emitido_por=usuario,
        )
        capacitacion.oficio = oficio
        capacitacion.save(update_fields=["oficio"])
    return oficio


def evidencia_agregar(
    *,
    capacitacion: Capacitacion,
    archivo: UploadedFile,
    tipo: str = TipoEvidencia.FICHA,
    usuario: Usuario | None = None,
) -> EvidenciaCapacitacion:
    validar_archivo(archivo)
    if tipo not in TipoEvidencia.values:
        raise ValidationError("Tipo de evidencia desconocido.")
    nombre = (archivo.name or "evidencia").rsplit("/", 1)[-1][:200]
    evidencia = EvidenciaCapacitacion(
        ayuntamiento_id=capacitacion.ayuntamiento_id,
        capacitacion=capacitacion,
        tipo=tipo,
        nombre=nombre,
        subida_por=usuario,
    )
    evidencia.archivo.save(nombre, archivo, save=False)
    evidencia.save()
    return evidencia
