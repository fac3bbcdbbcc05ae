"""Informe anual de datos personales: las solicitudes de derechos ARCO del año por derecho,
mes, medio, sexo y tipo de respuesta, su estado al cierre, la oportunidad de las respuestas
y los recursos de revisión contra ellas."""

from typing import Any

from solicitudes import estadisticas as solicitudes
from solicitudes.models import (
    DerechoArco,
    MedioRecepcion,
    ResolucionRecurso,
    TipoRespuesta,
    TipoSolicitud,
)

from .. import graficas
from .base import (
    POR_SEXO,
    Informe,
    tabla_cruzada,
    tabla_de_sumas,
    tabla_oportunidad,
)

ARCO = TipoSolicitud.ARCO
DERECHOS = dict(DerechoArco.choices)


def _de_arco(filas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Las filas ARCO de una función que desglosa por tipo de solicitud."""
    return [f for f in filas if f["tipo"] == ARCO]


class InformeDatosPersonales(Informe):
    clave = "datos_personales"
    plantilla = "reportes/pdf/datos_personales.html"

    def contexto(self) -> dict[str, Any]:
        meses = self.meses_del_periodo
        por_derecho_y_mes = solicitudes.arco_por_derecho(**self.rango)
        recibidas = _de_arco(solicitudes.recibidas(**self.rango))
        por_derecho = tabla_cruzada(
            "arco_por_derecho",
            "Solicitudes de derechos ARCO recibidas por derecho y sexo",
            por_derecho_y_mes,
            encabezado="Derecho",
            renglon="derecho_arco",
            renglones=DERECHOS,
            columna="sexo",
            columnas=POR_SEXO,
        )
        tablas = [
            por_derecho,
            tabla_cruzada(
                "arco_por_mes",
                "Solicitudes de derechos ARCO recibidas por mes y derecho",
                por_derecho_y_mes,
                encabezado="Mes",
                renglon="mes",
                renglones=meses,
                columna="derecho_arco",
                columnas=DERECHOS,
            ),
            tabla_cruzada(
                "arco_por_medio",
                "Solicitudes de derechos ARCO recibidas por medio y sexo",
                recibidas,
                encabezado="Medio de recepción",
                renglon="medio",
                renglones=dict(MedioRecepcion.choices),
                columna="sexo",
                columnas=POR_SEXO,
            ),
            tabla_de_sumas(
                "arco_estado_al_cierre",
                "Estado al cierre del año de las solicitudes ARCO recibidas, por sexo",
                _de_arco(solicitudes.estado_al_cierre(**self.rango)),
                encabezado="Sexo",
                por="sexo",
                renglones=POR_SEXO,
                campos={
                    "recibidas": "Recibidas",
                    "atendidas": "Atendidas al cierre",
                    "pendientes": "Pendientes al cierre",
                },
            ),
            tabla_cruzada(
                "arco_por_respuesta",
                "Solicitudes de derechos ARCO atendidas por tipo de respuesta y sexo",
                _de_arco(solicitudes.por_tipo_respuesta(**self.rango)),
                encabezado="Tipo de respuesta",
                renglon="tipo_respuesta",
                renglones=dict(TipoRespuesta.choices),
                columna="sexo",
                columnas=POR_SEXO,
            ),
            tabla_oportunidad(
                "arco_oportunidad",
                "Oportunidad de las respuestas a solicitudes ARCO (días hábiles)",
                {"Derechos ARCO": solicitudes.oportunidad(**self.rango, tipo=ARCO)},
            ),
            tabla_de_sumas(
                "arco_recursos",
                "Recursos de revisión contra respuestas a solicitudes ARCO, recibidos y atendidos",
                solicitudes.recursos_por_mes(**self.rango, tipo=ARCO),
                encabezado="Mes",
                por="mes",
                renglones=meses,
                campos={"recibidos": "Recibidos", "atendidos": "Atendidos"},
            ),
            tabla_cruzada(
                "arco_recursos_por_resolucion",
                "Recursos de revisión sobre solicitudes ARCO resueltos por sentido y sexo",
                solicitudes.recursos_por_resolucion(**self.rango, tipo=ARCO),
                encabezado="Sentido de la resolución",
                renglon="resolucion",
                renglones=dict(ResolucionRecurso.choices),
                columna="sexo",
                columnas=POR_SEXO,
            ),
        ]
        return {
            "tablas": tablas,
            "grafica_derechos": graficas.barras(
                por_derecho.etiquetas(),
                {nombre: por_derecho.serie(nombre) for nombre in POR_SEXO.values()},
                titulo="Solicitudes ARCO por derecho y sexo",
            ),
        }
