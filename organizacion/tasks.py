from celery import shared_task
from django_scopes import scopes_disabled

from .models import Ayuntamiento, Usuario
from .servicios import contrasena_restablecer, usuario_invitar

# Sólo se reintentan fallas de red; un dato inválido falla a la primera.
CORREO = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(**CORREO)
def enviar_invitacion(usuario_id: int, ayuntamiento_id: int, nueva_cuenta: bool = True) -> str:
    """Envía la invitación fuera de la petición: un SMTP lento no detiene a la titular."""
    with scopes_disabled():
        usuario = Usuario.objects.get(pk=usuario_id)
        ayuntamiento = Ayuntamiento.objects.get(pk=ayuntamiento_id)
    usuario_invitar(usuario=usuario, ayuntamiento=ayuntamiento, nueva_cuenta=nueva_cuenta)
    return usuario.email


@shared_task(**CORREO)
def enviar_restablecimiento(email: str) -> None:
    contrasena_restablecer(email=email)
