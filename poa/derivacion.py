"""Las cifras derivadas del avance de una actividad, en funciones puras (sin base de datos),
como `solicitudes/plazos.py`: las usan `estadisticas.py`, las vistas, los reportes y las
pruebas con las cifras de las semillas.

Convenciones:
- Conteo: el avance de un periodo es la suma de los valores mensuales.
- Porcentaje: el avance de un periodo es Σ numeradores / Σ denominadores × 100 (no el
  promedio de los porcentajes mensuales, que pesaría igual un mes de 3 solicitudes que uno
  de 300).
- Lo programado se captura acumulado por trimestre. «Programado a la fecha» a mitad de un
  trimestre se interpola por meses transcurridos (conteo); en un porcentaje vale la meta del
  trimestre en curso.
- Cumplimiento = alcanzado / programado × 100. En un indicador descendente (menos es
  mejor) el sentido se invierte linealmente: 100 × (2 − alcanzado / programado), de modo
  que quedar 10 % abajo de lo programado vale 110 % y pasarse 10 % vale 90 %.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CIEN = Decimal(100)
CERO = Decimal(0)


@dataclass(frozen=True)
class Umbrales:
    verde: Decimal = Decimal(90)
    amarillo: Decimal = Decimal(70)
    sobrecumplimiento: Decimal = Decimal(110)
    variacion: Decimal = Decimal(10)


UMBRALES = Umbrales()

VERDE, AMARILLO, ROJO, SIN_DATO = "verde", "amarillo", "rojo", "sin_dato"
ETIQUETAS_SEMAFORO = {
    VERDE: "Verde",
    AMARILLO: "Amarillo",
    ROJO: "Rojo",
    SIN_DATO: "Sin programación",
}


@dataclass(frozen=True)
class Mes:
    """Lo capturado en un mes (None si no hay captura)."""

    mes: int
    valor: Decimal | None = None
    numerador: Decimal | None = None
    denominador: Decimal | None = None

    @property
    def capturado(self) -> bool:
        return self.valor is not None or self.denominador is not None


def trimestre_de(mes: int) -> int:
    return (mes - 1) // 3 + 1


def meses_del_trimestre(trimestre: int) -> range:
    return range(3 * trimestre - 2, 3 * trimestre + 1)


def redondear(valor: Decimal | None, decimales: int = 2) -> Decimal | None:
    if valor is None:
        return None
    return valor.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def avance(meses: Iterable[Mes], *, porcentaje: bool) -> Decimal | None:
    """El avance de un conjunto de meses; None si ninguno tiene captura."""
    capturados = [m for m in meses if m.capturado]
    if not capturados:
        return None
    if porcentaje:
        numerador = sum((m.numerador or CERO for m in capturados), CERO)
        denominador = sum((m.denominador or CERO for m in capturados), CERO)
        return numerador / denominador * CIEN if denominador else None
    return sum((m.valor or CERO for m in capturados), CERO)


def programado_por_trimestre(
    *,
    capturado: Sequence[Decimal | None],
    meta: Decimal | None,
    meses: Sequence[int],
    porcentaje: bool,
) -> tuple[Decimal | None, ...]:
    """Lo programado acumulado a cada trimestre. Si no se capturó, sale del cronograma: la
    meta se reparte en partes iguales entre los meses programados (un porcentaje vale la
    meta desde el trimestre de su primer mes)."""
    if any(v is not None for v in capturado):
        resultado, anterior = [], None
        for valor in capturado:
            # Un trimestre en blanco conserva lo acumulado al anterior.
            anterior = valor if valor is not None else anterior
            resultado.append(anterior)
        return tuple(resultado)
    if meta is None:
        return (None, None, None, None)
    if not meses:
        return (CERO, CERO, CERO, meta)
    if porcentaje:
        primero = trimestre_de(min(meses))
        return tuple(meta if t >= primero else CERO for t in range(1, 5))
    return tuple(
        meta * sum(1 for m in meses if trimestre_de(m) <= t) / len(meses) for t in range(1, 5)
    )


def programado_a_mes(programado: Sequence[Decimal | None], mes: int, *, porcentaje: bool):
    """Lo programado a la fecha al cierre del mes `mes`."""
    trimestre = trimestre_de(mes)
    fin = programado[trimestre - 1]
    if fin is None or porcentaje:
        return fin
    inicio = programado[trimestre - 2] if trimestre > 1 else CERO
    inicio = inicio or CERO
    transcurridos = mes - (3 * trimestre - 3)
    return inicio + (fin - inicio) * transcurridos / 3


def programado_en_trimestre(
    programado: Sequence[Decimal | None], trimestre: int, *, porcentaje: bool
) -> Decimal | None:
    """Lo programado para el trimestre solo (no acumulado)."""
    fin = programado[trimestre - 1]
    if fin is None or porcentaje or trimestre == 1:
        return fin
    return fin - (programado[trimestre - 2] or CERO)


def cumplimiento(
    alcanzado: Decimal | None, programado: Decimal | None, *, descendente: bool = False
) -> Decimal | None:
    """Porcentaje de lo programado que se alcanzó (invertido si el indicador desciende)."""
    if programado is None or programado <= 0:
        return None
    razon = (alcanzado or CERO) / programado
    if descendente:
        return max(CERO, (2 - razon) * CIEN)
    return razon * CIEN


def porcentaje_de_meta(alcanzado: Decimal | None, meta: Decimal | None) -> Decimal | None:
    if alcanzado is None or not meta:
        return None
    return alcanzado / meta * CIEN


def semaforo(valor: Decimal | None, umbrales: Umbrales = UMBRALES) -> str:
    if valor is None:
        return SIN_DATO
    if valor >= umbrales.verde:
        return VERDE
    if valor >= umbrales.amarillo:
        return AMARILLO
    return ROJO


def sobrecumplido(valor: Decimal | None, umbrales: Umbrales = UMBRALES) -> bool:
    return valor is not None and valor > umbrales.sobrecumplimiento


def variacion(valor: Decimal | None) -> Decimal | None:
    """Cuánto se separó lo alcanzado de lo programado, en puntos: cumplimiento − 100."""
    return None if valor is None else valor - CIEN


def requiere_justificacion(valor: Decimal | None, umbrales: Umbrales = UMBRALES) -> bool:
    """Una variación de más de ±10 % (o el umbral del ayuntamiento) se justifica por escrito."""
    desvio = variacion(valor)
    return desvio is not None and abs(desvio) > umbrales.variacion


@dataclass(frozen=True)
class Trimestre:
    numero: int
    programado: Decimal | None
    programado_acumulado: Decimal | None
    alcanzado: Decimal | None
    acumulado: Decimal | None
    cumplimiento_trimestre: Decimal | None
    cumplimiento: Decimal | None
    porcentaje_meta: Decimal | None
    semaforo: str
    sobrecumplido: bool
    requiere_justificacion: bool


def trimestres(
    meses: Sequence[Mes],
    *,
    programado: Sequence[Decimal | None],
    meta: Decimal | None,
    porcentaje: bool,
    descendente: bool,
    umbrales: Umbrales = UMBRALES,
) -> list[Trimestre]:
    """Las cifras de los cuatro trimestres de una actividad, con sus meses capturados."""
    por_mes = {m.mes: m for m in meses}
    resultado = []
    for t in range(1, 5):
        del_trimestre = [por_mes[m] for m in meses_del_trimestre(t) if m in por_mes]
        hasta = [m for m in meses if m.mes <= 3 * t]
        alcanzado = avance(del_trimestre, porcentaje=porcentaje)
        acumulado = avance(hasta, porcentaje=porcentaje)
        en_trimestre = programado_en_trimestre(programado, t, porcentaje=porcentaje)
        del_periodo = cumplimiento(alcanzado, en_trimestre, descendente=descendente)
        a_la_fecha = cumplimiento(acumulado, programado[t - 1], descendente=descendente)
        resultado.append(
            Trimestre(
                numero=t,
                programado=en_trimestre,
                programado_acumulado=programado[t - 1],
                alcanzado=alcanzado,
                acumulado=acumulado,
                cumplimiento_trimestre=del_periodo,
                cumplimiento=a_la_fecha,
                porcentaje_meta=porcentaje_de_meta(acumulado, meta),
                semaforo=semaforo(a_la_fecha, umbrales),
                sobrecumplido=sobrecumplido(a_la_fecha, umbrales),
                requiere_justificacion=alcanzado is not None
                and requiere_justificacion(del_periodo, umbrales),
            )
        )
    return resultado
