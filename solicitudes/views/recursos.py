"""Páginas de la Unidad para recursos de revisión y denuncias: listas con filtros y
exportación, alta y edición, detalle con plazos explicados, oficios e historial.

Leen la Unidad y el garante; capturan titular y personal; los enlaces no entran (403).
Las vistas corren en el ámbito del ayuntamiento (middleware): `get_object_or_404` nunca
encuentra un recurso o denuncia ajenos.
"""

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizacion import permisos
from organizacion.exportar import respuesta_tabla
from organizacion.forms import errores_al_formulario
from organizacion.historial import Cambio, bitacora
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import Plazo, TipoExpediente
from organizacion.permisos import rol_requerido

from ..estadisticas import corte_semaforo
from ..forms_recursos import (
    SIN_RESOLUCION,
    DenunciaForm,
    DenunciaRequerirForm,
    FiltroDenunciasForm,
    FiltroRecursosForm,
    RecursoForm,
    RecursoOficioForm,
)
from ..models import FILTRO_ESTADO_RECURSO, Denuncia, RecursoRevision
from ..plazos import semaforo
from ..servicios import (
    denuncia_guardar,
    denuncia_requerir,
    recurso_guardar,
    recurso_oficio_emitir,
)
from .plazos import plazos_de, proximos

GET_POST = require_http_methods(["GET", "POST"])
POR_PAGINA = 50


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs: Any) -> str:
    return reverse(
        f"solicitudes:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


# --- Plazos e historial --------------------------------------------------------------------


def ventana_del_recurso(recurso: RecursoRevision) -> Plazo | None:
    """La ventana de la solicitud recurrida dentro de la cual se interpuso el recurso (la de
    la respuesta o la de la falta de respuesta): dice si fue a tiempo."""
    if recurso.solicitud_id is None:
        return None
    return (
        Plazo.objects.filter(
            expediente_tipo=TipoExpediente.SOLICITUD,
            expediente_id=recurso.solicitud_id,
            clave__in=["recurso", "recurso_sin_respuesta"],
            cumplido=recurso.fecha_interposicion,
        )
        .order_by("-clave")
        .first()
    )


def historial_de(objeto: models.Model, nombre: str) -> list[Cambio]:
    zona = ZoneInfo(objeto.ayuntamiento.zona_horaria)  # type: ignore[attr-defined]
    return bitacora([(objeto.history.all(), lambda r: nombre)], zona=zona)  # type: ignore[attr-defined]


# --- Recursos de revisión ------------------------------------------------------------------


def _recursos_filtrados(filtro: FiltroRecursosForm) -> QuerySet[RecursoRevision]:
    lista = RecursoRevision.objects.select_related("solicitud").order_by(
        "-fecha_interposicion", "-pk"
    )
    if not filtro.is_valid():
        return lista
    datos = filtro.cleaned_data
    if datos["estado"]:
        lista = lista.filter(FILTRO_ESTADO_RECURSO[datos["estado"]])
    if datos["anio"]:
        lista = lista.filter(fecha_interposicion__year=datos["anio"])
    if datos["q"]:
        texto = datos["q"].strip()
        lista = lista.filter(Q(expediente__icontains=texto) | Q(solicitud__folio__icontains=texto))
    return lista


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def recursos(request: PeticionDeAyuntamiento) -> HttpResponse:
    filtro = FiltroRecursosForm(request.GET or None)
    lista = _recursos_filtrados(filtro)
    formato = request.GET.get("formato")
    if formato:
        return respuesta_tabla(
            nombre="recursos-de-revision",
            encabezados=[
                "Expediente",
                "Folio de la solicitud",
                "Sexo del recurrente",
                "Interposición",
                "Notificación",
                "Vencimiento de alegatos",
                "Alegatos",
                "Resolución",
                "Fecha de resolución",
                "Vencimiento de cumplimiento",
                "Cumplimiento",
                "Estado",
            ],
            filas=(
                [
                    r.expediente,
                    r.solicitud.folio if r.solicitud else "",
                    r.get_sexo_display(),
                    r.fecha_interposicion,
                    r.fecha_notificacion,
                    r.vence_alegatos,
                    r.fecha_alegatos,
                    r.get_resolucion_display(),
                    r.fecha_resolucion,
                    r.vence_cumplimiento,
                    r.fecha_cumplimiento,
                    r.estado.label,
                ]
                for r in lista.iterator(chunk_size=2000)
            ),
            formato=formato,
        )
    pagina = Paginator(lista, POR_PAGINA).get_page(request.GET.get("pagina"))
    corte = corte_semaforo(request.ayuntamiento)
    siguientes = proximos(TipoExpediente.RECURSO, [r.pk for r in pagina])
    filas = []
    for recurso in pagina:
        proximo = siguientes.get(recurso.pk)
        filas.append(
            {
                "recurso": recurso,
                "proximo": proximo,
                "color": semaforo(proximo.vence, corte.hoy, corte.limite) if proximo else None,
            }
        )
    return render(
        request,
        "solicitudes/recursos.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "filas": filas,
            "puede_capturar": request.rol in permisos.CAPTURA,
        },
    )


