"""La página pública que verifica una constancia por su código.

Confirma sólo lo que la constancia ya dice: nombre, tema, fecha y ayuntamiento. Un código
inexistente o mal formado recibe exactamente el mismo 404, sin pistas de por qué.
"""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from .models import Participante

# Los códigos los genera `secrets.token_urlsafe`: letras, dígitos, «-» y «_».
FORMA_CODIGO = re.compile(r"^[A-Za-z0-9_-]{16,40}$")


@require_GET
def verificar(request: HttpRequest, codigo: str) -> HttpResponse:
    participante = None
    if FORMA_CODIGO.match(codigo):
        # Página pública, sin ayuntamiento en la dirección: el código es la única llave.
        with scopes_disabled():
            participante = (
                Participante.objects.select_related("capacitacion", "ayuntamiento")
                .filter(codigo=codigo, asistio=True, ayuntamiento__activo=True)
                .first()
            )
    if participante is None:
        raise Http404("Constancia no encontrada.")
    return render(
        request,
        "capacitacion/constancia_verificada.html",
        {
            "nombre": participante.nombre,
            "tema": participante.capacitacion.tema,
            "fecha": participante.capacitacion.fecha,
            "ayuntamiento": participante.ayuntamiento.nombre,
        },
    )


app_name = "constancias"
urlpatterns = [path("<str:codigo>/", verificar, name="verificar")]
