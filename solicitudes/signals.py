"""Cuando cambia el calendario o los plazos de un ayuntamiento, sus plazos abiertos se
recalculan (en un worker, al confirmarse la transacción: un día inhábil nacional toca a
todos los ayuntamientos)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from organizacion.models import Ambito, Ayuntamiento, ConfiguracionPlazos, DiaInhabil

from .tasks import recalcular_plazos


@receiver([post_save, post_delete], sender=DiaInhabil)
def dia_inhabil_cambiado(sender, instance: DiaInhabil, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if instance.ambito == Ambito.AYUNTAMIENTO:
        ids = [instance.ayuntamiento_id]
    else:
        with scopes_disabled():
            afectados = Ayuntamiento.objects.filter(activo=True)
            if instance.ambito == Ambito.GARANTE:
                afectados = afectados.filter(garante=instance.garante)
            ids = list(afectados.values_list("pk", flat=True))
    if ids:
        recalcular_plazos.delay_on_commit(ids)


@receiver(post_save, sender=ConfiguracionPlazos)
def plazos_cambiados(sender, instance: ConfiguracionPlazos, created: bool, **kwargs) -> None:
    if not created and not kwargs.get("raw"):
        recalcular_plazos.delay_on_commit([instance.ayuntamiento_id])
