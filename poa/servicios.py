"""Lo que cambia un POA. Vistas, importación, demo y admin llaman a estas funciones; todas
validan antes de guardar y lanzan ValidationError con mensajes en español."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from organizacion.archivos import validar_archivo
from organizacion.models import Usuario

from .fuentes import FUENTES
from .models import (
    NOMBRE_MES,
    Actividad,
    Anexo,
    Avance,
    EstadoAvance,
    EstadoPlan,
    Justificacion,
    Objetivo,
    Plan,
)


def _validar(objeto) -> None:
    objeto.full_clean()


@transaction.atomic
def plan_guardar(*, plan: Plan) -> Plan:
    """Alta o cambio de los datos generales de un plan (sólo en borrador)."""
    if plan.pk:
        Plan.objects.select_for_update().get(pk=plan.pk).exigir_borrador()
    else:
        plan.estado = EstadoPlan.BORRADOR
    _validar(plan)
    plan.save()
    return plan


@transaction.atomic
def plan_aprobar(*, plan: Plan, usuario: Usuario | None) -> Plan:
    if plan.aprobado:
        raise ValidationError("El plan ya estaba aprobado.")
    if not plan.actividades.exists():
        raise ValidationError("Un plan sin actividades no se puede aprobar.")
    plan.estado = EstadoPlan.APROBADO
    plan.aprobado_el = timezone.now()
    plan.aprobado_por = usuario
    plan.save()
    return plan


@transaction.atomic
def plan_reabrir(*, plan: Plan, motivo: str) -> Plan:
    """Vuelve el plan a borrador; el motivo queda en la bitácora del plan."""
    motivo = motivo.strip()
    if not plan.aprobado:
        raise ValidationError("El plan no está aprobado: no hay nada que reabrir.")
    if len(motivo) < 10:
        raise ValidationError(
            {"motivo": "Explique el motivo de la reapertura (al menos 10 letras)."}
        )
    plan.estado = EstadoPlan.BORRADOR
    plan.motivo_reapertura = motivo
    plan.save()
    return plan


@transaction.atomic
def objetivo_guardar(*, objetivo: Objetivo) -> Objetivo:
    objetivo.plan.exigir_borrador()
    objetivo.ayuntamiento_id = objetivo.plan.ayuntamiento_id
    _validar(objetivo)
    objetivo.save()
    return objetivo


@transaction.atomic
def actividad_guardar(*, actividad: Actividad) -> Actividad:
    actividad.plan = actividad.objetivo.plan
    actividad.plan.exigir_borrador()
    actividad.ayuntamiento_id = actividad.plan.ayuntamiento_id
    if actividad.fuente in FUENTES and actividad.formula != FUENTES[actividad.fuente][1]:
        raise ValidationError(
            {"fuente": "Esa fuente automática da un porcentaje: elija la fórmula de porcentaje."}
            if FUENTES[actividad.fuente][1] == "porcentaje"
            else {"fuente": "Esa fuente automática da una cantidad: elija la fórmula de conteo."}
        )
    _validar(actividad)
    actividad.meses = sorted(set(actividad.meses))
    actividad.save()
    return actividad


@dataclass
class Captura:
    valor: Decimal | None = None
    numerador: Decimal | None = None
    denominador: Decimal | None = None
    mujeres: int | None = None
    hombres: int | None = None
    no_identificado: int | None = None
    narrativa: str = ""


def _validar_captura(actividad: Actividad, mes: int, captura: Captura) -> None:
    errores: dict[str, str] = {}
    if not 1 <= mes <= 12:
        raise ValidationError("El mes debe ser del 1 al 12.")
    if not actividad.mes_en_fechas(mes):
        raise ValidationError(
            f"{NOMBRE_MES[mes]} está fuera de las fechas de la actividad "
            f"({NOMBRE_MES[actividad.fecha_inicio.month].lower()} a "
            f"{NOMBRE_MES[actividad.fecha_fin.month].lower()})."
        )
    for campo in ("valor", "numerador", "denominador", "mujeres", "hombres", "no_identificado"):
        numero = getattr(captura, campo)
        if numero is not None and numero < 0:
            errores[campo] = "No puede ser negativo."
    if actividad.es_porcentaje:
        if captura.denominador is None or captura.numerador is None:
            errores["denominador"] = (
                "Un indicador de porcentaje se captura con numerador y denominador."
            )
        elif captura.denominador == 0:
            errores["denominador"] = "El denominador no puede ser cero."
        elif captura.numerador > captura.denominador and actividad.sentido == "ascendente":
            errores["numerador"] = "El numerador no puede ser mayor que el denominador."
    elif captura.valor is None:
        errores["valor"] = "Indique el valor alcanzado en el mes."
    if errores:
        raise ValidationError(errores)


@transaction.atomic
def avance_capturar(
    *,
    actividad: Actividad,
    mes: int,
    captura: Captura,
    usuario: Usuario | None,
    archivos: list[UploadedFile] | None = None,
    automatico: bool = False,
) -> Avance:
    """Guarda (o corrige) el avance de un mes. Un avance devuelto vuelve a «capturado»."""
    if actividad.es_automatica and not automatico:
        raise ValidationError(
            "El avance de esta actividad se calcula desde los datos del sistema; no se captura."
        )
    _validar_captura(actividad, mes, captura)
    for archivo in archivos or []:
        validar_archivo(archivo)
    porcentaje = actividad.es_porcentaje
    avance, _ = Avance.objects.select_for_update().get_or_create(
        actividad=actividad, mes=mes, defaults={"ayuntamiento_id": actividad.ayuntamiento_id}
    )
    avance.valor = None if porcentaje else captura.valor
    avance.numerador_valor = captura.numerador if porcentaje else None
    avance.denominador_valor = captura.denominador if porcentaje else None
    if actividad.por_sexo:
        avance.mujeres = captura.mujeres
        avance.hombres = captura.hombres
        avance.no_identificado = captura.no_identificado
    avance.narrativa = captura.narrativa.strip()
    avance.estado = EstadoAvance.CAPTURADO
    avance.automatico = automatico
    avance.capturado_por = usuario
    avance.save()
    for archivo in archivos or []:
        Anexo.objects.create(
            ayuntamiento_id=actividad.ayuntamiento_id,
            avance=avance,
            archivo=archivo,
            nombre_archivo=(archivo.name or "evidencia")[:200],
            subido_por=usuario,
        )
    return avance


@transaction.atomic
def avance_devolver(*, avance: Avance, comentario: str) -> Avance:
    comentario = comentario.strip()
    if not comentario:
        raise ValidationError({"comentario": "Diga qué hay que corregir."})
    avance.estado = EstadoAvance.DEVUELTO
    avance.comentario_revision = comentario
    avance.save()
    return avance


@transaction.atomic
def justificacion_guardar(
    *, actividad: Actividad, trimestre: int, texto: str, usuario: Usuario | None
) -> Justificacion:
    texto = texto.strip()
    if not 1 <= trimestre <= 4:
        raise ValidationError("El trimestre debe ser del 1 al 4.")
    if not texto:
        raise ValidationError({"texto": "Escriba la justificación de la variación."})
    justificacion, _ = Justificacion.objects.update_or_create(
        actividad=actividad,
        trimestre=trimestre,
        defaults={
            "ayuntamiento_id": actividad.ayuntamiento_id,
            "texto": texto,
            "capturada_por": usuario,
        },
    )
    return justificacion


def _mismo_dia(fecha: date, anio: int) -> date:
    # El 29 de febrero pasa al 28 en un año común.
    return fecha.replace(year=anio, day=min(fecha.day, calendar.monthrange(anio, fecha.month)[1]))


@transaction.atomic
def plan_copiar(*, origen: Plan, anio: int) -> Plan:
    """Un plan nuevo en borrador con la estructura y las metas de `origen`, sin avances."""
    if Plan.objects.filter(
        anio=anio, unidad_administrativa_id=origen.unidad_administrativa_id
    ).exists():
        raise ValidationError(f"Ya existe un POA {anio} para esa unidad; no se copió nada.")
    nuevo = Plan.objects.get(pk=origen.pk)
    nuevo.pk = None
    nuevo.anio = anio
    nuevo.titulo = origen.titulo.replace(str(origen.anio), str(anio))
    nuevo.estado = EstadoPlan.BORRADOR
    nuevo.aprobado_el = None
    nuevo.aprobado_por = None
    nuevo.motivo_reapertura = ""
    nuevo.save()
    for objetivo in origen.objetivos.prefetch_related("actividades"):
        actividades = list(objetivo.actividades.all())
        objetivo.pk = None
        objetivo.plan = nuevo
        objetivo.save()
        for actividad in actividades:
            actividad.pk = None
            actividad.plan = nuevo
            actividad.objetivo = objetivo
            actividad.fecha_inicio = _mismo_dia(actividad.fecha_inicio, anio)
            actividad.fecha_fin = _mismo_dia(actividad.fecha_fin, anio)
            actividad.save()
    return nuevo


@transaction.atomic
def actividad_automatica_actualizar(*, actividad: Actividad, hasta: date) -> int:
    """Recalcula los avances mensuales de una actividad automática hasta el mes de `hasta`
    (inclusive) desde su fuente. Devuelve cuántos meses escribió."""
    if not actividad.es_automatica:
        raise ValidationError("La actividad se captura a mano; no tiene fuente automática.")
    funcion, _ = FUENTES[actividad.fuente]
    anio = actividad.plan.anio
    ultimo = min(actividad.fecha_fin.month, hasta.month if hasta.year == anio else 12)
    if hasta.year < anio:
        return 0
    escritos = 0
    for mes in range(actividad.fecha_inicio.month, ultimo + 1):
        desde = date(anio, mes, 1)
        fin = date(anio, mes, calendar.monthrange(anio, mes)[1])
        medicion = funcion(actividad.ayuntamiento, desde, fin)
        if medicion.valor is None and medicion.denominador is None:
            Avance.objects.filter(actividad=actividad, mes=mes, automatico=True).delete()
            continue
        avance_capturar(
            actividad=actividad,
            mes=mes,
            captura=Captura(
                valor=medicion.valor,
                numerador=medicion.numerador,
                denominador=medicion.denominador,
                mujeres=medicion.mujeres,
                hombres=medicion.hombres,
                no_identificado=medicion.no_identificado,
                narrativa=f"Calculado desde el sistema el {timezone.localdate():%d/%m/%Y}.",
            ),
            usuario=None,
            automatico=True,
        )
        escritos += 1
    return escritos
