"""Las cifras de solicitudes: una función por familia de cifras, una consulta agregada cada
una. El tablero, los PDF de reportes y las exportaciones usan estas mismas funciones."""

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, DateField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth

from organizacion.agregados import Mediana
from organizacion.calendario import calendario_para
from organizacion.models import Ayuntamiento, Oficio, Procedimiento, hoy_local

from .models import (
    ESTADOS_CONCLUIDOS,
    FILTRO_ESTADO_RECURSO,
    Denuncia,
    EstadoRecurso,
    RecursoRevision,
    ResolucionComite,
    Semaforo,
    Solicitud,
    TipoSolicitud,
    Turno,
)
from .plazos import limite_por_vencer
from .servicios import terminos_de


@dataclass(frozen=True)
class CorteSemaforo:
    """Las dos fechas que separan los colores del semáforo para un día dado."""

    hoy: date
    limite: date

    def filtro(self, color: str) -> Q:
        """Las solicitudes (o turnos) de un color, por su campo `vence`."""
        if color == Semaforo.VENCIDA:
            return Q(vence__lt=self.hoy)
        if color == Semaforo.POR_VENCER:
            return Q(vence__gte=self.hoy, vence__lte=self.limite)
        return Q(vence__gt=self.limite)


def corte_semaforo(ayuntamiento: Ayuntamiento, *, hoy: date | None = None) -> CorteSemaforo:
    """El corte de hoy o, para el aviso diario de una fecha dada, el de esa fecha."""
    hoy = hoy or hoy_local(ayuntamiento)
    dias_aviso = terminos_de(ayuntamiento)["dias_aviso_vencimiento"]
    calendario = calendario_para(ayuntamiento, Procedimiento.SOLICITUDES)
    return CorteSemaforo(hoy, limite_por_vencer(calendario, hoy, dias_aviso))


def conteo_semaforo(*, ayuntamiento: Ayuntamiento, corte: CorteSemaforo | None = None) -> dict:
    """Cuántas solicitudes con plazo corriendo hay de cada color."""
    corte = corte or corte_semaforo(ayuntamiento)
    return Solicitud.objects.filter(ayuntamiento=ayuntamiento, vence__isnull=False).aggregate(
        **{color.value: Count("pk", filter=corte.filtro(color)) for color in Semaforo}
    )


def conteo_turnos_pendientes(
    *, ayuntamiento: Ayuntamiento, area_id: int | None, corte: CorteSemaforo | None = None
) -> dict:
    """Los turnos pendientes de un área, en total y por color de su plazo interno."""
    corte = corte or corte_semaforo(ayuntamiento)
    return Turno.objects.filter(
        ayuntamiento=ayuntamiento,
        unidad_administrativa_id=area_id,
        fecha_respuesta__isnull=True,
        cerrado__isnull=True,
    ).aggregate(
        total=Count("pk"),
        **{color.value: Count("pk", filter=corte.filtro(color)) for color in Semaforo},
    )


