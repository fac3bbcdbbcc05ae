"""Las cifras del POA para vistas, reportes y exportaciones: por actividad y trimestre, lo
programado contra lo alcanzado, el acumulado, los porcentajes y el semáforo.

`avance_del_plan` hace UNA consulta por plan, sin importar cuántas actividades tenga: cada
actividad sale con sus doce meses como columnas agregadas (hay a lo más un avance por mes,
por la restricción única), y todo lo demás lo deriva `derivacion` en memoria.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from organizacion.models import Ayuntamiento

from . import derivacion
from .derivacion import Mes, Trimestre, Umbrales
from .models import Actividad, Avance, Plan


@dataclass
class FilaActividad:
    actividad: Actividad
    meses: list[Mes]
    trimestres: list[Trimestre]
    mujeres: int
    hombres: int
    no_identificado: int
    devueltos: int
    meses_capturados: set[int] = field(default_factory=set)

    def trimestre(self, numero: int) -> Trimestre:
        return self.trimestres[numero - 1]

    @property
    def total_por_sexo(self) -> int:
        return self.mujeres + self.hombres + self.no_identificado


def _anotaciones() -> dict:
    campos: dict = {}
    for mes in range(1, 13):
        filtro = Q(avances__mes=mes)
        campos[f"v{mes}"] = Sum("avances__valor", filter=filtro)
        campos[f"n{mes}"] = Sum("avances__numerador_valor", filter=filtro)
        campos[f"d{mes}"] = Sum("avances__denominador_valor", filter=filtro)
        campos[f"c{mes}"] = Count("avances", filter=filtro)
    campos["suma_mujeres"] = Sum("avances__mujeres")
    campos["suma_hombres"] = Sum("avances__hombres")
    campos["suma_no_identificado"] = Sum("avances__no_identificado")
    campos["num_devueltos"] = Count("avances", filter=Q(avances__estado="devuelto"))
    return campos


def actividades_con_avance(plan: Plan, area_id: int | None = None) -> QuerySet[Actividad]:
    """Las actividades del plan (de un área, si se da) con sus meses agregados."""
    actividades = Actividad.objects.filter(plan=plan)
    if area_id is not None:
        actividades = actividades.filter(unidad_administrativa_id=area_id)
    # Con agregados Django no aplica Meta.ordering: sin este orden explícito PostgreSQL las
    # devuelve en cualquier orden.
    return (
        actividades.select_related("objetivo", "unidad_administrativa")
        .annotate(**_anotaciones())
        .order_by("objetivo__orden", "objetivo_id", "orden", "pk")
    )


def fila_de(actividad: Actividad, umbrales: Umbrales) -> FilaActividad:
    """Las cifras de una actividad anotada por `actividades_con_avance`."""
    meses = []
    capturados = set()
    for mes in range(1, 13):
        if getattr(actividad, f"c{mes}"):
            capturados.add(mes)
            meses.append(
                Mes(
                    mes=mes,
                    valor=getattr(actividad, f"v{mes}"),
                    numerador=getattr(actividad, f"n{mes}"),
                    denominador=getattr(actividad, f"d{mes}"),
                )
            )
    return FilaActividad(
        actividad=actividad,
        meses=meses,
        trimestres=derivacion.trimestres(
            meses,
            programado=actividad.programado(),
            meta=actividad.meta_anual,
            porcentaje=actividad.es_porcentaje,
            descendente=actividad.sentido == "descendente",
            umbrales=umbrales,
        ),
        mujeres=actividad.suma_mujeres or 0,  # type: ignore[attr-defined]
        hombres=actividad.suma_hombres or 0,  # type: ignore[attr-defined]
        no_identificado=actividad.suma_no_identificado or 0,  # type: ignore[attr-defined]
        devueltos=actividad.num_devueltos,  # type: ignore[attr-defined]
        meses_capturados=capturados,
    )


def avance_del_plan(
    plan: Plan, *, umbrales: Umbrales = derivacion.UMBRALES, area_id: int | None = None
) -> list[FilaActividad]:
    """Una fila por actividad, en orden, con sus cuatro trimestres. Una sola consulta."""
    return [fila_de(a, umbrales) for a in actividades_con_avance(plan, area_id)]


def resumen_semaforo(filas: list[FilaActividad], trimestre: int) -> dict[str, int]:
    """Cuántas actividades hay de cada color al cierre del trimestre."""
    conteo = dict.fromkeys(derivacion.ETIQUETAS_SEMAFORO, 0)
    for fila in filas:
        conteo[fila.trimestre(trimestre).semaforo] += 1
    return conteo


def valor_mensual(fila: FilaActividad, mes: int) -> Decimal | None:
    """El valor de un mes como se muestra: la cantidad, o el porcentaje del mes."""
    for m in fila.meses:
        if m.mes == mes:
            return derivacion.avance([m], porcentaje=fila.actividad.es_porcentaje)
    return None


def plan_de_la_unidad(*, ayuntamiento: Ayuntamiento, anio: int) -> Plan | None:
    """El POA de la Unidad de Transparencia de ese año (no el de un área), si existe."""
    return Plan.objects.filter(
        ayuntamiento=ayuntamiento, anio=anio, unidad_administrativa__isnull=True
    ).first()


def narrativas(plan: Plan, *, desde_mes: int, hasta_mes: int) -> dict[int, list[str]]:
    """Lo que el personal escribió de cada actividad en esos meses, en orden de mes:
    `{actividad_id: [texto, …]}`. Una consulta."""
    resultado: dict[int, list[str]] = {}
    for actividad_id, texto in (
        Avance.objects.filter(actividad__plan=plan, mes__gte=desde_mes, mes__lte=hasta_mes)
        .exclude(narrativa="")
        .order_by("actividad_id", "mes")
        .values_list("actividad_id", "narrativa")
    ):
        resultado.setdefault(actividad_id, []).append(texto)
    return resultado
