"""Lo común a todos los tipos de reporte: su tabla de datos y la clase base.

Cada tipo (`reportes/tipos/<tipo>.py`) arma su contexto SÓLO con funciones de los
`estadisticas.py` de las apps y lo entrega como `Tabla`s (más textos y gráficas). El PDF
dibuja esas tablas y los datos abiertos (CSV/XLSX) las sirven tal cual: mismas cifras.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from organizacion.models import MESES, Ayuntamiento

from ..periodos import Periodo

Celda = str | int | float | None


def celda(valor: Any) -> Celda:
    """Un valor listo para JSON, CSV y PDF: los meses por su nombre, los decimales como
    número, y lo demás como texto."""
    if valor is None or isinstance(valor, (str, int, float)):
        return valor
    if isinstance(valor, Decimal):
        return int(valor) if valor == valor.to_integral_value() else round(float(valor), 2)
    if isinstance(valor, date):
        return nombre_de_mes(valor)
    return str(valor)


def nombre_de_mes(mes: date) -> str:
    return str(MESES[mes.month - 1][1])


@dataclass
class Tabla:
    """Una tabla del reporte. `clave` nombra su archivo de datos abiertos."""

    clave: str
    titulo: str
    columnas: list[str]
    renglones: list[list[Celda]] = field(default_factory=list)

    def agregar(self, *valores: Any) -> None:
        self.renglones.append([celda(v) for v in valores])

    def agregar_total(self, etiqueta: str = "Total") -> None:
        """Un renglón final con la suma de cada columna numérica."""
        sumas: list[Celda] = [etiqueta]
        for indice in range(1, len(self.columnas)):
            valores = [v for r in self.renglones if isinstance(v := r[indice], (int, float))]
            sumas.append(round(sum(valores), 2) if valores else "")
        self.renglones.append(sumas)

    def como_dato(self) -> dict[str, Any]:
        return {
            "clave": self.clave,
            "titulo": self.titulo,
            "columnas": self.columnas,
            "renglones": self.renglones,
        }

    @classmethod
    def de_dato(cls, dato: dict[str, Any]) -> "Tabla":
        return cls(dato["clave"], dato["titulo"], dato["columnas"], dato["renglones"])


class Informe:
    """Un tipo de reporte. Las subclases fijan `clave`, `plantilla` y `contexto()`."""

    clave: ClassVar[str]
    plantilla: ClassVar[str]

    def __init__(self, ayuntamiento: Ayuntamiento, periodo: Periodo) -> None:
        self.ayuntamiento = ayuntamiento
        self.periodo = periodo

    @property
    def rango(self) -> dict[str, Any]:
        """Los argumentos de las funciones de estadísticas de un periodo."""
        return {
            "ayuntamiento": self.ayuntamiento,
            "desde": self.periodo.desde,
            "hasta": self.periodo.hasta,
        }

    def contexto(self) -> dict[str, Any]:
        """Lo que la plantilla dibuja. Debe traer `tablas`: la lista de `Tabla` en el orden
        del documento (son también los datos abiertos del reporte)."""
        raise NotImplementedError
