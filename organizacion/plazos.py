"""Lo común a los plazos de todos los procedimientos: el plazo que calcula una derivación y el
único escritor de la tabla `Plazo`.

Cada procedimiento (solicitudes, turnos, recursos, denuncias) tiene su propia derivación pura
(`solicitudes/plazos.py`): de sus hechos fechados, sus plazos configurados y el calendario
saca una lista de `PlazoCalculado`. `plazos_guardar` la escribe: actualiza los que corren,
congela los que concluyen y nunca toca uno ya congelado. La derivación, a su vez, recibe los
congelados y los usa tal cual en lugar de recalcularlos: así un plazo que ya corrió se juzga
con el calendario y los plazos vigentes mientras corría, aunque después se borre un día
inhábil, se acorte un plazo o se declare un día inhábil en el pasado.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .calendario import Calendario, DiaOmitido
from .models import (
    A_CARGO_DEL_AYUNTAMIENTO,
    ACargo,
    Ayuntamiento,
    EstadoPlazo,
    Plazo,
    Procedimiento,
    TipoExpediente,
)


@dataclass(frozen=True)
class PlazoCalculado:
    """Un plazo: vence `dias` días hábiles después de `desde` (el día 1 es el hábil siguiente)."""

    clave: str
    nombre: str
    desde: date
    dias: int
    vence: date
    base: str = ""
    regla: str = ""
    fundamento: str = ""
    cumplido: date | None = None
    a_cargo: str = ACargo.UNIDAD
    opcional: bool = False
    # CORRE mientras no haya hecho que lo cumpla; `SUSTITUIDO` o `SIN_EFECTO` lo fija la
    # derivación.
    estado: str = EstadoPlazo.CORRE
    dias_usados: int | None = None
    omitidos: tuple[DiaOmitido, ...] = ()
    # Viene de la tabla ya concluido: no se recalcula.
    congelado: bool = False
    # Concluyó por el paso del tiempo y luego llegó el hecho (capturado tarde) que lo cumplió
    # dentro de su plazo: cambia su desenlace, no cómo se contó.
    tiempos_fijos: bool = False

    def __post_init__(self) -> None:
        if self.cumplido is not None and self.estado == EstadoPlazo.CORRE:
            object.__setattr__(self, "estado", EstadoPlazo.CUMPLIDO)

    @property
    def corre(self) -> bool:
        return self.estado == EstadoPlazo.CORRE

    @property
    def en_tiempo(self) -> bool | None:
        return None if self.cumplido is None else self.cumplido <= self.vence

    @property
    def obliga_al_ayuntamiento(self) -> bool:
        """Cuenta en el semáforo y los avisos (ver `PlazoQuerySet.del_ayuntamiento`)."""
        return self.a_cargo in A_CARGO_DEL_AYUNTAMIENTO and not self.opcional


def _omitidos_a_dato(omitidos: Iterable[DiaOmitido]) -> list[dict[str, str]]:
    return [
        {"fecha": d.fecha.isoformat(), "motivo": d.motivo, "fundamento": d.fundamento}
        for d in omitidos
    ]


def omitidos_de(fila: Plazo) -> list[DiaOmitido]:
    return [
        DiaOmitido(date.fromisoformat(d["fecha"]), d["motivo"], d["fundamento"])
        for d in fila.omitidos
    ]


def calculado_de(fila: Plazo) -> PlazoCalculado:
    return PlazoCalculado(
        clave=fila.clave,
        nombre=fila.nombre,
        desde=fila.desde,
        dias=fila.dias,
        vence=fila.vence,
        base=fila.base,
        regla=fila.regla,
        fundamento=fila.fundamento,
        cumplido=fila.cumplido,
        a_cargo=fila.a_cargo,
        opcional=fila.opcional,
        estado=fila.estado,
        dias_usados=fila.dias_usados,
        omitidos=tuple(omitidos_de(fila)),
        congelado=fila.estado != EstadoPlazo.CORRE,
    )


def congelados_de(
    ayuntamiento: Ayuntamiento, tipo: str, ids: Iterable[int]
) -> dict[int, dict[str, PlazoCalculado]]:
    """Los plazos ya concluidos de esos expedientes, por expediente y clave: la entrada que la
    derivación usa tal cual."""
    congelados: dict[int, dict[str, PlazoCalculado]] = {}
    filas = (
        Plazo.objects.with_scope(ayuntamiento=ayuntamiento)
        .filter(expediente_tipo=tipo, expediente_id__in=list(ids))
        .exclude(estado=EstadoPlazo.CORRE)
    )
    for fila in filas:
        congelados.setdefault(fila.expediente_id, {})[fila.clave] = calculado_de(fila)
    return congelados


def completar(plazo: PlazoCalculado, calendario: Calendario) -> PlazoCalculado:
    """Los días omitidos y los días usados, con el calendario de hoy: lo que se guarda."""
    if plazo.congelado:
        return plazo
    usados = (
        calendario.dias_habiles_entre(plazo.desde, plazo.cumplido)
        if plazo.cumplido is not None
        else None
    )
    omitidos = (
        plazo.omitidos
        if plazo.tiempos_fijos
        else tuple(calendario.explicar(plazo.desde, plazo.vence))
    )
    return replace(plazo, omitidos=omitidos, dias_usados=None if usados is None else max(usados, 0))


CAMPOS_DE_PLAZO = [
    "nombre",
    "regla",
    "fundamento",
    "base",
    "desde",
    "dias",
    "vence",
    "cumplido",
    "estado",
    "a_cargo",
    "opcional",
    "dias_usados",
    "omitidos",
    "orden",
]


def plazos_guardar(
    *,
    ayuntamiento: Ayuntamiento,
    tipo: str,
    calculados: Mapping[int, Sequence[PlazoCalculado]],
    calendario: Calendario,
) -> None:
    """El único escritor de `Plazo`: deja en la tabla los plazos de cada expediente de `tipo`
    como los calculó su derivación. Los congelados no se tocan; los que corren se
    actualizan; los que la derivación ya no produce (una opción que venció sin usarse) se
    borran. Con miles de expedientes son unas pocas consultas, no una por plazo."""
    existentes: dict[tuple[int, str], Plazo] = {
        (f.expediente_id, f.clave): f
        for f in Plazo.objects.with_scope(ayuntamiento=ayuntamiento).filter(
            expediente_tipo=tipo, expediente_id__in=list(calculados)
        )
    }
    nuevos, cambiados, vistos = [], [], set()
    for expediente, plazos in calculados.items():
        for orden, calculado in enumerate(plazos):
            llave = (expediente, calculado.clave)
            vistos.add(llave)
            fila = existentes.get(llave)
            if calculado.congelado:
                continue
            completo = completar(calculado, calendario)
            valores = {
                "nombre": completo.nombre,
                "regla": completo.regla,
                "fundamento": completo.fundamento,
                "base": completo.base,
                "desde": completo.desde,
                "dias": completo.dias,
                "vence": completo.vence,
                "cumplido": completo.cumplido,
                "estado": completo.estado,
                "a_cargo": completo.a_cargo,
                "opcional": completo.opcional,
                "dias_usados": completo.dias_usados,
                "omitidos": _omitidos_a_dato(completo.omitidos),
                "orden": orden,
            }
            if fila is None:
                nuevos.append(
                    Plazo(
                        ayuntamiento=ayuntamiento,
                        expediente_tipo=tipo,
                        expediente_id=expediente,
                        clave=calculado.clave,
                        **valores,
                    )
                )
            elif any(getattr(fila, campo) != valor for campo, valor in valores.items()):
                for campo, valor in valores.items():
                    setattr(fila, campo, valor)
                cambiados.append(fila)
    sobrantes = [
        f.pk
        for llave, f in existentes.items()
        if llave not in vistos and f.estado == EstadoPlazo.CORRE
    ]
    manager = Plazo.objects.with_scope(ayuntamiento=ayuntamiento)
    if sobrantes:
        manager.filter(pk__in=sobrantes).delete()
    manager.bulk_create(nuevos, batch_size=1000)
    manager.bulk_update(cambiados, CAMPOS_DE_PLAZO, batch_size=1000)


def plazos_descongelar(*, ayuntamiento: Ayuntamiento, tipo: str, ids: Iterable[int]) -> None:
    """Cuando cambian los hechos mismos (se corrige la recepción, las fechas de un recurso),
    los plazos de esos expedientes vuelven a contarse todos: se sueltan sus congelados."""
    Plazo.objects.with_scope(ayuntamiento=ayuntamiento).filter(
        expediente_tipo=tipo, expediente_id__in=list(ids)
    ).update(estado=EstadoPlazo.CORRE)


def expedientes_afectados(filas) -> tuple[int, int]:
    """(expedientes con plazos que corren, con plazos ya concluidos) entre esas filas."""
    corriendo = filas.filter(estado=EstadoPlazo.CORRE)
    concluidos = filas.exclude(estado=EstadoPlazo.CORRE)

    def cuantos(qs) -> int:
        return qs.values("expediente_tipo", "expediente_id").distinct().count()

    return cuantos(corriendo), cuantos(concluidos)


def afectados_por_dias(
    ayuntamiento: Ayuntamiento, inicio: date, fin: date, procedimientos: Iterable[str] = ()
) -> tuple[int, int]:
    """Cuántos expedientes tienen plazos que cruzan esas fechas (los que corren se
    recalcularán; los concluidos no cambian): lo que se le dice a quien cambia un día
    inhábil."""
    filas = Plazo.objects.with_scope(ayuntamiento=ayuntamiento).filter(
        ayuntamiento=ayuntamiento, desde__lt=fin, vence__gte=inicio
    )
    tipos = {t for p in procedimientos for t in TIPOS_POR_PROCEDIMIENTO.get(p, ())}
    if tipos:
        filas = filas.filter(expediente_tipo__in=tipos)
    return expedientes_afectados(filas)


def afectados_por_reglas(ayuntamiento: Ayuntamiento, campos: Iterable[str]) -> tuple[int, int]:
    """Cuántos expedientes tienen plazos contados con esos campos de «Plazos»."""
    return expedientes_afectados(
        Plazo.objects.with_scope(ayuntamiento=ayuntamiento).filter(
            ayuntamiento=ayuntamiento, regla__in=list(campos)
        )
    )


# Qué expedientes cuenta cada procedimiento del calendario.
TIPOS_POR_PROCEDIMIENTO: dict[str, tuple[str, ...]] = {
    Procedimiento.SOLICITUDES: (TipoExpediente.SOLICITUD, TipoExpediente.TURNO),
    Procedimiento.RECURSOS: (TipoExpediente.RECURSO,),
    Procedimiento.DENUNCIAS: (TipoExpediente.DENUNCIA,),
}
