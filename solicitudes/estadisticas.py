"""Las cifras de solicitudes: una función por familia de cifras, una consulta agregada cada
una. El tablero, los PDF de reportes y las exportaciones usan estas mismas funciones."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from organizacion.calendario import calendario_para
from organizacion.models import Ayuntamiento, hoy_local

from .models import Semaforo, Solicitud
from .plazos import limite_por_vencer
from .servicios import terminos_de


@dataclass(frozen=True)
class CorteSemaforo:
    """Las dos fechas que separan los colores del semáforo para un día dado."""

    hoy: date
    limite: date

    def filtro(self, color: str) -> Q:
        """Las solicitudes (o turnos) de un color, por su campo `vence`."""
        if color == Semaforo.VENCIDA:
            return Q(vence__lt=self.hoy)
        if color == Semaforo.POR_VENCER:
            return Q(vence__gte=self.hoy, vence__lte=self.limite)
        return Q(vence__gt=self.limite)


def corte_semaforo(ayuntamiento: Ayuntamiento) -> CorteSemaforo:
    hoy = hoy_local(ayuntamiento)
    dias_aviso = terminos_de(ayuntamiento)["dias_aviso_vencimiento"]
    return CorteSemaforo(hoy, limite_por_vencer(calendario_para(ayuntamiento), hoy, dias_aviso))


def conteo_semaforo(*, ayuntamiento: Ayuntamiento, corte: CorteSemaforo | None = None) -> dict:
    """Cuántas solicitudes con plazo corriendo hay de cada color."""
    corte = corte or corte_semaforo(ayuntamiento)
    return Solicitud.objects.filter(ayuntamiento=ayuntamiento, vence__isnull=False).aggregate(
        **{color.value: Count("pk", filter=corte.filtro(color)) for color in Semaforo}
    )
