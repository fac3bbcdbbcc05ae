"""Agregados de SQL que Django no trae: la mediana.

Los informes semestrales piden el promedio *y la mediana* de días hábiles para responder, y
las cifras deben salir de una sola consulta agregada. PostgreSQL tiene la mediana como
`percentile_cont(0.5)`; SQLite no tiene ninguna, así que se le registra una función de
agregado escrita en Python al abrir cada conexión (`registrar_mediana`, conectada a
`connection_created` en `OrganizacionConfig.ready`).
"""

from typing import Any

from django.db.models import Aggregate, FloatField


class Mediana(Aggregate):
    """La mediana de una expresión numérica; con un número par de valores, el promedio de
    los dos centrales (como `percentile_cont(0.5)`). Ignora los nulos; sin valores, `None`."""

    function = "MEDIANA"
    name = "Mediana"
    output_field = FloatField()
    allow_distinct = False
    empty_result_set_value = None

    def as_postgresql(self, compiler, connection, **extra_context: Any):
        # En la plantilla de la clase, no en extra_context: con `filter=` Aggregate.as_sql
        # arma su propia plantilla a partir de `self.template`.
        clon = self.copy()
        clon.template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return clon.as_sql(compiler, connection, **extra_context)


class _MedianaSQLite:
    """El agregado MEDIANA para SQLite: junta los valores y ordena al final."""

    def __init__(self) -> None:
        self.valores: list[float] = []

    def step(self, valor: float | None) -> None:
        # Sin FILTER, Django filtra con CASE WHEN …: lo que no pasa el filtro llega nulo.
        if valor is not None:
            self.valores.append(valor)

    def finalize(self) -> float | None:
        if not self.valores:
            return None
        valores = sorted(self.valores)
        mitad = len(valores) // 2
        if len(valores) % 2:
            return float(valores[mitad])
        return (valores[mitad - 1] + valores[mitad]) / 2


def registrar_mediana(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Receptor de `connection_created`: da a cada conexión de SQLite la función MEDIANA."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIANA", 1, _MedianaSQLite)
