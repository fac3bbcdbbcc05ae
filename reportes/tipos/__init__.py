"""El registro de tipos de reporte: clave de `TipoReporte` → clase `Informe`."""

from .autoevaluacion import InformeAutoevaluacion
from .base import Informe
from .datos_personales import InformeDatosPersonales
from .poa_anual import InformePoaAnual
from .semestral import InformeSemestral
from .trimestral import InformeTrimestral

TIPOS: dict[str, type[Informe]] = {
    tipo.clave: tipo
    for tipo in (
        InformeTrimestral,
        InformeSemestral,
        InformePoaAnual,
        InformeDatosPersonales,
        InformeAutoevaluacion,
    )
}
