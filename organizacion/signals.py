from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from .models import Ayuntamiento, ConfiguracionPlazos
from .servicios import configuracion_plazos_crear


@receiver(post_save, sender=Ayuntamiento)
def crear_configuracion_plazos(sender, instance: Ayuntamiento, created: bool, **kwargs) -> None:
    """Todo ayuntamiento tiene sus plazos desde que existe, también si lo crea el admin."""
    if kwargs.get("raw") or not created:
        return
    with scopes_disabled():
        if not ConfiguracionPlazos.objects.filter(ayuntamiento=instance).exists():
            configuracion_plazos_crear(ayuntamiento=instance)
