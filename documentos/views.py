"""Las páginas de documentos: preparar un borrador desde un expediente, corregirlo,
previsualizarlo y emitirlo; descargar lo emitido; y las plantillas del ayuntamiento.

Los documentos van dirigidos a quien solicita (con su nombre) o al garante: los ve la
Unidad (titular, personal, consulta), nunca los enlaces ni el garante desde aquí. Preparan,
corrigen y emiten titular y personal; las plantillas, la persona titular."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizacion import permisos
from organizacion.forms import errores_al_formulario
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import hoy_local
from organizacion.permisos import rol_requerido
from solicitudes.models import Denuncia, MedioRecepcion, RecursoRevision, Solicitud, Turno

from .forms import (
    AgregarParrafoForm,
    DocumentoForm,
    NotificacionForm,
    ParrafoForm,
    PlantillaForm,
    PrepararForm,
)
from .generacion import pdf_del_documento
from .models import (
    Documento,
    EstadoDocumento,
    MedioNotificacion,
    ParrafoRespuesta,
    PlantillaDocumento,
)
from .notificaciones import notificacion_registrar, por_registrar
from .servicios import (
    documento_corregir,
    documento_emitir,
    documento_preparar,
    valores_de,
)
from .textos import CAMPOS_DE_TEXTO, POR_OMISION, Variable, sustituir, variables_de

GET_POST = require_http_methods(["GET", "POST"])


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs) -> str:
    return reverse(
        f"documentos:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


def _pdf(contenido: bytes, nombre: str, *, descarga: bool) -> FileResponse:
    return FileResponse(
        ContentFile(contenido),
        as_attachment=descarga,
        filename=nombre,
        content_type="application/pdf",
    )


@require_GET
@rol_requerido(permisos.UNIDAD)
def lista(request: PeticionDeAyuntamiento) -> HttpResponse:
    documentos = Documento.objects.select_related("oficio", "solicitud", "recurso", "denuncia")[
        :200
    ]
    return render(request, "documentos/lista.html", {"documentos": documentos})


EXPEDIENTES = {
    "solicitud": (Solicitud, "solicitudes:detalle"),
    "turno": (Turno, "solicitudes:turno_detalle"),
    "recurso": (RecursoRevision, "solicitudes:recurso_detalle"),
    "denuncia": (Denuncia, "solicitudes:denuncia_detalle"),
}


@require_POST
@rol_requerido(permisos.CAPTURA)
def preparar(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = PrepararForm(request.POST)
    valido = form.is_valid()
    datos = form.cleaned_data  # lo válido, aunque falte o sobre algo
    # Del ámbito del ayuntamiento: un id ajeno da 404, como uno que no existe.
    expediente = {
        campo: get_object_or_404(modelo, pk=datos[campo])
        for campo, (modelo, _) in EXPEDIENTES.items()
        if datos.get(campo)
    }
    if not expediente:
        messages.error(request, "Falta el expediente del documento.")
        return redirect(_url(request, "lista"))
    campo, objeto = next(iter(expediente.items()))
    volver = reverse(
        EXPEDIENTES[campo][1], kwargs={"ayuntamiento": request.ayuntamiento.slug, "pk": objeto.pk}
    )
    if not valido:
        messages.error(request, "Elija un documento de la lista.")
        return redirect(volver)
    try:
        documento = documento_preparar(
            clave=datos["clave"],
            fecha=hoy_local(request.ayuntamiento),
            usuario=request.user,
            **expediente,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(volver)
    messages.success(
        request, f"Se preparó el borrador: {documento.get_clave_display()}. Revíselo y emítalo."
    )
    return redirect(_url(request, "documento", pk=documento.pk))


@GET_POST
@rol_requerido(permisos.UNIDAD)
def documento(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    documento: Documento = get_object_or_404(
        Documento.objects.select_related("oficio", "solicitud", "turno", "recurso", "denuncia"),
        pk=pk,
    )
    puede = request.rol in permisos.CAPTURA and documento.estado == EstadoDocumento.BORRADOR
    form = DocumentoForm(request.POST if request.method == "POST" else None, instance=documento)
    if request.method == "POST":
        if request.rol not in permisos.CAPTURA:
            raise PermissionDenied("Su rol no permite cambiar documentos.")
        if not puede:
            messages.error(request, "Ese documento ya se emitió: su texto y su PDF no cambian.")
            return redirect(_url(request, "documento", pk=pk))
        if form.is_valid():
            try:
                documento_corregir(documento, **form.cleaned_data)
            except ValidationError as error:
                errores_al_formulario(form, error)
            else:
                messages.success(request, "Se guardó el borrador.")
                return redirect(_url(request, "documento", pk=pk))
    return _pagina(request, documento, form=form, status=400 if form.errors else 200)


def _pagina(
    request: PeticionDeAyuntamiento,
    documento: Documento,
    *,
    form: DocumentoForm | None = None,
    notificacion: NotificacionForm | None = None,
    status: int,
) -> HttpResponse:
    puede = request.rol in permisos.CAPTURA and documento.estado == EstadoDocumento.BORRADOR
    registrar = request.rol in permisos.CAPTURA and por_registrar(documento)
    solicitud = documento.solicitud
    if registrar and notificacion is None:
        pnt = solicitud is not None and solicitud.medio == MedioRecepcion.PNT
        notificacion = NotificacionForm(
            initial={
                "medio": MedioNotificacion.PNT if pnt else MedioNotificacion.PERSONAL,
                "cuando": timezone.localtime().replace(second=0, microsecond=0),
            }
        )
    return render(
        request,
        "documentos/documento.html",
        {
            "documento": documento,
            "form": form or DocumentoForm(instance=documento),
            "puede": puede,
            "parrafos": AgregarParrafoForm(documento=documento) if puede else None,
            "notificacion": notificacion if registrar else None,
        },
        status=status,
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def agregar_parrafo(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """Agrega al final del cuerpo un párrafo reutilizable, con las variables del caso."""
    documento: Documento = get_object_or_404(Documento, pk=pk)
    form = AgregarParrafoForm(request.POST, documento=documento)
    if not form.is_valid():
        messages.error(request, "Elija un párrafo de la lista.")
        return redirect(_url(request, "documento", pk=pk))
    texto = sustituir(form.cleaned_data["parrafo"].texto, valores_de(documento))
    try:
        documento_corregir(documento, cuerpo=f"{documento.cuerpo.rstrip()}\n\n{texto}")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Se agregó el párrafo «{form.cleaned_data['parrafo'].tema}».")
    return redirect(_url(request, "documento", pk=pk))


@require_GET
@rol_requerido(permisos.UNIDAD)
def vista_previa(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    """El borrador tal como va, con su marca de agua y sin número."""
    documento = get_object_or_404(Documento, pk=pk)
    return _pdf(pdf_del_documento(documento), f"borrador-{documento.clave}.pdf", descarga=False)


@require_POST
@rol_requerido(permisos.CAPTURA)
def emitir(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    documento = get_object_or_404(Documento, pk=pk)
    emitido = documento_emitir(
        documento_id=documento.pk, usuario=request.user, fecha=hoy_local(request.ayuntamiento)
    )
    assert emitido.oficio is not None
    messages.success(request, f"Se emitió con el número {emitido.oficio.folio}.")
    return redirect(_url(request, "documento", pk=pk))


@require_POST
@rol_requerido(permisos.CAPTURA)
def notificado(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """Registra cuándo se subió a la PNT (o se entregó en persona) un documento emitido."""
    documento: Documento = get_object_or_404(Documento.objects.select_related("solicitud"), pk=pk)
    if not por_registrar(documento):
        messages.error(
            request,
            "Ese documento ya tiene su notificación registrada, o la hace el sistema (por "
            "correo o por estrados).",
        )
        return redirect(_url(request, "documento", pk=pk))
    form = NotificacionForm(request.POST)
    if form.is_valid():
        try:
            notificacion_registrar(
                documento,
                medio=form.cleaned_data["medio"],
                cuando=form.cleaned_data["cuando"],
                usuario=request.user,
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, "Se registró la notificación.")
            return redirect(_url(request, "documento", pk=pk))
    return _pagina(request, documento, notificacion=form, status=400)


@require_GET
@rol_requerido(permisos.UNIDAD)
def pdf(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    documento: Documento = get_object_or_404(Documento.objects.select_related("oficio"), pk=pk)
    if documento.estado != EstadoDocumento.EMITIDO or not documento.oficio:
        raise Http404("Ese documento aún es un borrador: véalo en la vista previa.")
    return FileResponse(
        documento.archivo.open("rb"),
        as_attachment=True,
        filename=f"{documento.oficio.folio.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


# --- Plantillas --------------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.TITULAR)
def plantillas(request: PeticionDeAyuntamiento) -> HttpResponse:
    return render(
        request, "documentos/plantillas.html", {"plantillas": PlantillaDocumento.objects.all()}
    )


def _ejemplo(variables: tuple[Variable, ...]) -> dict[str, str]:
    return {v.nombre: v.ejemplo for v in variables}


@GET_POST
@rol_requerido(permisos.TITULAR)
def plantilla(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse | FileResponse:
    """Editar el texto propio. «Vista previa» devuelve el PDF con datos de ejemplo, sin
    guardar nada."""
    plantilla = get_object_or_404(PlantillaDocumento, pk=pk)
    form = PlantillaForm(request.POST if request.method == "POST" else None, instance=plantilla)
    variables = variables_de(plantilla.clave)
    if request.method == "POST" and form.is_valid():
        if "vista_previa" in request.POST:
            muestra = form.save(commit=False)
            valores = _ejemplo(variables)
            documento = Documento(
                ayuntamiento=request.ayuntamiento,
                clave=plantilla.clave,
                fecha=hoy_local(request.ayuntamiento),
                **{c: sustituir(muestra.texto(c), valores) for c in CAMPOS_DE_TEXTO},
                firmante=muestra.firmante,
                cargo_firmante=muestra.cargo_firmante,
            )
            return _pdf(
                pdf_del_documento(documento), f"ejemplo-{plantilla.clave}.pdf", descarga=False
            )
        form.save()
        messages.success(request, f"Se guardó la plantilla «{plantilla}».")
        return redirect(_url(request, "plantillas"))
    return render(
        request,
        "documentos/plantilla.html",
        {
            "plantilla": plantilla,
            "form": form,
            "variables": variables,
            "por_omision": POR_OMISION[plantilla.clave],
        },
        status=400 if form.errors else 200,
    )


# --- Párrafos de respuesta --------------------------------------------------------------


@GET_POST
@rol_requerido(permisos.UNIDAD)
def parrafos(request: PeticionDeAyuntamiento) -> HttpResponse:
    """La lista y el alta: la ven la Unidad; la escriben titular y personal."""
    form = ParrafoForm(
        request.POST if request.method == "POST" else None, ayuntamiento=request.ayuntamiento
    )
    if request.method == "POST":
        if request.rol not in permisos.CAPTURA:
            raise PermissionDenied("Su rol no permite escribir párrafos.")
        if form.is_valid():
            form.save()
            messages.success(request, f"Se guardó el párrafo «{form.instance.tema}».")
            return redirect(_url(request, "parrafos"))
    return render(
        request,
        "documentos/parrafos.html",
        {
            "form": form,
            "parrafos": ParrafoRespuesta.objects.all(),
            "puede": request.rol in permisos.CAPTURA,
        },
        status=400 if form.errors else 200,
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def parrafo(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    parrafo = get_object_or_404(ParrafoRespuesta, pk=pk)
    form = ParrafoForm(
        request.POST if request.method == "POST" else None,
        instance=parrafo,
        ayuntamiento=request.ayuntamiento,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Se guardó el párrafo «{parrafo.tema}».")
        return redirect(_url(request, "parrafos"))
    return render(
        request,
        "documentos/parrafo.html",
        {"form": form, "parrafo": parrafo},
        status=400 if form.errors else 200,
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def parrafo_borrar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    parrafo = get_object_or_404(ParrafoRespuesta, pk=pk)
    parrafo.delete()
    messages.success(request, f"Se borró el párrafo «{parrafo.tema}».")
    return redirect(_url(request, "parrafos"))


app_name = "documentos"
urlpatterns = [
    path("", lista, name="lista"),
    path("preparar/", preparar, name="preparar"),
    path("plantillas/", plantillas, name="plantillas"),
    path("plantillas/<int:pk>/", plantilla, name="plantilla"),
    path("parrafos/", parrafos, name="parrafos"),
    path("parrafos/<int:pk>/", parrafo, name="parrafo"),
    path("parrafos/<int:pk>/borrar/", parrafo_borrar, name="parrafo_borrar"),
    path("<int:pk>/", documento, name="documento"),
    path("<int:pk>/agregar-parrafo/", agregar_parrafo, name="agregar_parrafo"),
    path("<int:pk>/vista-previa/", vista_previa, name="vista_previa"),
    path("<int:pk>/emitir/", emitir, name="emitir"),
    path("<int:pk>/notificado/", notificado, name="notificado"),
    path("<int:pk>/pdf/", pdf, name="pdf"),
]
