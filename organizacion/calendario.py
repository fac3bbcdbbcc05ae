"""El único lugar que sabe qué días son hábiles.

Un `Calendario` junta tres fuentes: los días de descanso obligatorio de la LFT art. 74 (del
paquete `holidays`, incluido el 1 de octubre sexenal), los `DiaInhabil` declarados por acuerdo
(nacionales, del garante y del ayuntamiento) y la hora de cierre de la oficina. Se construye
con una sola consulta; después todas las respuestas salen de memoria, de modo que calcular
cien mil plazos no toca la base de datos.

Los días hábiles se guardan como una lista ordenada de ordinales: sumar N días hábiles o
contar los que hay entre dos fechas es una búsqueda binaria, no un recorrido día por día.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from .models import Ambito, Ayuntamiento, DiaInhabil

FUNDAMENTO_LFT = "Ley Federal del Trabajo, art. 74"
FUNDAMENTO_FIN_DE_SEMANA = "Fin de semana"
_NOMBRES_DIA = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]

# Años que se calculan de más alrededor del primero consultado, para no reconstruir seguido.
_MARGEN_ANIOS = 2


@dataclass(frozen=True)
class DiaOmitido:
    """Un día que no se contó en un plazo, y por qué."""

    fecha: date
    motivo: str
    fundamento: str


class Calendario:
    def __init__(
        self,
        *,
        declarados: dict[date, tuple[str, str]],
        hora_cierre: time,
        zona_horaria: str,
    ) -> None:
        self._declarados = declarados
        self.hora_cierre = hora_cierre
        self.zona = ZoneInfo(zona_horaria)
        self._festivos: dict[date, str] = {}
        self._habiles: list[int] = []
        self._habiles_conjunto: set[int] = set()
        self._desde = self._hasta = 0

    # --- cobertura de años -----------------------------------------------------------------

    def _cubrir(self, *anios: int) -> None:
        """Asegura que la lista de días hábiles abarque los años pedidos."""
        desde, hasta = min(anios), max(anios)
        if self._habiles and self._desde <= desde and hasta <= self._hasta:
            return
        if self._habiles:
            desde, hasta = min(desde, self._desde), max(hasta, self._hasta)
        desde, hasta = desde - _MARGEN_ANIOS, hasta + _MARGEN_ANIOS
        self._festivos = dict(
            holidays.country_holidays("MX", years=range(desde, hasta + 1), language="es")
        )
        dia, fin = date(desde, 1, 1), date(hasta, 12, 31)
        habiles = []
        while dia <= fin:
            if dia.weekday() < 5 and dia not in self._festivos and dia not in self._declarados:
                habiles.append(dia.toordinal())
            dia += timedelta(days=1)
        self._habiles = habiles
        self._habiles_conjunto = set(habiles)
        self._desde, self._hasta = desde, hasta

    # --- API pública -----------------------------------------------------------------------

    def es_habil(self, fecha: date) -> bool:
        self._cubrir(fecha.year)
        return fecha.toordinal() in self._habiles_conjunto

    def sumar_dias_habiles(self, fecha: date, dias: int) -> date:
        """La fecha que está `dias` días hábiles después de `fecha` (sin contar `fecha`).

        El resultado siempre es hábil: un plazo nunca vence en día inhábil."""
        if dias < 0:
            raise ValueError("Los días hábiles a sumar no pueden ser negativos.")
        if dias == 0:
            return fecha
        self._cubrir(fecha.year)
        posicion = bisect_right(self._habiles, fecha.toordinal()) + dias - 1
        while posicion >= len(self._habiles):
            self._cubrir(self._hasta + 1 + dias // 200)
            posicion = bisect_right(self._habiles, fecha.toordinal()) + dias - 1
        return date.fromordinal(self._habiles[posicion])

    def dias_habiles_entre(self, inicio: date, fin: date) -> int:
        """Días hábiles posteriores a `inicio` hasta `fin` inclusive (negativo si `fin` es
        anterior), de modo que `dias_habiles_entre(f, sumar_dias_habiles(f, n)) == n`."""
        self._cubrir(inicio.year, fin.year)
        return bisect_right(self._habiles, fin.toordinal()) - bisect_right(
            self._habiles, inicio.toordinal()
        )

    def siguiente_habil(self, fecha: date) -> date:
        """`fecha` si es hábil; si no, el primer día hábil posterior."""
        return fecha if self.es_habil(fecha) else self.sumar_dias_habiles(fecha, 1)

    def recepcion_efectiva(self, recibida: datetime) -> date:
        """El día en que se tiene por recibido algo: lo que llega en día inhábil o después
        de la hora de cierre se tiene por recibido el siguiente día hábil."""
        if timezone.is_naive(recibida):
            recibida = recibida.replace(tzinfo=self.zona)
        local = recibida.astimezone(self.zona)
        dia = local.date()
        if not self.es_habil(dia) or local.time() >= self.hora_cierre:
            return self.sumar_dias_habiles(dia, 1)
        return dia

    def inicio_computo(self, recibida: datetime) -> date:
        """El primer día del cómputo: el día hábil siguiente a la recepción efectiva."""
        return self.sumar_dias_habiles(self.recepcion_efectiva(recibida), 1)

    def explicar(self, inicio: date, fin: date) -> list[DiaOmitido]:
        """Los días inhábiles posteriores a `inicio` hasta `fin` inclusive, con su motivo:
        lo que la pantalla muestra en «¿cómo se calculó este plazo?»."""
        self._cubrir(inicio.year, fin.year)
        omitidos = []
        dia = inicio + timedelta(days=1)
        while dia <= fin:
            if dia.toordinal() not in self._habiles_conjunto:
                omitidos.append(self._motivo(dia))
            dia += timedelta(days=1)
        return omitidos

    def _motivo(self, dia: date) -> DiaOmitido:
        if dia.weekday() >= 5:
            return DiaOmitido(
                dia, _NOMBRES_DIA[dia.weekday()].capitalize(), FUNDAMENTO_FIN_DE_SEMANA
            )
        if dia in self._festivos:
            return DiaOmitido(dia, self._festivos[dia], FUNDAMENTO_LFT)
        motivo, fundamento = self._declarados[dia]
        return DiaOmitido(dia, motivo, fundamento)


def calendario_para(ayuntamiento: Ayuntamiento, procedimiento: str | None = None) -> Calendario:
    """El calendario de un ayuntamiento para un procedimiento (una suspensión puede valer
    sólo para algunos; sin procedimiento, cuentan todas), con una sola consulta."""
    declarados: dict[date, tuple[str, str]] = {}
    filas = (
        DiaInhabil.objects.aplicables_a(ayuntamiento)
        .order_by("fecha_inicio")
        .values_list("fecha_inicio", "fecha_fin", "motivo", "acuerdo", "ambito", "procedimientos")
    )
    for inicio, fin, motivo, acuerdo, ambito, procedimientos in filas:
        dia_inhabil = DiaInhabil(procedimientos=procedimientos)
        if not dia_inhabil.aplica_a(procedimiento):
            continue
        alcance = f"; {dia_inhabil.alcance}" if dia_inhabil.alcance else ""
        fundamento = f"{acuerdo} (ámbito {Ambito(ambito).label.lower()}{alcance})"
        dia = inicio
        while dia <= fin:
            declarados.setdefault(dia, (motivo, fundamento))
            dia += timedelta(days=1)
    return Calendario(
        declarados=declarados,
        hora_cierre=ayuntamiento.hora_cierre,
        zona_horaria=ayuntamiento.zona_horaria,
    )
