"""Indicadores automáticos: el avance mensual de una actividad leído de las cifras de otra
app en lugar de capturarse. Cada fuente es una función `(ayuntamiento, desde, hasta) →
Medicion` que llama a una función de `<app>/estadisticas.py` (ARCHITECTURE.md: una cifra
nunca se calcula en dos lugares).

Una fuente nueva: su clave en `models.Fuente` y su función en `FUENTES`. Las de capacitación
(sesiones realizadas, asistentes por sexo, asesorías) leen `capacitacion/estadisticas.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from capacitacion import estadisticas as capacitacion
from organizacion.models import Ayuntamiento, Sexo
from solicitudes import estadisticas as solicitudes

from .models import Formula, Fuente


@dataclass(frozen=True)
class Medicion:
    valor: Decimal | None = None
    numerador: Decimal | None = None
    denominador: Decimal | None = None
    mujeres: int | None = None
    hombres: int | None = None
    no_identificado: int | None = None


def _por_sexo(filas: list[dict], campo: str = "total") -> dict[str, int]:
    cuentas = dict.fromkeys(Sexo.values, 0)
    for fila in filas:
        cuentas[fila["sexo"]] = cuentas.get(fila["sexo"], 0) + fila[campo]
    return cuentas


def _en_tiempo(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> Medicion:
    cifras = solicitudes.oportunidad(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta)
    if not cifras["respondidas"]:
        return Medicion()
    return Medicion(
        numerador=Decimal(cifras["en_tiempo"]), denominador=Decimal(cifras["respondidas"])
    )


def _recibidas(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> Medicion:
    sexos = _por_sexo(solicitudes.recibidas(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta))
    return Medicion(
        valor=Decimal(sum(sexos.values())),
        mujeres=sexos[Sexo.MUJER],
        hombres=sexos[Sexo.HOMBRE],
        no_identificado=sexos[Sexo.NO_IDENTIFICADO],
    )


def _recursos_atendidos(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> Medicion:
    filas = solicitudes.recursos_por_mes(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta)
    sexos = _por_sexo(filas, "atendidos")
    return Medicion(
        valor=Decimal(sum(sexos.values())),
        mujeres=sexos[Sexo.MUJER],
        hombres=sexos[Sexo.HOMBRE],
        no_identificado=sexos[Sexo.NO_IDENTIFICADO],
    )


def _capacitaciones(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> Medicion:
    cifras = capacitacion.totales(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta)
    return Medicion(valor=Decimal(cifras["sesiones"]))


def _asistentes_capacitacion(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> Medicion:
    cifras = capacitacion.totales(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta)
    return Medicion(
        valor=Decimal(cifras["asistentes"]),
        mujeres=cifras["mujeres"],
        hombres=cifras["hombres"],
        no_identificado=cifras["no_identificado"],
    )


def _asesorias(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> Medicion:
    sexos = _por_sexo(capacitacion.asesorias(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta))
    return Medicion(
        valor=Decimal(sum(sexos.values())),
        mujeres=sexos[Sexo.MUJER],
        hombres=sexos[Sexo.HOMBRE],
        no_identificado=sexos[Sexo.NO_IDENTIFICADO],
    )


# Cada fuente: su función y la fórmula que exige a la actividad.
FUENTES: dict[str, tuple[Callable[[Ayuntamiento, date, date], Medicion], str]] = {
    Fuente.SOLICITUDES_EN_TIEMPO: (_en_tiempo, Formula.PORCENTAJE),
    Fuente.SOLICITUDES_RECIBIDAS: (_recibidas, Formula.CONTEO),
    Fuente.RECURSOS_ATENDIDOS: (_recursos_atendidos, Formula.CONTEO),
    Fuente.CAPACITACIONES: (_capacitaciones, Formula.CONTEO),
    Fuente.ASISTENTES_CAPACITACION: (_asistentes_capacitacion, Formula.CONTEO),
    Fuente.ASESORIAS: (_asesorias, Formula.CONTEO),
}
