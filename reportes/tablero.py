"""El tablero de la portada del ayuntamiento: las cifras que importan hoy.

Cada cifra sale de la misma función de `<app>/estadisticas.py` que usan los reportes en PDF:
las del trimestre son las del informe trimestral del trimestre en curso. Cada panel trae su
tabla (la equivalencia en texto de su gráfica), la gráfica que dibuja static/js/tablero.js
y la liga a la lista donde se atiende.

organizacion dibuja la portada pero no importa las apps de arriba: la carga con
`{% load tablero %}{% tablero_del_ayuntamiento %}` (reportes/templatetags/tablero.py).
La Unidad (titular, personal, consulta) y el garante ven todo el ayuntamiento; un enlace,
sólo los turnos pendientes de su área, sin datos de quien solicita.
"""

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from autoevaluacion.estadisticas import Avance, avance_por_dimension
from autoevaluacion.models import Adhesion
from capacitacion import estadisticas as capacitacion
from organizacion import permisos
from organizacion.models import Ayuntamiento, Rol, Sexo
from poa import estadisticas as poa
from poa.derivacion import ETIQUETAS_SEMAFORO
from poa.models import umbrales_de
from solicitudes import estadisticas as solicitudes
from solicitudes.models import EstadoRecurso, Semaforo

from .periodos import Periodo, periodo_que_contiene
from .tipos.base import nombre_de_mes

# Del más urgente al más holgado, como se leen en la portada.
COLORES = [Semaforo.VENCIDA, Semaforo.POR_VENCER, Semaforo.EN_TIEMPO]
# Los campos por sexo de `capacitacion.estadisticas.totales`.
CAMPO_POR_SEXO: dict[str, str] = {
    Sexo.MUJER: "mujeres",
    Sexo.HOMBRE: "hombres",
    Sexo.NO_IDENTIFICADO: "no_identificado",
}


def _url(nombre: str, ayuntamiento: Ayuntamiento, consulta: dict | None = None, **kw) -> str:
    url = reverse(nombre, kwargs={"ayuntamiento": ayuntamiento.slug, **kw})
    return f"{url}?{urlencode(consulta)}" if consulta else url


def _grafica(
    etiquetas: list[str],
    series: dict[str, list],
    *,
    colores: list[str] | None = None,
    horizontal: bool = False,
    maximo: int | None = None,
) -> dict[str, Any]:
    """Lo que static/js/tablero.js dibuja: barras, una serie por entrada de `series`.
    `colores` da la clave de color de cada barra (semáforos) cuando hay una sola serie."""
    return {
        "etiquetas": etiquetas,
        "series": [{"nombre": nombre, "valores": valores} for nombre, valores in series.items()],
        "colores": colores or [],
        "horizontal": horizontal,
        "maximo": maximo,
    }


def tablero_de(
    *, ayuntamiento: Ayuntamiento, rol: str | None, area_id: int | None = None
) -> dict[str, Any]:
    """Los paneles que ese rol ve en la portada, con sus gráficas en `graficas`
    (`{id del lienzo: datos}`). `de` dice cuál tablero es: «unidad», «enlace» o None."""
    if rol == Rol.ENLACE:
        return _del_enlace(ayuntamiento, area_id)
    if rol in permisos.UNIDAD_Y_GARANTE:
        return _de_la_unidad(ayuntamiento)
    return {"de": None, "graficas": {}}


def _del_enlace(ayuntamiento: Ayuntamiento, area_id: int | None) -> dict[str, Any]:
    conteo = solicitudes.conteo_turnos_pendientes(ayuntamiento=ayuntamiento, area_id=area_id)
    colores = [
        {
            "color": color,
            "numero": conteo[color],
            "url": _url(
                "solicitudes:turnos",
                ayuntamiento,
                {"estado": "pendientes", "semaforo": color},
            ),
        }
        for color in COLORES
    ]
    return {
        "de": "enlace",
        "turnos": {"total": conteo["total"], "colores": colores},
        "graficas": {
            "grafica-turnos": _grafica(
                [c.label for c in COLORES],
                {"Turnos pendientes": [conteo[c] for c in COLORES]},
                colores=list(COLORES),
            )
        },
    }


def _de_la_unidad(ayuntamiento: Ayuntamiento) -> dict[str, Any]:
    corte = solicitudes.corte_semaforo(ayuntamiento)
    hoy = corte.hoy
    periodo = periodo_que_contiene("trimestre", hoy)
    rango = {"ayuntamiento": ayuntamiento, "desde": periodo.desde, "hasta": periodo.hasta}
    graficas: dict[str, dict[str, Any]] = {}
    paneles = {
        "plazos": _plazos(ayuntamiento, corte, graficas),
        "semana": _semana(ayuntamiento, hoy, graficas),
        "trimestre": _solicitudes_del_trimestre(ayuntamiento, periodo, rango, graficas),
        "recursos": _recursos(ayuntamiento),
        "poa": _poa(ayuntamiento, hoy, periodo, graficas),
        "capacitacion": _capacitacion(ayuntamiento, periodo, rango, graficas),
        "autoevaluacion": _autoevaluacion(ayuntamiento, hoy, graficas),
    }
    return {"de": "unidad", "hoy": hoy, "periodo": periodo, **paneles, "graficas": graficas}


# --- Solicitudes ---------------------------------------------------------------------------


def _plazos(
    ayuntamiento: Ayuntamiento, corte: solicitudes.CorteSemaforo, graficas: dict
) -> dict[str, Any]:
    conteo = solicitudes.conteo_semaforo(ayuntamiento=ayuntamiento, corte=corte)
    graficas["grafica-plazos"] = _grafica(
        [c.label for c in COLORES],
        {"Solicitudes": [conteo[c] for c in COLORES]},
        colores=list(COLORES),
    )
    return {
        "total": sum(conteo[c] for c in COLORES),
        "colores": [
            {
                "color": color,
                "numero": conteo[color],
                "url": _url("solicitudes:lista", ayuntamiento, {"semaforo": color}),
            }
            for color in COLORES
        ],
    }


def _semana(ayuntamiento: Ayuntamiento, hoy: date, graficas: dict) -> dict[str, Any]:
    """De hoy al domingo: lo que vence en los días que quedan de la semana (lo vencido antes
    de hoy ya está en el semáforo)."""
    domingo = hoy + timedelta(days=6 - hoy.weekday())
    por_dia = {
        f["vence"]: f["total"]
        for f in solicitudes.vencimientos(ayuntamiento=ayuntamiento, desde=hoy, hasta=domingo)
    }
    dias = [hoy + timedelta(days=n) for n in range((domingo - hoy).days + 1)]
    filas = [{"dia": dia, "total": por_dia.get(dia, 0)} for dia in dias]
    graficas["grafica-semana"] = _grafica(
        [f"{dia:%d/%m}" for dia in dias], {"Vencen": [f["total"] for f in filas]}
    )
    return {
        "desde": hoy,
        "hasta": domingo,
        "filas": filas,
        "total": sum(f["total"] for f in filas),
        # La lista no filtra por vencimiento: la liga lleva a todas, no a un filtro distinto.
        "url": _url("solicitudes:lista", ayuntamiento),
    }


def _solicitudes_del_trimestre(
    ayuntamiento: Ayuntamiento, periodo: Periodo, rango: dict, graficas: dict
) -> dict[str, Any]:
    """Recibidas y atendidas por mes: las columnas «Recibidas» y «Atendidas» de la tabla
    «solicitudes» del informe trimestral, con las mismas funciones."""
    meses = solicitudes.meses(periodo.desde, periodo.hasta)

    def por_mes(filas: list[dict[str, Any]]) -> list[int]:
        tabla = solicitudes.pivotar(
            filas, renglon="mes", columna="sexo", columnas=Sexo.values, renglones=meses
        )
        return [fila["total"] for fila in tabla]

    filas: list[dict[str, Any]] = [
        {"mes": nombre_de_mes(mes), "recibidas": recibidas, "atendidas": atendidas}
        for mes, recibidas, atendidas in zip(
            meses,
            por_mes(solicitudes.recibidas(**rango)),
            por_mes(solicitudes.atendidas(**rango)),
            strict=True,
        )
    ]
    graficas["grafica-trimestre"] = _grafica(
        [f["mes"] for f in filas],
        {
            "Recibidas": [f["recibidas"] for f in filas],
            "Atendidas": [f["atendidas"] for f in filas],
        },
    )
    return {
        "filas": filas,
        "recibidas": sum(f["recibidas"] for f in filas),
        "atendidas": sum(f["atendidas"] for f in filas),
        "url": _url(
            "solicitudes:lista",
            ayuntamiento,
            {"desde": periodo.desde.isoformat(), "hasta": periodo.hasta.isoformat()},
        ),
    }


