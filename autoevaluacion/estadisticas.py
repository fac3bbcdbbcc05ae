"""Cifras del modelo regional: avance por dimensión de un ayuntamiento, avance de cada
ayuntamiento de un garante, herramientas más pendientes y la matriz del garante.

Cada función hace una consulta agregada (la matriz, una por cada pieza: ayuntamientos,
herramientas, celdas y avance), nunca una por ayuntamiento. El avance es el porcentaje de
herramientas aplicables (todas menos las que «no aplican») que están implementadas; una
herramienta anual implementada sin evidencia del año en curso cuenta como «por renovar», no
como implementada.

Las funciones de garante no abren ámbito: quien las llama las corre bajo `scopes_disabled()`
y aquí se restringen explícitamente a los ayuntamientos de ese garante.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from organizacion.models import Ayuntamiento, Garante

from .models import (
    ETIQUETAS_ESTADO,
    POR_RENOVAR,
    SIMBOLOS_ESTADO,
    SIN_IMPLEMENTAR,
    Adhesion,
    Dimension,
    Edicion,
    Estado,
    EstadoHerramienta,
    Evidencia,
    Herramienta,
    Temporalidad,
    esta_atrasada,
)


def _con_evidencia_del_anio(anio: int) -> Exists:
    return Exists(Evidencia.objects.filter(estado=OuterRef("pk"), fecha__year=anio))


# Una anual implementada sin evidencia del año: se anota `evidencia_del_anio` antes de usarla.
_ANUAL_SIN_EVIDENCIA = Q(
    estado=Estado.IMPLEMENTADA,
    herramienta__temporalidad=Temporalidad.ANUAL,
    evidencia_del_anio=False,
)


def estados_del_anio(anio: int) -> QuerySet[EstadoHerramienta]:
    """Los estados con su estado efectivo en `anio` (anotación `efectivo`)."""
    return EstadoHerramienta.objects.annotate(
        evidencia_del_anio=_con_evidencia_del_anio(anio)
    ).annotate(
        efectivo=Case(When(_ANUAL_SIN_EVIDENCIA, then=Value(POR_RENOVAR)), default=F("estado"))
    )


_CONTEOS = {
    "total": Count("pk"),
    "no_aplica": Count("pk", filter=Q(estado=Estado.NO_APLICA)),
    "implementadas": Count("pk", filter=Q(estado=Estado.IMPLEMENTADA) & ~_ANUAL_SIN_EVIDENCIA),
    "por_renovar": Count("pk", filter=_ANUAL_SIN_EVIDENCIA),
    "elaboracion": Count("pk", filter=Q(estado=Estado.ELABORACION)),
    "pendientes": Count("pk", filter=Q(estado=Estado.PENDIENTE)),
}


@dataclass(frozen=True)
class Avance:
    total: int = 0
    no_aplica: int = 0
    implementadas: int = 0
    por_renovar: int = 0
    elaboracion: int = 0
    pendientes: int = 0

    @property
    def aplicables(self) -> int:
        return self.total - self.no_aplica

    @property
    def sin_implementar(self) -> int:
        return self.aplicables - self.implementadas

    @property
    def porcentaje(self) -> float | None:
        """Implementadas entre aplicables; None si ninguna aplica (no es un 0 %)."""
        if not self.aplicables:
            return None
        return round(100 * self.implementadas / self.aplicables, 1)

    @classmethod
    def de_fila(cls, fila: Mapping[str, Any]) -> "Avance":
        return cls(**{campo: fila[campo] for campo in _CONTEOS})

    @classmethod
    def sumar(cls, avances: Iterable["Avance"]) -> "Avance":
        lista = list(avances)
        return cls(**{campo: sum(getattr(a, campo) for a in lista) for campo in _CONTEOS})


@dataclass(frozen=True)
class AvanceDimension:
    clave: str
    nombre: str
    avance: Avance


def avance_por_dimension(*, adhesion: Adhesion, anio: int) -> list[AvanceDimension]:
    """El avance de un ayuntamiento en cada dimensión de su edición, en orden."""
    filas = (
        estados_del_anio(anio)
        .filter(adhesion=adhesion)
        .values(
            clave=F("herramienta__dimension__clave"),
            nombre=F("herramienta__dimension__nombre"),
            orden=F("herramienta__dimension__orden"),
        )
        .annotate(**_CONTEOS)
        .order_by("orden")
    )
    return [AvanceDimension(f["clave"], f["nombre"], Avance.de_fila(f)) for f in filas]


def adhesion_del_anio(*, ayuntamiento: Ayuntamiento, anio: int) -> Adhesion | None:
    """La adhesión con la que el ayuntamiento trabajó el modelo en `anio`: la de la edición
    más reciente cuyo convenio firmó a más tardar el 31 de diciembre de ese año. None si no
    se había adherido (un informe anual lo dice en lugar de fallar)."""
    return (
        Adhesion.objects.filter(ayuntamiento=ayuntamiento, fecha_convenio__year__lte=anio)
        .select_related("edicion")
        .order_by("-edicion__publicada", "-fecha_convenio")
        .first()
    )


@dataclass(frozen=True)
class RenglonLista:
    """Una herramienta en la lista de verificación, con su estado efectivo en el año."""

    estado: EstadoHerramienta
    efectivo: str
    vence: date | None
    atrasada: bool
    evidencias: list[Evidencia]

    @property
    def etiqueta(self) -> str:
        return ETIQUETAS_ESTADO[self.efectivo]


@dataclass(frozen=True)
class DimensionLista:
    nombre: str
    descripcion: str
    renglones: list[RenglonLista]


def lista_de_verificacion(*, adhesion: Adhesion, hoy: date) -> list[DimensionLista]:
    """La lista de verificación de la semilla 004: cada herramienta por dimensión con su
    estado efectivo en el año de `hoy`, su fecha de compromiso, si a `hoy` estaba atrasada y
    sus evidencias (la más reciente primero). Dos consultas (los estados y, precargadas,
    sus evidencias), con 18 herramientas o con 200 evidencias."""
    estados = (
        estados_del_anio(hoy.year)
        .filter(adhesion=adhesion)
        .select_related("herramienta__dimension")
        .prefetch_related("evidencias")
    )
    grupos: dict[int, DimensionLista] = {}
    for estado in estados:
        dimension = estado.herramienta.dimension
        grupo = grupos.setdefault(
            dimension.pk, DimensionLista(dimension.nombre, dimension.descripcion, [])
        )
        efectivo = estado.efectivo  # type: ignore[attr-defined]
        vence = estado.vencimiento(adhesion.fecha_convenio, hoy)
        grupo.renglones.append(
            RenglonLista(
                estado=estado,
                efectivo=efectivo,
                vence=vence,
                atrasada=esta_atrasada(efectivo, vence, hoy),
                evidencias=list(estado.evidencias.all()),
            )
        )
    return list(grupos.values())


def _del_garante(anio: int, garante: Garante, edicion: Edicion) -> QuerySet[EstadoHerramienta]:
    """Los estados de los ayuntamientos activos de este garante, y de nadie más."""
    return estados_del_anio(anio).filter(
        ayuntamiento__garante=garante, ayuntamiento__activo=True, adhesion__edicion=edicion
    )


def avance_por_ayuntamiento(
    *, garante: Garante, edicion: Edicion, anio: int, dimension: Dimension | None = None
) -> dict[int, Avance]:
    """Avance de cada ayuntamiento adherido del garante (o sólo en una dimensión)."""
    filas = (
        _del_garante(anio, garante, edicion)
        .values("ayuntamiento_id")
        .annotate(**_CONTEOS)
        .order_by()
    )
    if dimension is not None:
        filas = filas.filter(herramienta__dimension=dimension)
    return {f["ayuntamiento_id"]: Avance.de_fila(f) for f in filas}


@dataclass(frozen=True)
class AvanceHerramienta:
    herramienta_id: int
    nombre: str
    dimension: str
    avance: Avance


def pendientes_por_herramienta(
    *, garante: Garante, edicion: Edicion, anio: int
) -> list[AvanceHerramienta]:
    """Cada herramienta con cuántos ayuntamientos del garante la tienen sin implementar,
    de la más a la menos pendiente: dónde hace falta el apoyo del garante (semilla 004)."""
    filas = (
        _del_garante(anio, garante, edicion)
        .values(
            "herramienta_id",
            nombre=F("herramienta__nombre"),
            dimension=F("herramienta__dimension__nombre"),
            orden_dimension=F("herramienta__dimension__orden"),
            orden=F("herramienta__orden"),
        )
        .annotate(**_CONTEOS)
        .order_by("orden_dimension", "orden")
    )
    lista = [
        AvanceHerramienta(f["herramienta_id"], f["nombre"], f["dimension"], Avance.de_fila(f))
        for f in filas
    ]
    # Orden estable: a igual número de pendientes, el orden del documento.
    return sorted(lista, key=lambda a: -a.avance.sin_implementar)


# --- Matriz del garante --------------------------------------------------------------------


@dataclass(slots=True)
class Celda:
    estado: str
    etiqueta: str
    atrasada: bool

    @property
    def simbolo(self) -> str:
        return SIMBOLOS_ESTADO[self.estado]


@dataclass
class FilaMatriz:
    ayuntamiento: Ayuntamiento
    fecha_convenio: date | None
    avance: Avance | None
    celdas: list[Celda | None] = field(default_factory=list)

    @property
    def atrasadas(self) -> int:
        return sum(1 for c in self.celdas if c is not None and c.atrasada)


@dataclass(frozen=True)
class Matriz:
    edicion: Edicion
    herramientas: list[Herramienta]
    filas: list[FilaMatriz]


def matriz_garante(
    *,
    garante: Garante,
    edicion: Edicion,
    hoy: date,
    dimension: Dimension | None = None,
    orden: str = "avance",
) -> Matriz:
    """Ayuntamientos × herramientas del garante, con el estado efectivo de cada celda, si
    está atrasada, y el avance de cada ayuntamiento. Incluye a los ayuntamientos que aún no
    registran su adhesión (fila vacía). Cuatro consultas, con 3 o con 125 ayuntamientos."""
    herramientas = list(
        Herramienta.objects.filter(dimension__edicion=edicion).select_related("dimension")
    )
    if dimension is not None:
        herramientas = [h for h in herramientas if h.dimension_id == dimension.pk]
    ayuntamientos = list(
        Ayuntamiento.objects.filter(garante=garante, activo=True)
        .annotate(
            fecha_convenio=Adhesion.objects.filter(
                ayuntamiento=OuterRef("pk"), edicion=edicion
            ).values("fecha_convenio")[:1]
        )
        .order_by("nombre")
    )
    celdas = (
        _del_garante(hoy.year, garante, edicion)
        .values_list("ayuntamiento_id", "herramienta_id", "efectivo", "fecha_compromiso")  # type: ignore[misc]
        .order_by()
    )
    if dimension is not None:
        celdas = celdas.filter(herramienta__dimension=dimension)
    avances = avance_por_ayuntamiento(
        garante=garante, edicion=edicion, anio=hoy.year, dimension=dimension
    )

    por_herramienta = {h.pk: h for h in herramientas}
    convenios = {a.pk: a.fecha_convenio for a in ayuntamientos}
    mapa: dict[tuple[int, int], Celda] = {}
    for ayuntamiento_id, herramienta_id, efectivo, fecha_compromiso in celdas:
        herramienta = por_herramienta[herramienta_id]
        # Sólo una herramienta sin implementar puede estar atrasada: sólo a ésas se les
        # calcula la fecha (son miles de celdas con 125 ayuntamientos).
        vence = None
        if efectivo in SIN_IMPLEMENTAR:
            vence = (
                herramienta.vencimiento(convenios[ayuntamiento_id], hoy)
                if herramienta.fecha_calculable
                else fecha_compromiso
            )
        mapa[ayuntamiento_id, herramienta_id] = Celda(
            estado=efectivo,
            etiqueta=ETIQUETAS_ESTADO[efectivo],
            atrasada=esta_atrasada(efectivo, vence, hoy),
        )
    filas = [
        FilaMatriz(
            ayuntamiento=a,
            fecha_convenio=a.fecha_convenio,
            avance=avances.get(a.pk),
            celdas=[mapa.get((a.pk, h.pk)) for h in herramientas],
        )
        for a in ayuntamientos
    ]
    return Matriz(edicion=edicion, herramientas=herramientas, filas=ordenar(filas, orden))


def ordenar(filas: list[FilaMatriz], orden: str) -> list[FilaMatriz]:
    """Por avance (sin adhesión al final) o por nombre; el nombre desempata."""
    if orden == "nombre":
        return filas

    def porcentaje(fila: FilaMatriz) -> float:
        valor = fila.avance.porcentaje if fila.avance else None
        return -1.0 if valor is None else valor

    con_avance = [f for f in filas if f.avance is not None]
    sin_avance = [f for f in filas if f.avance is None]
    return sorted(con_avance, key=porcentaje, reverse=orden == "-avance") + sin_avance
