from celery import shared_task
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento, hoy_local

from .models import Actividad, Fuente
from .servicios import actividad_automatica_actualizar


@shared_task
def actualizar_indicadores_automaticos() -> int:
    """Cada noche: las actividades que toman su avance de solicitudes o capacitación se
    ponen al día hasta hoy, sin que nadie oprima «Recalcular». Devuelve cuántos meses
    escribió."""
    with scopes_disabled():
        con_automaticas = Actividad.objects.exclude(fuente=Fuente.MANUAL).values("ayuntamiento")
        ayuntamientos = list(Ayuntamiento.objects.filter(activo=True, pk__in=con_automaticas))
    escritos = 0
    for ayuntamiento in ayuntamientos:
        hoy = hoy_local(ayuntamiento)
        with scope(ayuntamiento=ayuntamiento):
            automaticas = (
                Actividad.objects.filter(plan__anio=hoy.year)
                .exclude(fuente=Fuente.MANUAL)
                .select_related("plan", "ayuntamiento")
            )
            for actividad in automaticas:
                escritos += actividad_automatica_actualizar(actividad=actividad, hasta=hoy)
    return escritos
