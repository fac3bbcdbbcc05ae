"""Importar solicitudes desde la hoja de cálculo de la PNT: subir → vista previa → confirmar.

Entre la vista previa y la confirmación el archivo espera en
`importaciones/<id del ayuntamiento>/<uuid>.<ext>` (`hojas.ArchivosPendientes`). Al confirmar
se vuelve a leer y a validar todo (la base pudo cambiar) y luego se borra.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from organizacion import permisos
from organizacion.forms import FormularioArchivoImportacion, FormularioConfirmarConHuella
from organizacion.hojas import ArchivosPendientes
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.permisos import rol_requerido

from ..importacion import COLUMNAS, FORMATOS, ResultadoImportacion, solicitudes_importar


class ImportarForm(FormularioArchivoImportacion):
    formatos = FORMATOS
    ayuda = (
        "Un archivo .xlsx o .csv (UTF-8), una fila por solicitud, con los encabezados en la "
        "primera fila."
    )
    no_admitido = "Formato no admitido: suba un archivo .xlsx o .csv."


def _pendientes(request: PeticionDeAyuntamiento) -> ArchivosPendientes:
    return ArchivosPendientes(request.ayuntamiento.pk)


def _vista_previa(
    request: PeticionDeAyuntamiento, resultado: ResultadoImportacion, clave: str | None
) -> HttpResponse:
    confirmar = (
        FormularioConfirmarConHuella(initial={"clave": clave, "huella": resultado.huella})
        if clave
        else None
    )
    return render(
        request,
        "solicitudes/importar_vista_previa.html",
        {"resultado": resultado, "confirmar": confirmar},
    )


@require_http_methods(["GET", "POST"])
@rol_requerido(permisos.CAPTURA)
def importar(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = ImportarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        formato = form.formato_de(archivo.name) or ""
        contenido = archivo.read()
        resultado = solicitudes_importar(
            ayuntamiento=request.ayuntamiento,
            contenido=contenido,
            formato=formato,
            confirmar=False,
            usuario=request.user,
        )
        if not resultado.leido:
            # Ni siquiera se llegó a las filas: el error va junto al campo del formulario.
            for error in resultado.errores:
                form.add_error("archivo", error)
        else:
            clave = (
                _pendientes(request).guardar(contenido, formato) if resultado.por_guardar else None
            )
            return _vista_previa(request, resultado, clave)
    return render(request, "solicitudes/importar.html", {"form": form, "columnas": COLUMNAS})


@require_POST
@rol_requerido(permisos.CAPTURA)
def importar_confirmar(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = FormularioConfirmarConHuella(request.POST)
    if not form.is_valid():
        raise Http404("Importación desconocida.")
    clave = form.cleaned_data["clave"]
    pendiente = _pendientes(request).abrir(clave, FORMATOS)
    resultado = solicitudes_importar(
        ayuntamiento=request.ayuntamiento,
        contenido=pendiente.contenido,
        formato=pendiente.formato,
        confirmar=True,
        usuario=request.user,
        huella=form.cleaned_data["huella"],
    )
    if resultado.guardado:
        pendiente.borrar()
        messages.success(
            request,
            f"Importación terminada: {_cuantas(resultado.nuevas, 'solicitud nueva', 'solicitudes nuevas')}, "
            f"{_cuantas(resultado.cambiadas, 'actualizada', 'actualizadas')} y "
            f"{resultado.sin_cambios} sin cambios.",
        )
        return redirect(
            reverse("solicitudes:lista", kwargs={"ayuntamiento": request.ayuntamiento.slug})
        )
    # Si sólo cambió la base entretanto, el mismo archivo puede confirmarse otra vez.
    conservar = resultado.desactualizada and resultado.por_guardar
    if not conservar:
        pendiente.borrar()
    if resultado.desactualizada:
        messages.warning(
            request,
            "Las solicitudes cambiaron desde la vista previa: no se guardó nada. Revise de "
            "nuevo lo que hará la importación y confirme otra vez.",
        )
    return _vista_previa(request, resultado, str(clave) if conservar else None)


def _cuantas(numero: int, singular: str, plural: str) -> str:
    return f"{numero} {singular if numero == 1 else plural}"


rutas = [
    path("importar/", importar, name="importar"),
    path("importar/confirmar/", importar_confirmar, name="importar_confirmar"),
]
