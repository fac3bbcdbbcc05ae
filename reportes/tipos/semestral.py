"""Informe semestral de solicitudes para el garante: lo recibido por tipo, medio y sexo, el
estado al cierre, los tipos de respuesta, el trámite (prevenciones, ampliaciones, Comité),
los turnos por área, la oportunidad de las respuestas y los recursos de revisión."""

from typing import Any

from solicitudes import estadisticas as solicitudes
from solicitudes.models import (
    MedioRecepcion,
    ResolucionRecurso,
    SentidoResolucion,
    TipoResolucionComite,
    TipoRespuesta,
    TipoSolicitud,
)

from .. import graficas
from .base import (
    POR_SEXO,
    Informe,
    Tabla,
    tabla_cruzada,
    tabla_de_sumas,
    tabla_oportunidad,
)

TIPOS_SOLICITUD = dict(TipoSolicitud.choices)


class InformeSemestral(Informe):
    clave = "semestral"
    plantilla = "reportes/pdf/semestral.html"

    def contexto(self) -> dict[str, Any]:
        recibidas = solicitudes.recibidas(**self.rango)
        meses = self.meses_del_periodo
        por_mes = tabla_cruzada(
            "solicitudes_por_mes",
            "Solicitudes recibidas por mes y tipo",
            recibidas,
            encabezado="Mes",
            renglon="mes",
            renglones=meses,
            columna="tipo",
            columnas=TIPOS_SOLICITUD,
        )
        respuestas = tabla_cruzada(
            "tipo_de_respuesta",
            "Solicitudes atendidas en el semestre por tipo de respuesta",
            solicitudes.por_tipo_respuesta(**self.rango),
            encabezado="Tipo de respuesta",
            renglon="tipo_respuesta",
            renglones=dict(TipoRespuesta.choices),
            columna="tipo",
            columnas=TIPOS_SOLICITUD,
        )
        tablas = [
            por_mes,
            tabla_cruzada(
                "solicitudes_por_medio",
                "Solicitudes recibidas por medio y tipo",
                recibidas,
                encabezado="Medio de recepción",
                renglon="medio",
                renglones=dict(MedioRecepcion.choices),
                columna="tipo",
                columnas=TIPOS_SOLICITUD,
            ),
            tabla_cruzada(
                "solicitantes_por_sexo",
                "Personas solicitantes por sexo",
                recibidas,
                encabezado="Tipo de solicitud",
                renglon="tipo",
                renglones=TIPOS_SOLICITUD,
                columna="sexo",
                columnas=POR_SEXO,
            ),
            tabla_de_sumas(
                "estado_al_cierre",
                "Estado al cierre del semestre de las solicitudes recibidas en él",
                solicitudes.estado_al_cierre(**self.rango),
                encabezado="Tipo de solicitud",
                por="tipo",
                renglones=TIPOS_SOLICITUD,
                campos={
                    "recibidas": "Recibidas",
                    "atendidas": "Atendidas al cierre",
                    "pendientes": "Pendientes al cierre",
                },
            ),
            respuestas,
            self._tramite(),
            tabla_cruzada(
                "resoluciones_comite",
                "Resoluciones del Comité de Transparencia por tipo y sentido",
                solicitudes.resoluciones_comite(**self.rango),
                encabezado="Tipo de resolución",
                renglon="tipo",
                renglones=dict(TipoResolucionComite.choices),
                columna="sentido",
                columnas=dict(SentidoResolucion.choices),
            ),
            tabla_de_sumas(
                "turnos_por_area",
                "Solicitudes turnadas por área administrativa",
                solicitudes.por_area(**self.rango),
                encabezado="Área",
                por="area",
                campos={
                    "turnos": "Turnos",
                    "respondidos": "Respondidos al cierre",
                    "no_competente": "Se declaró no competente",
                },
            ),
            tabla_oportunidad(
                "oportunidad",
                "Oportunidad de las respuestas (días hábiles)",
                {
                    **{
                        etiqueta: solicitudes.oportunidad(**self.rango, tipo=tipo)
                        for tipo, etiqueta in TIPOS_SOLICITUD.items()
                    },
                    "Todas": solicitudes.oportunidad(**self.rango),
                },
            ),
            tabla_de_sumas(
                "recursos",
                "Recursos de revisión recibidos y atendidos",
                solicitudes.recursos_por_mes(**self.rango),
                encabezado="Mes",
                por="mes",
                renglones=meses,
                campos={"recibidos": "Recibidos", "atendidos": "Atendidos"},
            ),
            tabla_cruzada(
                "recursos_por_resolucion",
                "Recursos de revisión resueltos por sentido y sexo de quien recurre",
                solicitudes.recursos_por_resolucion(**self.rango),
                encabezado="Sentido de la resolución",
                renglon="resolucion",
                renglones=dict(ResolucionRecurso.choices),
                columna="sexo",
                columnas=POR_SEXO,
            ),
        ]
        series = list(TIPOS_SOLICITUD.values())
        return {
            "tablas": tablas,
            "grafica_mensual": graficas.barras(
                por_mes.etiquetas(),
                {serie: por_mes.serie(serie) for serie in series},
                titulo="Solicitudes recibidas por mes",
            ),
            "grafica_respuestas": graficas.barras(
                respuestas.etiquetas(),
                {serie: respuestas.serie(serie) for serie in series},
                titulo="Solicitudes atendidas por tipo de respuesta",
                horizontal=True,
            ),
        }

    def _tramite(self) -> Tabla:
        cifras = solicitudes.tramite(**self.rango)
        tabla = Tabla(
            "tramite",
            "Prevenciones y ampliaciones de plazo de las solicitudes recibidas",
            ["Concepto", "Solicitudes"],
        )
        tabla.agregar("Recibidas en el semestre", cifras["recibidas"])
        tabla.agregar("Con prevención al solicitante", cifras["prevenciones"])
        tabla.agregar("Con ampliación de plazo", cifras["ampliaciones"])
        return tabla
