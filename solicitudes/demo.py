"""Datos de demostración de solicitudes: un año realista (el anterior completo y el actual
hasta hoy) de solicitudes por ayuntamiento de la demo, con sus prevenciones, turnos con
oficios, respuestas de las áreas, ampliaciones y resoluciones del Comité, recursos de
revisión y denuncias; y, para Oaxaca de Juárez, el segundo trimestre de 2024 con las cifras
mensuales exactas de su informe trimestral (seed 003).

Todo sale de un `random.Random` con semilla fija por ayuntamiento: la misma demo cada vez.
Idempotente: un ayuntamiento que ya tiene solicitudes no recibe más.

Rendimiento: pasar cada solicitud por los servicios arma el calendario varias veces por
solicitud (unos 25 ms cada una) y la demo tardaría minutos. Por eso las solicitudes, sus
eventos, turnos y resoluciones se guardan en bloque con su historial, con los campos
derivados calculados por la misma `plazos.derivar` con un solo calendario; los oficios se
emiten con `oficio_emitir` en orden de fecha (la numeración consecutiva queda como en la
vida real), los recursos pasan por `recurso_guardar` y `recurso_oficio_emitir`, las
denuncias por `denuncia_requerir`, y al final `plazos_recalcular` deja al día lo abierto.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from simple_history.utils import bulk_create_with_history

from organizacion.calendario import Calendario, calendario_para
from organizacion.demo import AYUNTAMIENTOS
from organizacion.models import (
    Ayuntamiento,
    Membresia,
    Oficio,
    Rol,
    Sexo,
    TipoOficio,
    UnidadAdministrativa,
    Usuario,
    hoy_local,
)
from organizacion.servicios import oficio_emitir, siguiente_numero

from .models import (
    RESOLUCIONES_CON_CUMPLIMIENTO,
    Denuncia,
    DerechoArco,
    Evento,
    MedioRecepcion,
    ModalidadEntrega,
    RecursoRevision,
    ResolucionComite,
    ResolucionDenuncia,
    ResolucionRecurso,
    SentidoResolucion,
    Solicitud,
    TipoEvento,
    TipoResolucionComite,
    TipoRespuesta,
    TipoSolicitud,
    Turno,
)
from .servicios import (
    CON_HECHOS,
    SERIE_FOLIO_INTERNO,
    denuncia_requerir,
    denuncias_derivar,
    recurso_guardar,
    recurso_oficio_emitir,
    recursos_derivar,
    solicitudes_derivar,
    terminos_de,
)

# Clave del sujeto obligado en la PNT: los folios son clave + año (2 dígitos) + consecutivo.
CLAVE_PNT = {
    "hecelchakan": "040012",
    "oaxaca-de-juarez": "201173",
    "puebla": "211143",
    "toluca": "150106",
}

# Seed 003, segundo trimestre 2024 de Oaxaca de Juárez: por mes, solicitudes recibidas por
# sexo (hombre, mujer, no identificado), oficios de turno y oficios de respuesta.
SEMILLA_003: dict[int, tuple[tuple[int, int, int], int, int]] = {
    4: ((10, 6, 10), 49, 41),
    5: ((6, 3, 4), 20, 17),
    6: ((4, 20, 8), 69, 69),
}

# Los recursos del trimestre, con fechas que reproducen las tablas del informe: recibidos
# 3/1/1; oficios de turno 4/1/2, de respuesta 4/1/2 y notificaciones 3/1/1. El recurso de
# mayo (de una mujer) se atendió (alegatos) en junio: por eso la tabla por sexo del informe
# muestra en junio un hombre y una mujer aunque en junio sólo se recibió uno.
# (sexo, interposición, notificación de la admisión, turnos a áreas, respuestas de las
#  áreas, oficio de notificación, alegatos, resolución, fecha de resolución, cumplimiento)
RECURSOS_003 = [
    (
        Sexo.HOMBRE,
        date(2024, 4, 8),
        date(2024, 4, 10),
        [date(2024, 4, 11), date(2024, 4, 11)],
        [date(2024, 4, 15), date(2024, 4, 15)],
        date(2024, 4, 17),
        date(2024, 4, 17),
        ResolucionRecurso.CONFIRMA,
        date(2024, 6, 5),
        None,
    ),
    (
        Sexo.NO_IDENTIFICADO,
        date(2024, 4, 12),
        date(2024, 4, 16),
        [date(2024, 4, 17)],
        [date(2024, 4, 22)],
        date(2024, 4, 24),
        date(2024, 4, 24),
        ResolucionRecurso.SOBRESEE,
        date(2024, 7, 3),
        None,
    ),
    (
        Sexo.NO_IDENTIFICADO,
        date(2024, 4, 19),
        date(2024, 4, 23),
        [date(2024, 4, 24)],
        [date(2024, 4, 26)],
        date(2024, 4, 29),
        date(2024, 4, 29),
        ResolucionRecurso.MODIFICA,
        date(2024, 7, 10),
        date(2024, 7, 19),
    ),
    (
        Sexo.MUJER,
        date(2024, 5, 20),
        date(2024, 5, 27),
        [date(2024, 5, 28)],
        [date(2024, 5, 29)],
        date(2024, 5, 30),
        date(2024, 6, 4),
        ResolucionRecurso.REVOCA,
        date(2024, 8, 14),
        date(2024, 8, 23),
    ),
    (
        Sexo.HOMBRE,
        date(2024, 6, 10),
        date(2024, 6, 12),
        [date(2024, 6, 13), date(2024, 6, 13)],
        [date(2024, 6, 18), date(2024, 6, 19)],
        date(2024, 6, 21),
        date(2024, 6, 21),
        ResolucionRecurso.CONFIRMA,
        date(2024, 9, 11),
        None,
    ),
]

# La denuncia de junio de 2024: fracción XXIX del artículo 70, cuatro áreas requeridas.
AREAS_DENUNCIA_003 = [
    "Secretaría de Fomento Turístico",
    "Secretaría de Gobierno",
    "Comité Municipal del Sistema para el Desarrollo Integral de la Familia",
    "Dirección de Protección Civil",
]

# (información solicitada, palabras que identifican al área que la tiene)
TEMAS_ACCESO = [
    (
        "Solicito la relación de contratos de obra pública adjudicados en {anio}, con monto, "
        "contratista y modalidad de adjudicación.",
        ("Obras",),
    ),
    (
        "Requiero el presupuesto de egresos del municipio para el ejercicio {anio} y su avance "
        "trimestral por capítulo de gasto.",
        ("Tesorería",),
    ),
    (
        "Copia de la nómina de la administración municipal de {mes} de {anio}, con sueldos, "
        "compensaciones y prestaciones por puesto.",
        ("Recursos Humanos", "Administración", "Tesorería"),
    ),
    (
        "Gasto en publicidad oficial del ayuntamiento en {anio}, desglosado por medio de "
        "comunicación y campaña.",
        ("Comunicación", "Tesorería"),
    ),
    (
        "Actas de las sesiones de Cabildo celebradas en {mes} de {anio} y los acuerdos tomados.",
        ("Secretaría",),
    ),
    (
        "Padrón de beneficiarios de los programas sociales municipales vigentes en {anio}.",
        ("Desarrollo Social", "DIF"),
    ),
    (
        "Licencias de construcción otorgadas en la colonia Centro durante {anio}.",
        ("Obras", "Desarrollo Urbano"),
    ),
    (
        "Resultados de las auditorías practicadas al municipio y las observaciones pendientes "
        "de solventar al cierre de {anio}.",
        ("Contraloría",),
    ),
    (
        "Apoyos entregados por el DIF municipal a personas adultas mayores en {anio}, por "
        "localidad.",
        ("DIF", "Desarrollo Social"),
    ),
    (
        "Relación de viáticos y gastos de representación pagados a funcionarios en {mes} de "
        "{anio}.",
        ("Tesorería",),
    ),
    (
        "Número de luminarias reparadas en {anio}, su costo y las colonias atendidas.",
        ("Obras",),
    ),
    (
        "Ingresos por impuesto predial recaudados en {anio}, por mes.",
        ("Tesorería",),
    ),
    (
        "Directorio de servidores públicos con cargo, teléfono y correo institucional.",
        ("Recursos Humanos", "Administración", "Secretaría"),
    ),
    (
        "Permisos de comercio en vía pública otorgados en {anio} y los giros autorizados.",
        ("Desarrollo Económico", "Secretaría"),
    ),
    (
        "Declaraciones de situación patrimonial del presidente municipal y regidores "
        "presentadas en {anio}.",
        ("Contraloría",),
    ),
]
TEMAS_ARCO: dict[str, tuple[str, tuple[str, ...]]] = {
    DerechoArco.ACCESO: (
        "Solicito copia de mi expediente laboral como extrabajador del ayuntamiento.",
        ("Recursos Humanos", "Administración"),
    ),
    DerechoArco.RECTIFICACION: (
        "Solicito que se corrija mi nombre en el padrón de contribuyentes del impuesto predial.",
        ("Tesorería",),
    ),
    DerechoArco.CANCELACION: (
        "Solicito la cancelación de mis datos personales del padrón de beneficiarios del "
        "programa de apoyo alimentario.",
        ("DIF", "Desarrollo Social"),
    ),
    DerechoArco.OPOSICION: (
        "Me opongo a que se publique mi domicilio en la lista de licencias de funcionamiento.",
        ("Desarrollo Económico", "Secretaría"),
    ),
    DerechoArco.PORTABILIDAD: (
        "Solicito mis datos del sistema de pagos en línea en un formato electrónico estructurado.",
        ("Tesorería",),
    ),
}
MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
NOMBRES: dict[str, list[str]] = {
    Sexo.MUJER: ["María", "Guadalupe", "Ana Laura", "Rosa", "Fernanda", "Patricia", "Itzel"],
    Sexo.HOMBRE: ["José", "Juan Carlos", "Luis", "Miguel Ángel", "Jorge", "Ricardo", "Emilio"],
}
APELLIDOS = ["Hernández", "García", "Martínez", "López", "Cruz", "Ruiz", "Santiago", "Pérez"]

MEDIOS = (
    [
        MedioRecepcion.PNT,
        MedioRecepcion.CORREO,
        MedioRecepcion.ESCRITO,
        MedioRecepcion.VERBAL,
        MedioRecepcion.TELEFONO,
        MedioRecepcion.OTRO,
    ],
    [76, 10, 9, 2, 2, 1],
)
MODALIDADES = (
    [
        ModalidadEntrega.ELECTRONICA,
        ModalidadEntrega.COPIA_SIMPLE,
        ModalidadEntrega.COPIA_CERTIFICADA,
        ModalidadEntrega.CONSULTA_DIRECTA,
    ],
    [86, 7, 4, 3],
)
SEXOS = ([Sexo.MUJER, Sexo.HOMBRE, Sexo.NO_IDENTIFICADO], [38, 42, 20])
DERECHOS = (list(DerechoArco), [50, 20, 15, 10, 5])
RESPUESTAS_ACCESO = (
    [
        TipoRespuesta.ENTREGA_TOTAL,
        TipoRespuesta.ENTREGA_PARCIAL,
        TipoRespuesta.INFORMACION_PUBLICA,
        TipoRespuesta.INEXISTENCIA,
        TipoRespuesta.RESERVADA,
        TipoRespuesta.CONFIDENCIAL,
        TipoRespuesta.INCOMPETENCIA,
        TipoRespuesta.NO_ES_SOLICITUD,
        TipoRespuesta.PAGO_PENDIENTE,
    ],
    [56, 10, 10, 8, 3, 2, 6, 3, 2],
)
RESPUESTAS_ARCO = (
    [
        TipoRespuesta.ENTREGA_TOTAL,
        TipoRespuesta.ENTREGA_PARCIAL,
        TipoRespuesta.INEXISTENCIA,
        TipoRespuesta.INCOMPETENCIA,
    ],
    [68, 12, 14, 6],
)
# Respuestas que la Unidad da sin turnar, en pocos días.
RESPUESTAS_DIRECTAS = {
    TipoRespuesta.INFORMACION_PUBLICA,
    TipoRespuesta.INCOMPETENCIA,
    TipoRespuesta.NO_ES_SOLICITUD,
}
# Respuestas que el Comité de Transparencia confirma.
COMITE_POR_RESPUESTA = {
    TipoRespuesta.INEXISTENCIA: TipoResolucionComite.INEXISTENCIA,
    TipoRespuesta.RESERVADA: TipoResolucionComite.RESERVA,
    TipoRespuesta.CONFIDENCIAL: TipoResolucionComite.CONFIDENCIAL,
    TipoRespuesta.INCOMPETENCIA: TipoResolucionComite.INCOMPETENCIA,
}
RESOLUCIONES_RECURSO = (
    [
        ResolucionRecurso.CONFIRMA,
        ResolucionRecurso.MODIFICA,
        ResolucionRecurso.REVOCA,
        ResolucionRecurso.SOBRESEE,
        ResolucionRecurso.DESECHA,
    ],
    [30, 20, 15, 28, 7],
)
FRACCIONES = ["I", "II", "VIII", "IX", "XI", "XV", "XXI", "XXIII", "XXVII", "XXIX", "XXXIV"]
ORDINALES = ["Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima"]


# eq=False: dos turnos iguales en sus datos siguen siendo turnos distintos.
@dataclass(eq=False)
class _Turno:
    area: UnidadAdministrativa
    fecha: date
    fecha_respuesta: date | None = None
    no_competente: bool = False
    oficio: Oficio | None = None
    oficio_respuesta: Oficio | None = None


@dataclass(eq=False)
class _Recurso:
    sexo: str
    fecha_interposicion: date
    fecha_notificacion: date | None = None
    fecha_alegatos: date | None = None
    resolucion: str = ""
    fecha_resolucion: date | None = None
    fecha_notificacion_resolucion: date | None = None
    fecha_cumplimiento: date | None = None
    # (tipo de oficio, fecha, destinatario)
    oficios: list[tuple[str, date, str]] = field(default_factory=list)
    solicitud: Solicitud | None = None


@dataclass(eq=False)
class _Plan:
    """Una solicitud y todo lo que le pasó, antes de guardarlo."""

    solicitud: Solicitud
    # Palabras que identifican al área que tiene la información (del tema de la solicitud).
    claves: tuple[str, ...] = ()
    eventos: list[tuple[str, date, str]] = field(default_factory=list)
    turnos: list[_Turno] = field(default_factory=list)
    comite: list[tuple[str, str, date]] = field(default_factory=list)
    recursos: list[_Recurso] = field(default_factory=list)

    def respuesta(self) -> date | None:
        return next((f for tipo, f, _ in self.eventos if tipo == TipoEvento.RESPUESTA), None)


class _Demo:
    """Arma y guarda las solicitudes de un ayuntamiento."""

    def __init__(self, ayuntamiento: Ayuntamiento) -> None:
        slug = ayuntamiento.slug
        self.ayuntamiento = ayuntamiento
        self.azar = random.Random(f"demo-solicitudes-{slug}")
        self.hoy = hoy_local(ayuntamiento)
        self.ahora = timezone.now()
        self.zona = ZoneInfo(ayuntamiento.zona_horaria)
        self.calendario: Calendario = calendario_para(ayuntamiento)
        self.terminos = terminos_de(ayuntamiento)
        nombres = AYUNTAMIENTOS[slug].areas
        por_nombre = {
            a.nombre: a for a in UnidadAdministrativa.objects.filter(ayuntamiento=ayuntamiento)
        }
        # La Unidad de Transparencia (la primera área) no se turna a sí misma.
        self.unidad = por_nombre[nombres[0]]
        self.areas = [por_nombre[n] for n in nombres[1:]]
        self.personal = self._persona(Rol.PERSONAL)
        enlace = Membresia.objects.filter(ayuntamiento=ayuntamiento, rol=Rol.ENLACE).first()
        self.enlace = enlace.usuario if enlace else None
        self.area_enlace = enlace.unidad_administrativa_id if enlace else None
        self.planes: list[_Plan] = []
        self.denuncias: list[tuple[Denuncia, list[UnidadAdministrativa], date]] = []
        self.actas: dict[int, int] = {}
        self.expedientes: dict[int, int] = {}
        # Recursos del trimestre de la seed 003 sin una solicitud de la demo que recurran.
        self.sueltos: list[_Recurso] = []

    def _persona(self, rol: str) -> Usuario | None:
        membresia = Membresia.objects.filter(ayuntamiento=self.ayuntamiento, rol=rol).first()
        return membresia.usuario if membresia else None

    def sumar(self, fecha: date, dias: int) -> date:
        return self.calendario.sumar_dias_habiles(fecha, dias)

    def elegir(self, opciones: tuple[list, list[int]]):
        return self.azar.choices(opciones[0], weights=opciones[1])[0]

    # --- Una solicitud ---------------------------------------------------------------------

    def _plan(self, recibida: datetime, *, tipo: str, sexo: str, medio: str) -> _Plan:
        azar = self.azar
        derecho = self.elegir(DERECHOS) if tipo == TipoSolicitud.ARCO else ""
        anonima = sexo == Sexo.NO_IDENTIFICADO and tipo == TipoSolicitud.ACCESO
        nombre = (
            ""
            if anonima
            else f"{azar.choice(NOMBRES.get(sexo, NOMBRES[Sexo.MUJER]))} "
            f"{azar.choice(APELLIDOS)} {azar.choice(APELLIDOS)}"
        )
        if derecho:
            descripcion, claves = TEMAS_ARCO[derecho]
        else:
            plantilla, claves = azar.choice(TEMAS_ACCESO)
            anio = recibida.year - azar.choice([0, 0, 1])
            descripcion = plantilla.format(anio=anio, mes=MESES[azar.randrange(12)])
        solicitud = Solicitud(
            ayuntamiento=self.ayuntamiento,
            tipo=tipo,
            derecho_arco=derecho,
            medio=medio,
            recibida=recibida,
            nombre_solicitante=nombre,
            sexo=sexo,
            correo_solicitante=(
                f"solicitante{azar.randrange(10_000)}@correo.demo.mx" if azar.random() < 0.5 else ""
            ),
            identidad_acreditada=bool(derecho),
            documento_identidad="Credencial para votar" if derecho else "",
            descripcion=descripcion,
            modalidad_entrega=self.elegir(MODALIDADES),
            registrada_por=self.personal,
        )
        if medio != MedioRecepcion.PNT:
            # La Unidad la captura en la PNT dentro de sus 5 días (LGTAIP art. 125).
            recepcion = self.calendario.recepcion_efectiva(recibida)
            solicitud.capturada_pnt = min(
                self.hoy, self.calendario.sumar_dias_habiles(recepcion, azar.randint(0, 4))
            )
        return _Plan(solicitud, claves)

    def _areas_para(self, plan: _Plan, cuantas: int) -> list[UnidadAdministrativa]:
        """El área que tiene la información según el tema, y otras si se turna a varias."""
        propias = [a for a in self.areas if any(c in a.nombre for c in plan.claves)]
        primera = propias[0] if propias else self.azar.choice(self.areas)
        otras = [a for a in self.areas if a != primera]
        return [primera, *self.azar.sample(otras, min(cuantas - 1, len(otras)))]

    def _recibida(self, dia: date, *, medio: str) -> datetime:
        """Hora de llegada: lo de ventanilla en horario de oficina; la PNT y el correo a
        cualquier hora (lo de la tarde se tiene por recibido al día hábil siguiente)."""
        if medio in (MedioRecepcion.PNT, MedioRecepcion.CORREO):
            minuto = self.azar.randint(7 * 60, 22 * 60)
        else:
            minuto = self.azar.randint(9 * 60, 14 * 60 + 50)
        return datetime.combine(dia, time(minuto // 60, minuto % 60), self.zona)

    def tramitar(self, plan: _Plan, *, olvidada: bool = False) -> None:
        """La vida de una solicitud de la demo; de lo que ocurriría después de hoy no se
        registra nada (la solicitud queda abierta donde le toque)."""
        azar, hoy, sumar = self.azar, self.hoy, self.sumar
        solicitud = plan.solicitud
        es_arco = solicitud.tipo == TipoSolicitud.ARCO
        prefijo = "dias_arco_" if es_arco else "dias_"
        dias_respuesta = self.terminos[f"{prefijo}respuesta"]
        dias_ampliacion = self.terminos[f"{prefijo}ampliacion"]
        recepcion = self.calendario.recepcion_efectiva(solicitud.recibida)
        base = recepcion

        if azar.random() < 0.06:
            prevencion = sumar(recepcion, azar.randint(1, self.terminos[f"{prefijo}prevencion"]))
            if prevencion > hoy:
                return
            plan.eventos.append((TipoEvento.PREVENCION, prevencion, ""))
            dias_atender = self.terminos[f"{prefijo}respuesta_prevencion"]
            if azar.random() < 0.4:
                # Sin respuesta del solicitante: la Unidad registra que se desecha.
                lapso = sumar(prevencion, dias_atender + 1)
                if lapso <= hoy:
                    plan.eventos.append((TipoEvento.PREVENCION_NO_ATENDIDA, lapso, ""))
                return
            atendida = sumar(prevencion, azar.randint(1, dias_atender))
            if atendida > hoy:
                return
            plan.eventos.append((TipoEvento.PREVENCION_ATENDIDA, atendida, ""))
            base = atendida

        tipo_respuesta = self.elegir(RESPUESTAS_ARCO if es_arco else RESPUESTAS_ACCESO)
        tarde = azar.random() < 0.08
        if tipo_respuesta in RESPUESTAS_DIRECTAS:
            dias = azar.randint(1, 3) + (azar.randint(2, 6) if tarde else 0)
            respuesta = sumar(base, dias)
            if tipo_respuesta == TipoRespuesta.INCOMPETENCIA and azar.random() < 0.4:
                plan.comite.append(self._comite(TipoResolucionComite.INCOMPETENCIA, respuesta))
        else:
            ampliacion = None
            if azar.random() < 0.07:
                ampliacion = sumar(base, azar.randint(dias_respuesta - 8, dias_respuesta))
                dias = azar.randint(dias_respuesta + 1, dias_respuesta + dias_ampliacion)
                if tarde:
                    dias = dias_respuesta + dias_ampliacion + azar.randint(1, 4)
            elif tarde:
                dias = dias_respuesta + azar.randint(1, 8)
            else:
                dias = round(azar.triangular(4, dias_respuesta, dias_respuesta * 0.6))
            respuesta = sumar(base, dias)
            fecha_turno = sumar(base, azar.choice([0, 0, 1, 1, 2]))
            cuantas = azar.choices([1, 2, 3], weights=[78, 17, 5])[0]
            habiles = self.calendario.dias_habiles_entre(fecha_turno, respuesta)
            if fecha_turno <= hoy:
                for area in self._areas_para(plan, cuantas):
                    contesta = sumar(fecha_turno, azar.randint(1, max(1, habiles)))
                    plan.turnos.append(
                        _Turno(
                            area,
                            fecha_turno,
                            contesta if contesta <= hoy and not olvidada else None,
                            no_competente=azar.random() < 0.05,
                        )
                    )
            if ampliacion and ampliacion <= hoy:
                plan.comite.append(self._comite(TipoResolucionComite.AMPLIACION, ampliacion))
            clasificacion = COMITE_POR_RESPUESTA.get(tipo_respuesta)
            if clasificacion and plan.turnos:
                ultima = max(t.fecha_respuesta or respuesta for t in plan.turnos)
                plan.comite.append(self._comite(clasificacion, min(ultima, respuesta)))
        plan.comite = [c for c in plan.comite if c[2] <= hoy]

        if olvidada or respuesta > hoy:
            return
        plan.eventos.append((TipoEvento.RESPUESTA, respuesta, tipo_respuesta))
        if es_arco and tipo_respuesta in (
            TipoRespuesta.ENTREGA_TOTAL,
            TipoRespuesta.ENTREGA_PARCIAL,
        ):
            efectivo = self.terminos["dias_arco_efectivo"]
            entrega = sumar(respuesta, azar.randint(2, efectivo + (5 if tarde else 0)))
            if entrega <= hoy:
                plan.eventos.append((TipoEvento.ENTREGA, entrega, ""))
        recurrible = tipo_respuesta in COMITE_POR_RESPUESTA or tarde
        if azar.random() < (0.1 if recurrible else 0.015):
            self._recurso(plan, respuesta)

    def _comite(self, tipo: str, fecha: date) -> tuple[str, str, date]:
        sentido = (
            SentidoResolucion.CONFIRMA
            if tipo == TipoResolucionComite.AMPLIACION or self.azar.random() < 0.85
            else SentidoResolucion.MODIFICA
        )
        return (tipo, sentido, fecha)

    def _recurso(self, plan: _Plan, respuesta: date) -> None:
        azar, hoy, sumar = self.azar, self.hoy, self.sumar
        recurso = _Recurso(
            sexo=plan.solicitud.sexo,
            fecha_interposicion=sumar(respuesta, azar.randint(2, self.terminos["dias_recurso"])),
            solicitud=plan.solicitud,
        )
        if recurso.fecha_interposicion > hoy:
            return
        plan.recursos.append(recurso)
        notificacion = sumar(recurso.fecha_interposicion, azar.randint(2, 8))
        if notificacion > hoy:
            return
        recurso.fecha_notificacion = notificacion
        areas = [t.area for t in plan.turnos[:2]] or [self.unidad]
        fecha_turno = sumar(notificacion, 1)
        respuestas = [sumar(fecha_turno, azar.randint(1, 3)) for _ in areas]
        alegatos = sumar(notificacion, azar.randint(4, self.terminos["dias_alegatos"]))
        alegatos = max(alegatos, *respuestas)
        for area, contesta in zip(areas, respuestas, strict=True):
            recurso.oficios.append((TipoOficio.TURNO, fecha_turno, area.nombre))
            recurso.oficios.append((TipoOficio.RESPUESTA, contesta, "Unidad de Transparencia"))
        recurso.oficios.append((TipoOficio.NOTIFICACION, alegatos, "Recurrente"))
        recurso.oficios = [o for o in recurso.oficios if o[1] <= hoy]
        if alegatos > hoy:
            return
        recurso.fecha_alegatos = alegatos
        resuelto = sumar(recurso.fecha_interposicion, azar.randint(30, 50))
        if resuelto > hoy:
            return
        recurso.resolucion = self.elegir(RESOLUCIONES_RECURSO)
        recurso.fecha_resolucion = resuelto
        # El garante notifica su resolución a los tres días como mucho (LGTAIP art. 156).
        notificada = min(hoy, sumar(resuelto, azar.randint(1, 3)))
        recurso.fecha_notificacion_resolucion = notificada
        if recurso.resolucion in RESOLUCIONES_CON_CUMPLIMIENTO:
            cumplimiento = sumar(notificada, azar.randint(3, 10))
            if cumplimiento <= hoy:
                recurso.fecha_cumplimiento = cumplimiento

    # --- Un año ----------------------------------------------------------------------------

    def anio(self, anio: int) -> None:
        azar, hoy = self.azar, self.hoy
        inicio = date(anio, 1, 1)
        fin = min(date(anio, 12, 31), hoy - timedelta(days=1))
        if fin < inicio:
            return
        del_anio = azar.randint(250, 420)
        dias = (fin - inicio).days + 1
        cuantas = round(del_anio * dias / (366 if anio % 4 == 0 else 365))
        fechas: list[date] = []
        while len(fechas) < cuantas:
            dia = inicio + timedelta(days=azar.randrange(dias))
            # Fines de semana llegan pocas (sólo por la PNT).
            if dia.weekday() < 5 or azar.random() < 0.15:
                fechas.append(dia)
        # Algunas de los últimos meses siguen sin respuesta: vencidas hoy, o por vencer si
        # llegaron hace casi el plazo completo.
        reciente = self.sumar(hoy - timedelta(days=75), 1)
        dias_respuesta = self.terminos["dias_respuesta"]
        for dia in sorted(fechas):
            tipo = TipoSolicitud.ARCO if azar.random() < 0.15 else TipoSolicitud.ACCESO
            medio = MedioRecepcion.PNT if dia.weekday() >= 5 else self.elegir(MEDIOS)
            plan = self._plan(
                self._recibida(dia, medio=medio), tipo=tipo, sexo=self.elegir(SEXOS), medio=medio
            )
            transcurridos = self.calendario.dias_habiles_entre(dia, hoy)
            por_vencer = dias_respuesta - 3 <= transcurridos <= dias_respuesta - 1
            olvidada = dia >= reciente and azar.random() < (0.5 if por_vencer else 0.1)
            self.tramitar(plan, olvidada=olvidada)
            self.planes.append(plan)
        for _ in range(azar.randint(1, 3)):
            self._denuncia(inicio + timedelta(days=azar.randrange(max(dias - 10, 1))))

    def _denuncia(self, dia: date, **datos) -> None:
        azar, sumar = self.azar, self.sumar
        fecha = self.calendario.siguiente_habil(dia)
        if fecha > self.hoy:
            return
        fraccion = datos.get("fraccion") or azar.choice(FRACCIONES)
        # El garante numera las denuncias de todos sus sujetos obligados.
        numero = self.expedientes.get(fecha.year, azar.randint(10, 90)) + azar.randint(1, 40)
        self.expedientes[fecha.year] = numero
        denuncia = Denuncia(
            ayuntamiento=self.ayuntamiento,
            expediente=f"DIOT/{self.ayuntamiento.garante.siglas}/{numero:04d}/{fecha.year}",
            fecha=fecha,
            sexo=datos.get("sexo") or self.elegir(SEXOS),
            articulo="70",
            fraccion=fraccion,
            descripcion=datos.get("descripcion")
            or f"Falta de publicación y actualización de la información de la fracción "
            f"{fraccion} del artículo 70 de la Ley General en el portal y en el SIPOT.",
        )
        informe = sumar(fecha, azar.randint(3, 5))
        resuelta = sumar(fecha, azar.randint(20, 40))
        if informe <= self.hoy:
            denuncia.fecha_informe = informe
        if resuelta <= self.hoy:
            denuncia.resolucion = azar.choice(list(ResolucionDenuncia))
            denuncia.fecha_resolucion = resuelta
            cumplida = sumar(resuelta, azar.randint(5, 15))
            if (
                denuncia.resolucion
                in (
                    ResolucionDenuncia.FUNDADA,
                    ResolucionDenuncia.PARCIALMENTE_FUNDADA,
                )
                and cumplida <= self.hoy
            ):
                denuncia.fecha_cumplimiento = cumplida
        areas = datos.get("areas") or azar.sample(self.areas, azar.randint(1, 3))
        self.denuncias.append((denuncia, areas, sumar(fecha, 1)))

    # --- Seed 003 --------------------------------------------------------------------------

    def trimestre_003(self) -> None:
        """Abril a junio de 2024 de Oaxaca de Juárez con las cifras exactas del informe: todas
        las solicitudes se atienden en el mes en que llegan (el informe da una sola cifra por
        mes de recibidas y atendidas) y algunos turnos se responden el mes siguiente."""
        azar, sumar = self.azar, self.sumar
        pendientes: list[_Turno] = []
        planes: list[_Plan] = []
        for mes, (por_sexo, de_turno, de_respuesta) in SEMILLA_003.items():
            habiles = [
                date(2024, mes, d)
                for d in range(1, 32)
                if _existe(2024, mes, d) and self.calendario.es_habil(date(2024, mes, d))
            ]
            ultimo = habiles[-1]
            # Primero se contestan los turnos que quedaron del mes anterior.
            for turno in pendientes:
                turno.fecha_respuesta = azar.choice(habiles[:8])
            propias = de_respuesta - len(pendientes)
            sexos = [
                sexo
                for sexo, n in zip(
                    (Sexo.HOMBRE, Sexo.MUJER, Sexo.NO_IDENTIFICADO), por_sexo, strict=True
                )
                for _ in range(n)
            ]
            azar.shuffle(sexos)
            dias = sorted(azar.choice(habiles[:-4]) for _ in sexos)
            del_mes = []
            for dia, sexo in zip(dias, sexos, strict=True):
                medio = azar.choices(
                    [MedioRecepcion.PNT, MedioRecepcion.CORREO, MedioRecepcion.ESCRITO],
                    weights=[80, 10, 10],
                )[0]
                minuto = azar.randint(9 * 60, 14 * 60 + 30)
                recibida = datetime.combine(dia, time(minuto // 60, minuto % 60), self.zona)
                del_mes.append(
                    self._plan(recibida, tipo=TipoSolicitud.ACCESO, sexo=sexo, medio=medio)
                )
            # Un turno por solicitud y el resto repartido, a lo más a todas las áreas.
            cuantos = [1] * len(del_mes)
            for _ in range(de_turno - len(del_mes)):
                i = azar.choice([i for i, n in enumerate(cuantos) if n < len(self.areas)])
                cuantos[i] += 1
            turnos_del_mes = []
            for plan, n in zip(del_mes, cuantos, strict=True):
                dia = plan.solicitud.recibida.date()
                fecha_turno = sumar(dia, azar.choice([0, 1]))
                for area in self._areas_para(plan, n):
                    plan.turnos.append(_Turno(area, fecha_turno))
                turnos_del_mes += plan.turnos
            # Los que no se contestan este mes son los de las solicitudes más tardías.
            pendientes = turnos_del_mes[propias:]
            for plan in del_mes:
                recepcion = self.calendario.recepcion_efectiva(plan.solicitud.recibida)
                limite = min(ultimo, sumar(recepcion, self.terminos["dias_respuesta"]))
                fecha_turno = plan.turnos[0].fecha
                en_el_mes = [t for t in plan.turnos if t not in pendientes]
                for turno in en_el_mes:
                    habiles_turno = self.calendario.dias_habiles_entre(fecha_turno, limite)
                    turno.fecha_respuesta = sumar(fecha_turno, azar.randint(1, habiles_turno))
                respuesta = max(
                    [t.fecha_respuesta for t in en_el_mes if t.fecha_respuesta]
                    or [sumar(fecha_turno, azar.randint(1, 3))]
                )
                respuesta = min(respuesta, limite)
                tipo_respuesta = azar.choices(
                    [
                        TipoRespuesta.ENTREGA_TOTAL,
                        TipoRespuesta.ENTREGA_PARCIAL,
                        TipoRespuesta.INEXISTENCIA,
                        TipoRespuesta.RESERVADA,
                    ],
                    weights=[78, 14, 5, 3],
                )[0]
                if tipo_respuesta in COMITE_POR_RESPUESTA:
                    plan.comite.append(
                        self._comite(COMITE_POR_RESPUESTA[tipo_respuesta], respuesta)
                    )
                plan.eventos.append((TipoEvento.RESPUESTA, respuesta, tipo_respuesta))
            planes += del_mes
        # Los que quedaron de junio se contestaron en julio.
        julio = [d for d in (date(2024, 7, d) for d in range(1, 12)) if self.calendario.es_habil(d)]
        for turno in pendientes:
            turno.fecha_respuesta = azar.choice(julio)

        for datos in RECURSOS_003:
            self._recurso_003(planes, *datos)
        self._denuncia(
            date(2024, 6, 12),
            sexo=Sexo.NO_IDENTIFICADO,
            fraccion="XXIX",
            descripcion="Falta de publicación y actualización de la información relativa a la "
            "fracción XXIX del artículo 70 de la Ley General (informes que por disposición "
            "legal generan los sujetos obligados), ejercicio fiscal 2023.",
            areas=[
                UnidadAdministrativa.objects.get_or_create(
                    ayuntamiento=self.ayuntamiento, nombre=nombre
                )[0]
                for nombre in AREAS_DENUNCIA_003
            ],
        )
        self.planes += planes

    def _recurso_003(
        self,
        planes: list[_Plan],
        sexo: str,
        interpuesto: date,
        notificado: date,
        turnos: list[date],
        respuestas: list[date],
        notificacion: date,
        alegatos: date,
        resolucion: str,
        resuelto: date,
        cumplido: date | None,
    ) -> None:
        # Se recurre una respuesta anterior de alguien del mismo sexo, del trimestre.
        candidatos = [
            p
            for p in planes
            if p.solicitud.sexo == sexo
            and not p.recursos
            and (p.respuesta() or interpuesto) < interpuesto
        ]
        plan = self.azar.choice(candidatos) if candidatos else None
        areas = [t.area for t in plan.turnos] if plan else []
        areas += [a for a in self.areas if a not in areas]
        recurso = _Recurso(
            sexo=sexo,
            fecha_interposicion=interpuesto,
            fecha_notificacion=notificado,
            fecha_alegatos=alegatos,
            resolucion=resolucion,
            fecha_resolucion=resuelto,
            fecha_notificacion_resolucion=resuelto,
            fecha_cumplimiento=cumplido,
            solicitud=plan.solicitud if plan else None,
        )
        for area, turno, contesta in zip(areas, turnos, respuestas, strict=False):
            recurso.oficios.append((TipoOficio.TURNO, turno, area.nombre))
            recurso.oficios.append((TipoOficio.RESPUESTA, contesta, "Unidad de Transparencia"))
        recurso.oficios.append((TipoOficio.NOTIFICACION, notificacion, "Recurrente"))
        if plan:
            plan.recursos.append(recurso)
        else:
            self.sueltos.append(recurso)

    # --- Guardar ---------------------------------------------------------------------------

    def guardar(self) -> dict[str, int]:
        ayuntamiento = self.ayuntamiento
        self.planes.sort(key=lambda p: p.solicitud.recibida)
        consecutivo: dict[int, int] = {}
        for plan in self.planes:
            solicitud = plan.solicitud
            anio = solicitud.recibida.astimezone(self.zona).year
            if solicitud.medio == MedioRecepcion.PNT:
                # La PNT numera todo el año de todo el sujeto obligado; no empieza en 1.
                consecutivo[anio] = consecutivo.get(anio, self.azar.randint(20, 90)) + 1
                solicitud.folio = (
                    f"{CLAVE_PNT[ayuntamiento.slug]}{anio % 100:02d}{consecutivo[anio]:07d}"
                )
            else:
                numero = siguiente_numero(
                    ayuntamiento=ayuntamiento, anio=anio, serie=SERIE_FOLIO_INTERNO
                )
                solicitud.folio = f"INT-{anio}-{numero:05d}"
                solicitud.folio_interno = True
        historial = {"default_user": self.personal, "batch_size": 500}
        bulk_create_with_history([p.solicitud for p in self.planes], Solicitud, **historial)

        eventos = [
            Evento(
                ayuntamiento=ayuntamiento,
                solicitud=plan.solicitud,
                tipo=tipo,
                fecha=fecha,
                tipo_respuesta=tipo_respuesta,
                modalidad_entrega=plan.solicitud.modalidad_entrega
                if tipo == TipoEvento.RESPUESTA
                else "",
                registrado_por=self.personal,
            )
            for plan in self.planes
            for tipo, fecha, tipo_respuesta in plan.eventos
        ]
        bulk_create_with_history(eventos, Evento, **historial)
        resoluciones = []
        for plan in self.planes:
            for tipo, sentido, fecha in plan.comite:
                self.actas[fecha.year] = self.actas.get(fecha.year, 0) + 1
                numero = self.actas[fecha.year]
                resoluciones.append(
                    ResolucionComite(
                        ayuntamiento=ayuntamiento,
                        solicitud=plan.solicitud,
                        sesion=f"{ORDINALES[numero % len(ORDINALES)]} sesión extraordinaria",
                        numero_acta=f"CT/{numero:03d}/{fecha.year}",
                        tipo=tipo,
                        sentido=sentido,
                        fecha=fecha,
                    )
                )
        bulk_create_with_history(resoluciones, ResolucionComite, **historial)

        # Oficios en orden de fecha, para que su numeración siga el calendario.
        emisiones: list[tuple[date, Callable[[], object]]] = []
        for plan in self.planes:
            for turno in plan.turnos:
                emisiones.append((turno.fecha, _emitir_turno(self, plan.solicitud, turno)))
                if turno.fecha_respuesta:
                    emisiones.append(
                        (turno.fecha_respuesta, _emitir_respuesta(self, plan.solicitud, turno))
                    )
        recursos = self._guardar_recursos()
        for recurso, datos in recursos:
            for tipo, fecha, destinatario in datos.oficios:
                emisiones.append(
                    (fecha, _emitir_de_recurso(recurso, tipo, fecha, destinatario, self.personal))
                )
        for denuncia, areas, fecha in self.denuncias:
            denuncia.full_clean()
            denuncia.save()
            if fecha <= self.hoy:
                emisiones.append((fecha, _requerir(denuncia, areas, fecha, self.personal)))
        emisiones.sort(key=lambda e: e[0])
        for _, emitir in emisiones:
            emitir()

        turnos = [
            Turno(
                ayuntamiento=ayuntamiento,
                solicitud=plan.solicitud,
                unidad_administrativa=t.area,
                fecha=t.fecha,
                vence=t.fecha,  # lo escribe la derivación, abajo
                oficio=t.oficio,
                instrucciones="Remita la información solicitada o, en su caso, funde y motive "
                "su inexistencia o clasificación.",
                fecha_respuesta=t.fecha_respuesta,
                respuesta=_texto_respuesta(t) if t.fecha_respuesta else "",
                no_competente=t.no_competente if t.fecha_respuesta else False,
                oficio_respuesta=t.oficio_respuesta,
                respondido_por=self.enlace
                if t.fecha_respuesta and t.area.pk == self.area_enlace
                else None,
            )
            for plan in self.planes
            for t in plan.turnos
        ]
        bulk_create_with_history(turnos, Turno, **historial)
        # Estados y plazos de todo, como los dejarían los servicios: el mismo escritor.
        solicitudes_derivar(
            ayuntamiento=ayuntamiento,
            solicitudes=Solicitud.objects.filter(pk__in=[p.solicitud.pk for p in self.planes])
            .select_related("ayuntamiento")
            .prefetch_related(*CON_HECHOS),
        )
        recursos_derivar(
            ayuntamiento=ayuntamiento,
            recursos=RecursoRevision.objects.filter(pk__in=[r.pk for r, _ in recursos]),
        )
        denuncias_derivar(ayuntamiento=ayuntamiento, denuncias=[d for d, _, _ in self.denuncias])
        return {
            "solicitudes": len(self.planes),
            "turnos": len(turnos),
            "recursos": len(recursos),
            "denuncias": len(self.denuncias),
        }

    def _guardar_recursos(self) -> list[tuple[RecursoRevision, _Recurso]]:
        guardados = []
        datos = sorted(
            [*(r for p in self.planes for r in p.recursos), *self.sueltos],
            key=lambda r: r.fecha_interposicion,
        )
        numeros: dict[tuple[str, int], int] = {}
        for r in datos:
            es_arco = r.solicitud is not None and r.solicitud.tipo == TipoSolicitud.ARCO
            prefijo = "R.R.D.P." if es_arco else "R.R.A.I."
            clave = (prefijo, r.fecha_interposicion.year)
            # El garante numera los recursos de todos sus sujetos obligados.
            numeros[clave] = numeros.get(clave, self.azar.randint(5, 60)) + self.azar.randint(1, 25)
            recurso = RecursoRevision(
                ayuntamiento=self.ayuntamiento,
                expediente=f"{prefijo}/{numeros[clave]:04d}/{r.fecha_interposicion.year}",
                solicitud=r.solicitud,
                sexo=r.sexo,
                fecha_interposicion=r.fecha_interposicion,
                # El garante admite y notifica la admisión el mismo día.
                fecha_admision=r.fecha_notificacion,
                fecha_notificacion=r.fecha_notificacion,
                fecha_alegatos=r.fecha_alegatos,
                resolucion=r.resolucion,
                fecha_resolucion=r.fecha_resolucion,
                fecha_notificacion_resolucion=r.fecha_notificacion_resolucion,
                fecha_cumplimiento=r.fecha_cumplimiento,
            )
            guardados.append((recurso_guardar(recurso=recurso), r))
        return guardados


def _existe(anio: int, mes: int, dia: int) -> bool:
    try:
        date(anio, mes, dia)
    except ValueError:
        return False
    return True


def _texto_respuesta(turno: _Turno) -> str:
    if turno.no_competente:
        return "El área no es competente: la información no se genera ni se resguarda aquí."
    return "Se remite la información solicitada en el archivo adjunto al oficio de respuesta."


def _emitir_turno(demo: _Demo, solicitud: Solicitud, turno: _Turno) -> Callable[[], object]:
    # Los mismos datos que pone servicios.solicitud_turnar.
    def emitir() -> None:
        area = turno.area
        turno.oficio = oficio_emitir(
            ayuntamiento=demo.ayuntamiento,
            fecha=turno.fecha,
            tipo=TipoOficio.TURNO,
            asunto=f"Turno de la solicitud {solicitud.folio}",
            destinatario=area.responsable or area.nombre,
            cargo_destinatario=area.cargo_responsable or area.nombre,
            emitido_por=demo.personal,
        )

    return emitir


def _emitir_respuesta(demo: _Demo, solicitud: Solicitud, turno: _Turno) -> Callable[[], object]:
    # Los mismos datos que pone servicios.turno_responder.
    def emitir() -> None:
        assert turno.fecha_respuesta is not None
        turno.oficio_respuesta = oficio_emitir(
            ayuntamiento=demo.ayuntamiento,
            fecha=turno.fecha_respuesta,
            tipo=TipoOficio.RESPUESTA,
            serie=turno.area.siglas or None,
            asunto=f"Respuesta al turno de la solicitud {solicitud.folio}",
            destinatario="Unidad de Transparencia",
            emitido_por=demo.enlace if turno.area.pk == demo.area_enlace else None,
        )

    return emitir


def _emitir_de_recurso(
    recurso: RecursoRevision, tipo: str, fecha: date, destinatario: str, usuario: Usuario | None
) -> Callable[[], object]:
    asuntos: dict[str, str] = {
        TipoOficio.TURNO: f"Turno del recurso de revisión {recurso.expediente}",
        TipoOficio.RESPUESTA: f"Respuesta para los alegatos del recurso {recurso.expediente}",
        TipoOficio.NOTIFICACION: f"Notificación al recurrente del recurso {recurso.expediente}",
    }
    return lambda: recurso_oficio_emitir(
        recurso=recurso,
        tipo=tipo,
        fecha=fecha,
        asunto=asuntos[tipo],
        destinatario=destinatario,
        emitido_por=usuario,
    )


def _requerir(
    denuncia: Denuncia, areas: list[UnidadAdministrativa], fecha: date, usuario: Usuario | None
) -> Callable[[], object]:
    return lambda: denuncia_requerir(
        denuncia=denuncia, areas=areas, fecha=fecha, emitido_por=usuario
    )


def cargar(salida) -> None:
    with scopes_disabled():
        ayuntamientos = list(
            Ayuntamiento.objects.filter(slug__in=AYUNTAMIENTOS).select_related("garante")
        )
    for ayuntamiento in sorted(ayuntamientos, key=lambda a: list(AYUNTAMIENTOS).index(a.slug)):
        with scopes_disabled(), transaction.atomic():
            if Solicitud.objects.filter(ayuntamiento=ayuntamiento).exists():
                salida.write(f"  {ayuntamiento.nombre}: ya tiene solicitudes, no se agregan.\n")
                continue
            demo = _Demo(ayuntamiento)
            if ayuntamiento.slug == "oaxaca-de-juarez":
                demo.trimestre_003()
            for anio in (demo.hoy.year - 1, demo.hoy.year):
                demo.anio(anio)
            cifras = demo.guardar()
        salida.write(
            f"  {ayuntamiento.nombre}: {cifras['solicitudes']} solicitudes, "
            f"{cifras['turnos']} turnos, {cifras['recursos']} recursos, "
            f"{cifras['denuncias']} denuncias.\n"
        )
