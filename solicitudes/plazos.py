"""La única función que deriva el estado y los plazos de una solicitud: `derivar`.

Recibe los hechos fechados de la solicitud (sus eventos, turnos, resoluciones del Comité y
recursos, ya convertidos en `Hecho`), los plazos del ayuntamiento y su calendario, y no toca
la base de datos: así la misma cuenta sirve para la página de detalle, para recalcular miles
de solicitudes cuando cambia un día inhábil y para las pruebas.

Convención de cómputo (DOMAIN.md): el día 1 es el día hábil siguiente a la fecha base, de
modo que un plazo de N días vence en `calendario.sumar_dias_habiles(base, N)`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from organizacion.calendario import Calendario, DiaOmitido

from .models import EstadoSolicitud, Semaforo, TipoEvento, TipoRespuesta

# Hechos que no son `Evento` pero forman parte de la historia.
TURNO = "turno"
RESPUESTA_AREA = "respuesta_area"
AMPLIACION = "ampliacion"
RECURSO = "recurso"

# Respuestas de un derecho ARCO procedente: luego hay que hacerlo efectivo.
RESPUESTAS_CON_ENTREGA = frozenset({TipoRespuesta.ENTREGA_TOTAL, TipoRespuesta.ENTREGA_PARCIAL})
PLAZO_PROPIO: dict[str, str] = {
    TipoRespuesta.INCOMPETENCIA: "incompetencia",
    TipoRespuesta.INFORMACION_PUBLICA: "orientacion",
}


@dataclass(frozen=True)
class Hecho:
    tipo: str
    fecha: date
    tipo_respuesta: str = ""


@dataclass(frozen=True)
class Plazo:
    """Un plazo: vence `dias` días hábiles después de `desde`."""

    clave: str
    nombre: str
    desde: date
    dias: int
    vence: date
    cumplido: date | None = None
    de_la_unidad: bool = True

    @property
    def en_tiempo(self) -> bool | None:
        return None if self.cumplido is None else self.cumplido <= self.vence

    def omitidos(self, calendario: Calendario) -> list[DiaOmitido]:
        """Los días que no se contaron y por qué: «¿cómo se calculó?»."""
        return calendario.explicar(self.desde, self.vence)


@dataclass
class Situacion:
    estado: EstadoSolicitud
    recepcion_efectiva: date
    plazos: list[Plazo] = field(default_factory=list)
    vence: date | None = None
    fecha_respuesta: date | None = None
    tipo_respuesta: str = ""
    en_tiempo: bool | None = None
    dias_habiles_respuesta: int | None = None
    con_prevencion: bool = False
    con_ampliacion: bool = False

    def plazo(self, clave: str) -> Plazo | None:
        return next((p for p in self.plazos if p.clave == clave), None)


def _primero(hechos: list[Hecho], tipo: str) -> Hecho | None:
    return next((h for h in hechos if h.tipo == tipo), None)


def derivar(
    *,
    recibida: datetime,
    es_arco: bool,
    hechos: list[Hecho],
    terminos: dict[str, int],
    calendario: Calendario,
    hoy: date,
) -> Situacion:
    hechos = sorted(hechos, key=lambda h: h.fecha)
    prefijo = "dias_arco_" if es_arco else "dias_"
    dias_respuesta = terminos[f"{prefijo}respuesta"]
    dias_ampliacion = terminos[f"{prefijo}ampliacion"]
    dias_prevencion = terminos[f"{prefijo}prevencion"]
    dias_atender_prevencion = terminos[f"{prefijo}respuesta_prevencion"]
    sumar = calendario.sumar_dias_habiles

    recepcion = calendario.recepcion_efectiva(recibida)
    prevencion = _primero(hechos, TipoEvento.PREVENCION)
    atendida = _primero(hechos, TipoEvento.PREVENCION_ATENDIDA)
    no_atendida = _primero(hechos, TipoEvento.PREVENCION_NO_ATENDIDA)
    respuesta = _primero(hechos, TipoEvento.RESPUESTA)
    entrega = _primero(hechos, TipoEvento.ENTREGA)
    recurso = _primero(hechos, RECURSO)
    ampliacion = _primero(hechos, AMPLIACION)
    tipo_respuesta = respuesta.tipo_respuesta if respuesta else ""
    fecha_respuesta = respuesta.fecha if respuesta else None
    situacion = Situacion(estado=EstadoSolicitud.RECIBIDA, recepcion_efectiva=recepcion)
    plazos = situacion.plazos

    # Plazos cortos del inicio: se muestran mientras corren o si se usaron.
    vence_prevenir = sumar(recepcion, dias_prevencion)
    if prevencion or (not respuesta and hoy <= vence_prevenir):
        plazos.append(
            Plazo(
                "prevencion",
                "Prevenir al solicitante",
                recepcion,
                dias_prevencion,
                vence_prevenir,
                prevencion.fecha if prevencion else None,
            )
        )
    if not es_arco:
        for clave, nombre, dias, tipo in (
            (
                "incompetencia",
                "Notificar la notoria incompetencia",
                terminos["dias_incompetencia"],
                TipoRespuesta.INCOMPETENCIA,
            ),
            (
                "orientacion",
                "Orientar a la información pública disponible",
                terminos["dias_orientacion"],
                TipoRespuesta.INFORMACION_PUBLICA,
            ),
        ):
            vence = sumar(recepcion, dias)
            if tipo_respuesta == tipo or (not respuesta and hoy <= vence):
                cumplido = fecha_respuesta if tipo_respuesta == tipo else None
                plazos.append(Plazo(clave, nombre, recepcion, dias, vence, cumplido))

    # La prevención interrumpe el plazo; vuelve a correr completo al día siguiente de
    # que el solicitante la atiende. Si no la atiende, la solicitud se desecha.
    base = recepcion
    desechada_el: date | None = None
    if prevencion:
        situacion.con_prevencion = True
        atender = Plazo(
            "atender_prevencion",
            "El solicitante atiende la prevención",
            prevencion.fecha,
            dias_atender_prevencion,
            sumar(prevencion.fecha, dias_atender_prevencion),
            atendida.fecha if atendida else None,
            de_la_unidad=False,
        )
        plazos.append(atender)
        if atendida:
            base = atendida.fecha
        elif no_atendida:
            desechada_el = no_atendida.fecha
        elif hoy > atender.vence:
            desechada_el = sumar(atender.vence, 1)

    responder = Plazo(
        "respuesta", "Responder la solicitud", base, dias_respuesta, sumar(base, dias_respuesta)
    )
    final = responder
    # Una ampliación aprobada después del vencimiento no amplía nada (el servicio la rechaza;
    # aquí se ignora por si llegara de una importación).
    if ampliacion and ampliacion.fecha <= responder.vence and desechada_el is None:
        situacion.con_ampliacion = True
        final = Plazo(
            "ampliacion",
            "Responder con la ampliación aprobada",
            responder.vence,
            dias_ampliacion,
            sumar(responder.vence, dias_ampliacion),
        )
    if desechada_el is None:
        plazos.append(_cumplido(responder, fecha_respuesta if final is responder else None))
        if final is not responder:
            plazos.append(_cumplido(final, fecha_respuesta))

    if respuesta:
        situacion.fecha_respuesta = respuesta.fecha
        situacion.tipo_respuesta = tipo_respuesta
        # La incompetencia y la orientación tienen plazo propio, más corto.
        limite = next((p for p in plazos if p.clave == PLAZO_PROPIO.get(tipo_respuesta)), final)
        situacion.en_tiempo = respuesta.fecha <= limite.vence
        situacion.dias_habiles_respuesta = max(
            calendario.dias_habiles_entre(base, respuesta.fecha), 0
        )
        if es_arco and tipo_respuesta in RESPUESTAS_CON_ENTREGA:
            efectivo = Plazo(
                "efectivo",
                "Hacer efectivo el derecho",
                respuesta.fecha,
                terminos["dias_arco_efectivo"],
                sumar(respuesta.fecha, terminos["dias_arco_efectivo"]),
                entrega.fecha if entrega else None,
            )
            plazos.append(efectivo)
            if not entrega:
                situacion.vence = efectivo.vence
        plazos.append(
            Plazo(
                "recurso",
                "El solicitante puede interponer un recurso de revisión",
                respuesta.fecha,
                terminos["dias_recurso"],
                sumar(respuesta.fecha, terminos["dias_recurso"]),
                recurso.fecha if recurso else None,
                de_la_unidad=False,
            )
        )

    if recurso:
        situacion.estado = EstadoSolicitud.EN_RECURSO
    elif respuesta:
        situacion.estado = (
            EstadoSolicitud.DESECHADA
            if tipo_respuesta == TipoRespuesta.DESECHADA
            else EstadoSolicitud.RESPONDIDA
        )
    elif desechada_el is not None:
        situacion.estado = EstadoSolicitud.DESECHADA
        situacion.fecha_respuesta = desechada_el
        situacion.tipo_respuesta = TipoRespuesta.DESECHADA
    elif prevencion and not atendida:
        situacion.estado = EstadoSolicitud.PREVENIDA
    else:
        situacion.vence = final.vence
        if situacion.con_ampliacion:
            situacion.estado = EstadoSolicitud.AMPLIADA
        elif _primero(hechos, TURNO):
            situacion.estado = EstadoSolicitud.EN_TRAMITE
    return situacion


def _cumplido(plazo: Plazo, fecha: date | None) -> Plazo:
    return Plazo(plazo.clave, plazo.nombre, plazo.desde, plazo.dias, plazo.vence, fecha)


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
