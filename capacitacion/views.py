"""Vistas de capacitación: sesiones, su lista y evidencia, planes anuales, asesorías e
importación de sesiones y de listas de participantes desde XLSX.

Leen la Unidad y el garante; escriben la titular y su personal; los enlaces no entran
(403). Cada vista corre en el ámbito del ayuntamiento: un objeto ajeno da 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizacion import permisos
from organizacion.exportar import respuesta_tabla
from organizacion.forms import FormularioConfirmarImportacion, errores_al_formulario
from organizacion.hojas import ArchivosPendientes
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import TipoOficio, hoy_local
from organizacion.permisos import rol_requerido

from . import estadisticas
from .forms import (
    AsesoriaForm,
    CapacitacionForm,
    ConvocarForm,
    EvidenciaForm,
    FiltroAsesoriasForm,
    FiltroCapacitacionesForm,
    ImportarForm,
    ParticipanteForm,
    PlanForm,
    TemaForm,
)
from .importacion import (
    COLUMNAS_PARTICIPANTES,
    COLUMNAS_SESIONES,
    Columna,
    ResultadoImportacion,
    capacitaciones_importar,
    participantes_importar,
)
from .models import (
    MESES,
    Asesoria,
    Capacitacion,
    EvidenciaCapacitacion,
    Participante,
    PlanCapacitacion,
    TemaPlaneado,
)
from .servicios import (
    capacitacion_convocar,
    capacitacion_guardar,
    evidencia_agregar,
    participante_guardar,
    participante_quitar,
)

GET_POST = require_http_methods(["GET", "POST"])


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs: Any) -> str:
    return reverse(
        f"capacitacion:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


def _contexto(request: PeticionDeAyuntamiento) -> dict[str, Any]:
    return {"puede_escribir": request.rol in permisos.CAPTURA}


# --- Sesiones -------------------------------------------------------------------------------


def _filtrar_sesiones(filtro: FiltroCapacitacionesForm) -> QuerySet[Capacitacion]:
    sesiones = Capacitacion.objects.order_by("-fecha", "-hora")
    if not filtro.is_valid():
        return sesiones.none()
    datos = filtro.cleaned_data
    if datos["anio"]:
        sesiones = sesiones.filter(fecha__year=datos["anio"])
    if datos["mes"]:
        sesiones = sesiones.filter(fecha__month=datos["mes"])
    if datos["publico"]:
        sesiones = sesiones.filter(publico=datos["publico"])
    if datos["modalidad"]:
        sesiones = sesiones.filter(modalidad=datos["modalidad"])
    if datos["q"]:
        sesiones = sesiones.filter(
            Q(tema__icontains=datos["q"]) | Q(institucion__icontains=datos["q"])
        )
    return sesiones


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def lista(request: PeticionDeAyuntamiento) -> HttpResponse:
    filtro = FiltroCapacitacionesForm(request.GET)
    sesiones = _filtrar_sesiones(filtro)
    formato = request.GET.get("formato")
    if formato:
        return respuesta_tabla(
            nombre="capacitaciones",
            encabezados=[
                "Fecha",
                "Hora",
                "Tema",
                "Formato",
                "Modalidad",
                "Público",
                "Impartida por",
                "Institución",
                "Duración (min)",
                "Mujeres",
                "Hombres",
                "No identificado",
                "Total",
                "Con lista",
                "Oficio",
            ],
            filas=(
                [
                    s.fecha,
                    s.hora.strftime("%H:%M") if s.hora else "",
                    s.tema,
                    s.get_formato_display(),
                    s.get_modalidad_display(),
                    s.get_publico_display(),
                    s.get_impartida_por_display(),
                    s.institucion,
                    s.duracion_minutos,
                    s.mujeres,
                    s.hombres,
                    s.no_identificado,
                    s.asistentes,
                    "Sí" if s.con_lista else "No",
                    s.oficio.folio if s.oficio else "",
                ]
                for s in sesiones.select_related("oficio")
            ),
            formato=formato,
        )
    pagina = Paginator(sesiones, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "capacitacion/lista.html",
        {"filtro": filtro, "pagina": pagina, **_contexto(request)},
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def editar(request: PeticionDeAyuntamiento, pk: int | None = None) -> HttpResponse:
    capacitacion = get_object_or_404(Capacitacion, pk=pk) if pk else None
    form = CapacitacionForm(
        request.POST or None, instance=capacitacion, ayuntamiento=request.ayuntamiento
    )
    if request.method == "POST" and form.is_valid():
        try:
            guardada = capacitacion_guardar(
                capacitacion=form.instance,
                areas=form.cleaned_data["areas"],
                usuario=request.user,
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Se guardó la capacitación «{guardada.tema}».")
            return redirect(_url(request, "detalle", pk=guardada.pk))
    return render(
        request, "capacitacion/capacitacion_form.html", {"form": form, "capacitacion": capacitacion}
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def detalle(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    capacitacion: Capacitacion = get_object_or_404(
        Capacitacion.objects.select_related("oficio", "tema_planeado__plan"), pk=pk
    )
    return render(
        request,
        "capacitacion/detalle.html",
        {
            "capacitacion": capacitacion,
            "areas": capacitacion.areas.all(),
            "participantes": capacitacion.participantes.select_related("area"),
            "evidencias": capacitacion.evidencias.all(),
            "form_participante": ParticipanteForm(),
            "form_evidencia": EvidenciaForm(),
            **_contexto(request),
        },
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def participante_nuevo(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    capacitacion = get_object_or_404(Capacitacion, pk=pk)
    return _participante_form(request, capacitacion, Participante(capacitacion=capacitacion))


@GET_POST
@rol_requerido(permisos.CAPTURA)
def participante_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    participante: Participante = get_object_or_404(
        Participante.objects.select_related("capacitacion"), pk=pk
    )
    return _participante_form(request, participante.capacitacion, participante)


def _participante_form(
    request: PeticionDeAyuntamiento, capacitacion: Capacitacion, participante: Participante
) -> HttpResponse:
    form = ParticipanteForm(request.POST or None, instance=participante)
    if request.method == "POST" and form.is_valid():
        try:
            participante_guardar(participante=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Se guardó a {participante.nombre} en la lista.")
            return redirect(_url(request, "detalle", pk=capacitacion.pk))
    return render(
        request,
        "capacitacion/participante_form.html",
        {"form": form, "capacitacion": capacitacion, "participante": participante},
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def participante_eliminar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    participante: Participante = get_object_or_404(
        Participante.objects.select_related("capacitacion"), pk=pk
    )
    capacitacion_pk = participante.capacitacion_id
    participante_quitar(participante=participante)
    messages.success(request, f"Se quitó a {participante.nombre} de la lista.")
    return redirect(_url(request, "detalle", pk=capacitacion_pk))


@require_POST
@rol_requerido(permisos.CAPTURA)
def evidencia_subir(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    capacitacion = get_object_or_404(Capacitacion, pk=pk)
    form = EvidenciaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidencia = evidencia_agregar(
                capacitacion=capacitacion,
                archivo=form.cleaned_data["archivo"],
                tipo=form.cleaned_data["tipo"],
                usuario=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Se agregó la evidencia «{evidencia.nombre}».")
    else:
        messages.error(request, "Elija el tipo de evidencia y un archivo.")
    return redirect(_url(request, "detalle", pk=capacitacion.pk))


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def evidencia_descargar(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    evidencia = get_object_or_404(EvidenciaCapacitacion, pk=pk)
    return FileResponse(evidencia.archivo.open("rb"), as_attachment=True, filename=evidencia.nombre)


@require_POST
@rol_requerido(permisos.CAPTURA)
def evidencia_quitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    evidencia = get_object_or_404(EvidenciaCapacitacion, pk=pk)
    capacitacion_pk = evidencia.capacitacion_id
    with transaction.atomic():
        evidencia.delete()
        transaction.on_commit(lambda: evidencia.archivo.delete(save=False))
    messages.success(request, f"Se quitó la evidencia «{evidencia.nombre}».")
    return redirect(_url(request, "detalle", pk=capacitacion_pk))


@GET_POST
@rol_requerido(permisos.CAPTURA)
def convocar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    capacitacion = get_object_or_404(Capacitacion, pk=pk)
    form = ConvocarForm(
        request.POST or None,
        initial={
            "fecha": hoy_local(request.ayuntamiento),
            "asunto": f"Convocatoria a la capacitación «{capacitacion.tema}»"[:300],
        },
    )
    if request.method == "POST" and form.is_valid():
        oficio = capacitacion_convocar(
            capacitacion=capacitacion,
            tipo=TipoOficio.CIRCULAR,
            usuario=request.user,
            **form.cleaned_data,
        )
        messages.success(
            request, f"Se emitió la circular {oficio.folio} y quedó ligada a la sesión."
        )
        return redirect(_url(request, "detalle", pk=capacitacion.pk))
    return render(
        request, "capacitacion/convocar.html", {"form": form, "capacitacion": capacitacion}
    )


# --- Planes anuales -------------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def planes(request: PeticionDeAyuntamiento) -> HttpResponse:
    return render(
        request,
        "capacitacion/planes.html",
        {"planes": PlanCapacitacion.objects.order_by("-anio", "publico"), **_contexto(request)},
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def plan_editar(request: PeticionDeAyuntamiento, pk: int | None = None) -> HttpResponse:
    plan = get_object_or_404(PlanCapacitacion, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, f"Se guardó el {plan}.")
        return redirect(_url(request, "plan", pk=plan.pk))
    return render(request, "capacitacion/plan_form.html", {"form": form, "plan": plan})


@GET_POST
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def plan(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """El plan: lo planeado contra lo realizado por mes, sus temas y, para quien captura,
    el formulario para agregar un tema (POST)."""
    plan = get_object_or_404(PlanCapacitacion, pk=pk)
    form = TemaForm(request.POST or None)
    if request.method == "POST":
        if request.rol not in permisos.CAPTURA:
            raise PermissionDenied("Su rol no permite esta acción.")
        if form.is_valid():
            tema = form.save(commit=False)
            tema.ayuntamiento = request.ayuntamiento
            tema.plan = plan
            tema.save()
            messages.success(request, f"Se agregó el tema «{tema.tema}».")
            return redirect(_url(request, "plan", pk=plan.pk))
    nombres_mes = dict(MESES)
    cobertura = [
        {**fila, "nombre": nombres_mes[fila["mes"]]} for fila in estadisticas.cobertura_plan(plan)
    ]
    return render(
        request,
        "capacitacion/plan.html",
        {
            "plan": plan,
            "cobertura": cobertura,
            "temas": estadisticas.cobertura_temas(plan),
            "form": form,
            **_contexto(request),
        },
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def tema_quitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    tema = get_object_or_404(TemaPlaneado, pk=pk)
    plan_pk = tema.plan_id
    tema.delete()
    messages.success(
        request, f"Se quitó el tema «{tema.tema}»; sus sesiones quedan sin tema del plan."
    )
    return redirect(_url(request, "plan", pk=plan_pk))


@GET_POST
@rol_requerido(permisos.CAPTURA)
def tema_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    tema: TemaPlaneado = get_object_or_404(TemaPlaneado.objects.select_related("plan"), pk=pk)
    form = TemaForm(request.POST or None, instance=tema)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Se guardó el tema «{tema.tema}».")
        return redirect(_url(request, "plan", pk=tema.plan_id))
    return render(request, "capacitacion/tema_form.html", {"form": form, "tema": tema})


# --- Asesorías ------------------------------------------------------------------------------


def _filtrar_asesorias(filtro: FiltroAsesoriasForm) -> QuerySet[Asesoria]:
    lista_ = Asesoria.objects.order_by("-fecha", "-creada")
    if not filtro.is_valid():
        return lista_.none()
    datos = filtro.cleaned_data
    if datos["anio"]:
        lista_ = lista_.filter(fecha__year=datos["anio"])
    if datos["mes"]:
        lista_ = lista_.filter(fecha__month=datos["mes"])
    if datos["tema"]:
        lista_ = lista_.filter(tema=datos["tema"])
    if datos["publico"]:
        lista_ = lista_.filter(publico=datos["publico"])
    return lista_


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def asesorias(request: PeticionDeAyuntamiento) -> HttpResponse:
    filtro = FiltroAsesoriasForm(request.GET)
    seleccion = _filtrar_asesorias(filtro)
    formato = request.GET.get("formato")
    if formato:
        return respuesta_tabla(
            nombre="asesorias",
            encabezados=["Fecha", "Tema", "A quién", "Sexo", "Medio", "Nota"],
            filas=(
                [
                    a.fecha,
                    a.get_tema_display(),
                    a.get_publico_display(),
                    a.get_sexo_display(),
                    a.get_medio_display(),
                    a.nota,
                ]
                for a in seleccion
            ),
            formato=formato,
        )
    pagina = Paginator(seleccion, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "capacitacion/asesorias.html",
        {"filtro": filtro, "pagina": pagina, **_contexto(request)},
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def asesoria_capturar(request: PeticionDeAyuntamiento) -> HttpResponse:
    """Captura rápida: una línea por asesoría. Después de guardar, la fecha, el tema, el
    público y el medio se conservan para la siguiente; sólo cambia el sexo."""
    hoy = hoy_local(request.ayuntamiento)
    inicial = {"fecha": hoy, "tema": "", "publico": "", "medio": ""}
    for campo in inicial:
        if request.GET.get(campo):
            inicial[campo] = request.GET[campo]
    form = AsesoriaForm(request.POST or None, initial=inicial, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        asesoria = form.save(commit=False)
        asesoria.registrada_por = request.user
        asesoria.save()
        messages.success(
            request, f"Asesoría registrada: {asesoria}, {asesoria.get_sexo_display()}."
        )
        siguiente = {
            "fecha": asesoria.fecha.isoformat(),
            "tema": asesoria.tema,
            "publico": asesoria.publico,
            "medio": asesoria.medio,
        }
        consulta = "&".join(f"{clave}={valor}" for clave, valor in siguiente.items())
        return redirect(f"{_url(request, 'asesoria_capturar')}?{consulta}")
    fecha = _fecha(form.data.get("fecha") if form.is_bound else inicial["fecha"]) or hoy
    del_dia = Asesoria.objects.filter(fecha=fecha).order_by("-creada")
    return render(
        request,
        "capacitacion/asesoria_capturar.html",
        {"form": form, "del_dia": del_dia, "fecha": fecha},
    )


def _fecha(valor: object) -> date | None:
    if isinstance(valor, date):
        return valor
    try:
        return date.fromisoformat(str(valor))
    except ValueError:
        return None


@GET_POST
@rol_requerido(permisos.CAPTURA)
def asesoria_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    asesoria = get_object_or_404(Asesoria, pk=pk)
    form = AsesoriaForm(request.POST or None, instance=asesoria, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Se guardó la asesoría {asesoria}.")
        return redirect(_url(request, "asesorias"))
    return render(request, "capacitacion/asesoria_form.html", {"form": form, "asesoria": asesoria})


@require_POST
@rol_requerido(permisos.CAPTURA)
def asesoria_quitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    asesoria = get_object_or_404(Asesoria, pk=pk)
    asesoria.delete()
    messages.success(request, f"Se quitó la asesoría {asesoria}.")
    return redirect(_url(request, "asesorias"))


# --- Importación desde XLSX ------------------------------------------------------------------
#
# Entre la vista previa y la confirmación el archivo espera en
# `importaciones/<id del ayuntamiento>/capacitacion/` (`hojas.ArchivosPendientes`), con un
# nombre que lleva el uuid (y, para una lista, el pk de la sesión): el uuid de otro
# ayuntamiento u otra sesión no encuentra nada (404). Al confirmar se vuelve a leer y validar
# todo, y el archivo se borra.


@dataclass
class Importacion:
    """Lo que distingue a una importación: su archivo pendiente, su servicio y sus páginas."""

    pendientes: ArchivosPendientes
    importador: Callable[..., ResultadoImportacion]
    columnas: tuple[Columna, ...]
    contexto: dict[str, Any]
    destino: str
    exito: Callable[[ResultadoImportacion], str]


def _importar(request: PeticionDeAyuntamiento, importacion: Importacion) -> HttpResponse:
    form = ImportarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        contenido = form.cleaned_data["archivo"].read()
        resultado = importacion.importador(contenido=contenido, confirmar=False)
        if not resultado.leido:
            # Ni siquiera se llegó a las filas: el error va junto al campo del formulario.
            for error in resultado.errores:
                form.add_error("archivo", error)
        else:
            clave = (
                importacion.pendientes.guardar(contenido, "xlsx") if resultado.por_guardar else None
            )
            return _vista_previa(request, resultado, clave, importacion)
    return render(
        request,
        "capacitacion/importar.html",
        {"form": form, "columnas": importacion.columnas, **importacion.contexto},
    )


def _confirmar(request: PeticionDeAyuntamiento, importacion: Importacion) -> HttpResponse:
    form = FormularioConfirmarImportacion(request.POST)
    if not form.is_valid():
        raise Http404("Importación desconocida.")
    pendiente = importacion.pendientes.abrir(form.cleaned_data["clave"], ["xlsx"])
    resultado = importacion.importador(contenido=pendiente.contenido, confirmar=True)
    # Guardado o no (la base pudo cambiar desde la vista previa), el archivo ya no sirve:
    # si ahora tiene errores, se corrige y se vuelve a subir.
    pendiente.borrar()
    if resultado.guardado:
        messages.success(request, importacion.exito(resultado))
        return redirect(importacion.destino)
    return _vista_previa(request, resultado, None, importacion)


def _vista_previa(
    request: PeticionDeAyuntamiento,
    resultado: ResultadoImportacion,
    clave: str | None,
    importacion: Importacion,
) -> HttpResponse:
    confirmar = FormularioConfirmarImportacion(initial={"clave": clave}) if clave else None
    return render(
        request,
        "capacitacion/importar_vista_previa.html",
        {"resultado": resultado, "confirmar": confirmar, **importacion.contexto},
    )


def _de_sesiones(request: PeticionDeAyuntamiento) -> Importacion:
    return Importacion(
        pendientes=ArchivosPendientes(request.ayuntamiento.pk, "capacitacion", "sesiones-"),
        importador=partial(
            capacitaciones_importar, ayuntamiento=request.ayuntamiento, usuario=request.user
        ),
        columnas=COLUMNAS_SESIONES,
        contexto={
            "titulo": "Importar sesiones de capacitación",
            "url_importar": _url(request, "importar"),
            "url_confirmar": _url(request, "importar_confirmar"),
            "url_cancelar": _url(request, "lista"),
        },
        destino=_url(request, "lista"),
        exito=lambda r: (
            f"Se importaron {r.nuevas} sesiones." if r.nuevas != 1 else "Se importó 1 sesión."
        ),
    )


def _de_participantes(request: PeticionDeAyuntamiento, pk: int) -> Importacion:
    capacitacion = get_object_or_404(Capacitacion, pk=pk)
    return Importacion(
        pendientes=ArchivosPendientes(
            request.ayuntamiento.pk, "capacitacion", f"participantes-{capacitacion.pk}-"
        ),
        importador=partial(participantes_importar, capacitacion=capacitacion, usuario=request.user),
        columnas=COLUMNAS_PARTICIPANTES,
        contexto={
            "titulo": "Importar la lista de participantes",
            "capacitacion": capacitacion,
            "url_importar": _url(request, "importar_participantes", pk=pk),
            "url_confirmar": _url(request, "importar_participantes_confirmar", pk=pk),
            "url_cancelar": _url(request, "detalle", pk=pk),
        },
        destino=_url(request, "detalle", pk=pk),
        exito=lambda r: (
            f"Se agregaron {r.nuevas} participantes a la lista; los asistentes de la sesión se "
            "cuentan ahora de ella."
        ),
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def importar(request: PeticionDeAyuntamiento) -> HttpResponse:
    return _importar(request, _de_sesiones(request))


@require_POST
@rol_requerido(permisos.CAPTURA)
def importar_confirmar(request: PeticionDeAyuntamiento) -> HttpResponse:
    return _confirmar(request, _de_sesiones(request))


@GET_POST
@rol_requerido(permisos.CAPTURA)
def importar_participantes(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _importar(request, _de_participantes(request, pk))


@require_POST
@rol_requerido(permisos.CAPTURA)
def importar_participantes_confirmar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _confirmar(request, _de_participantes(request, pk))


rutas = [
    path("", lista, name="lista"),
    path("nueva/", editar, name="nueva"),
    path("sesiones/<int:pk>/", detalle, name="detalle"),
    path("sesiones/<int:pk>/editar/", editar, name="editar"),
    path("sesiones/<int:pk>/participantes/", participante_nuevo, name="participante_nuevo"),
    path("sesiones/<int:pk>/evidencias/", evidencia_subir, name="evidencia_subir"),
    path("sesiones/<int:pk>/convocar/", convocar, name="convocar"),
    path(
        "sesiones/<int:pk>/importar-participantes/",
        importar_participantes,
        name="importar_participantes",
    ),
    path(
        "sesiones/<int:pk>/importar-participantes/confirmar/",
        importar_participantes_confirmar,
        name="importar_participantes_confirmar",
    ),
    path("importar/", importar, name="importar"),
    path("importar/confirmar/", importar_confirmar, name="importar_confirmar"),
    path("participantes/<int:pk>/", participante_editar, name="participante_editar"),
    path("participantes/<int:pk>/quitar/", participante_eliminar, name="participante_quitar"),
    path("anexos/<int:pk>/", evidencia_descargar, name="evidencia_descargar"),
    path("anexos/<int:pk>/quitar/", evidencia_quitar, name="evidencia_quitar"),
    path("planes/", planes, name="planes"),
    path("planes/nuevo/", plan_editar, name="plan_nuevo"),
    path("planes/<int:pk>/", plan, name="plan"),
    path("planes/<int:pk>/editar/", plan_editar, name="plan_editar"),
    path("temas/<int:pk>/editar/", tema_editar, name="tema_editar"),
    path("temas/<int:pk>/quitar/", tema_quitar, name="tema_quitar"),
    path("asesorias/", asesorias, name="asesorias"),
    path("asesorias/capturar/", asesoria_capturar, name="asesoria_capturar"),
    path("asesorias/<int:pk>/editar/", asesoria_editar, name="asesoria_editar"),
    path("asesorias/<int:pk>/quitar/", asesoria_quitar, name="asesoria_quitar"),
]