def _guardar_recurso(
    request: PeticionDeAyuntamiento, recurso: RecursoRevision | None
) -> HttpResponse:
    form = RecursoForm(request.POST or None, instance=recurso, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        try:
            guardado = recurso_guardar(recurso=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Recurso {guardado.expediente} guardado.")
            return redirect(_url(request, "recurso_detalle", pk=guardado.pk))
    return render(request, "solicitudes/recurso_form.html", {"form": form, "recurso": recurso})


@GET_POST
@rol_requerido(permisos.CAPTURA)
def recurso_nuevo(request: PeticionDeAyuntamiento) -> HttpResponse:
    return _guardar_recurso(request, None)


@GET_POST
@rol_requerido(permisos.CAPTURA)
def recurso_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _guardar_recurso(request, get_object_or_404(RecursoRevision, pk=pk))


def _recurso(pk: int) -> RecursoRevision:
    return get_object_or_404(
        RecursoRevision.objects.select_related("solicitud", "ayuntamiento"), pk=pk
    )


def _detalle_recurso(
    request: PeticionDeAyuntamiento,
    recurso: RecursoRevision,
    oficio_form: RecursoOficioForm | None = None,
) -> HttpResponse:
    ayuntamiento = request.ayuntamiento
    corte = corte_semaforo(ayuntamiento)
    oficios = list(recurso.oficios.order_by("fecha", "pk"))
    puede_capturar = request.rol in permisos.CAPTURA
    if puede_capturar and oficio_form is None:
        oficio_form = RecursoOficioForm(recurso=recurso)
    return render(
        request,
        "solicitudes/recurso_detalle.html",
        {
            "recurso": recurso,
            "plazos": plazos_de(TipoExpediente.RECURSO, recurso.pk, corte),
            "ventana": ventana_del_recurso(recurso),
            "oficios": oficios,
            "historial": historial_de(recurso, "Recurso"),
            "puede_capturar": puede_capturar,
            "oficio_form": oficio_form,
        },
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def recurso_detalle(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _detalle_recurso(request, _recurso(pk))


@require_POST
@rol_requerido(permisos.CAPTURA)
def recurso_oficio(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    recurso = _recurso(pk)
    form = RecursoOficioForm(request.POST, recurso=recurso)
    if not form.is_valid():
        return _detalle_recurso(request, recurso, form)
    oficio = recurso_oficio_emitir(recurso=recurso, emitido_por=request.user, **form.cleaned_data)
    messages.success(request, f"Se emitió el oficio {oficio.folio} del recurso {recurso}.")
    return redirect(_url(request, "recurso_detalle", pk=recurso.pk))


# --- Denuncias -----------------------------------------------------------------------------


def _denuncias_filtradas(filtro: FiltroDenunciasForm) -> QuerySet[Denuncia]:
    lista = Denuncia.objects.prefetch_related("areas").order_by("-fecha", "-pk")
    if not filtro.is_valid():
        return lista
    datos = filtro.cleaned_data
    if datos["anio"]:
        lista = lista.filter(fecha__year=datos["anio"])
    if datos["resolucion"] == SIN_RESOLUCION:
        lista = lista.filter(resolucion="")
    elif datos["resolucion"]:
        lista = lista.filter(resolucion=datos["resolucion"])
    if datos["q"]:
        texto = datos["q"].strip()
        lista = lista.filter(Q(expediente__icontains=texto) | Q(descripcion__icontains=texto))
    return lista


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def denuncias(request: PeticionDeAyuntamiento) -> HttpResponse:
    filtro = FiltroDenunciasForm(request.GET or None)
    lista = _denuncias_filtradas(filtro)
    formato = request.GET.get("formato")
    if formato:
        return respuesta_tabla(
            nombre="denuncias",
            encabezados=[
                "Expediente",
                "Fecha",
                "Sexo del denunciante",
                "Artículo",
                "Fracción",
                "Incumplimiento denunciado",
                "Áreas requeridas",
                "Informe justificado",
                "Resolución",
                "Fecha de resolución",
                "Cumplimiento",
                "Estado",
            ],
            filas=(
                [
                    d.expediente,
                    d.fecha,
                    d.get_sexo_display(),
                    d.articulo,
                    d.fraccion,
                    d.descripcion,
                    "; ".join(a.nombre for a in d.areas.all()),
                    d.fecha_informe,
                    d.get_resolucion_display(),
                    d.fecha_resolucion,
                    d.fecha_cumplimiento,
                    d.estado,
                ]
                # iterator() con chunk_size conserva el prefetch de las áreas por bloque.
                for d in lista.iterator(chunk_size=2000)
            ),
            formato=formato,
        )
    pagina = Paginator(lista, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "solicitudes/denuncias.html",
        {"filtro": filtro, "pagina": pagina, "puede_capturar": request.rol in permisos.CAPTURA},
    )


def _guardar_denuncia(request: PeticionDeAyuntamiento, denuncia: Denuncia | None) -> HttpResponse:
    form = DenunciaForm(request.POST or None, instance=denuncia, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        try:
            guardada = denuncia_guardar(denuncia=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Denuncia {guardada.expediente} guardada.")
            return redirect(_url(request, "denuncia_detalle", pk=guardada.pk))
    return render(request, "solicitudes/denuncia_form.html", {"form": form, "denuncia": denuncia})


@GET_POST
@rol_requerido(permisos.CAPTURA)
def denuncia_nueva(request: PeticionDeAyuntamiento) -> HttpResponse:
    return _guardar_denuncia(request, None)


@GET_POST
@rol_requerido(permisos.CAPTURA)
def denuncia_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _guardar_denuncia(request, get_object_or_404(Denuncia, pk=pk))


def _denuncia(pk: int) -> Denuncia:
    return get_object_or_404(Denuncia.objects.select_related("ayuntamiento"), pk=pk)


def _detalle_denuncia(
    request: PeticionDeAyuntamiento,
    denuncia: Denuncia,
    requerir_form: DenunciaRequerirForm | None = None,
) -> HttpResponse:
    oficios = list(denuncia.oficios.order_by("fecha", "pk"))
    areas = list(denuncia.areas.order_by("nombre"))
    puede_capturar = request.rol in permisos.CAPTURA
    if puede_capturar and requerir_form is None:
        requerir_form = DenunciaRequerirForm(denuncia=denuncia)
    return render(
        request,
        "solicitudes/denuncia_detalle.html",
        {
            "denuncia": denuncia,
            "plazos": plazos_de(
                TipoExpediente.DENUNCIA, denuncia.pk, corte_semaforo(request.ayuntamiento)
            ),
            "oficios": oficios,
            "areas": areas,
            "historial": historial_de(denuncia, "Denuncia"),
            "puede_capturar": puede_capturar,
            "requerir_form": requerir_form,
        },
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def denuncia_detalle(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _detalle_denuncia(request, _denuncia(pk))


@require_POST
@rol_requerido(permisos.CAPTURA)
def denuncia_requerir_vista(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    denuncia = _denuncia(pk)
    form = DenunciaRequerirForm(request.POST, denuncia=denuncia)
    if form.is_valid():
        try:
            oficios = denuncia_requerir(
                denuncia=denuncia,
                areas=list(form.cleaned_data["areas"]),
                fecha=form.cleaned_data["fecha"],
                emitido_por=request.user,
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            folios = ", ".join(o.folio for o in oficios)
            messages.success(request, f"Se emitieron los oficios de requerimiento {folios}.")
            return redirect(_url(request, "denuncia_detalle", pk=denuncia.pk))
    return _detalle_denuncia(request, denuncia, form)


rutas = [
    path("recursos/", recursos, name="recursos"),
    path("recursos/nuevo/", recurso_nuevo, name="recurso_nuevo"),
    path("recursos/<int:pk>/", recurso_detalle, name="recurso_detalle"),
    path("recursos/<int:pk>/editar/", recurso_editar, name="recurso_editar"),
    path("recursos/<int:pk>/oficio/", recurso_oficio, name="recurso_oficio"),
    path("denuncias/", denuncias, name="denuncias"),
    path("denuncias/nueva/", denuncia_nueva, name="denuncia_nueva"),
    path("denuncias/<int:pk>/", denuncia_detalle, name="denuncia_detalle"),
    path("denuncias/<int:pk>/editar/", denuncia_editar, name="denuncia_editar"),
    path("denuncias/<int:pk>/requerir/", denuncia_requerir_vista, name="denuncia_requerir"),
]
