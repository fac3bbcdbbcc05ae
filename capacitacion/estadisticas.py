"""Las cifras de capacitación y asesorías: una función por familia de cifras, una consulta
agregada cada una. El tablero, los reportes, las exportaciones y los indicadores
automáticos del POA usan estas mismas funciones.

Todas las de un periodo reciben `ayuntamiento, desde, hasta` (fechas, ambas incluidas) y
devuelven listas de diccionarios listas para una tabla. El mes es el primer día del mes
como `date`. Sólo aparecen las combinaciones con algo que contar.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, TruncMonth

from organizacion.models import Ayuntamiento, UnidadAdministrativa

from .models import Asesoria, Capacitacion, Participante, PlanCapacitacion, TemaPlaneado

# Las agrupaciones que admite `capacitaciones_por`.
DIMENSIONES = ("publico", "modalidad", "formato", "impartida_por")


def _periodo(desde: date, hasta: date) -> None:
    if desde > hasta:
        raise ValidationError(
            f"El periodo empieza el {desde:%d/%m/%Y}, después de terminar ({hasta:%d/%m/%Y})."
        )


def _sesiones_en(ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> QuerySet[Capacitacion]:
    _periodo(desde, hasta)
    return Capacitacion.objects.filter(
        ayuntamiento=ayuntamiento, fecha__gte=desde, fecha__lte=hasta
    )


def _filas(consulta: QuerySet[Any, Any]) -> list[dict[str, Any]]:
    """Los renglones agregados de un `values().annotate()`, como lista de diccionarios."""
    return list(consulta)


def _cero(expresion: Any) -> Coalesce:
    return Coalesce(expresion, Value(0), output_field=IntegerField())


# Sesiones y asistentes por sexo, para cualquier agrupación. «asistentes» va primero: las
# anotaciones siguientes se llaman como los campos y, ya definidas, F() las tomaría a ellas.
CIFRAS_SESIONES = {
    "asistentes": _cero(Sum(F("mujeres") + F("hombres") + F("no_identificado"))),
    "sesiones": Count("pk"),
    "mujeres": _cero(Sum("mujeres")),
    "hombres": _cero(Sum("hombres")),
    "no_identificado": _cero(Sum("no_identificado")),
}


def totales(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> dict[str, int]:
    """`{"sesiones", "mujeres", "hombres", "no_identificado", "asistentes"}` del periodo."""
    return _sesiones_en(ayuntamiento, desde, hasta).aggregate(**CIFRAS_SESIONES)


def capacitaciones_por_mes(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Sesiones y asistentes por sexo, por mes: la tabla del informe trimestral."""
    return _filas(
        _sesiones_en(ayuntamiento, desde, hasta)
        .values(mes=TruncMonth("fecha", output_field=DateField()))
        .annotate(**CIFRAS_SESIONES)
        .order_by("mes")
    )


def capacitaciones_por(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date, dimension: str
) -> list[dict[str, Any]]:
    """Sesiones y asistentes por sexo agrupados por público, modalidad, formato o quién la
    impartió: `[{"<dimension>", "sesiones", "mujeres", …}]`."""
    if dimension not in DIMENSIONES:
        raise ValueError(f"Dimensión desconocida: {dimension}")
    return _filas(
        _sesiones_en(ayuntamiento, desde, hasta)
        .values(dimension)
        .annotate(**CIFRAS_SESIONES)
        .order_by(dimension)
    )


