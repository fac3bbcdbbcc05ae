"""Cada ayuntamiento nuevo nace con sus plantillas de documentos (con el texto por omisión)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_scopes import scopes_disabled

from organizacion.models import Ayuntamiento


@receiver(post_save, sender=Ayuntamiento)
def _plantillas_del_ayuntamiento_nuevo(sender, instance: Ayuntamiento, created: bool, **_) -> None:
    if created:
        from .servicios import plantillas_asegurar

        with scopes_disabled():
            plantillas_asegurar(instance)
