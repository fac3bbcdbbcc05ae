"""Quién puede qué dentro de un ayuntamiento.

El middleware ya garantizó que quien llega a una vista de ayuntamiento pertenece a él (o a
su garante); aquí sólo se decide si su rol alcanza. Un rol insuficiente recibe 403; un
extraño nunca llega hasta aquí porque recibió 404.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .models import ROL_GARANTE, Rol

TITULAR = frozenset({Rol.TITULAR})
CAPTURA = frozenset({Rol.TITULAR, Rol.PERSONAL})
UNIDAD = frozenset({Rol.TITULAR, Rol.PERSONAL, Rol.CONSULTA})
UNIDAD_Y_GARANTE = UNIDAD | {ROL_GARANTE}
TODOS = frozenset({*Rol.values, ROL_GARANTE})

Vista = Callable[..., HttpResponseBase]


def rol_requerido(roles: frozenset[str]) -> Callable[[Vista], Vista]:
    """Decorador: la vista sólo atiende a los roles indicados; los demás reciben 403."""

    def decorador(vista: Vista) -> Vista:
        @wraps(vista)
        def envoltura(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if getattr(request, "rol", None) not in roles:
                raise PermissionDenied("Su rol no permite esta acción.")
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador
