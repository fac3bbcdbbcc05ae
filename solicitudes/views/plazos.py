"""Cómo se muestran los plazos guardados (tabla `Plazo`): con su semáforo y su «¿cómo se
calculó?». Lo usan los detalles de la solicitud, del turno, del recurso y de la denuncia, y
las listas que dicen qué vence primero. Nada aquí vuelve a contar un plazo: se muestra lo que
guardó la derivación, así la página nunca contradice al tablero ni a los avisos."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from organizacion.calendario import DiaOmitido
from organizacion.models import ACargo, EstadoPlazo, Plazo
from organizacion.plazos import omitidos_de

from ..estadisticas import CorteSemaforo
from ..models import Semaforo
from ..plazos import semaforo

QUIEN: dict[str, str] = {
    ACargo.AREA: "plazo del área",
    ACargo.SOLICITANTE: "plazo de quien solicita",
    ACargo.GARANTE: "plazo del garante",
}


@dataclass(frozen=True)
class PlazoMostrado:
    fila: Plazo
    omitidos: list[DiaOmitido]
    dia_uno: date
    color: Semaforo | None
    vencido: bool

    @property
    def quien(self) -> str:
        return QUIEN.get(self.fila.a_cargo, "")


def _dia_uno(desde: date, omitidos: list[DiaOmitido]) -> date:
    """El primer día hábil después de `desde`: los omitidos son todos los inhábiles del
    periodo, así que basta saltarlos."""
    saltados = {d.fecha for d in omitidos}
    dia = desde + timedelta(days=1)
    while dia in saltados:
        dia += timedelta(days=1)
    return dia


def mostrar(filas: Iterable[Plazo], corte: CorteSemaforo) -> list[PlazoMostrado]:
    mostrados = []
    for fila in filas:
        omitidos = omitidos_de(fila)
        corre = fila.estado == EstadoPlazo.CORRE
        mide = corre and fila.a_cargo in (ACargo.UNIDAD, ACargo.AREA) and not fila.opcional
        mostrados.append(
            PlazoMostrado(
                fila=fila,
                omitidos=omitidos,
                dia_uno=_dia_uno(fila.desde, omitidos),
                color=semaforo(fila.vence, corte.hoy, corte.limite) if mide else None,
                vencido=corre and fila.vence < corte.hoy,
            )
        )
    return mostrados


def plazos_de(tipo: str, expediente_id: int, corte: CorteSemaforo) -> list[PlazoMostrado]:
    return mostrar(Plazo.objects.filter(expediente_tipo=tipo, expediente_id=expediente_id), corte)


def proximos(tipo: str, ids: Iterable[int]) -> dict[int, Plazo]:
    """Por expediente, el plazo del ayuntamiento que corre y vence primero (una consulta)."""
    primero: dict[int, Plazo] = {}
    filas = (
        Plazo.objects.corriendo()
        .del_ayuntamiento()
        .filter(expediente_tipo=tipo, expediente_id__in=list(ids))
        .order_by("vence")
    )
    for fila in filas:
        primero.setdefault(fila.expediente_id, fila)
    return primero