def capacitaciones_por_area(
    *, ayuntamiento: Ayuntamiento, desde: date, hasta: date
) -> list[dict[str, Any]]:
    """Por área del ayuntamiento: en cuántas sesiones participó y cuántas personas de ella
    asistieron según las listas, por sexo. `[{"area", "nombre", "sesiones", "mujeres",
    "hombres", "no_identificado"}]`; sólo áreas con alguna sesión o asistente. Las dos
    cuentas van en subconsultas para que una no multiplique a la otra."""
    _periodo(desde, hasta)
    en_periodo = Q(fecha__gte=desde, fecha__lte=hasta)
    sesiones = (
        Capacitacion.objects.filter(en_periodo, ayuntamiento=ayuntamiento, areas=OuterRef("pk"))
        .values("ayuntamiento")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def asistentes(sexo: str) -> Any:
        return (
            Participante.objects.filter(
                ayuntamiento=ayuntamiento,
                area=OuterRef("pk"),
                asistio=True,
                sexo=sexo,
                capacitacion__fecha__gte=desde,
                capacitacion__fecha__lte=hasta,
            )
            .values("ayuntamiento")
            .annotate(n=Count("pk"))
            .values("n")
        )

    filas = (
        UnidadAdministrativa.objects.filter(ayuntamiento=ayuntamiento)
        .annotate(
            sesiones=_cero(Subquery(sesiones)),
            mujeres=_cero(Subquery(asistentes("mujer"))),
            hombres=_cero(Subquery(asistentes("hombre"))),
            no_identificado=_cero(Subquery(asistentes("no_identificado"))),
        )
        .filter(Q(sesiones__gt=0) | Q(mujeres__gt=0) | Q(hombres__gt=0) | Q(no_identificado__gt=0))
        .values("sesiones", "mujeres", "hombres", "no_identificado", "nombre", area=F("pk"))
        .order_by("nombre")
    )
    return _filas(filas)


def asesorias(*, ayuntamiento: Ayuntamiento, desde: date, hasta: date) -> list[dict[str, Any]]:
    """Asesorías por mes × tema × público × sexo: `[{"mes", "tema", "publico", "sexo",
    "total"}]`."""
    _periodo(desde, hasta)
    return _filas(
        Asesoria.objects.filter(ayuntamiento=ayuntamiento, fecha__gte=desde, fecha__lte=hasta)
        .values("tema", "publico", "sexo", mes=TruncMonth("fecha", output_field=DateField()))
        .annotate(total=Count("pk"))
        .order_by("mes", "tema", "publico", "sexo")
    )


def cobertura_plan(plan: PlanCapacitacion) -> list[dict[str, int]]:
    """Lo planeado contra lo realizado, por mes (1 a 12, todos): `[{"mes", "temas",
    "meta", "sesiones", "asistentes"}]`. Lo planeado cuenta en el mes del tema; lo
    realizado, en el mes en que ocurrió cada sesión ligada a un tema del plan. Una sola
    consulta: la unión de los dos agregados."""
    planeado = (
        TemaPlaneado.objects.filter(ayuntamiento=plan.ayuntamiento_id, plan=plan)
        .order_by()
        .values("mes")
        .annotate(
            temas=Count("pk"),
            meta=_cero(Sum("meta_asistentes")),
            sesiones=Value(0, output_field=IntegerField()),
            asistentes=Value(0, output_field=IntegerField()),
        )
    )
    realizado = (
        Capacitacion.objects.filter(ayuntamiento=plan.ayuntamiento_id, tema_planeado__plan=plan)
        .order_by()
        .values(mes=ExtractMonth("fecha"))
        .annotate(
            temas=Value(0, output_field=IntegerField()),
            meta=Value(0, output_field=IntegerField()),
            sesiones=Count("pk"),
            # Se llama como la propiedad del modelo a propósito: la unión toma los nombres
            # de columna de la primera consulta y ambas deben coincidir.
            asistentes=CIFRAS_SESIONES["asistentes"],  # type: ignore[no-redef]
        )
    )
    tabla = {
        mes: {"mes": mes, "temas": 0, "meta": 0, "sesiones": 0, "asistentes": 0}
        for mes in range(1, 13)
    }
    for fila in planeado.union(realizado, all=True):
        destino = tabla[fila["mes"]]
        for clave in ("temas", "meta", "sesiones", "asistentes"):
            destino[clave] += fila[clave]
    return list(tabla.values())


def cobertura_temas(plan: PlanCapacitacion) -> QuerySet[TemaPlaneado]:
    """Cada tema del plan con las sesiones que lo cumplieron y sus asistentes."""
    return (
        TemaPlaneado.objects.filter(ayuntamiento=plan.ayuntamiento_id, plan=plan)
        .annotate(
            sesiones=Count("capacitaciones"),
            asistentes=_cero(
                Sum(
                    F("capacitaciones__mujeres")
                    + F("capacitaciones__hombres")
                    + F("capacitaciones__no_identificado")
                )
            ),
        )
        .order_by("mes", "tema")
    )
