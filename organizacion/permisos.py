"""Quién puede qué dentro de un ayuntamiento.

El middleware ya garantizó que quien llega a una vista de ayuntamiento pertenece a él (o a
su garante); aquí sólo se decide si su rol alcanza. Un rol insuficiente recibe 403; un
extraño nunca llega hasta aquí porque recibió 404.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django_scopes import scopes_disabled

from .models import ROL_GARANTE, Garante, MembresiaGarante, Rol, Usuario

TITULAR = frozenset({Rol.TITULAR})
CAPTURA = frozenset({Rol.TITULAR, Rol.PERSONAL})
UNIDAD = frozenset({Rol.TITULAR, Rol.PERSONAL, Rol.CONSULTA})
UNIDAD_Y_GARANTE = UNIDAD | {ROL_GARANTE}
TODOS = frozenset({*Rol.values, ROL_GARANTE})

Vista = Callable[..., HttpResponseBase]

# Quién ve los datos personales de quien solicita (nombre, correo, teléfono, domicilio, el
# documento con que acreditó su identidad y los archivos que los contienen): la Unidad, que
# los trata. El enlace recibe lo que se pide, no quién lo pide, y el garante supervisa cifras
# y expedientes, no identidades (LGPDPPSO, principio de minimización). Toda página,
# exportación, búsqueda, PDF y correo pregunta aquí.
VEN_DATOS_PERSONALES = UNIDAD
DATO_PROTEGIDO = "Dato personal protegido"


def ve_datos_personales(rol: str | None) -> bool:
    """Si quien tiene ese rol en el ayuntamiento (o el garante, `ROL_GARANTE`) puede ver los
    datos personales de quien solicita."""
    return rol in VEN_DATOS_PERSONALES


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


def garante_del_usuario(request: HttpRequest, garante_id: int) -> Garante:
    """Para las vistas del garante (`/garante/<id>/…`, sin ayuntamiento en la URL ni
    middleware que cuide): el garante, sólo si quien pide tiene una membresía en él; si no,
    404 (no revela si existe)."""
    with scopes_disabled():
        membresia = (
            MembresiaGarante.objects.select_related("garante")
            .filter(usuario=cast(Usuario, request.user), garante_id=garante_id)
            .first()
        )
    if membresia is None:
        raise Http404("No existe ese garante.")
    return membresia.garante
