"""Evaluación anual del POA, con las columnas del POA 2013 de Puebla (semilla 001): objetivo,
línea de acción, producto, fechas, meta anual, avance acumulado al cuarto trimestre y el
indicador de evaluación con su valor; además, lo atendido por sexo en los productos que lo
desglosan (PROIGUALDAD) y el resumen del semáforo."""

from typing import Any

from poa import estadisticas as poa
from poa.derivacion import ETIQUETAS_SEMAFORO
from poa.models import Actividad, umbrales_de

from .base import POR_SEXO, Informe, Tabla


def _indicador(actividad: Actividad) -> str:
    """El indicador con su fórmula, como lo escribe Puebla: «% de personas atendidas =
    (atendidas / que requirieron la atención) × 100»."""
    if actividad.es_porcentaje and actividad.numerador and actividad.denominador:
        return f"{actividad.indicador} = ({actividad.numerador} / {actividad.denominador}) × 100"
    return actividad.indicador


class InformePoaAnual(Informe):
    clave = "poa_anual"
    plantilla = "reportes/pdf/poa_anual.html"

    def contexto(self) -> dict[str, Any]:
        evaluacion = Tabla(
            "poa_evaluacion",
            f"Evaluación del programa operativo anual {self.periodo.anio}",
            [
                "Objetivo",
                "Línea de acción",
                "Producto",
                "Inicio",
                "Término",
                "Meta anual",
                "Avance acumulado al 4º trimestre",
                "Unidad de medida",
                "Indicador de evaluación",
                "Cumplimiento de la meta (%)",
                "Semáforo",
            ],
        )
        por_sexo = Tabla(
            "poa_por_sexo",
            "Personas atendidas por sexo en los productos que lo desglosan",
            ["Producto", "Etiquetas", *POR_SEXO.values(), "Total"],
        )
        semaforo = Tabla(
            "poa_semaforo", "Productos por color del semáforo", ["Semáforo", "Productos"]
        )
        tablas = [evaluacion, por_sexo, semaforo]
        plan = poa.plan_de_la_unidad(ayuntamiento=self.ayuntamiento, anio=self.periodo.anio)
        if plan is None:
            return {"tablas": tablas, "plan": None}

        filas = poa.avance_del_plan(plan, umbrales=umbrales_de(self.ayuntamiento))
        cierre = self.periodo.trimestre_final
        for fila in filas:
            actividad, anual = fila.actividad, fila.trimestre(cierre)
            producto = actividad.producto or str(actividad)
            evaluacion.agregar(
                str(actividad.objetivo),
                actividad.linea_accion,
                producto,
                f"{actividad.fecha_inicio:%d/%m/%Y}",
                f"{actividad.fecha_fin:%d/%m/%Y}",
                actividad.meta_anual,
                anual.acumulado,
                actividad.unidad_medida or ("%" if actividad.es_porcentaje else ""),
                _indicador(actividad),
                anual.cumplimiento,
                ETIQUETAS_SEMAFORO[anual.semaforo],
            )
            if actividad.por_sexo:
                por_sexo.agregar(
                    producto,
                    actividad.etiquetas,
                    fila.hombres,
                    fila.mujeres,
                    fila.no_identificado,
                    fila.total_por_sexo,
                )
        if por_sexo.renglones:
            por_sexo.agregar_total()
        for color, productos in poa.resumen_semaforo(filas, cierre).items():
            semaforo.agregar(ETIQUETAS_SEMAFORO[color], productos)
        semaforo.agregar_total()
        return {"tablas": tablas, "plan": plan}
