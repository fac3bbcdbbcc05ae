"""Autoevaluación del Modelo Regional de Transparencia Municipal (semilla 004): el avance por
dimensión y la lista de verificación de cada herramienta con su estado, sus fechas y sus
evidencias, al cierre del año (o a hoy, si el año sigue en curso)."""

from typing import Any

from autoevaluacion import estadisticas as autoevaluacion
from organizacion.models import hoy_local
from organizacion.templatetags.transparencia import fecha_larga

from .. import graficas
from .base import Informe, Tabla


class InformeAutoevaluacion(Informe):
    clave = "autoevaluacion"
    plantilla = "reportes/pdf/autoevaluacion.html"

    def contexto(self) -> dict[str, Any]:
        corte = min(self.periodo.hasta, hoy_local(self.ayuntamiento))
        avance = Tabla(
            "autoevaluacion_avance",
            "Avance por dimensión",
            [
                "Dimensión",
                "Herramientas",
                "No aplica",
                "Implementadas",
                "Por renovar",
                "En elaboración",
                "Pendientes",
                "Avance (%)",
            ],
        )
        lista = Tabla(
            "autoevaluacion_herramientas",
            "Lista de verificación de las herramientas",
            [
                "Dimensión",
                "Herramienta",
                "Temporalidad",
                "Fecha de compromiso",
                "Estado",
                "Atrasada",
                "Implementada el",
                "Evidencias",
                "Motivo (no aplica)",
            ],
        )
        contexto: dict[str, Any] = {"tablas": [avance, lista], "corte": corte}
        adhesion = autoevaluacion.adhesion_del_anio(
            ayuntamiento=self.ayuntamiento, anio=self.periodo.anio
        )
        if adhesion is None:
            return {**contexto, "adhesion": None}

        dimensiones = autoevaluacion.avance_por_dimension(adhesion=adhesion, anio=corte.year)
        general = autoevaluacion.Avance.sumar(d.avance for d in dimensiones)
        for nombre, cifras in [(d.nombre, d.avance) for d in dimensiones] + [("Total", general)]:
            avance.agregar(
                nombre,
                cifras.total,
                cifras.no_aplica,
                cifras.implementadas,
                cifras.por_renovar,
                cifras.elaboracion,
                cifras.pendientes,
                cifras.porcentaje,
            )
        grupos = autoevaluacion.lista_de_verificacion(adhesion=adhesion, hoy=corte)
        for grupo in grupos:
            for renglon in grupo.renglones:
                estado = renglon.estado
                lista.agregar(
                    grupo.nombre,
                    estado.herramienta.nombre,
                    estado.herramienta.temporalidad_texto,
                    fecha_larga(renglon.vence),
                    renglon.etiqueta,
                    "Sí" if renglon.atrasada else "No",
                    fecha_larga(estado.fecha_implementacion),
                    "; ".join(
                        f"{e.descripcion} ({fecha_larga(e.fecha)})" for e in renglon.evidencias
                    ),
                    estado.motivo_no_aplica,
                )
        return {
            **contexto,
            "adhesion": adhesion,
            "grupos": grupos,
            "general": general,
            "grafica": graficas.barras(
                avance.etiquetas(),
                {"Avance (%)": avance.serie("Avance (%)")},
                titulo="Herramientas implementadas entre las aplicables, por dimensión (%)",
                horizontal=True,
                maximo=100,
            ),
        }
