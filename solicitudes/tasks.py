from celery import shared_task
from django_scopes import scopes_disabled

from organizacion.models import Ayuntamiento

from .servicios import plazos_recalcular


@shared_task
def recalcular_plazos(ayuntamiento_ids: list[int]) -> int:
    """Recalcula los plazos abiertos de los ayuntamientos indicados (cada uno en su ámbito)."""
    with scopes_disabled():
        ayuntamientos = list(Ayuntamiento.objects.filter(pk__in=ayuntamiento_ids))
    return sum(plazos_recalcular(ayuntamiento=a) for a in ayuntamientos)


@shared_task
def recalcular_plazos_de_todos() -> int:
    """Cada noche: el paso de los días cambia estados sin que nadie capture nada (una
    prevención no atendida se desecha al vencer su plazo)."""
    with scopes_disabled():
        ids = list(Ayuntamiento.objects.filter(activo=True).values_list("pk", flat=True))
    return recalcular_plazos(ids)
