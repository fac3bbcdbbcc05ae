"""Cuando cambia algo que la derivación de plazos lee (los días inhábiles, los plazos, la
hora de cierre o la zona horaria de un ayuntamiento), sus plazos que corren se recalculan en
un worker al confirmarse la transacción; lo concluido no se mueve. Van por señales para que
cualquier camino (el portal, el admin) lo dispare: un día inhábil nacional toca a todos los
ayuntamientos. Si el broker no responde, se recalcula ahí mismo: más lento, pero ningún plazo
queda contado con el calendario anterior."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from organizacion.colas import entregar_al_confirmar
from organizacion.models import Ambito, Ayuntamiento, ConfiguracionPlazos, DiaInhabil

from .tasks import recalcular_plazos


def _recalcular(ids: list[int | None]) -> None:
    entregar_al_confirmar(recalcular_plazos, ids, si_falla=lambda: recalcular_plazos(ids))


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
        _recalcular(ids)


@receiver(post_save, sender=ConfiguracionPlazos)
def plazos_cambiados(sender, instance: ConfiguracionPlazos, created: bool, **kwargs) -> None:
    if not created and not kwargs.get("raw"):
        _recalcular([instance.ayuntamiento_id])


# Lo del ayuntamiento que cambia cuándo se tiene por recibido algo y qué día es hoy.
CAMPOS_DEL_CALENDARIO = ("hora_cierre", "zona_horaria")


@receiver(pre_save, sender=Ayuntamiento)
def ayuntamiento_por_guardar(sender, instance: Ayuntamiento, **kwargs) -> None:
    if kwargs.get("raw") or instance.pk is None:
        instance._cambia_calendario = False  # type: ignore[attr-defined]
        return
    with scopes_disabled():
        antes = Ayuntamiento.objects.filter(pk=instance.pk).values(*CAMPOS_DEL_CALENDARIO).first()
    instance._cambia_calendario = antes is not None and any(  # type: ignore[attr-defined]
        getattr(instance, campo) != antes[campo] for campo in CAMPOS_DEL_CALENDARIO
    )


@receiver(post_save, sender=Ayuntamiento)
def ayuntamiento_guardado(sender, instance: Ayuntamiento, **kwargs) -> None:
    if getattr(instance, "_cambia_calendario", False):
        _recalcular([instance.pk])
