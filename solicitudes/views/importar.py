"""Importar solicitudes desde la hoja de cálculo de la PNT: subir → vista previa → confirmar.

Entre la vista previa y la confirmación el archivo espera en el almacenamiento, bajo
`importaciones/<id del ayuntamiento>/<uuid>.<ext>`; el formulario sólo lleva el uuid. Como la
ruta incluye el ayuntamiento de la petición, el uuid de otro ayuntamiento no encuentra nada.
Al confirmar se vuelve a leer y a validar todo (la base pudo cambiar) y luego se borra.
"""

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from organizacion import permisos
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import Ayuntamiento
from organizacion.permisos import rol_requerido

from ..importacion import COLUMNAS, FORMATOS, ResultadoImportacion, solicitudes_importar

# Un archivo subido que nadie confirmó se borra al día siguiente.
VIGENCIA_TEMPORAL = timedelta(days=1)


class ImportarForm(forms.Form):
    archivo = forms.FileField(
        label="Hoja de cálculo",
        help_text="Un archivo .xlsx o .csv (UTF-8), una fila por solicitud, con los encabezados "
        "en la primera fila.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_archivo(self) -> UploadedFile:
        archivo: UploadedFile = self.cleaned_data["archivo"]
        maximo = settings.TAMANO_MAXIMO_ARCHIVO_MB
        if archivo.size and archivo.size > maximo * 1024 * 1024:
            raise ValidationError(f"El archivo pesa más de {maximo} MB, el máximo permitido.")
        if formato_de(archivo.name or "") is None:
            raise ValidationError("Formato no admitido: suba un archivo .xlsx o .csv.")
        return archivo


class ConfirmarForm(forms.Form):
    clave = forms.UUIDField(widget=forms.HiddenInput)
    huella = forms.CharField(widget=forms.HiddenInput, max_length=64)


def formato_de(nombre: str) -> str | None:
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    return extension if extension in FORMATOS else None


def _carpeta(ayuntamiento: Ayuntamiento) -> str:
    return f"importaciones/{ayuntamiento.pk}"


def _guardar_temporal(ayuntamiento: Ayuntamiento, contenido: bytes, formato: str) -> str:
    _borrar_vencidos(ayuntamiento)
    clave = str(uuid.uuid4())
    default_storage.save(f"{_carpeta(ayuntamiento)}/{clave}.{formato}", ContentFile(contenido))
    return clave


def _borrar_vencidos(ayuntamiento: Ayuntamiento) -> None:
    carpeta = _carpeta(ayuntamiento)
    if not default_storage.exists(carpeta):
        return
    limite = timezone.now() - VIGENCIA_TEMPORAL
    for nombre in default_storage.listdir(carpeta)[1]:
        ruta = f"{carpeta}/{nombre}"
        if default_storage.get_modified_time(ruta) < limite:
            default_storage.delete(ruta)


def _temporal(ayuntamiento: Ayuntamiento, clave: uuid.UUID) -> tuple[str, str]:
    """La ruta y el formato del archivo que espera confirmación; 404 si no existe aquí."""
    for formato in FORMATOS:
        ruta = f"{_carpeta(ayuntamiento)}/{clave}.{formato}"
        if default_storage.exists(ruta):
            return ruta, formato
    raise Http404("No hay una importación pendiente con esa clave.")


def _vista_previa(
    request: PeticionDeAyuntamiento, resultado: ResultadoImportacion, clave: str | None
) -> HttpResponse:
    confirmar = (
        ConfirmarForm(initial={"clave": clave, "huella": resultado.huella}) if clave else None
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
        formato = formato_de(archivo.name) or ""
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
                _guardar_temporal(request.ayuntamiento, contenido, formato)
                if resultado.por_guardar
                else None
            )
            return _vista_previa(request, resultado, clave)
    return render(request, "solicitudes/importar.html", {"form": form, "columnas": COLUMNAS})


@require_POST
@rol_requerido(permisos.CAPTURA)
def importar_confirmar(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = ConfirmarForm(request.POST)
    if not form.is_valid():
        raise Http404("Importación desconocida.")
    clave = form.cleaned_data["clave"]
    ruta, formato = _temporal(request.ayuntamiento, clave)
    with default_storage.open(ruta, "rb") as archivo:
        contenido = archivo.read()
    resultado = solicitudes_importar(
        ayuntamiento=request.ayuntamiento,
        contenido=contenido,
        formato=formato,
        confirmar=True,
        usuario=request.user,
        huella=form.cleaned_data["huella"],
    )
    if resultado.guardado:
        default_storage.delete(ruta)
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
        default_storage.delete(ruta)
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