def vencimientos(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> list[dict[str, Any]]:
    """Solicitudes con plazo corriendo que vencen entre `desde` y `hasta` (ambas incluidas),
    por día de vencimiento: `[{"vence", "total"}]`, sólo los días con alguna. Las que ya
    vencieron antes de `desde` no cuentan: ésas las cuenta `conteo_semaforo`."""
    _periodo(desde, hasta)
    return _filas(
        Solicitud.objects.filter(ayuntamiento=ayuntamiento, vence__gte=desde, vence__lte=hasta)
        .values("vence")
        .annotate(total=Count("pk"))
        .order_by("vence")
    )


# Los estados de un recurso que aún piden algo a la Unidad o esperan al garante. Los
# resueltos sin cumplimiento pendiente y los concluidos ya no están en proceso.
RECURSOS_EN_PROCESO = (
    EstadoRecurso.INTERPUESTO,
    EstadoRecurso.ADMITIDO,
    EstadoRecurso.ALEGATOS,
    EstadoRecurso.EN_CUMPLIMIENTO,
)


def recursos_en_proceso(*, ayuntamiento: Ayuntamiento) -> dict[str, int]:
    """Recursos de revisión en proceso hoy, por estado, y su total: `{"interpuesto",
    "admitido", "alegatos", "en_cumplimiento", "total"}`."""
    filtros = {estado.value: FILTRO_ESTADO_RECURSO[estado] for estado in RECURSOS_EN_PROCESO}
    return RecursoRevision.objects.filter(ayuntamiento=ayuntamiento).aggregate(
        **{estado: Count("pk", filter=filtro) for estado, filtro in filtros.items()},
        total=Count("pk", filter=reduce(operator.or_, filtros.values())),
    )


# --- Cifras de un periodo ------------------------------------------------------------------
#
# Todas reciben `ayuntamiento, desde, hasta` (fechas, ambas incluidas) y devuelven listas de
# diccionarios o un diccionario, listos para una tabla del PDF, el tablero o un CSV. El mes
# es el primer día del mes calendario, como `date`; las fechas y horas (la recepción) se
# cuentan por su fecha en la zona horaria del ayuntamiento. Sólo aparecen las combinaciones
# con algo que contar: `pivotar` arma la tabla con ceros.


def _periodo(desde: date, hasta: date) -> None:
    if desde > hasta:
        raise ValidationError(
            f"El periodo empieza el {desde:%d/%m/%Y}, después de terminar ({hasta:%d/%m/%Y})."
        )


def _zona(ayuntamiento: Ayuntamiento) -> ZoneInfo:
    return ZoneInfo(ayuntamiento.zona_horaria)


def _mes_de_recepcion(ayuntamiento: Ayuntamiento) -> TruncMonth:
    return TruncMonth("recibida", tzinfo=_zona(ayuntamiento), output_field=DateField())


def _recibidas_en(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> QuerySet[Solicitud]:
    """Las solicitudes que llegaron en el periodo, por su fecha local de llegada (no por la
    recepción efectiva: la recibida el domingo cuenta en el mes del domingo)."""
    _periodo(desde, hasta)
    zona = _zona(ayuntamiento)
    inicio = datetime.combine(desde, time.min, zona)
    fin = datetime.combine(hasta + timedelta(days=1), time.min, zona)
    return Solicitud.objects.filter(
        ayuntamiento=ayuntamiento, recibida__gte=inicio, recibida__lt=fin
    )


def _atendidas_en(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> QuerySet[Solicitud]:
    """Las que concluyeron en el periodo: respondidas, o desechadas por no atender la
    prevención (su `fecha_respuesta` es el día en que se desecharon)."""
    _periodo(desde, hasta)
    return Solicitud.objects.filter(
        ayuntamiento=ayuntamiento,
        estado__in=ESTADOS_CONCLUIDOS,
        fecha_respuesta__gte=desde,
        fecha_respuesta__lte=hasta,
    )


def _filas(consulta: QuerySet[Any, Any]) -> list[dict[str, Any]]:
    """Los renglones agregados de un `values().annotate()`, como lista de diccionarios."""
    return list(consulta)


def meses(desde: date, hasta: date) -> list[date]:
    """El primer día de cada mes del periodo: los renglones de una tabla mensual."""
    primero, resultado = desde.replace(day=1), []
    while primero <= hasta:
        resultado.append(primero)
        primero = (primero + timedelta(days=32)).replace(day=1)
    return resultado


def pivotar(
    filas: Iterable[dict[str, Any]],
    *,
    renglon: str,
    columna: str,
    columnas: Iterable[Any],
    renglones: Iterable[Any] = (),
    valor: str = "total",
) -> list[dict[str, Any]]:
    """Arma una tabla de doble entrada con las filas de una de estas funciones, sumando las
    demás dimensiones. `pivotar(recibidas(...), renglon="mes", columna="sexo",
    columnas=Sexo.values, renglones=meses(desde, hasta))` da la tabla del informe
    trimestral: `[{"mes": date(2024, 4, 1), "mujer": 10, "hombre": 12,
    "no_identificado": 4, "total": 26}, ...]`. Los renglones dados salen aunque estén en
    cero, en su orden; los demás, al final en orden de aparición. No consulta la base."""
    columnas = list(columnas)
    tabla: dict[Any, dict[str, Any]] = {}

    def renglon_de(clave: Any) -> dict[str, Any]:
        if clave not in tabla:
            tabla[clave] = {renglon: clave, **dict.fromkeys(columnas, 0), "total": 0}
        return tabla[clave]

    for clave in renglones:
        renglon_de(clave)
    for fila in filas:
        destino = renglon_de(fila[renglon])
        destino[fila[columna]] = destino.get(fila[columna], 0) + fila[valor]
        destino["total"] += fila[valor]
    return list(tabla.values())


def recibidas(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> list[dict[str, Any]]:
    """Solicitudes recibidas por mes × tipo × medio × sexo:
    `[{"mes", "tipo", "medio", "sexo", "total"}]`. Una solicitud recibida el último día
    del periodo después de la hora de cierre cuenta en el periodo: llegó ese día, aunque
    su plazo corra desde el siguiente día hábil."""
    return _filas(
        _recibidas_en(ayuntamiento, desde, hasta)
        .values("tipo", "medio", "sexo", mes=_mes_de_recepcion(ayuntamiento))
        .annotate(total=Count("pk"))
        .order_by("mes", "tipo", "medio", "sexo")
    )


def atendidas(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> list[dict[str, Any]]:
    """Solicitudes atendidas (concluidas) en el periodo, por mes de su respuesta × sexo:
    `[{"mes", "sexo", "total"}]`. No importa cuándo se recibieron."""
    return _filas(
        _atendidas_en(ayuntamiento, desde, hasta)
        .values("sexo", mes=TruncMonth("fecha_respuesta"))
        .annotate(total=Count("pk"))
        .order_by("mes", "sexo")
    )


def oportunidad(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date, tipo: str | None = None
) -> dict[str, Any]:
    """De las solicitudes respondidas en el periodo (con respuesta notificada; las desechadas
    por prevención sin atender no tienen plazo cumplido ni incumplido): cuántas en tiempo y
    fuera de tiempo, el porcentaje en tiempo y el promedio y la mediana de días hábiles para
    responder. `{"respondidas", "en_tiempo", "fuera_de_tiempo", "porcentaje_en_tiempo",
    "promedio_dias", "mediana_dias"}`; el porcentaje y el promedio, a un decimal, y `None`
    si no hubo respuestas. Con `tipo`, sólo las de ese tipo de solicitud (la mediana de un
    tipo no se obtiene de la de todas: por eso se filtra aquí)."""
    consulta = _atendidas_en(ayuntamiento, desde, hasta).filter(en_tiempo__isnull=False)
    if tipo is not None:
        consulta = consulta.filter(tipo=tipo)
    cifras = consulta.aggregate(
        respondidas=Count("pk"),
        # Los nombres no pueden repetir el del campo `en_tiempo`: se renombran abajo.
        a_tiempo=Count("pk", filter=Q(en_tiempo=True)),
        tarde=Count("pk", filter=Q(en_tiempo=False)),
        promedio=Avg("dias_habiles_respuesta"),
        mediana=Mediana("dias_habiles_respuesta"),
    )
    respondidas = cifras["respondidas"]
    return {
        "respondidas": respondidas,
        "en_tiempo": cifras["a_tiempo"],
        "fuera_de_tiempo": cifras["tarde"],
        "porcentaje_en_tiempo": (
            round(100 * cifras["a_tiempo"] / respondidas, 1) if respondidas else None
        ),
        "promedio_dias": None if cifras["promedio"] is None else round(cifras["promedio"], 1),
        "mediana_dias": cifras["mediana"],
    }


def por_tipo_respuesta(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Solicitudes atendidas en el periodo por tipo de solicitud × tipo de respuesta × sexo:
    `[{"tipo", "tipo_respuesta", "sexo", "total"}]`."""
    return _filas(
        _atendidas_en(ayuntamiento, desde, hasta)
        .values("tipo", "tipo_respuesta", "sexo")
        .annotate(total=Count("pk"))
        .order_by("tipo", "tipo_respuesta", "sexo")
    )


def estado_al_cierre(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """De las solicitudes recibidas en el periodo, cuántas estaban atendidas al cierre
    (concluidas a más tardar `hasta`) y cuántas seguían pendientes ese día, por tipo × sexo:
    `[{"tipo", "sexo", "recibidas", "atendidas", "pendientes"}]`. Una respuesta posterior
    al cierre cuenta como pendiente: el informe describe el día del corte."""
    atendida = Q(fecha_respuesta__lte=hasta)
    return _filas(
        _recibidas_en(ayuntamiento, desde, hasta)
        .values("tipo", "sexo")
        .annotate(
            recibidas=Count("pk"),
            atendidas=Count("pk", filter=atendida),
            pendientes=Count("pk", filter=~atendida | Q(fecha_respuesta__isnull=True)),
        )
        .order_by("tipo", "sexo")
    )


def por_area(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> list[dict[str, Any]]:
    """Turnos hechos en el periodo por área: cuántos, cuántos respondió el área a más tardar
    `hasta` y en cuántos declaró no ser competente (una parte de los respondidos):
    `[{"area_id", "area", "turnos", "respondidos", "no_competente"}]`, por nombre del área."""
    _periodo(desde, hasta)
    respondido = Q(fecha_respuesta__lte=hasta)
    return _filas(
        Turno.objects.filter(ayuntamiento=ayuntamiento, fecha__gte=desde, fecha__lte=hasta)
        .values(area_id=F("unidad_administrativa"), area=F("unidad_administrativa__nombre"))
        .annotate(
            turnos=Count("pk"),
            respondidos=Count("pk", filter=respondido),
            no_competente=Count("pk", filter=respondido & Q(no_competente=True)),
        )
        .order_by("area", "area_id")
    )


def tramite(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> dict[str, int]:
    """De las solicitudes recibidas en el periodo, cuántas tuvieron prevención y cuántas
    ampliación de plazo aprobada: `{"recibidas", "prevenciones", "ampliaciones"}`."""
    return _recibidas_en(ayuntamiento, desde, hasta).aggregate(
        recibidas=Count("pk"),
        prevenciones=Count("pk", filter=Q(con_prevencion=True)),
        ampliaciones=Count("pk", filter=Q(con_ampliacion=True)),
    )


def resoluciones_comite(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Resoluciones del Comité de Transparencia fechadas en el periodo, por tipo × sentido:
    `[{"tipo", "sentido", "total"}]`."""
    _periodo(desde, hasta)
    return _filas(
        ResolucionComite.objects.filter(
            ayuntamiento=ayuntamiento, fecha__gte=desde, fecha__lte=hasta
        )
        .values("tipo", "sentido")
        .annotate(total=Count("pk"))
        .order_by("tipo", "sentido")
    )


def oficios_por_mes(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> list[dict]:
    """Oficios de turno (por la fecha del turno) y de respuesta de las áreas (por la fecha
    de la respuesta) de cada mes del periodo, con ceros en los meses sin oficios:
    `[{"mes", "turno", "respuesta"}]`."""
    _periodo(desde, hasta)
    # Un mismo turno cuenta su oficio de turno en un mes y el de respuesta en otro: un solo
    # GROUP BY no puede ponerlo en dos grupos. Dos agrupaciones unidas con UNION ALL siguen
    # siendo una consulta; aquí sólo se suman sus (a lo más dos) renglones por mes.
    turnos = Turno.objects.filter(ayuntamiento=ayuntamiento)
    de_turno = (
        turnos.filter(fecha__gte=desde, fecha__lte=hasta)
        .values(mes=TruncMonth("fecha"))
        .annotate(turno=Count("pk"), respuesta=Value(0))
        .order_by()
    )
    de_respuesta = (
        turnos.filter(
            oficio_respuesta__isnull=False,
            fecha_respuesta__gte=desde,
            fecha_respuesta__lte=hasta,
        )
        .values(mes=TruncMonth("fecha_respuesta"))
        .annotate(turno=Value(0), respuesta=Count("pk"))
        .order_by()
    )
    tabla = {mes: {"mes": mes, "turno": 0, "respuesta": 0} for mes in meses(desde, hasta)}
    for fila in de_turno.union(de_respuesta, all=True):
        tabla[fila["mes"]]["turno"] += fila["turno"]
        tabla[fila["mes"]]["respuesta"] += fila["respuesta"]
    return list(tabla.values())


def _recursos(ayuntamiento: Ayuntamiento, tipo: str | None) -> QuerySet[RecursoRevision]:
    """Los recursos del ayuntamiento o, con `tipo`, sólo los que recurren una solicitud de
    ese tipo (un recurso sin solicitud capturada no tiene tipo: queda fuera)."""
    recursos = RecursoRevision.objects.filter(ayuntamiento=ayuntamiento)
    return recursos if tipo is None else recursos.filter(solicitud__tipo=tipo)


def recursos_por_mes(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date, tipo: str | None = None
) -> list[dict[str, Any]]:
    """Recursos de revisión recibidos (por fecha de interposición) y atendidos, por mes ×
    sexo del recurrente: `[{"mes", "sexo", "recibidos", "atendidos"}]`; con `tipo`, sólo
    los de solicitudes de ese tipo (los de ARCO, para el informe de datos personales).

    Un recurso está atendido cuando la Unidad hizo su parte: el día en que presentó alegatos
    o, si se resolvió sin ellos (se desechó, se sobreseyó), el de la resolución. Cuenta una
    sola vez, en el mes de la primera de esas fechas, si cae en el periodo."""
    _periodo(desde, hasta)
    recursos = _recursos(ayuntamiento, tipo)
    recibidos = (
        recursos.filter(fecha_interposicion__gte=desde, fecha_interposicion__lte=hasta)
        .values("sexo", mes=TruncMonth("fecha_interposicion"))
        .annotate(recibidos=Count("pk"), atendidos=Value(0))
        .order_by()
    )
    atendidos = (
        recursos.alias(fecha_atencion=Coalesce("fecha_alegatos", "fecha_resolucion"))
        .filter(fecha_atencion__gte=desde, fecha_atencion__lte=hasta)
        .values("sexo", mes=TruncMonth("fecha_atencion"))
        .annotate(recibidos=Value(0), atendidos=Count("pk"))
        .order_by()
    )
    # Como en oficios_por_mes: dos fechas distintas por recurso, una consulta con UNION ALL.
    tabla: dict[tuple[date, str], dict[str, Any]] = {}
    for fila in recibidos.union(atendidos, all=True):
        clave = (fila["mes"], fila["sexo"])
        destino = tabla.setdefault(
            clave, {"mes": fila["mes"], "sexo": fila["sexo"], "recibidos": 0, "atendidos": 0}
        )
        destino["recibidos"] += fila["recibidos"]
        destino["atendidos"] += fila["atendidos"]
    return [tabla[clave] for clave in sorted(tabla)]


def recursos_por_resolucion(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date, tipo: str | None = None
) -> list[dict[str, Any]]:
    """Recursos resueltos en el periodo (por fecha de resolución), por sentido de la
    resolución × sexo del recurrente: `[{"resolucion", "sexo", "total"}]`; con `tipo`, sólo
    los de solicitudes de ese tipo."""
    _periodo(desde, hasta)
    return _filas(
        _recursos(ayuntamiento, tipo)
        .filter(fecha_resolucion__gte=desde, fecha_resolucion__lte=hasta)
        .values("resolucion", "sexo")
        .annotate(total=Count("pk"))
        .order_by("resolucion", "sexo")
    )


def oficios_de_recursos_por_mes(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Oficios emitidos dentro de recursos de revisión (de turno, de respuesta,
    notificaciones…, como los cuenta el informe trimestral), por mes de su fecha × tipo de
    oficio: `[{"mes", "tipo", "total"}]`. Un oficio ligado a dos recursos cuenta una vez."""
    _periodo(desde, hasta)
    return _filas(
        Oficio.objects.filter(
            ayuntamiento=ayuntamiento,
            recursos__isnull=False,
            fecha__gte=desde,
            fecha__lte=hasta,
        )
        .values("tipo", mes=TruncMonth("fecha"))
        .annotate(total=Count("pk", distinct=True))
        .order_by("mes", "tipo")
    )


def denuncias_por_mes(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Denuncias por incumplimiento notificadas en el periodo, por mes × sexo del
    denunciante: `[{"mes", "sexo", "total"}]`."""
    _periodo(desde, hasta)
    return _filas(
        Denuncia.objects.filter(ayuntamiento=ayuntamiento, fecha__gte=desde, fecha__lte=hasta)
        .values("sexo", mes=TruncMonth("fecha"))
        .annotate(total=Count("pk"))
        .order_by("mes", "sexo")
    )


def arco_por_derecho(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Solicitudes ARCO recibidas en el periodo por derecho × mes × sexo, para el informe
    anual de datos personales: `[{"derecho_arco", "mes", "sexo", "total"}]`."""
    return _filas(
        _recibidas_en(ayuntamiento, desde, hasta)
        .filter(tipo=TipoSolicitud.ARCO)
        .values("derecho_arco", "sexo", mes=_mes_de_recepcion(ayuntamiento))
        .annotate(total=Count("pk"))
        .order_by("derecho_arco", "mes", "sexo")
    )
