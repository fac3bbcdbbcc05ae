"""El registro de tipos de reporte: clave de `TipoReporte` → clase `Informe`."""

from .base import Informe
from .trimestral import InformeTrimestral

TIPOS: dict[str, type[Informe]] = {tipo.clave: tipo for tipo in (InformeTrimestral,)}
