"""Lo común a todos los tipos de reporte: su tabla de datos y la clase base.

Cada tipo (`reportes/tipos/<tipo>.py`) arma su contexto SÓLO con funciones de los
`estadisticas.py` de las apps y lo entrega como `Tabla`s (más textos y gráficas). El PDF
dibuja esas tablas y los datos abiertos (CSV/XLSX) las sirven tal cual: mismas cifras.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from organizacion.models import MESES, Ayuntamiento, Sexo
from solicitudes.estadisticas import meses, pivotar

from ..periodos import Periodo

Celda = str | int | float | None

# Las columnas por sexo, en el orden de los informes de Oaxaca (semilla 003).
POR_SEXO = {Sexo.HOMBRE: "Hombre", Sexo.MUJER: "Mujer", Sexo.NO_IDENTIFICADO: "N/I"}


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

    def _sin_total(self) -> list[list[Celda]]:
        return [r for r in self.renglones if r[0] != "Total"]

    def etiquetas(self) -> list[str]:
        """La primera columna sin el renglón de total: las categorías de una gráfica."""
        return [str(r[0]) for r in self._sin_total()]

    def serie(self, columna: str) -> list[float]:
        """Los números de una columna sin el renglón de total (sin dato vale 0): la serie de
        una gráfica, con las mismas cifras que la tabla."""
        indice = self.columnas.index(columna)
        return [v if isinstance(v := r[indice], (int, float)) else 0 for r in self._sin_total()]

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

    @property
    def meses_del_periodo(self) -> dict[date, str]:
        """Cada mes del periodo con su nombre: los renglones de una tabla mensual."""
        return {mes: nombre_de_mes(mes) for mes in meses(self.periodo.desde, self.periodo.hasta)}

    def contexto(self) -> dict[str, Any]:
        """Lo que la plantilla dibuja. Debe traer `tablas`: la lista de `Tabla` en el orden
        del documento (son también los datos abiertos del reporte)."""
        raise NotImplementedError


# --- Tablas armadas con las filas de las funciones de estadísticas -------------------------


def _etiqueta(etiquetas: Mapping[Any, str], valor: Any) -> Any:
    """El nombre con que se imprime un valor; el valor mismo si no tiene (el nombre de un
    área), o «Sin especificar» si viene vacío."""
    if valor in etiquetas:
        return etiquetas[valor]
    return valor if valor not in (None, "") else "Sin especificar"


def tabla_cruzada(
    clave: str,
    titulo: str,
    filas: Iterable[dict[str, Any]],
    *,
    encabezado: str,
    renglon: str,
    renglones: Mapping[Any, str],
    columna: str,
    columnas: Mapping[Any, str],
    valor: str = "total",
) -> Tabla:
    """Una tabla de doble entrada (vía `pivotar`): un renglón por cada valor de `renglones`,
    en su orden y aunque esté en cero (al final, los que llegaron sin esperarse), una columna
    por cada valor de `columnas`, la columna «Total» y el renglón de totales."""
    tabla = Tabla(clave, titulo, [encabezado, *columnas.values(), "Total"])
    for fila in pivotar(
        filas, renglon=renglon, columna=columna, columnas=columnas, renglones=renglones, valor=valor
    ):
        tabla.agregar(
            _etiqueta(renglones, fila[renglon]), *[fila[c] for c in columnas], fila["total"]
        )
    if tabla.renglones:
        tabla.agregar_total()
    return tabla


def tabla_de_sumas(
    clave: str,
    titulo: str,
    filas: Iterable[dict[str, Any]],
    *,
    encabezado: str,
    por: str,
    campos: Mapping[str, str],
    renglones: Mapping[Any, str] | None = None,
) -> Tabla:
    """Un renglón por cada valor de `por` (los de `renglones` aunque estén en cero) con la
    suma de cada uno de los `campos` de las filas, más el renglón de totales."""
    renglones = renglones or {}
    sumas = {valor: dict.fromkeys(campos, 0) for valor in renglones}
    for fila in filas:
        destino = sumas.setdefault(fila[por], dict.fromkeys(campos, 0))
        for campo in campos:
            destino[campo] += fila[campo]
    tabla = Tabla(clave, titulo, [encabezado, *campos.values()])
    for valor, suma in sumas.items():
        tabla.agregar(_etiqueta(renglones, valor), *suma.values())
    if tabla.renglones:
        tabla.agregar_total()
    return tabla


INDICADORES_OPORTUNIDAD = {
    "respondidas": "Solicitudes respondidas",
    "en_tiempo": "Respondidas en tiempo",
    "fuera_de_tiempo": "Respondidas fuera de tiempo",
    "porcentaje_en_tiempo": "Porcentaje respondido en tiempo (%)",
    "promedio_dias": "Promedio de días hábiles para responder",
    "mediana_dias": "Mediana de días hábiles para responder",
}


def tabla_oportunidad(clave: str, titulo: str, cifras: Mapping[str, Mapping[str, Any]]) -> Tabla:
    """Las cifras de `solicitudes.estadisticas.oportunidad`, un indicador por renglón y una
    columna por cada conjunto de solicitudes (`{"Derechos ARCO": oportunidad(...)}`)."""
    tabla = Tabla(clave, titulo, ["Indicador", *cifras])
    for campo, etiqueta in INDICADORES_OPORTUNIDAD.items():
        tabla.agregar(etiqueta, *[c[campo] for c in cifras.values()])
    return tabla
