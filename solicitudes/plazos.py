"""Las derivaciones de los plazos de solicitudes, turnos, recursos y denuncias.

Son funciones puras: reciben los hechos fechados del expediente, los plazos configurados
(`Reglas`: días y artículo de cada uno), el calendario, el día de hoy y los plazos que ya
concluyeron (congelados), y devuelven el estado y la lista de plazos (`PlazoCalculado`). No
tocan la base de datos: la misma cuenta sirve para guardar, para recalcular miles de
expedientes cuando cambia un día inhábil y para las pruebas. Sólo los servicios
(`servicios.solicitudes_derivar`, `recursos_derivar`, `denuncias_derivar`) guardan lo que
devuelven.

Convenciones (LGTAIP 2025, art. 128; LGPDPPSO 2025, art. 91): los plazos son de días
hábiles y empiezan a correr al día siguiente de la notificación o de la recepción, de modo
que un plazo de N días vence en `calendario.sumar_dias_habiles(base, N)`. Un plazo
congelado (ya concluido) se usa tal cual: nunca se vuelve a contar.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from organizacion.calendario import Calendario
from organizacion.models import ACargo, EstadoPlazo
from organizacion.plazos import PlazoCalculado

from .models import (
    RESOLUCIONES_CON_CUMPLIMIENTO,
    EstadoSolicitud,
    ResolucionDenuncia,
    Semaforo,
    TipoEvento,
    TipoRespuesta,
)

# Hechos que no son `Evento` pero forman parte de la historia.
TURNO = "turno"
RESPUESTA_AREA = "respuesta_area"
AMPLIACION = "ampliacion"
RECURSO = "recurso"

# Respuestas de un derecho ARCO procedente: luego hay que hacerlo efectivo.
RESPUESTAS_CON_ENTREGA = frozenset({TipoRespuesta.ENTREGA_TOTAL, TipoRespuesta.ENTREGA_PARCIAL})
# Respuestas con plazo propio, más corto que el de respuesta (clave del plazo).
PLAZO_PROPIO: dict[str, str] = {
    TipoRespuesta.INCOMPETENCIA: "incompetencia",
    TipoRespuesta.INFORMACION_PUBLICA: "orientacion",
    TipoRespuesta.TRAMITE_ESPECIFICO: "tramite_especifico",
}


@dataclass(frozen=True)
class Reglas:
    """Los días de cada plazo y el artículo que los fija, de la configuración del
    ayuntamiento."""

    dias: Mapping[str, int]
    fundamentos: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, campo: str) -> int:
        return self.dias[campo]

    def fundamento(self, campo: str) -> str:
        return self.fundamentos.get(campo, "")


@dataclass(frozen=True)
class Hecho:
    tipo: str
    fecha: date
    tipo_respuesta: str = ""
    hora: time | None = None


@dataclass
class Contador:
    """Arma los plazos de un expediente: usa el congelado si lo hay; si no, lo cuenta."""

    reglas: Reglas
    calendario: Calendario
    congelados: Mapping[str, PlazoCalculado]
    plazos: list[PlazoCalculado] = field(default_factory=list)

    def plazo(
        self,
        clave: str,
        nombre: str,
        desde: date,
        campo: str,
        *,
        base: str,
        cumplido: date | None = None,
        a_cargo: str = ACargo.UNIDAD,
        estado: str = EstadoPlazo.CORRE,
        dias_extra: int = 0,
        opcional: bool = False,
    ) -> PlazoCalculado:
        congelado = self.congelados.get(clave)
        if congelado is not None:
            # Un plazo que concluyó porque pasó el tiempo sin el hecho que lo cumpliría, y ese
            # hecho se capturó después con su fecha: conserva cómo se contó y toma el desenlace.
            if congelado.estado == EstadoPlazo.SIN_EFECTO and cumplido is not None:
                congelado = replace(
                    congelado,
                    cumplido=cumplido,
                    estado=EstadoPlazo.CORRE,
                    congelado=False,
                    tiempos_fijos=True,
                )
            self.plazos.append(congelado)
            return congelado
        dias = self.reglas[campo] + dias_extra
        plazo = PlazoCalculado(
            clave=clave,
            nombre=nombre,
            desde=desde,
            dias=dias,
            vence=self.calendario.sumar_dias_habiles(desde, dias),
            base=base,
            regla=campo,
            fundamento=self.reglas.fundamento(campo),
            cumplido=cumplido,
            a_cargo=a_cargo,
            opcional=opcional,
            estado=estado,
        )
        self.plazos.append(plazo)
        return plazo

    def vigente(self, clave: str) -> PlazoCalculado | None:
        return next((p for p in self.plazos if p.clave == clave), None)

    def reemplazar(self, plazo: PlazoCalculado, **cambios) -> PlazoCalculado:
        """Cambia un plazo recién contado (nunca uno congelado)."""
        if plazo.congelado:
            return plazo
        nuevo = replace(plazo, **cambios)
        self.plazos[self.plazos.index(plazo)] = nuevo
        return nuevo

    def quitar(self, plazo: PlazoCalculado) -> None:
        """Una opción que venció sin usarse no se muestra ni se guarda."""
        if not plazo.congelado:
            self.plazos.remove(plazo)


# --- Solicitudes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatosSolicitud:
    recibida: datetime
    es_arco: bool
    # Lo recibido por otro medio se captura en la PNT (LGTAIP art. 125).
    requiere_captura_pnt: bool = False
    capturada_pnt: date | None = None


@dataclass
class Situacion:
    estado: EstadoSolicitud
    recepcion_efectiva: date
    plazos: list[PlazoCalculado] = field(default_factory=list)
    vence: date | None = None
    fecha_respuesta: date | None = None
    tipo_respuesta: str = ""
    en_tiempo: bool | None = None
    dias_habiles_respuesta: int | None = None
    con_prevencion: bool = False
    con_ampliacion: bool = False
    # Por qué la recepción efectiva no es el día en que llegó («» si es el mismo).
    motivo_recepcion: str = ""

    def plazo(self, clave: str) -> PlazoCalculado | None:
        return next((p for p in self.plazos if p.clave == clave), None)

    @property
    def concluida(self) -> bool:
        return self.estado in (
            EstadoSolicitud.RESPONDIDA,
            EstadoSolicitud.DESECHADA,
            EstadoSolicitud.EN_RECURSO,
        )


def _primero(hechos: list[Hecho], tipo: str) -> Hecho | None:
    return next((h for h in hechos if h.tipo == tipo), None)


def recepcion_de(calendario: Calendario, momento: datetime) -> tuple[date, str]:
    """El día en que algo se tiene por recibido y, si no es el día en que llegó, por qué."""
    efectiva = calendario.recepcion_efectiva(momento)
    local = momento.astimezone(calendario.zona) if momento.tzinfo else momento
    if local.date() == efectiva:
        return efectiva, ""
    if calendario.es_habil(local.date()):
        razon = (
            f"a las {local:%H:%M}, a partir de la hora de cierre ({calendario.hora_cierre:%H:%M})"
        )
    else:
        (dia,) = calendario.explicar(date.fromordinal(local.date().toordinal() - 1), local.date())
        razon = f"en día inhábil ({dia.motivo}; {dia.fundamento})"
    return efectiva, f"Llegó {razon}: se tiene por recibida el siguiente día hábil."


def recibido_del_solicitante(calendario: Calendario, fecha: date, hora: time | None) -> date:
    """Lo que envía quien solicita se tiene por recibido como la solicitud misma: en día
    inhábil o a partir de la hora de cierre, el siguiente día hábil (sin hora, cuenta el día)."""
    if hora is None:
        return calendario.siguiente_habil(fecha)
    return calendario.recepcion_efectiva(datetime.combine(fecha, hora, tzinfo=calendario.zona))


def derivar(
    *,
    datos: DatosSolicitud,
    hechos: list[Hecho],
    reglas: Reglas,
    calendario: Calendario,
    hoy: date,
    congelados: Mapping[str, PlazoCalculado] | None = None,
    recepcion_fija: tuple[date, str] | None = None,
) -> Situacion:
    """El estado y los plazos de una solicitud. `recepcion_fija` es la recepción efectiva
    guardada, con su motivo: en cuanto un plazo concluyó, la recepción ya no se mueve."""
    congelados = congelados or {}
    hechos = sorted(hechos, key=lambda h: h.fecha)
    arco = datos.es_arco
    prefijo = "dias_arco_" if arco else "dias_"
    contador = Contador(reglas, calendario, congelados)
    plazo = contador.plazo

    recepcion, motivo = recepcion_de(calendario, datos.recibida)
    if recepcion_fija is not None and congelados:
        recepcion, motivo = recepcion_fija
    prevencion = _primero(hechos, TipoEvento.PREVENCION)
    atendida = _primero(hechos, TipoEvento.PREVENCION_ATENDIDA)
    extemporanea = _primero(hechos, TipoEvento.PREVENCION_EXTEMPORANEA)
    no_atendida = _primero(hechos, TipoEvento.PREVENCION_NO_ATENDIDA)
    respuesta = _primero(hechos, TipoEvento.RESPUESTA)
    pago = _primero(hechos, TipoEvento.PAGO)
    entrega = _primero(hechos, TipoEvento.ENTREGA)
    recurso = _primero(hechos, RECURSO)
    ampliacion = _primero(hechos, AMPLIACION) or _primero(hechos, TipoEvento.AMPLIACION_ARCO)
    tipo_respuesta = respuesta.tipo_respuesta if respuesta else ""
    fecha_respuesta = respuesta.fecha if respuesta else None
    situacion = Situacion(
        estado=EstadoSolicitud.RECIBIDA, recepcion_efectiva=recepcion, motivo_recepcion=motivo
    )
    la_recepcion = "la recepción de la solicitud"

    if datos.requiere_captura_pnt:
        plazo(
            "captura_pnt",
            "Capturar la solicitud en la PNT",
            recepcion,
            "dias_captura_pnt",
            base=la_recepcion,
            cumplido=datos.capturada_pnt,
        )

    # Las opciones del inicio (prevenir, declarar la incompetencia, orientar): se muestran
    # mientras corren o si se usaron; una que vence sin usarse desaparece.
    opciones = [
        ("prevencion", "Prevenir a quien solicita", f"{prefijo}prevencion", None),
        (
            "incompetencia",
            "Notificar la notoria incompetencia",
            "dias_arco_incompetencia" if arco else "dias_incompetencia",
            TipoRespuesta.INCOMPETENCIA,
        ),
    ]
    if arco:
        opciones.append(
            (
                "tramite_especifico",
                "Informar del trámite específico",
                "dias_arco_tramite",
                TipoRespuesta.TRAMITE_ESPECIFICO,
            )
        )
    else:
        opciones.append(
            (
                "orientacion",
                "Orientar a la información pública disponible",
                "dias_orientacion",
                TipoRespuesta.INFORMACION_PUBLICA,
            )
        )
    for clave, nombre, campo, tipo in opciones:
        usada = prevencion.fecha if tipo is None and prevencion else None
        if tipo is not None and tipo_respuesta == tipo:
            usada = fecha_respuesta
        opcion = plazo(
            clave, nombre, recepcion, campo, base=la_recepcion, cumplido=usada, opcional=True
        )
        if opcion.corre and (respuesta or hoy > opcion.vence):
            contador.quitar(opcion)

    # La prevención interrumpe el plazo de respuesta; vuelve a correr completo al día
    # siguiente de que quien solicita la atiende en tiempo. Si no la atiende, o la atiende
    # fuera de plazo, la solicitud se tiene por no presentada (LGTAIP art. 130; LGPDPPSO
    # art. 46).
    base, nombre_base = recepcion, la_recepcion
    no_presentada_el: date | None = None
    pendiente_de_atender = False
    if prevencion:
        situacion.con_prevencion = True
        recibida_atencion = (
            recibido_del_solicitante(calendario, atendida.fecha, atendida.hora)
            if atendida
            else None
        )
        atender = plazo(
            "atender_prevencion",
            "Quien solicita atiende la prevención",
            prevencion.fecha,
            f"{prefijo}respuesta_prevencion",
            base="la notificación de la prevención",
            cumplido=recibida_atencion
            or (
                recibido_del_solicitante(calendario, extemporanea.fecha, extemporanea.hora)
                if extemporanea
                else None
            ),
            a_cargo=ACargo.SOLICITANTE,
        )
        if atendida and atender.en_tiempo:
            base, nombre_base = atender.cumplido or atendida.fecha, "la atención de la prevención"
        elif no_atendida:
            no_presentada_el = no_atendida.fecha
        elif extemporanea or hoy > atender.vence:
            no_presentada_el = calendario.sumar_dias_habiles(atender.vence, 1)
        else:
            pendiente_de_atender = True
        if no_presentada_el is not None and atender.corre:
            contador.reemplazar(atender, estado=EstadoPlazo.SIN_EFECTO)

    final: PlazoCalculado | None = None
    if no_presentada_el is None and not pendiente_de_atender:
        responder = plazo(
            "respuesta",
            "Responder la solicitud",
            base,
            f"{prefijo}respuesta",
            base=nombre_base,
        )
        final = responder
        # La ampliación vale si se aprobó (o, en ARCO, se notificó con sus razones) antes de
        # que venciera el plazo original; una tardía no amplía nada (el servicio la rechaza;
        # aquí se ignora por si llegara de una importación).
        if (ampliacion and ampliacion.fecha <= responder.vence) or responder.estado == (
            EstadoPlazo.SUSTITUIDO
        ):
            situacion.con_ampliacion = True
            contador.reemplazar(responder, estado=EstadoPlazo.SUSTITUIDO)
            final = plazo(
                "ampliacion",
                "Responder con la ampliación",
                responder.vence,
                f"{prefijo}ampliacion",
                base="el vencimiento del plazo original",
            )
        if respuesta and final.corre:
            final = contador.reemplazar(final, cumplido=respuesta.fecha)

    if respuesta:
        situacion.fecha_respuesta = respuesta.fecha
        situacion.tipo_respuesta = tipo_respuesta
        # La incompetencia, la orientación y el trámite específico tienen plazo propio.
        limite = contador.vigente(PLAZO_PROPIO.get(tipo_respuesta, "")) or final
        if limite is not None:
            situacion.en_tiempo = respuesta.fecha <= limite.vence

            def usados(plazo: PlazoCalculado) -> int:
                """Días hábiles de `desde` a la respuesta, como se contaron al concluir."""
                if plazo.congelado and plazo.dias_usados is not None:
                    return plazo.dias_usados
                return max(calendario.dias_habiles_entre(plazo.desde, respuesta.fecha), 0)

            # Con ampliación se cuentan los días del plazo original más los de la ampliación.
            original = contador.vigente("respuesta")
            situacion.dias_habiles_respuesta = (
                original.dias + usados(limite)
                if limite is final and situacion.con_ampliacion and original is not None
                else usados(limite)
            )
        la_respuesta = "la notificación de la respuesta"
        if arco and tipo_respuesta in RESPUESTAS_CON_ENTREGA:
            plazo(
                "efectivo",
                "Hacer efectivo el derecho",
                respuesta.fecha,
                "dias_arco_efectivo",
                base=la_respuesta,
                cumplido=entrega.fecha if entrega else None,
            )
        if tipo_respuesta == TipoRespuesta.PAGO_PENDIENTE:
            pagar = plazo(
                "pago",
                "Quien solicita paga los costos",
                respuesta.fecha,
                "dias_pago",
                base=la_respuesta,
                cumplido=pago.fecha if pago else None,
                a_cargo=ACargo.SOLICITANTE,
            )
            if pagar.corre and hoy > pagar.vence:
                # Sin pago en 30 días la solicitud se da por concluida (art. 137).
                contador.reemplazar(pagar, estado=EstadoPlazo.SIN_EFECTO)
            if pago:
                disponible = plazo(
                    "disponibilidad",
                    "Quien solicita recoge la información (la Unidad la tiene disponible)",
                    pago.fecha,
                    "dias_disponibilidad",
                    base="el pago",
                    cumplido=entrega.fecha if entrega else None,
                    a_cargo=ACargo.SOLICITANTE,
                )
                if disponible.corre and hoy > disponible.vence:
                    contador.reemplazar(disponible, estado=EstadoPlazo.SIN_EFECTO)

    # El recurso: quince días desde la notificación de la respuesta o, si no hubo respuesta,
    # desde que venció el plazo para darla (LGTAIP arts. 144 y 145 fr. VI; LGPDPPSO arts. 86
    # y 95). Uno interpuesto fuera de su ventana es extemporáneo (LGTAIP art. 158 fr. I).
    campo_recurso = "dias_arco_recurso" if arco else "dias_recurso"
    if final is not None:
        sin_contestar = (respuesta is None and hoy > final.vence) or (
            respuesta is not None and respuesta.fecha > final.vence
        )
        if sin_contestar or "recurso_sin_respuesta" in congelados:
            recurrida_antes = (
                recurso.fecha
                if recurso and (respuesta is None or recurso.fecha < respuesta.fecha)
                else None
            )
            sin_respuesta = plazo(
                "recurso_sin_respuesta",
                "Quien solicita puede recurrir la falta de respuesta",
                final.vence,
                campo_recurso,
                base="el vencimiento del plazo de respuesta sin respuesta",
                cumplido=recurrida_antes,
                a_cargo=ACargo.SOLICITANTE,
            )
            # La respuesta (aunque tardía) abre su propia ventana y cierra ésta.
            if sin_respuesta.corre and (respuesta or hoy > sin_respuesta.vence):
                contador.reemplazar(sin_respuesta, estado=EstadoPlazo.SIN_EFECTO)
    if respuesta:
        ventana = plazo(
            "recurso",
            "Quien solicita puede interponer un recurso de revisión",
            respuesta.fecha,
            campo_recurso,
            base="la notificación de la respuesta",
            cumplido=recurso.fecha if recurso and recurso.fecha >= respuesta.fecha else None,
            a_cargo=ACargo.SOLICITANTE,
        )
        if ventana.corre and hoy > ventana.vence:
            contador.reemplazar(ventana, estado=EstadoPlazo.SIN_EFECTO)

    situacion.plazos = contador.plazos
    if recurso:
        situacion.estado = EstadoSolicitud.EN_RECURSO
    elif respuesta:
        situacion.estado = (
            EstadoSolicitud.DESECHADA
            if tipo_respuesta == TipoRespuesta.DESECHADA
            else EstadoSolicitud.RESPONDIDA
        )
    elif no_presentada_el is not None:
        situacion.estado = EstadoSolicitud.DESECHADA
        situacion.fecha_respuesta = no_presentada_el
        situacion.tipo_respuesta = TipoRespuesta.DESECHADA
    elif pendiente_de_atender:
        situacion.estado = EstadoSolicitud.PREVENIDA
    elif situacion.con_ampliacion:
        situacion.estado = EstadoSolicitud.AMPLIADA
    elif _primero(hechos, TURNO):
        situacion.estado = EstadoSolicitud.EN_TRAMITE
    # El plazo de la Unidad que vence primero entre los que corren (las opciones no obligan).
    situacion.vence = min(
        (p.vence for p in situacion.plazos if p.corre and p.obliga_al_ayuntamiento), default=None
    )
    return situacion


def derivar_turno(
    *,
    fecha: date,
    respondido: date | None,
    retirado: date | None,
    motivo_retiro: str,
    solicitud: Situacion,
    reglas: Reglas,
    calendario: Calendario,
    congelados: Mapping[str, PlazoCalculado] | None = None,
) -> tuple[PlazoCalculado, date | None, str]:
    """El plazo interno del área y, si el turno se cerró sin respuesta, cuándo y por qué:
    retirado por la Unidad, o concluida la solicitud (sale de las listas y los avisos)."""
    contador = Contador(reglas, calendario, congelados or {})
    turno = contador.plazo(
        "respuesta_area",
        "El área responde el turno",
        fecha,
        "dias_turno_area",
        base="el oficio de turno",
        cumplido=respondido,
        a_cargo=ACargo.AREA,
    )
    if respondido is not None or turno.congelado:
        return turno, None, ""
    if retirado is not None:
        motivo = (
            f"Retirado por la Unidad: {motivo_retiro}"
            if motivo_retiro
            else "Retirado por la Unidad."
        )
        cerrado = retirado
    elif solicitud.concluida and solicitud.fecha_respuesta is not None:
        estado = EstadoSolicitud(solicitud.estado).label.lower()
        motivo = f"La solicitud concluyó ({estado}) el {solicitud.fecha_respuesta:%d/%m/%Y}."
        cerrado = solicitud.fecha_respuesta
    else:
        return turno, None, ""
    return contador.reemplazar(turno, estado=EstadoPlazo.SIN_EFECTO), cerrado, motivo


# --- Recursos de revisión --------------------------------------------------------------------


@dataclass(frozen=True)
class DatosRecurso:
    interposicion: date
    admision: date | None = None
    notificacion: date | None = None
    alegatos: date | None = None
    ampliacion_resolucion: date | None = None
    resolucion: str = ""
    fecha_resolucion: date | None = None
    notificacion_resolucion: date | None = None
    prorroga_solicitada: date | None = None
    dias_prorroga: int | None = None
    cumplimiento: date | None = None
    informe_cumplimiento: date | None = None


def derivar_recurso(
    *,
    datos: DatosRecurso,
    reglas: Reglas,
    calendario: Calendario,
    hoy: date,
    congelados: Mapping[str, PlazoCalculado] | None = None,
) -> list[PlazoCalculado]:
    """Los plazos de un recurso: los alegatos de la Unidad, la resolución del garante (40
    días ampliables 20), el cumplimiento (10 días desde la notificación de la resolución, más
    la ampliación que conceda el garante), pedir esa ampliación dentro de los primeros días y
    el informe de cumplimiento."""
    contador = Contador(reglas, calendario, congelados or {})
    plazo = contador.plazo
    if datos.notificacion:
        plazo(
            "alegatos",
            "Presentar alegatos",
            datos.notificacion,
            "dias_alegatos",
            base="la notificación de la admisión",
            cumplido=datos.alegatos,
        )
    if datos.admision:
        resolver = plazo(
            "resolucion",
            "El garante resuelve el recurso",
            datos.admision,
            "dias_resolucion_recurso",
            base="la admisión",
            cumplido=datos.fecha_resolucion,
            a_cargo=ACargo.GARANTE,
        )
        if datos.ampliacion_resolucion and datos.ampliacion_resolucion <= resolver.vence:
            if resolver.corre or resolver.estado == EstadoPlazo.CUMPLIDO:
                contador.reemplazar(resolver, estado=EstadoPlazo.SUSTITUIDO, cumplido=None)
            plazo(
                "resolucion_ampliada",
                "El garante resuelve el recurso (plazo ampliado)",
                resolver.vence,
                "dias_ampliacion_recurso",
                base="el vencimiento del plazo para resolver",
                cumplido=datos.fecha_resolucion,
                a_cargo=ACargo.GARANTE,
            )
    if datos.resolucion in RESOLUCIONES_CON_CUMPLIMIENTO and datos.notificacion_resolucion:
        notificada = datos.notificacion_resolucion
        prorroga = plazo(
            "prorroga_cumplimiento",
            "Pedir al garante que amplíe el plazo para cumplir",
            notificada,
            "dias_prorroga_cumplimiento",
            base="la notificación de la resolución",
            cumplido=datos.prorroga_solicitada,
            opcional=True,
        )
        if prorroga.corre and (datos.cumplimiento or hoy > prorroga.vence):
            contador.quitar(prorroga)
        cumplir = plazo(
            "cumplimiento",
            "Cumplir la resolución",
            notificada,
            "dias_cumplimiento_resolucion",
            base="la notificación de la resolución",
            cumplido=datos.cumplimiento,
            dias_extra=datos.dias_prorroga or 0,
        )
        desde_cumplir = datos.cumplimiento or (cumplir.vence if hoy > cumplir.vence else None)
        if desde_cumplir:
            plazo(
                "informe_cumplimiento",
                "Informar al garante el cumplimiento",
                desde_cumplir,
                "dias_informe_cumplimiento",
                base="el cumplimiento"
                if datos.cumplimiento
                else "el vencimiento del plazo para cumplir",
                cumplido=datos.informe_cumplimiento,
            )
    return contador.plazos


# --- Denuncias --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatosDenuncia:
    notificacion: date
    presentacion: date | None = None
    admision: date | None = None
    informe: date | None = None
    requerimiento_complementario: date | None = None
    informe_complementario: date | None = None
    resolucion: str = ""
    fecha_resolucion: date | None = None
    notificacion_resolucion: date | None = None
    cumplimiento: date | None = None
    informe_cumplimiento: date | None = None
    requerimiento_superior: date | None = None


def derivar_denuncia(
    *,
    datos: DatosDenuncia,
    reglas: Reglas,
    calendario: Calendario,
    hoy: date,
    congelados: Mapping[str, PlazoCalculado] | None = None,
) -> list[PlazoCalculado]:
    """Los plazos de una denuncia (LGTAIP arts. 93 a 100): los del garante (admitir,
    notificar, resolver, notificar la resolución) y los de la Unidad (informe justificado,
    informes complementarios, cumplimiento y, si el garante lo requiere, el del superior
    jerárquico)."""
    contador = Contador(reglas, calendario, congelados or {})
    plazo = contador.plazo
    if datos.presentacion:
        plazo(
            "admision",
            "El garante admite la denuncia",
            datos.presentacion,
            "dias_denuncia_admision",
            base="la presentación de la denuncia",
            cumplido=datos.admision,
            a_cargo=ACargo.GARANTE,
        )
    if datos.admision:
        plazo(
            "notificacion",
            "El garante notifica la denuncia",
            datos.admision,
            "dias_denuncia_notificacion",
            base="la admisión",
            cumplido=datos.notificacion,
            a_cargo=ACargo.GARANTE,
        )
    informe = plazo(
        "informe",
        "Rendir el informe justificado",
        datos.notificacion,
        "dias_denuncia_informe",
        base="la notificación de la denuncia",
        cumplido=datos.informe,
    )
    ultimo = informe
    if datos.requerimiento_complementario:
        ultimo = plazo(
            "informe_complementario",
            "Responder el informe complementario",
            datos.requerimiento_complementario,
            "dias_denuncia_complementario",
            base="la notificación del requerimiento",
            cumplido=datos.informe_complementario,
        )
    plazo(
        "resolucion",
        "El garante resuelve la denuncia",
        ultimo.vence,
        "dias_denuncia_resolucion",
        base="el término del plazo para rendir los informes",
        cumplido=datos.fecha_resolucion,
        a_cargo=ACargo.GARANTE,
    )
    fundada = datos.resolucion in (
        ResolucionDenuncia.FUNDADA,
        ResolucionDenuncia.PARCIALMENTE_FUNDADA,
    )
    if datos.fecha_resolucion:
        plazo(
            "notificacion_resolucion",
            "El garante notifica la resolución",
            datos.fecha_resolucion,
            "dias_denuncia_notificacion_resolucion",
            base="la resolución",
            cumplido=datos.notificacion_resolucion,
            a_cargo=ACargo.GARANTE,
        )
    if fundada and datos.notificacion_resolucion:
        plazo(
            "cumplimiento",
            "Cumplir la resolución de la denuncia",
            datos.notificacion_resolucion,
            "dias_denuncia_cumplimiento",
            base="la notificación de la resolución",
            cumplido=datos.cumplimiento,
        )
    if fundada and datos.requerimiento_superior:
        plazo(
            "superior",
            "El superior jerárquico hace cumplir la resolución",
            datos.requerimiento_superior,
            "dias_denuncia_superior",
            base="el requerimiento del garante al superior jerárquico",
            cumplido=datos.cumplimiento
            if datos.cumplimiento and datos.cumplimiento >= datos.requerimiento_superior
            else None,
        )
    return contador.plazos


# --- Semáforo ---------------------------------------------------------------------------------


def limite_por_vencer(calendario: Calendario, hoy: date, dias_aviso: int) -> date:
    """Lo que vence hasta esta fecha (y no antes de hoy) está «por vencer»."""
    return calendario.sumar_dias_habiles(hoy, dias_aviso)


def semaforo(vence: date | None, hoy: date, limite: date) -> Semaforo | None:
    if vence is None:
        return None
    if vence < hoy:
        return Semaforo.VENCIDA
    if vence <= limite:
        return Semaforo.POR_VENCER
    return Semaforo.EN_TIEMPO
