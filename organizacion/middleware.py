"""Resuelve el ayuntamiento desde la URL (`/<slug>/...`) y abre su ámbito de django-scopes.

Como en pretix: la vista y su plantilla se ejecutan dentro de `scope(ayuntamiento=...)`,
de modo que cualquier consulta a un modelo de inquilino fuera de ese ámbito lanza error.
Un usuario sin membresía (ni membresía de garante) recibe 404, exista o no el ayuntamiento.
"""

from collections.abc import Callable
from typing import cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from .models import ROL_GARANTE, Ayuntamiento, Membresia, MembresiaGarante, Usuario


class PeticionDeAyuntamiento(HttpRequest):
    """Lo que una vista de ayuntamiento recibe después de este middleware (para mypy)."""

    ayuntamiento: Ayuntamiento
    membresia: Membresia | None
    rol: str
    user: Usuario


class AyuntamientoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.ayuntamiento = None  # type: ignore[attr-defined]
        request.membresia = None  # type: ignore[attr-defined]
        request.rol = None  # type: ignore[attr-defined]
        try:
            coincidencia = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)

        if coincidencia.namespace == "admin":
            # El admin es la trastienda de los operadores (sólo superusuarios): ve todo.
            with scopes_disabled():
                return self.get_response(request)

        slug = coincidencia.kwargs.get("ayuntamiento")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())

        ayuntamiento, membresia, es_garante = self._acceso(cast(Usuario, request.user), slug)
        if ayuntamiento is None or (membresia is None and not es_garante):
            raise Http404("No existe ese ayuntamiento.")
        request.ayuntamiento = ayuntamiento  # type: ignore[attr-defined]
        request.membresia = membresia  # type: ignore[attr-defined]
        request.rol = membresia.rol if membresia else ROL_GARANTE  # type: ignore[attr-defined]
        with scope(ayuntamiento=ayuntamiento):
            return self.get_response(request)

    def process_view(self, request, vista, args, kwargs) -> None:
        # El slug ya se resolvió en request.ayuntamiento: las vistas no lo reciben.
        kwargs.pop("ayuntamiento", None)

    @staticmethod
    def _acceso(usuario: Usuario, slug: str) -> tuple[Ayuntamiento | None, Membresia | None, bool]:
        with scopes_disabled():
            ayuntamiento = (
                Ayuntamiento.objects.select_related("garante")
                .filter(slug=slug, activo=True)
                .first()
            )
            if ayuntamiento is None:
                return None, None, False
            membresia = (
                Membresia.objects.select_related("unidad_administrativa")
                .filter(usuario=usuario, ayuntamiento=ayuntamiento)
                .first()
            )
            es_garante = membresia is None and (
                MembresiaGarante.objects.filter(
                    usuario=usuario, garante_id=ayuntamiento.garante_id
                ).exists()
            )
        return ayuntamiento, membresia, es_garante
