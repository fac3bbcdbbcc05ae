"""Operaciones sobre solicitudes, turnos, recursos y denuncias. Las vistas, la importación,
el admin y las tareas llaman a estas funciones; ninguna repite sus reglas.

Cada operación valida antes de guardar (lanza `ValidationError` con un mensaje en español),
corre en una transacción y deja recalculados los campos derivados de la solicitud.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scope

from organizacion.calendario import Calendario, calendario_para
from organizacion.models import (
    Ayuntamiento,
    ConfiguracionPlazos,
    TipoOficio,
    UnidadAdministrativa,
    Usuario,
    hoy_local,
)
from organizacion.servicios import oficio_emitir, siguiente_numero

from .models import (
    ESTADOS_ABIERTOS,
    RESOLUCIONES_CON_CUMPLIMIENTO,
    Adjunto,
    Denuncia,
    Evento,
    MedioRecepcion,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    TipoEvento,
    Turno,
)
from .plazos import AMPLIACION, RECURSO, RESPUESTA_AREA, TURNO, Hecho, Situacion, derivar

# Los campos de Solicitud que escribe solicitud_recalcular.
CAMPOS_DERIVADOS = [
    "estado",
    "vence",
    "fecha_respuesta",
    "tipo_respuesta",
    "en_tiempo",
    "dias_habiles_respuesta",
    "con_prevencion",
    "con_ampliacion",
]
SERIE_FOLIO_INTERNO = "SOLICITUD"


def terminos_de(ayuntamiento: Ayuntamiento) -> dict[str, int]:
    return (
        ConfiguracionPlazos.objects.with_scope(ayuntamiento=ayuntamiento)
        .get(ayuntamiento=ayuntamiento)
        .terminos()
    )


# --- Derivación ----------------------------------------------------------------------------


def hechos_de(solicitud: Solicitud) -> list[Hecho]:
    """Todos los hechos de la solicitud. Usa lo precargado si la consulta hizo prefetch
    (ver `CON_HECHOS`), así recalcular miles de solicitudes no hace una consulta por fila."""
    hechos = [Hecho(e.tipo, e.fecha, e.tipo_respuesta) for e in solicitud.eventos.all()]
    for turno in solicitud.turnos.all():
        hechos.append(Hecho(TURNO, turno.fecha))
        if turno.fecha_respuesta:
            hechos.append(Hecho(RESPUESTA_AREA, turno.fecha_respuesta))
    hechos += [
        Hecho(AMPLIACION, r.fecha)
        for r in solicitud.resoluciones_comite.all()
        if r.aprueba_ampliacion
    ]
    hechos += [Hecho(RECURSO, r.fecha_interposicion) for r in solicitud.recursos.all()]
    return hechos


CON_HECHOS = ["eventos", "turnos", "resoluciones_comite", "recursos"]


def situacion_de(
    solicitud: Solicitud,
    *,
    calendario: Calendario | None = None,
    terminos: dict[str, int] | None = None,
    hoy: date | None = None,
) -> Situacion:
    ayuntamiento = solicitud.ayuntamiento
    return derivar(
        recibida=solicitud.recibida,
        es_arco=solicitud.es_arco,
        hechos=hechos_de(solicitud),
        terminos=terminos or terminos_de(ayuntamiento),
        calendario=calendario or calendario_para(ayuntamiento),
        hoy=hoy or hoy_local(ayuntamiento),
    )


def _aplicar(solicitud: Solicitud, situacion: Situacion) -> bool:
    """Copia la situación a los campos derivados; dice si algo cambió."""
    cambio = False
    for campo in CAMPOS_DERIVADOS:
        valor = getattr(situacion, campo)
        if getattr(solicitud, campo) != valor:
            setattr(solicitud, campo, valor)
            cambio = True
    return cambio


def solicitud_recalcular(*, solicitud: Solicitud) -> Situacion:
    situacion = situacion_de(solicitud)
    if _aplicar(solicitud, situacion):
        solicitud.save(update_fields=CAMPOS_DERIVADOS)
    return situacion


def plazos_recalcular(*, ayuntamiento: Ayuntamiento) -> int:
    """Recalcula los plazos que siguen corriendo: solicitudes abiertas (o con un derecho ARCO
    por hacer efectivo), turnos pendientes y recursos sin resolver. Se llama cuando cambian
    los días inhábiles o los plazos del ayuntamiento, y cada noche (las prevenciones no
    atendidas se desechan solas al vencer). Devuelve cuántas solicitudes cambiaron."""
    calendario = calendario_para(ayuntamiento)
    terminos = terminos_de(ayuntamiento)
    hoy = hoy_local(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento), transaction.atomic():
        abiertas = (
            Solicitud.objects.filter(Q(estado__in=ESTADOS_ABIERTOS) | Q(vence__isnull=False))
            .select_related("ayuntamiento")
            .prefetch_related(*CON_HECHOS)
        )
        cambiadas = [
            s
            for s in abiertas
            if _aplicar(s, situacion_de(s, calendario=calendario, terminos=terminos, hoy=hoy))
        ]
        Solicitud.objects.bulk_update(cambiadas, CAMPOS_DERIVADOS, batch_size=1000)

        turnos = list(Turno.objects.filter(fecha_respuesta__isnull=True))
        for turno in turnos:
            turno.vence = calendario.sumar_dias_habiles(turno.fecha, terminos["dias_turno_area"])
        Turno.objects.bulk_update(turnos, ["vence"], batch_size=1000)

        recursos = list(RecursoRevision.objects.filter(fecha_resolucion__isnull=True))
        for recurso in recursos:
            _plazos_de_recurso(recurso, calendario, terminos)
        RecursoRevision.objects.bulk_update(
            recursos, ["vence_alegatos", "vence_cumplimiento"], batch_size=1000
        )
    return len(cambiadas)


# --- Solicitudes ---------------------------------------------------------------------------


def _validar_fecha(fecha: date, *, solicitud: Solicitud, que: str) -> None:
    if fecha > hoy_local(solicitud.ayuntamiento):
        raise ValidationError(f"{que} no puede estar en el futuro.")
    recibida = recibida_local(solicitud).date()
    if fecha < recibida:
        raise ValidationError(
            f"{que} ({fecha:%d/%m/%Y}) no puede ser anterior a la recepción "
            f"de la solicitud ({recibida:%d/%m/%Y})."
        )


def recibida_local(solicitud: Solicitud) -> datetime:
    """La fecha y hora de recepción en la zona horaria del ayuntamiento."""
    return timezone.localtime(solicitud.recibida, ZoneInfo(solicitud.ayuntamiento.zona_horaria))


def _adjuntar(
    archivos: Iterable[UploadedFile],
    *,
    solicitud: Solicitud,
    usuario: Usuario | None,
    evento: Evento | None = None,
    turno: Turno | None = None,
) -> None:
    for archivo in archivos:
        adjunto = Adjunto(
            ayuntamiento=solicitud.ayuntamiento,
            solicitud=solicitud,
            evento=evento,
            turno=turno,
            nombre=archivo.name or "archivo",
            subido_por=usuario,
            # El escrito de quien solicita y lo que la Unidad le dirige llevan sus datos; la
            # respuesta de un área, por omisión, no (la Unidad puede marcarla).
            datos_personales=turno is None,
        )
        adjunto.archivo.save(archivo.name or "archivo", archivo, save=False)
        adjunto.save()


def solicitud_registrar(
    *,
    solicitud: Solicitud,
    registrada_por: Usuario | None = None,
    archivos: Sequence[UploadedFile] = (),
) -> Solicitud:
    """Registra una solicitud nueva (aún sin guardar). Sin folio, le asigna uno interno
    consecutivo por año: «INT-2024-00007»."""
    ayuntamiento = solicitud.ayuntamiento
    if solicitud.recibida > timezone.now():
        raise ValidationError({"recibida": "La fecha de recepción no puede estar en el futuro."})
    solicitud.folio = solicitud.folio.strip()
    if not solicitud.folio and solicitud.medio == MedioRecepcion.PNT:
        raise ValidationError({"folio": "Una solicitud recibida por la PNT lleva su folio."})
    solicitud.registrada_por = registrada_por
    with transaction.atomic():
        if not solicitud.folio:
            anio = recibida_local(solicitud).year
            numero = siguiente_numero(
                ayuntamiento=ayuntamiento, anio=anio, serie=SERIE_FOLIO_INTERNO
            )
            solicitud.folio = f"INT-{anio}-{numero:05d}"
            solicitud.folio_interno = True
        solicitud.full_clean(exclude=["registrada_por"])
        solicitud.save()
        _adjuntar(archivos, solicitud=solicitud, usuario=registrada_por)
        solicitud_recalcular(solicitud=solicitud)
    return solicitud


def evento_registrar(
    *,
    solicitud: Solicitud,
    tipo: str,
    fecha: date,
    detalle: str = "",
    tipo_respuesta: str = "",
    modalidad_entrega: str = "",
    registrado_por: Usuario | None = None,
    archivos: Sequence[UploadedFile] = (),
) -> Evento:
    _validar_fecha(fecha, solicitud=solicitud, que=f"La fecha de «{TipoEvento(tipo).label}»")
    calendario = calendario_para(solicitud.ayuntamiento)
    terminos = terminos_de(solicitud.ayuntamiento)
    situacion = situacion_de(solicitud, calendario=calendario, terminos=terminos)
    eventos = {e.tipo: e for e in solicitud.eventos.all()}
    if tipo in eventos:
        raise ValidationError(
            f"La solicitud ya tiene registrado «{TipoEvento(tipo).label}» "
            f"el {eventos[tipo].fecha:%d/%m/%Y}."
        )
    prevencion = eventos.get(TipoEvento.PREVENCION)
    respuesta = eventos.get(TipoEvento.RESPUESTA)
    if tipo == TipoEvento.PREVENCION:
        if respuesta:
            raise ValidationError("La solicitud ya fue respondida: no se puede prevenir.")
        dias = terminos["dias_arco_prevencion" if solicitud.es_arco else "dias_prevencion"]
        limite = calendario.sumar_dias_habiles(situacion.recepcion_efectiva, dias)
        if fecha > limite:
            raise ValidationError(
                f"La prevención debe enviarse dentro de los primeros {dias} días hábiles "
                f"(a más tardar el {limite:%d/%m/%Y})."
            )
    elif tipo in (TipoEvento.PREVENCION_ATENDIDA, TipoEvento.PREVENCION_NO_ATENDIDA):
        if prevencion is None:
            raise ValidationError("No hay una prevención registrada.")
        if fecha < prevencion.fecha:
            raise ValidationError("La fecha no puede ser anterior a la prevención.")
        otro = (
            TipoEvento.PREVENCION_NO_ATENDIDA
            if tipo == TipoEvento.PREVENCION_ATENDIDA
            else TipoEvento.PREVENCION_ATENDIDA
        )
        if otro in eventos:
            raise ValidationError("La prevención ya tiene registrado su desenlace.")
    elif tipo == TipoEvento.RESPUESTA:
        if not tipo_respuesta:
            raise ValidationError({"tipo_respuesta": "Indique el tipo de respuesta."})
    elif tipo == TipoEvento.ENTREGA:
        if respuesta is None:
            raise ValidationError("Primero registre la respuesta.")
        if fecha < respuesta.fecha:
            raise ValidationError("La entrega no puede ser anterior a la respuesta.")
    if tipo != TipoEvento.RESPUESTA:
        tipo_respuesta = ""
    with transaction.atomic():
        evento = Evento.objects.create(
            ayuntamiento=solicitud.ayuntamiento,
            solicitud=solicitud,
            tipo=tipo,
            fecha=fecha,
            detalle=detalle,
            tipo_respuesta=tipo_respuesta,
            modalidad_entrega=modalidad_entrega,
            registrado_por=registrado_por,
        )
        _adjuntar(archivos, solicitud=solicitud, usuario=registrado_por, evento=evento)
        solicitud_recalcular(solicitud=solicitud)
    return evento


def comite_resolver(
    *,
    solicitud: Solicitud,
    sesion: str,
    numero_acta: str,
    tipo: str,
    sentido: str,
    fecha: date,
) -> ResolucionComite:
    _validar_fecha(fecha, solicitud=solicitud, que="La fecha de la resolución")
    resolucion = ResolucionComite(
        ayuntamiento=solicitud.ayuntamiento,
        solicitud=solicitud,
        sesion=sesion,
        numero_acta=numero_acta,
        tipo=tipo,
        sentido=sentido,
        fecha=fecha,
    )
    if resolucion.aprueba_ampliacion:
        situacion = situacion_de(solicitud)
        if situacion.con_ampliacion:
            raise ValidationError("El plazo ya se amplió una vez; la ley no permite otra.")
        if situacion.fecha_respuesta:
            raise ValidationError("La solicitud ya fue respondida: no hay plazo que ampliar.")
        original = situacion.plazo("respuesta")
        if original is None or fecha > original.vence:
            vence = f" ({original.vence:%d/%m/%Y})" if original else ""
            raise ValidationError(
                f"La ampliación debe aprobarse antes de que venza el plazo original{vence}."
            )
    with transaction.atomic():
        resolucion.save()
        solicitud_recalcular(solicitud=solicitud)
    return resolucion


# --- Turnos --------------------------------------------------------------------------------


def solicitud_turnar(
    *,
    solicitud: Solicitud,
    areas: Sequence[UnidadAdministrativa],
    fecha: date,
    instrucciones: str = "",
    emitido_por: Usuario | None = None,
) -> list[Turno]:
    """Turna la solicitud a una o más áreas: un oficio de turno numerado por área."""
    _validar_fecha(fecha, solicitud=solicitud, que="La fecha del turno")
    if not solicitud.abierta:
        raise ValidationError("La solicitud ya concluyó: no se puede turnar.")
    if not areas:
        raise ValidationError({"areas": "Elija al menos un área."})
    ya_turnadas = set(solicitud.turnos.values_list("unidad_administrativa_id", flat=True))
    repetidas = [a.nombre for a in areas if a.pk in ya_turnadas]
    if repetidas:
        raise ValidationError(f"La solicitud ya se turnó a: {', '.join(repetidas)}.")
    ayuntamiento = solicitud.ayuntamiento
    vence = calendario_para(ayuntamiento).sumar_dias_habiles(
        fecha, terminos_de(ayuntamiento)["dias_turno_area"]
    )
    turnos = []
    with transaction.atomic():
        for area in areas:
            oficio = oficio_emitir(
                ayuntamiento=ayuntamiento,
                fecha=fecha,
                tipo=TipoOficio.TURNO,
                asunto=f"Turno de la solicitud {solicitud.folio}",
                destinatario=area.responsable or area.nombre,
                cargo_destinatario=area.cargo_responsable or area.nombre,
                emitido_por=emitido_por,
            )
            turnos.append(
                Turno.objects.create(
                    ayuntamiento=ayuntamiento,
                    solicitud=solicitud,
                    unidad_administrativa=area,
                    fecha=fecha,
                    vence=vence,
                    oficio=oficio,
                    instrucciones=instrucciones,
                )
            )
        solicitud_recalcular(solicitud=solicitud)
    return turnos


def turno_responder(
    *,
    turno: Turno,
    fecha: date,
    respuesta: str,
    no_competente: bool = False,
    respondido_por: Usuario | None = None,
    archivos: Sequence[UploadedFile] = (),
) -> Turno:
    """El área responde su turno (o declara no ser competente) con un oficio numerado en la
    serie del área (sus siglas), o en la de la Unidad si el área no tiene siglas."""
    solicitud = turno.solicitud
    if not turno.pendiente:
        raise ValidationError("Este turno ya fue respondido.")
    if fecha < turno.fecha:
        raise ValidationError("La respuesta no puede ser anterior al turno.")
    _validar_fecha(fecha, solicitud=solicitud, que="La fecha de la respuesta del área")
    if not respuesta.strip():
        raise ValidationError({"respuesta": "Escriba la respuesta del área."})
    area = turno.unidad_administrativa
    with transaction.atomic():
        turno.oficio_respuesta = oficio_emitir(
            ayuntamiento=turno.ayuntamiento,
            fecha=fecha,
            tipo=TipoOficio.RESPUESTA,
            serie=area.siglas or None,
            asunto=f"Respuesta al turno de la solicitud {solicitud.folio}",
            destinatario="Unidad de Transparencia",
            emitido_por=respondido_por,
        )
        turno.fecha_respuesta = fecha
        turno.respuesta = respuesta.strip()
        turno.no_competente = no_competente
        turno.respondido_por = respondido_por
        turno.save()
        _adjuntar(archivos, solicitud=solicitud, usuario=respondido_por, turno=turno)
        solicitud_recalcular(solicitud=solicitud)
    return turno


# --- Recursos y denuncias ------------------------------------------------------------------


def _plazos_de_recurso(
    recurso: RecursoRevision, calendario: Calendario, terminos: dict[str, int]
) -> None:
    recurso.vence_alegatos = (
        calendario.sumar_dias_habiles(recurso.fecha_notificacion, terminos["dias_alegatos"])
        if recurso.fecha_notificacion
        else None
    )
    recurso.vence_cumplimiento = (
        calendario.sumar_dias_habiles(
            recurso.fecha_resolucion, terminos["dias_cumplimiento_resolucion"]
        )
        if recurso.fecha_resolucion and recurso.resolucion in RESOLUCIONES_CON_CUMPLIMIENTO
        else None
    )


def recurso_guardar(*, recurso: RecursoRevision) -> RecursoRevision:
    """Valida el orden de las fechas, deriva los plazos de alegatos y cumplimiento, guarda
    y actualiza la solicitud recurrida (queda «en recurso»)."""
    errores = {}
    orden = [
        ("fecha_interposicion", "de la interposición"),
        ("fecha_notificacion", "de la notificación"),
        ("fecha_alegatos", "de los alegatos"),
        ("fecha_resolucion", "de la resolución"),
        ("fecha_cumplimiento", "del cumplimiento"),
    ]
    anterior: tuple[date, str] | None = None
    hoy = hoy_local(recurso.ayuntamiento)
    for campo, nombre in orden:
        valor = getattr(recurso, campo)
        if valor is None:
            continue
        if valor > hoy:
            errores[campo] = f"La fecha {nombre} no puede estar en el futuro."
        elif anterior and valor < anterior[0]:
            errores[campo] = f"La fecha {nombre} no puede ser anterior a la {anterior[1]}."
        anterior = (valor, nombre)
    if recurso.resolucion and not recurso.fecha_resolucion:
        errores["fecha_resolucion"] = "Indique la fecha de la resolución."
    if recurso.fecha_resolucion and not recurso.resolucion:
        errores["resolucion"] = "Indique el sentido de la resolución."
    if errores:
        raise ValidationError(errores)
    _plazos_de_recurso(
        recurso, calendario_para(recurso.ayuntamiento), terminos_de(recurso.ayuntamiento)
    )
    with transaction.atomic():
        anterior_solicitud = (
            RecursoRevision.objects.filter(pk=recurso.pk)
            .values_list("solicitud", flat=True)
            .first()
            if recurso.pk
            else None
        )
        recurso.full_clean()
        recurso.save()
        for solicitud in Solicitud.objects.filter(
            pk__in=[pk for pk in (recurso.solicitud_id, anterior_solicitud) if pk]
        ).select_related("ayuntamiento"):
            solicitud_recalcular(solicitud=solicitud)
    return recurso


def recurso_oficio_emitir(
    *,
    recurso: RecursoRevision,
    tipo: str,
    fecha: date,
    asunto: str,
    destinatario: str,
    emitido_por: Usuario | None = None,
):
    """Oficio de turno, de respuesta o notificación dentro de un recurso (seed 003 los cuenta)."""
    with transaction.atomic():
        oficio = oficio_emitir(
            ayuntamiento=recurso.ayuntamiento,
            fecha=fecha,
            tipo=tipo,
            asunto=asunto,
            destinatario=destinatario,
            emitido_por=emitido_por,
        )
        recurso.oficios.add(oficio)
    return oficio


def denuncia_requerir(
    *,
    denuncia: Denuncia,
    areas: Sequence[UnidadAdministrativa],
    fecha: date,
    emitido_por: Usuario | None = None,
) -> list:
    """Requiere a las áreas que publiquen lo denunciado: un oficio de requerimiento por área."""
    if not areas:
        raise ValidationError({"areas": "Elija al menos un área."})
    if fecha < denuncia.fecha:
        raise ValidationError("El requerimiento no puede ser anterior a la denuncia.")
    oficios = []
    with transaction.atomic():
        for area in areas:
            oficio = oficio_emitir(
                ayuntamiento=denuncia.ayuntamiento,
                fecha=fecha,
                tipo=TipoOficio.REQUERIMIENTO,
                asunto=f"Requerimiento por la denuncia {denuncia.expediente} "
                f"(art. {denuncia.articulo} {denuncia.fraccion})".strip(),
                destinatario=area.responsable or area.nombre,
                cargo_destinatario=area.cargo_responsable or area.nombre,
                emitido_por=emitido_por,
            )
            oficios.append(oficio)
        denuncia.oficios.add(*oficios)
        denuncia.areas.add(*areas)
    return oficios
