from celery import shared_task
from django_scopes import scopes_disabled

from .models import Ayuntamiento, Usuario
from .servicios import usuario_invitar


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def enviar_invitacion(usuario_id: int, ayuntamiento_id: int) -> str:
    """Envía la invitación fuera de la petición: un SMTP lento no detiene a la titular.
    Reintenta sólo fallas de red; un dato inválido falla a la primera."""
    with scopes_disabled():
        usuario = Usuario.objects.get(pk=usuario_id)
        ayuntamiento = Ayuntamiento.objects.get(pk=ayuntamiento_id)
    usuario_invitar(usuario=usuario, ayuntamiento=ayuntamiento)
    return usuario.email
