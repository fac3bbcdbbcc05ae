"""Vistas del modelo regional.

Del ayuntamiento (`/<slug>/autoevaluacion/…`, dentro del ámbito que abre el middleware): la
lista de herramientas por dimensión con su avance, la ficha de cada herramienta con su
evidencia, la adhesión, la versión para imprimir y la exportación. Leen la Unidad (titular,
personal, consulta) y el garante; capturan titular y personal; los enlaces de área no
participan (403).

Del garante (`/garante/<id>/autoevaluacion/…`, sin ayuntamiento en la URL): la matriz de
todos sus ayuntamientos y su exportación. Aquí no hay middleware que cuide: `garante_del_usuario()`
exige una MembresiaGarante de ese garante (si no, 404) y las consultas, bajo
`scopes_disabled()`, se restringen explícitamente a sus ayuntamientos.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scopes_disabled

from organizacion import permisos
from organizacion.exportar import respuesta_tabla
from organizacion.forms import errores_al_formulario
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import Garante, Usuario, hoy_local
from organizacion.permisos import garante_del_usuario, rol_requerido
from organizacion.templatetags.transparencia import fecha_larga

from .estadisticas import (
    Avance,
    avance_por_dimension,
    estados_del_anio,
    matriz_garante,
    pendientes_por_herramienta,
)
from .forms import AdhesionForm, EstadoForm, FiltroMatrizForm
from .models import (
    ETIQUETAS_ESTADO,
    POR_RENOVAR,
    SIMBOLOS_ESTADO,
    Adhesion,
    Edicion,
    Estado,
    EstadoHerramienta,
    Evidencia,
    esta_atrasada,
)
from .servicios import adhesion_guardar, estado_guardar, evidencia_eliminar

GET_POST = require_http_methods(["GET", "POST"])


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs) -> str:
    return reverse(
        f"autoevaluacion:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


def _adhesion() -> Adhesion | None:
    """La adhesión del ayuntamiento a la edición vigente: la consulta corre en el ámbito que
    abrió el middleware, así que sólo puede ser la del ayuntamiento de la URL."""
    return Adhesion.objects.filter(edicion__vigente=True).select_related("edicion").first()


# --- La lista del ayuntamiento ---------------------------------------------------------------


@dataclass
class Renglon:
    estado: EstadoHerramienta
    efectivo: str
    etiqueta: str
    vence: date | None
    atrasada: bool
    evidencias: int


@dataclass
class Grupo:
    nombre: str
    descripcion: str
    renglones: list[Renglon]


def _lista(adhesion: Adhesion, hoy: date, con_evidencias: bool = False) -> list[Grupo]:
    """Las herramientas por dimensión, con su estado efectivo, vencimiento y atraso."""
    estados = (
        estados_del_anio(hoy.year)
        .filter(adhesion=adhesion)
        .select_related("herramienta__dimension")
        .annotate(num_evidencias=Count("evidencias"))
    )
    if con_evidencias:
        estados = estados.prefetch_related("evidencias")
    grupos: dict[int, Grupo] = {}
    for estado in estados:
        dimension = estado.herramienta.dimension
        grupo = grupos.setdefault(dimension.pk, Grupo(dimension.nombre, dimension.descripcion, []))
        efectivo = estado.efectivo  # type: ignore[attr-defined]
        vence = estado.vencimiento(adhesion.fecha_convenio, hoy)
        grupo.renglones.append(
            Renglon(
                estado=estado,
                efectivo=efectivo,
                etiqueta=ETIQUETAS_ESTADO[efectivo],
                vence=vence,
                atrasada=esta_atrasada(efectivo, vence, hoy),
                evidencias=estado.num_evidencias,  # type: ignore[attr-defined]
            )
        )
    return list(grupos.values())


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def tablero(request: PeticionDeAyuntamiento) -> HttpResponse:
    adhesion = _adhesion()
    contexto: dict = {
        "adhesion": adhesion,
        "puede_editar": request.rol in permisos.CAPTURA,
        "es_garante": request.membresia is None,
    }
    if adhesion is not None:
        hoy = hoy_local(request.ayuntamiento)
        avances = avance_por_dimension(adhesion=adhesion, anio=hoy.year)
        contexto.update(
            hoy=hoy,
            grupos=_lista(adhesion, hoy),
            avances=avances,
            general=Avance.sumar(a.avance for a in avances),
            radar={
                "etiquetas": [a.nombre for a in avances],
                "valores": [a.avance.porcentaje or 0 for a in avances],
            },
        )
    return render(request, "autoevaluacion/tablero.html", contexto)


@GET_POST
@rol_requerido(permisos.CAPTURA)
def adhesion(request: PeticionDeAyuntamiento) -> HttpResponse:
    actual = _adhesion()
    form = AdhesionForm(request.POST or None, instance=actual)
    if request.method == "POST" and form.is_valid():
        try:
            adhesion_guardar(
                ayuntamiento=request.ayuntamiento,
                adhesion=actual,
                hoy=hoy_local(request.ayuntamiento),
                **form.cleaned_data,
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, "Se guardaron los datos del convenio y del enlace.")
            return redirect(_url(request, "tablero"))
    return render(request, "autoevaluacion/adhesion_form.html", {"form": form, "adhesion": actual})


def _estado(request: PeticionDeAyuntamiento, clave: str) -> EstadoHerramienta:
    """La herramienta `clave` de la adhesión vigente del ayuntamiento, o 404."""
    return get_object_or_404(
        EstadoHerramienta.objects.select_related("herramienta__dimension", "adhesion"),
        adhesion__edicion__vigente=True,
        herramienta__clave=clave,
    )


@GET_POST
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def herramienta(request: PeticionDeAyuntamiento, clave: str) -> HttpResponse:
    estado = _estado(request, clave)
    puede_editar = request.rol in permisos.CAPTURA
    if request.method == "POST" and not puede_editar:
        raise PermissionDenied("Su rol sólo permite consultar la autoevaluación.")
    hoy = hoy_local(request.ayuntamiento)
    form = EstadoForm(request.POST or None, request.FILES or None, estado=estado, hoy=hoy)
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        try:
            estado_guardar(
                estado=estado,
                nuevo=datos["estado"],
                hoy=hoy,
                motivo_no_aplica=datos["motivo_no_aplica"],
                fecha_implementacion=datos["fecha_implementacion"],
                fecha_compromiso=datos.get("fecha_compromiso"),
                notas=datos["notas"],
                evidencia=form.evidencia(),
                usuario=cast(Usuario, request.user),
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
            # El servicio no guardó nada; el objeto en memoria vuelve a lo que hay en la base.
            estado.refresh_from_db()
        else:
            messages.success(request, f"Se guardó «{estado.herramienta}».")
            return redirect(_url(request, "herramienta", clave=clave))
    vence = estado.vencimiento(estado.adhesion.fecha_convenio, hoy)
    return render(
        request,
        "autoevaluacion/herramienta.html",
        {
            "estado": estado,
            "herramienta": estado.herramienta,
            "vence": vence,
            "hoy": hoy,
            "form": form,
            "puede_editar": puede_editar,
            "evidencias": estado.evidencias.select_related("subida_por"),
            "historial": estado.history.select_related("history_user")[:20],
            "etiquetas": dict(Estado.choices),
        },
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def evidencia_descargar(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    evidencia = get_object_or_404(Evidencia, pk=pk)
    if not evidencia.archivo:
        raise Http404("La evidencia es una liga, no un archivo.")
    return FileResponse(
        evidencia.archivo.open("rb"),
        as_attachment=True,
        filename=evidencia.nombre_archivo or (evidencia.archivo.name or "").rsplit("/", 1)[-1],
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def evidencia_quitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    evidencia: Evidencia = get_object_or_404(
        Evidencia.objects.select_related("estado__herramienta"), pk=pk
    )
    clave = evidencia.estado.herramienta.clave
    try:
        evidencia_eliminar(evidencia=evidencia, hoy=hoy_local(request.ayuntamiento))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Se quitó la evidencia «{evidencia.descripcion}».")
    return redirect(_url(request, "herramienta", clave=clave))


def _con_adhesion(
    request: PeticionDeAyuntamiento, con_evidencias: bool = False
) -> tuple[Adhesion, date, list[Grupo]]:
    adhesion = _adhesion()
    if adhesion is None:
        raise Http404("El ayuntamiento aún no registra su adhesión al modelo.")
    hoy = hoy_local(request.ayuntamiento)
    return adhesion, hoy, _lista(adhesion, hoy, con_evidencias)


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def imprimir(request: PeticionDeAyuntamiento) -> HttpResponse:
    adhesion, hoy, grupos = _con_adhesion(request, con_evidencias=True)
    avances = avance_por_dimension(adhesion=adhesion, anio=hoy.year)
    return render(
        request,
        "autoevaluacion/imprimir.html",
        {
            "adhesion": adhesion,
            "hoy": hoy,
            "grupos": grupos,
            "avances": avances,
            "general": Avance.sumar(a.avance for a in avances),
        },
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def exportar(request: PeticionDeAyuntamiento) -> HttpResponse:
    _, _, grupos = _con_adhesion(request)
    filas = [
        (
            grupo.nombre,
            r.estado.herramienta.nombre,
            r.estado.herramienta.temporalidad_texto,
            fecha_larga(r.vence),
            r.etiqueta,
            "Sí" if r.atrasada else "No",
            fecha_larga(r.estado.fecha_implementacion),
            r.evidencias,
            r.estado.motivo_no_aplica,
        )
        for grupo in grupos
        for r in grupo.renglones
    ]
    return respuesta_tabla(
        nombre=f"autoevaluacion-{request.ayuntamiento.slug}",
        encabezados=[
            "Dimensión",
            "Herramienta",
            "Temporalidad",
            "Fecha de compromiso",
            "Estado",
            "Atrasada",
            "Implementada el",
            "Evidencias",
            "Motivo (no aplica)",
        ],
        filas=filas,
        formato=request.GET.get("formato", "xlsx"),
    )


# --- Vistas del garante -------------------------------------------------------------------


def _matriz(request: HttpRequest, garante: Garante):
    edicion = get_object_or_404(Edicion, vigente=True)
    filtro = FiltroMatrizForm(request.GET or None, edicion=edicion)
    dimension, orden = None, "avance"
    if filtro.is_valid():
        dimension = filtro.cleaned_data["dimension"]
        orden = filtro.cleaned_data["orden"] or "avance"
    hoy = timezone.localdate()
    matriz = matriz_garante(
        garante=garante, edicion=edicion, hoy=hoy, dimension=dimension, orden=orden
    )
    return edicion, filtro, dimension, hoy, matriz


@login_required
@require_GET
def matriz(request: HttpRequest, garante: int) -> HttpResponse:
    el_garante = garante_del_usuario(request, garante)
    with scopes_disabled():
        edicion, filtro, dimension, hoy, la_matriz = _matriz(request, el_garante)
        pendientes = pendientes_por_herramienta(garante=el_garante, edicion=edicion, anio=hoy.year)
        adheridos = [f for f in la_matriz.filas if f.avance is not None]
        return render(
            request,
            "autoevaluacion/matriz.html",
            {
                "garante": el_garante,
                "edicion": edicion,
                "filtro": filtro,
                "dimension": dimension,
                "hoy": hoy,
                "matriz": la_matriz,
                "adheridos": len(adheridos),
                "general": Avance.sumar(f.avance for f in adheridos if f.avance),
                "pendientes": pendientes,
                "estados": [
                    (e, ETIQUETAS_ESTADO[e], SIMBOLOS_ESTADO[e])
                    for e in (*Estado.values, POR_RENOVAR)
                ],
                "consulta": request.GET.urlencode(),
            },
        )


@login_required
@require_GET
def matriz_exportar(request: HttpRequest, garante: int) -> HttpResponse:
    el_garante = garante_del_usuario(request, garante)
    with scopes_disabled():
        _, _, _, _, la_matriz = _matriz(request, el_garante)
    filas = []
    for fila in la_matriz.filas:
        avance = fila.avance
        filas.append(
            [
                fila.ayuntamiento.nombre,
                fecha_larga(fila.fecha_convenio) or "Sin adhesión",
                "" if avance is None or avance.porcentaje is None else avance.porcentaje,
                "" if avance is None else avance.implementadas,
                "" if avance is None else avance.aplicables,
                fila.atrasadas,
                *[celda.etiqueta if celda else "" for celda in fila.celdas],
            ]
        )
    return respuesta_tabla(
        nombre=f"modelo-regional-{el_garante.siglas.lower()}",
        encabezados=[
            "Ayuntamiento",
            "Firma del convenio",
            "Avance (%)",
            "Implementadas",
            "Aplicables",
            "Atrasadas",
            *[h.nombre for h in la_matriz.herramientas],
        ],
        filas=filas,
        formato=request.GET.get("formato", "xlsx"),
    )
