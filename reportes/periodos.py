"""Los periodos que cubre cada tipo de reporte: trimestres, semestres o el año.

Un periodo se nombra como en los oficios («segundo trimestre de 2024», «abril – junio de
2024»). No consulta la base."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError

from organizacion.models import MESES

# Cuántos periodos tiene el año según la periodicidad de cada tipo de reporte.
PERIODOS_POR_ANIO = {"trimestre": 4, "semestre": 2, "anio": 1}
PERIODICIDAD = {
    "trimestral": "trimestre",
    "semestral": "semestre",
    "poa_anual": "anio",
    "datos_personales": "anio",
    "autoevaluacion": "anio",
}
ORDINALES = ["primer", "segundo", "tercer", "cuarto"]
PRIMER_ANIO = 2000


@dataclass(frozen=True)
class Periodo:
    periodicidad: str
    anio: int
    numero: int

    @property
    def meses_por_periodo(self) -> int:
        return 12 // PERIODOS_POR_ANIO[self.periodicidad]

    @property
    def desde(self) -> date:
        return date(self.anio, (self.numero - 1) * self.meses_por_periodo + 1, 1)

    @property
    def hasta(self) -> date:
        ultimo_mes = self.numero * self.meses_por_periodo
        if ultimo_mes == 12:
            return date(self.anio, 12, 31)
        return date(self.anio, ultimo_mes + 1, 1) - timedelta(days=1)

    @property
    def nombre(self) -> str:
        if self.periodicidad == "anio":
            return f"ejercicio {self.anio}"
        return f"{ORDINALES[self.numero - 1]} {self.periodicidad} de {self.anio}"

    @property
    def meses(self) -> str:
        """«abril – junio de 2024», como en el encabezado del informe trimestral."""
        inicio, fin = MESES[self.desde.month - 1][1], MESES[self.hasta.month - 1][1]
        return f"{inicio.lower()} – {fin.lower()} de {self.anio}"

    @property
    def trimestre_final(self) -> int:
        """El último trimestre que abarca: el corte del avance del POA."""
        return self.hasta.month // 3

    def validar_iniciado(self, hoy: date) -> None:
        if self.desde > hoy:
            raise ValidationError(
                f"El {self.nombre} aún no comienza (empieza el {self.desde:%d/%m/%Y}); "
                "sólo se generan reportes de periodos cerrados o en curso."
            )


def periodo_de(tipo: str, anio: int, numero: int) -> Periodo:
    """El periodo `numero` del año para el tipo de reporte dado; error en español si el
    tipo no existe o el número no corresponde."""
    if tipo not in PERIODICIDAD:
        raise ValidationError(f"No existe el tipo de reporte «{tipo}».")
    periodicidad = PERIODICIDAD[tipo]
    maximo = PERIODOS_POR_ANIO[periodicidad]
    if not PRIMER_ANIO <= anio <= 2100:
        raise ValidationError(f"El año {anio} está fuera de rango.")
    if not 1 <= numero <= maximo:
        if maximo == 1:
            raise ValidationError("Un reporte anual sólo tiene el periodo 1.")
        raise ValidationError(f"El {periodicidad} debe ser un número del 1 al {maximo}.")
    return Periodo(periodicidad, anio, numero)


def periodo_que_contiene(periodicidad: str, dia: date) -> Periodo:
    meses = 12 // PERIODOS_POR_ANIO[periodicidad]
    return Periodo(periodicidad, dia.year, (dia.month - 1) // meses + 1)


def anterior(periodo: Periodo) -> Periodo:
    if periodo.numero > 1:
        return Periodo(periodo.periodicidad, periodo.anio, periodo.numero - 1)
    return Periodo(periodo.periodicidad, periodo.anio - 1, PERIODOS_POR_ANIO[periodo.periodicidad])
