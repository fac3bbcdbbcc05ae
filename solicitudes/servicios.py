"""Operaciones sobre solicitudes, turnos, recursos y denuncias. Las vistas, la importación,
el admin y las tareas llaman a estas funciones; ninguna repite sus reglas.

Cada operación valida antes de guardar (lanza `ValidationError` con un mensaje en español),
corre en una transacción y deja recalculados los campos derivados de la solicitud.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_scopes import scope

from organizacion.calendario import Calendario, calendario_para
from organizacion.models import (
    TERMINOS,
    Ayuntamiento,
    ConfiguracionPlazos,
    Plazo,
    Procedimiento,
    TipoExpediente,
    TipoOficio,
    UnidadAdministrativa,
    Usuario,
    hoy_local,
)
from organizacion.plazos import (
    PlazoCalculado,
    congelados_de,
    plazos_descongelar,
    plazos_guardar,
)
from organizacion.servicios import oficio_emitir, siguiente_numero

from .models import (
    ESTADOS_ABIERTOS,
    EVENTOS_DEL_SOLICITANTE,
    RESOLUCIONES_CON_CUMPLIMIENTO,
    Adjunto,
    Denuncia,
    Evento,
    MedioRecepcion,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    TipoEvento,
    TipoRespuesta,
    Turno,
)
from .plazos import (
    AMPLIACION,
    RECURSO,
    RESPUESTA_AREA,
    TURNO,
    DatosDenuncia,
    DatosRecurso,
    DatosSolicitud,
    Hecho,
    Reglas,
    Situacion,
    derivar,
    derivar_denuncia,
    derivar_recurso,
    derivar_turno,
    recibido_del_solicitante,
)

SERIE_FOLIO_INTERNO = "SOLICITUD"


def reglas_de(ayuntamiento: Ayuntamiento) -> Reglas:
    """Los días y el artículo de cada plazo del ayuntamiento (una consulta)."""
    configuracion = ConfiguracionPlazos.objects.with_scope(ayuntamiento=ayuntamiento).get(
        ayuntamiento=ayuntamiento
    )
    return Reglas(
        configuracion.terminos(), {t.campo: configuracion.fundamento(t.campo) for t in TERMINOS}
    )


def terminos_de(ayuntamiento: Ayuntamiento) -> dict[str, int]:
    return dict(reglas_de(ayuntamiento).dias)


# --- Derivación: el único escritor de lo derivado ---------------------------------------------


def hechos_de(solicitud: Solicitud) -> list[Hecho]:
    """Todos los hechos de la solicitud. Usa lo precargado si la consulta hizo prefetch
    (ver `CON_HECHOS`), así recalcular miles de solicitudes no hace una consulta por fila."""
    hechos = [Hecho(e.tipo, e.fecha, e.tipo_respuesta, e.hora) for e in solicitud.eventos.all()]
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


def datos_de(solicitud: Solicitud) -> DatosSolicitud:
    return DatosSolicitud(
        recibida=solicitud.recibida,
        es_arco=solicitud.es_arco,
        requiere_captura_pnt=solicitud.medio != MedioRecepcion.PNT,
        capturada_pnt=solicitud.capturada_pnt,
    )


def _recepcion_guardada(solicitud: Solicitud) -> tuple[date, str] | None:
    if solicitud.recepcion_efectiva is None:
        return None
    return solicitud.recepcion_efectiva, solicitud.motivo_recepcion


def situacion_de(
    solicitud: Solicitud,
    *,
    calendario: Calendario | None = None,
    reglas: Reglas | None = None,
    hoy: date | None = None,
    congelados: Mapping[str, PlazoCalculado] | None = None,
) -> Situacion:
    """La derivación de la solicitud con el calendario de hoy y sus plazos congelados (los
    de la tabla, si no se pasan): lo que `solicitudes_derivar` guardaría."""
    ayuntamiento = solicitud.ayuntamiento
    if congelados is None:
        congelados = congelados_de(ayuntamiento, TipoExpediente.SOLICITUD, [solicitud.pk]).get(
            solicitud.pk, {}
        )
    return derivar(
        datos=datos_de(solicitud),
        hechos=hechos_de(solicitud),
        reglas=reglas or reglas_de(ayuntamiento),
        calendario=calendario or calendario_para(ayuntamiento, Procedimiento.SOLICITUDES),
        hoy=hoy or hoy_local(ayuntamiento),
        congelados=congelados,
        recepcion_fija=_recepcion_guardada(solicitud),
    )


def _aplicar(objeto, valores: Mapping[str, object]) -> bool:
    """Copia los valores derivados al objeto; dice si algo cambió."""
    cambio = False
    for campo, valor in valores.items():
        if getattr(objeto, campo) != valor:
            setattr(objeto, campo, valor)
            cambio = True
    return cambio


def solicitudes_derivar(
    *,
    ayuntamiento: Ayuntamiento,
    solicitudes: Iterable[Solicitud],
    hoy: date | None = None,
    descongelar: bool = False,
) -> int:
    """El único escritor de lo que se deriva de una solicitud: su estado y sus fechas
    derivadas, sus plazos (tabla `Plazo`) y los de sus turnos (el plazo del área y su
    cierre cuando la solicitud concluye). Lo llaman los servicios, la importación, el
    admin, la demo, el generador de pruebas de carga y el recálculo nocturno. Con
    `descongelar` (cambiaron los hechos mismos: la recepción, un evento anulado) todo se
    vuelve a contar. Las solicitudes deben traer `CON_HECHOS` precargado. Devuelve cuántas
    solicitudes cambiaron."""
    solicitudes = list(solicitudes)
    if not solicitudes:
        return 0
    calendario = calendario_para(ayuntamiento, Procedimiento.SOLICITUDES)
    reglas = reglas_de(ayuntamiento)
    hoy = hoy or hoy_local(ayuntamiento)
    turnos = [t for s in solicitudes for t in s.turnos.all()]
    with transaction.atomic():
        if descongelar:
            plazos_descongelar(
                ayuntamiento=ayuntamiento,
                tipo=TipoExpediente.SOLICITUD,
                ids=[s.pk for s in solicitudes],
            )
            plazos_descongelar(
                ayuntamiento=ayuntamiento, tipo=TipoExpediente.TURNO, ids=[t.pk for t in turnos]
            )
            for solicitud in solicitudes:
                solicitud.recepcion_efectiva = None
        congelados = congelados_de(
            ayuntamiento, TipoExpediente.SOLICITUD, [s.pk for s in solicitudes]
        )
        congelados_turnos = congelados_de(
            ayuntamiento, TipoExpediente.TURNO, [t.pk for t in turnos]
        )
        plazos: dict[int, list[PlazoCalculado]] = {}
        plazos_turnos: dict[int, list[PlazoCalculado]] = {}
        cambiadas, turnos_cambiados = [], []
        for solicitud in solicitudes:
            situacion = derivar(
                datos=datos_de(solicitud),
                hechos=hechos_de(solicitud),
                reglas=reglas,
                calendario=calendario,
                hoy=hoy,
                congelados=congelados.get(solicitud.pk, {}),
                recepcion_fija=_recepcion_guardada(solicitud),
            )
            plazos[solicitud.pk] = situacion.plazos
            if _aplicar(solicitud, {c: getattr(situacion, c) for c in Solicitud.CAMPOS_DERIVADOS}):
                cambiadas.append(solicitud)
            for turno in solicitud.turnos.all():
                plazo, cerrado, motivo = derivar_turno(
                    fecha=turno.fecha,
                    respondido=turno.fecha_respuesta,
                    retirado=turno.retirado,
                    motivo_retiro=turno.motivo_retiro,
                    solicitud=situacion,
                    reglas=reglas,
                    calendario=calendario,
                    congelados=congelados_turnos.get(turno.pk, {}),
                )
                plazos_turnos[turno.pk] = [plazo]
                # Un turno ya concluido conserva su cierre, como su plazo.
                derivados: dict[str, object] = {"vence": plazo.vence}
                if not plazo.congelado:
                    derivados |= {"cerrado": cerrado, "motivo_cierre": motivo}
                if _aplicar(turno, derivados):
                    turnos_cambiados.append(turno)
        Solicitud.objects.with_scope(ayuntamiento=ayuntamiento).bulk_update(
            cambiadas, Solicitud.CAMPOS_DERIVADOS, batch_size=1000
        )
        Turno.objects.with_scope(ayuntamiento=ayuntamiento).bulk_update(
            turnos_cambiados, Turno.CAMPOS_DERIVADOS, batch_size=1000
        )
        plazos_guardar(
            ayuntamiento=ayuntamiento,
            tipo=TipoExpediente.SOLICITUD,
            calculados=plazos,
            calendario=calendario,
        )
        plazos_guardar(
            ayuntamiento=ayuntamiento,
            tipo=TipoExpediente.TURNO,
            calculados=plazos_turnos,
            calendario=calendario,
        )
    return len(cambiadas)


def solicitud_derivar(*, solicitud: Solicitud, descongelar: bool = False) -> None:
    """`solicitudes_derivar` para una: relee sus hechos (los que el servicio acaba de
    guardar) y deja el resultado también en el objeto que se pasó."""
    fresca = (
        Solicitud.objects.with_scope(ayuntamiento=solicitud.ayuntamiento)
        .select_related("ayuntamiento")
        .prefetch_related(*CON_HECHOS)
        .get(pk=solicitud.pk)
    )
    solicitudes_derivar(
        ayuntamiento=solicitud.ayuntamiento, solicitudes=[fresca], descongelar=descongelar
    )
    for campo in Solicitud.CAMPOS_DERIVADOS:
        setattr(solicitud, campo, getattr(fresca, campo))


def _datos_de_recurso(recurso: RecursoRevision) -> DatosRecurso:
    return DatosRecurso(
        interposicion=recurso.fecha_interposicion,
        admision=recurso.fecha_admision,
        notificacion=recurso.fecha_notificacion,
        alegatos=recurso.fecha_alegatos,
        ampliacion_resolucion=recurso.fecha_ampliacion_resolucion,
        resolucion=recurso.resolucion,
        fecha_resolucion=recurso.fecha_resolucion,
        notificacion_resolucion=recurso.fecha_notificacion_resolucion,
        prorroga_solicitada=recurso.fecha_prorroga_solicitada,
        dias_prorroga=recurso.dias_prorroga,
        cumplimiento=recurso.fecha_cumplimiento,
        informe_cumplimiento=recurso.fecha_informe_cumplimiento,
    )


def recursos_derivar(
    *,
    ayuntamiento: Ayuntamiento,
    recursos: Iterable[RecursoRevision],
    hoy: date | None = None,
    descongelar: bool = False,
) -> None:
    """El único escritor de los plazos de los recursos (y de sus vencimientos guardados)."""
    recursos = list(recursos)
    if not recursos:
        return
    calendario = calendario_para(ayuntamiento, Procedimiento.RECURSOS)
    reglas = reglas_de(ayuntamiento)
    hoy = hoy or hoy_local(ayuntamiento)
    with transaction.atomic():
        if descongelar:
            plazos_descongelar(
                ayuntamiento=ayuntamiento,
                tipo=TipoExpediente.RECURSO,
                ids=[r.pk for r in recursos],
            )
        congelados = congelados_de(ayuntamiento, TipoExpediente.RECURSO, [r.pk for r in recursos])
        plazos, cambiados = {}, []
        for recurso in recursos:
            lista = derivar_recurso(
                datos=_datos_de_recurso(recurso),
                reglas=reglas,
                calendario=calendario,
                hoy=hoy,
                congelados=congelados.get(recurso.pk, {}),
            )
            plazos[recurso.pk] = lista
            vence = {p.clave: p.vence for p in lista}
            if _aplicar(
                recurso,
                {
                    "vence_alegatos": vence.get("alegatos"),
                    "vence_cumplimiento": vence.get("cumplimiento"),
                },
            ):
                cambiados.append(recurso)
        RecursoRevision.objects.with_scope(ayuntamiento=ayuntamiento).bulk_update(
            cambiados, RecursoRevision.CAMPOS_DERIVADOS, batch_size=1000
        )
        plazos_guardar(
            ayuntamiento=ayuntamiento,
            tipo=TipoExpediente.RECURSO,
            calculados=plazos,
            calendario=calendario,
        )


def _datos_de_denuncia(denuncia: Denuncia) -> DatosDenuncia:
    return DatosDenuncia(
        notificacion=denuncia.fecha,
        presentacion=denuncia.fecha_presentacion,
        admision=denuncia.fecha_admision,
        informe=denuncia.fecha_informe,
        requerimiento_complementario=denuncia.fecha_requerimiento_complementario,
        informe_complementario=denuncia.fecha_informe_complementario,
        resolucion=denuncia.resolucion,
        fecha_resolucion=denuncia.fecha_resolucion,
        notificacion_resolucion=denuncia.fecha_notificacion_resolucion,
        cumplimiento=denuncia.fecha_cumplimiento,
        informe_cumplimiento=denuncia.fecha_informe_cumplimiento,
        requerimiento_superior=denuncia.fecha_requerimiento_superior,
    )


def denuncias_derivar(
    *,
    ayuntamiento: Ayuntamiento,
    denuncias: Iterable[Denuncia],
    hoy: date | None = None,
    descongelar: bool = False,
) -> None:
    """El único escritor de los plazos de las denuncias."""
    denuncias = list(denuncias)
    if not denuncias:
        return
    calendario = calendario_para(ayuntamiento, Procedimiento.DENUNCIAS)
    reglas = reglas_de(ayuntamiento)
    hoy = hoy or hoy_local(ayuntamiento)
    with transaction.atomic():
        if descongelar:
            plazos_descongelar(
                ayuntamiento=ayuntamiento,
                tipo=TipoExpediente.DENUNCIA,
                ids=[d.pk for d in denuncias],
            )
        congelados = congelados_de(ayuntamiento, TipoExpediente.DENUNCIA, [d.pk for d in denuncias])
        plazos_guardar(
            ayuntamiento=ayuntamiento,
            tipo=TipoExpediente.DENUNCIA,
            calculados={
                d.pk: derivar_denuncia(
                    datos=_datos_de_denuncia(d),
                    reglas=reglas,
                    calendario=calendario,
                    hoy=hoy,
                    congelados=congelados.get(d.pk, {}),
                )
                for d in denuncias
            },
            calendario=calendario,
        )


def _corriendo(tipo: str) -> QuerySet:
    return Plazo.objects.corriendo().filter(expediente_tipo=tipo).values("expediente_id")


def plazos_recalcular(*, ayuntamiento: Ayuntamiento) -> int:
    """Vuelve a derivar todo lo que corre en el ayuntamiento: solicitudes abiertas o con un
    plazo corriendo (y sus turnos), recursos y denuncias con un plazo corriendo. Lo
    concluido no se toca. Se llama cuando cambian los días inhábiles, los plazos, la hora de
    cierre o la zona horaria del ayuntamiento, y cada noche (un plazo que vence sin
    atenderse cambia el estado solo). Devuelve cuántas solicitudes cambiaron."""
    with scope(ayuntamiento=ayuntamiento):
        solicitudes = (
            Solicitud.objects.filter(
                Q(estado__in=ESTADOS_ABIERTOS)
                | Q(recepcion_efectiva__isnull=True)
                | Q(pk__in=_corriendo(TipoExpediente.SOLICITUD))
                | Q(turnos__pk__in=_corriendo(TipoExpediente.TURNO))
            )
            .distinct()
            .select_related("ayuntamiento")
            .prefetch_related(*CON_HECHOS)
        )
        cambiadas = solicitudes_derivar(ayuntamiento=ayuntamiento, solicitudes=solicitudes)
        recursos_derivar(
            ayuntamiento=ayuntamiento,
            recursos=RecursoRevision.objects.filter(
                Q(pk__in=_corriendo(TipoExpediente.RECURSO))
                | Q(fecha_resolucion__isnull=True)
                | Q(
                    resolucion__in=RESOLUCIONES_CON_CUMPLIMIENTO,
                    fecha_informe_cumplimiento__isnull=True,
                )
            ),
        )
        denuncias_derivar(
            ayuntamiento=ayuntamiento,
            denuncias=Denuncia.objects.filter(
                Q(pk__in=_corriendo(TipoExpediente.DENUNCIA)) | Q(fecha_cumplimiento__isnull=True)
            ),
        )
    return cambiadas


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
        solicitud_derivar(solicitud=solicitud)
    return solicitud


def solicitud_editar(*, solicitud: Solicitud) -> Solicitud:
    """Guarda los datos corregidos de una solicitud (ya validados por su formulario). Si
    cambió la recepción o el medio, los hechos mismos cambiaron: todos sus plazos se vuelven
    a contar, también los concluidos."""
    anterior = Solicitud.objects.filter(pk=solicitud.pk).values("recibida", "medio", "tipo").get()
    cambio_de_hechos = any(getattr(solicitud, c) != v for c, v in anterior.items())
    with transaction.atomic():
        solicitud.save()
        solicitud_derivar(solicitud=solicitud, descongelar=cambio_de_hechos)
    return solicitud


def _hechos_por_tipo(solicitud: Solicitud) -> dict[str, Evento]:
    return {e.tipo: e for e in solicitud.eventos.all()}


def evento_registrar(
    *,
    solicitud: Solicitud,
    tipo: str,
    fecha: date,
    detalle: str = "",
    tipo_respuesta: str = "",
    modalidad_entrega: str = "",
    hora: time | None = None,
    registrado_por: Usuario | None = None,
    archivos: Sequence[UploadedFile] = (),
) -> Evento:
    """Registra un hecho de la solicitud, si la ley lo admite en esa fecha: nada que
    contradiga un plazo se guarda como si lo hubiera cumplido."""
    etiqueta = TipoEvento(tipo).label
    _validar_fecha(fecha, solicitud=solicitud, que=f"La fecha de «{etiqueta}»")
    calendario = calendario_para(solicitud.ayuntamiento, Procedimiento.SOLICITUDES)
    situacion = situacion_de(solicitud, calendario=calendario)
    eventos = _hechos_por_tipo(solicitud)
    if tipo in eventos:
        raise ValidationError(
            f"La solicitud ya tiene registrado «{etiqueta}» el {eventos[tipo].fecha:%d/%m/%Y}."
        )
    prevencion = eventos.get(TipoEvento.PREVENCION)
    respuesta = eventos.get(TipoEvento.RESPUESTA)
    if tipo not in EVENTOS_DEL_SOLICITANTE:
        hora = None  # la hora sólo importa en lo que envía quien solicita
    if tipo == TipoEvento.PREVENCION:
        if respuesta:
            raise ValidationError("La solicitud ya fue respondida: no se puede prevenir.")
        dias = reglas_de(solicitud.ayuntamiento)[
            "dias_arco_prevencion" if solicitud.es_arco else "dias_prevencion"
        ]
        limite = calendario.sumar_dias_habiles(situacion.recepcion_efectiva, dias)
        if fecha > limite:
            raise ValidationError(
                f"La prevención debe enviarse dentro de los primeros {dias} días hábiles "
                f"(a más tardar el {limite:%d/%m/%Y})."
            )
    elif tipo in (
        TipoEvento.PREVENCION_ATENDIDA,
        TipoEvento.PREVENCION_EXTEMPORANEA,
        TipoEvento.PREVENCION_NO_ATENDIDA,
    ):
        if prevencion is None:
            raise ValidationError("No hay una prevención registrada.")
        if fecha < prevencion.fecha:
            raise ValidationError("La fecha no puede ser anterior a la prevención.")
        desenlaces = {
            TipoEvento.PREVENCION_ATENDIDA,
            TipoEvento.PREVENCION_EXTEMPORANEA,
            TipoEvento.PREVENCION_NO_ATENDIDA,
        } - {tipo}
        if desenlaces & set(eventos):
            raise ValidationError("La prevención ya tiene registrado su desenlace.")
        atender = situacion.plazo("atender_prevencion")
        assert atender is not None
        recibida = recibido_del_solicitante(calendario, fecha, hora)
        if tipo == TipoEvento.PREVENCION_ATENDIDA and recibida > atender.vence:
            raise ValidationError(
                f"La respuesta a la prevención se tiene por recibida el {recibida:%d/%m/%Y}, "
                f"después de su plazo (vencía el {atender.vence:%d/%m/%Y}): no reinicia el "
                "plazo de respuesta. Regístrela como «Respuesta a la prevención fuera de plazo»: "
                "la solicitud se tiene por no presentada (LGTAIP art. 130; LGPDPPSO art. 46)."
            )
        if tipo == TipoEvento.PREVENCION_EXTEMPORANEA and recibida <= atender.vence:
            raise ValidationError(
                f"La respuesta a la prevención llegó en tiempo (vencía el "
                f"{atender.vence:%d/%m/%Y}): regístrela como «Prevención atendida»."
            )
    elif tipo == TipoEvento.AMPLIACION_ARCO:
        if not solicitud.es_arco:
            raise ValidationError(
                "En una solicitud de información la ampliación la aprueba el Comité de "
                "Transparencia: regístrela como resolución del Comité."
            )
        _validar_ampliacion(situacion, fecha)
        if not detalle.strip():
            raise ValidationError(
                {"detalle": "Escriba las razones de la ampliación que se notificaron."}
            )
    elif tipo == TipoEvento.RESPUESTA:
        if not tipo_respuesta:
            raise ValidationError({"tipo_respuesta": "Indique el tipo de respuesta."})
        if tipo_respuesta == TipoRespuesta.TRAMITE_ESPECIFICO and not solicitud.es_arco:
            raise ValidationError(
                {"tipo_respuesta": "La orientación a un trámite específico es de derechos ARCO."}
            )
    elif tipo == TipoEvento.PAGO:
        if respuesta is None or respuesta.tipo_respuesta != TipoRespuesta.PAGO_PENDIENTE:
            raise ValidationError(
                "Primero registre la respuesta que notificó los costos («Pago de derechos "
                "pendiente»)."
            )
        if fecha < respuesta.fecha:
            raise ValidationError("El pago no puede ser anterior a la respuesta.")
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
            hora=hora,
            detalle=detalle,
            tipo_respuesta=tipo_respuesta,
            modalidad_entrega=modalidad_entrega,
            registrado_por=registrado_por,
        )
        _adjuntar(archivos, solicitud=solicitud, usuario=registrado_por, evento=evento)
        solicitud_derivar(solicitud=solicitud)
    return evento


def _validar_ampliacion(situacion: Situacion, fecha: date) -> None:
    if situacion.con_ampliacion:
        raise ValidationError("El plazo ya se amplió una vez; la ley no permite otra.")
    if situacion.fecha_respuesta:
        raise ValidationError("La solicitud ya fue respondida: no hay plazo que ampliar.")
    original = situacion.plazo("respuesta")
    if original is None or fecha > original.vence:
        vence = f" ({original.vence:%d/%m/%Y})" if original else ""
        raise ValidationError(
            f"La ampliación debe notificarse antes de que venza el plazo original{vence}."
        )


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
        _validar_ampliacion(situacion_de(solicitud), fecha)
    with transaction.atomic():
        resolucion.save()
        solicitud_derivar(solicitud=solicitud)
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
                    # El plazo del área lo escribe la derivación, aquí mismo, abajo.
                    vence=fecha,
                    oficio=oficio,
                    instrucciones=instrucciones,
                )
            )
        solicitud_derivar(solicitud=solicitud)
        for turno in turnos:
            turno.refresh_from_db(fields=Turno.CAMPOS_DERIVADOS)
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
    if turno.fecha_respuesta:
        raise ValidationError("Este turno ya fue respondido.")
    if turno.cerrado:
        raise ValidationError(f"Este turno se cerró: {turno.motivo_cierre}")
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
        solicitud_derivar(solicitud=solicitud)
        turno.refresh_from_db(fields=Turno.CAMPOS_DERIVADOS)
    return turno


def turno_retirar(*, turno: Turno, fecha: date, motivo: str) -> Turno:
    """La Unidad retira un turno pendiente (se turnó a un área equivocada, otra área ya
    respondió todo): sale de la bandeja y de los avisos del área, con su motivo."""
    if not turno.pendiente:
        raise ValidationError("Sólo se retira un turno pendiente.")
    if not motivo.strip():
        raise ValidationError({"motivo": "Escriba por qué se retira el turno."})
    if fecha < turno.fecha:
        raise ValidationError({"fecha": "El retiro no puede ser anterior al turno."})
    _validar_fecha(fecha, solicitud=turno.solicitud, que="La fecha del retiro")
    with transaction.atomic():
        turno.retirado, turno.motivo_retiro = fecha, motivo.strip()
        turno.save(update_fields=["retirado", "motivo_retiro"])
        solicitud_derivar(solicitud=turno.solicitud)
        turno.refresh_from_db(fields=Turno.CAMPOS_DERIVADOS)
    return turno


# --- Recursos y denuncias ------------------------------------------------------------------


def _validar_orden(objeto, cadenas: Sequence[Sequence[tuple[str, str]]]) -> dict[str, str]:
    """Las fechas de cada cadena no pueden ir hacia atrás ni estar en el futuro."""
    errores: dict[str, str] = {}
    hoy = hoy_local(objeto.ayuntamiento)
    for cadena in cadenas:
        anterior: tuple[date, str] | None = None
        for campo, nombre in cadena:
            valor = getattr(objeto, campo)
            if valor is None:
                continue
            if valor > hoy:
                errores[campo] = f"La fecha {nombre} no puede estar en el futuro."
            elif anterior and valor < anterior[0]:
                errores.setdefault(
                    campo, f"La fecha {nombre} no puede ser anterior a la {anterior[1]}."
                )
            anterior = (valor, nombre)
    return errores


def _cambiaron(objeto, campos: Iterable[str]) -> bool:
    """Si alguno de esos hechos cambió desde lo guardado (un expediente nuevo: sí)."""
    if not objeto.pk:
        return True
    guardado = type(objeto).objects.filter(pk=objeto.pk).values(*campos).first() or {}
    return any(getattr(objeto, c) != guardado.get(c) for c in campos)


HECHOS_DE_RECURSO = [
    "fecha_interposicion",
    "fecha_admision",
    "fecha_notificacion",
    "fecha_alegatos",
    "fecha_ampliacion_resolucion",
    "resolucion",
    "fecha_resolucion",
    "fecha_notificacion_resolucion",
    "fecha_prorroga_solicitada",
    "dias_prorroga",
    "fecha_cumplimiento",
    "fecha_informe_cumplimiento",
]


def recurso_guardar(*, recurso: RecursoRevision) -> RecursoRevision:
    """Valida el orden de las fechas, guarda, deriva los plazos del recurso y actualiza la
    solicitud recurrida (queda «en recurso»; la ventana del recurso dice si fue a tiempo)."""
    interposicion = ("fecha_interposicion", "de la interposición")
    resolucion = ("fecha_resolucion", "de la resolución")
    notificada = ("fecha_notificacion_resolucion", "de notificación de la resolución")
    errores = _validar_orden(
        recurso,
        [
            [
                interposicion,
                ("fecha_admision", "de admisión"),
                ("fecha_notificacion", "de la notificación"),
                ("fecha_alegatos", "de los alegatos"),
                resolucion,
                notificada,
                ("fecha_cumplimiento", "del cumplimiento"),
                ("fecha_informe_cumplimiento", "del informe de cumplimiento"),
            ],
            [
                ("fecha_admision", "de admisión"),
                ("fecha_ampliacion_resolucion", "de la ampliación"),
                resolucion,
            ],
            [notificada, ("fecha_prorroga_solicitada", "de la solicitud de ampliación")],
        ],
    )
    if recurso.resolucion and not recurso.fecha_resolucion:
        errores["fecha_resolucion"] = "Indique la fecha de la resolución."
    if recurso.fecha_resolucion and not recurso.resolucion:
        errores["resolucion"] = "Indique el sentido de la resolución."
    if recurso.dias_prorroga and not recurso.fecha_prorroga_solicitada:
        errores["dias_prorroga"] = "Indique cuándo se pidió la ampliación del plazo para cumplir."
    if errores:
        raise ValidationError(errores)
    with transaction.atomic():
        anterior_solicitud = (
            RecursoRevision.objects.filter(pk=recurso.pk)
            .values_list("solicitud", flat=True)
            .first()
            if recurso.pk
            else None
        )
        cambiaron = _cambiaron(recurso, HECHOS_DE_RECURSO)
        recurso.full_clean()
        recurso.save()
        recursos_derivar(
            ayuntamiento=recurso.ayuntamiento, recursos=[recurso], descongelar=cambiaron
        )
        for solicitud in Solicitud.objects.filter(
            pk__in=[pk for pk in (recurso.solicitud_id, anterior_solicitud) if pk]
        ).select_related("ayuntamiento"):
            solicitud_derivar(solicitud=solicitud, descongelar=True)
    return recurso


HECHOS_DE_DENUNCIA = [
    "fecha_presentacion",
    "fecha_admision",
    "fecha",
    "fecha_informe",
    "fecha_requerimiento_complementario",
    "fecha_informe_complementario",
    "resolucion",
    "fecha_resolucion",
    "fecha_notificacion_resolucion",
    "fecha_cumplimiento",
    "fecha_informe_cumplimiento",
    "fecha_requerimiento_superior",
]


def denuncia_guardar(*, denuncia: Denuncia) -> Denuncia:
    """Valida el orden de las fechas de la denuncia, la guarda y deriva sus plazos."""
    notificacion = ("fecha", "de la denuncia")
    resolucion = ("fecha_resolucion", "de la resolución")
    errores = _validar_orden(
        denuncia,
        [
            [
                ("fecha_presentacion", "de presentación"),
                ("fecha_admision", "de admisión"),
                notificacion,
                ("fecha_informe", "del informe justificado"),
                resolucion,
                ("fecha_notificacion_resolucion", "de notificación de la resolución"),
                ("fecha_cumplimiento", "del cumplimiento"),
                ("fecha_informe_cumplimiento", "del informe de cumplimiento"),
            ],
            [
                notificacion,
                ("fecha_requerimiento_complementario", "del requerimiento complementario"),
                ("fecha_informe_complementario", "del informe complementario"),
                resolucion,
            ],
            [resolucion, ("fecha_requerimiento_superior", "del requerimiento al superior")],
        ],
    )
    if denuncia.resolucion and not denuncia.fecha_resolucion:
        errores["fecha_resolucion"] = "Indique la fecha de la resolución."
    if denuncia.fecha_resolucion and not denuncia.resolucion:
        errores["resolucion"] = "Indique el sentido de la resolución."
    if denuncia.fecha_cumplimiento and not denuncia.fecha_resolucion:
        errores.setdefault(
            "fecha_cumplimiento", "El cumplimiento va después de una resolución: indíquela."
        )
    if errores:
        raise ValidationError(errores)
    with transaction.atomic():
        cambiaron = _cambiaron(denuncia, HECHOS_DE_DENUNCIA)
        denuncia.full_clean()
        denuncia.save()
        denuncias_derivar(
            ayuntamiento=denuncia.ayuntamiento, denuncias=[denuncia], descongelar=cambiaron
        )
    return denuncia


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