def _recursos(ayuntamiento: Ayuntamiento) -> dict[str, Any]:
    conteo = solicitudes.recursos_en_proceso(ayuntamiento=ayuntamiento)
    # Como en el filtro de la lista de recursos.
    etiquetas = {EstadoRecurso.ADMITIDO: "Admitido: alegatos pendientes"}
    return {
        "total": conteo["total"],
        "estados": [
            {
                "etiqueta": etiquetas.get(estado, estado.label),
                "numero": conteo[estado.value],
                "url": _url("solicitudes:recursos", ayuntamiento, {"estado": estado.value}),
            }
            for estado in solicitudes.RECURSOS_EN_PROCESO
        ],
    }


# --- POA, capacitación y autoevaluación ----------------------------------------------------


def _poa(ayuntamiento: Ayuntamiento, hoy: date, periodo: Periodo, graficas: dict) -> dict:
    """El semáforo de las actividades del POA de la Unidad al cierre del trimestre en curso,
    como la columna «Semáforo» del informe trimestral."""
    plan = poa.plan_de_la_unidad(ayuntamiento=ayuntamiento, anio=hoy.year)
    if plan is None:
        return {"plan": None, "anio": hoy.year, "url": _url("poa:planes", ayuntamiento)}
    filas = poa.avance_del_plan(plan, umbrales=umbrales_de(ayuntamiento))
    conteo = poa.resumen_semaforo(filas, periodo.numero)
    graficas["grafica-poa"] = _grafica(
        [ETIQUETAS_SEMAFORO[c] for c in conteo],
        {"Actividades": list(conteo.values())},
        colores=list(conteo),
    )
    return {
        "plan": plan,
        "anio": hoy.year,
        "trimestre": periodo.numero,
        "total": len(filas),
        "colores": [
            {"clave": clave, "etiqueta": ETIQUETAS_SEMAFORO[clave], "numero": numero}
            for clave, numero in conteo.items()
        ],
        "url": _url("poa:trimestre", ayuntamiento, {"t": periodo.numero}, pk=plan.pk),
    }


def _capacitacion(
    ayuntamiento: Ayuntamiento, periodo: Periodo, rango: dict, graficas: dict
) -> dict[str, Any]:
    """Sesiones y personas capacitadas, y asesorías, del trimestre, por sexo: los totales de
    las tablas «capacitaciones» y «asesorias» del informe trimestral."""
    sesiones = capacitacion.totales(**rango)
    capacitadas = {valor: sesiones[campo] for valor, campo in CAMPO_POR_SEXO.items()}
    asesorias = dict.fromkeys(Sexo.values, 0)
    for fila in capacitacion.asesorias(**rango):
        asesorias[fila["sexo"]] += fila["total"]
    graficas["grafica-capacitacion"] = _grafica(
        list(Sexo.labels),
        {
            "Personas capacitadas": [capacitadas[s] for s in Sexo.values],
            "Asesorías": [asesorias[s] for s in Sexo.values],
        },
    )
    return {
        "sesiones": sesiones["sesiones"],
        "asistentes": sesiones["asistentes"],
        "asesorias": sum(asesorias.values()),
        "filas": [
            {"sexo": etiqueta, "capacitadas": capacitadas[valor], "asesorias": asesorias[valor]}
            for valor, etiqueta in Sexo.choices
        ],
        "url_sesiones": _url("capacitacion:lista", ayuntamiento, {"anio": periodo.anio}),
        "url_asesorias": _url("capacitacion:asesorias", ayuntamiento, {"anio": periodo.anio}),
    }


def _autoevaluacion(ayuntamiento: Ayuntamiento, hoy: date, graficas: dict) -> dict[str, Any]:
    url = _url("autoevaluacion:tablero", ayuntamiento)
    adhesion = Adhesion.objects.filter(ayuntamiento=ayuntamiento, edicion__vigente=True).first()
    if adhesion is None:
        return {"adhesion": None, "url": url}
    avances = avance_por_dimension(adhesion=adhesion, anio=hoy.year)
    graficas["grafica-autoevaluacion"] = _grafica(
        [a.nombre for a in avances],
        {"Avance (%)": [a.avance.porcentaje or 0 for a in avances]},
        horizontal=True,
        maximo=100,
    )
    return {
        "adhesion": adhesion,
        "anio": hoy.year,
        "avances": avances,
        "general": Avance.sumar(a.avance for a in avances),
        "url": url,
    }
