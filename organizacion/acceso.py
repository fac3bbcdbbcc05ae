"""Contra adivinar contraseñas (django-axes), sin que nadie pueda dejar fuera a otro.

- Los fallos se cuentan por el correo normalizado: «Titular@…» es la misma cuenta que
  «titular@…» (la entrada no distingue mayúsculas; el bloqueo tampoco).
- Se bloquea el par correo y dirección del cliente: quien adivina desde otra dirección no deja
  fuera a la persona. La dirección es la del cliente real detrás de los proxies de confianza
  (`PROXIES_DE_CONFIANZA`); detrás del proxy documentado todos llegarían con la del proxy.
- Además, una dirección que acumula `INTENTOS_POR_DIRECCION` fallos, con cualquier correo,
  queda bloqueada: probar muchas cuentas desde un lugar no evita el límite.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def correo_normalizado(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: el correo como lo guarda el modelo, sin espacios ni mayúsculas."""
    datos = credentials if credentials is not None else request.POST
    return str(datos.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()


def ip_del_cliente(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: con N proxies de confianza delante, cada uno agrega a
    X-Forwarded-For la dirección de quien le habló; la del cliente es la N-ésima desde la
    derecha. Lo que esté más a la izquierda lo escribió el cliente y no se cree. Sin proxies
    (o con un encabezado más corto de lo esperado, que no pasó por todos) vale REMOTE_ADDR."""
    remota = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXIES_DE_CONFIANZA
    if not proxies:
        return remota
    reenviadas = [
        d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if d.strip()
    ]
    if len(reenviadas) < proxies:
        return remota
    return reenviadas[-proxies]


class ManejadorDeIntentos(AxesDatabaseHandler):
    """El manejador de base de datos de axes, más el límite por dirección."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        desde = timezone.now() - settings.AXES_COOLOFF_TIME
        fallos = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=desde
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (fallos or 0) < settings.INTENTOS_POR_DIRECCION:
            return False
        # Axes sólo marca la petición cuando el par correo y dirección llega al límite; con la
        # marca, quien pide ve la página de bloqueo y no «contraseña incorrecta».
        request.axes_locked_out = True
        return True
