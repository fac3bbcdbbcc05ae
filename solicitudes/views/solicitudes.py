"""Páginas del personal para las solicitudes: la lista con filtros y semáforo, el alta y la
edición, el detalle (historia, plazos explicados, turnos, archivos, Comité, recursos y
bitácora) con sus acciones, y la bandeja de turnos de los enlaces.

Cada vista corre dentro del ámbito del ayuntamiento que abrió el middleware. Las reglas las
aplican los servicios: si uno lanza `ValidationError`, la vista vuelve a mostrar la página
con el error en el formulario que lo provocó y no se guardó nada.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documentos.notificaciones import turno_respondido_avisar
from documentos.servicios import turno_documentar
from organizacion import permisos
from organizacion.exportar import respuesta_tabla
from organizacion.forms import errores_al_formulario
from organizacion.historial import Cambio, bitacora
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import Rol, TipoExpediente, hoy_local
from organizacion.permisos import DATO_PROTEGIDO, rol_requerido, ve_datos_personales

from ..estadisticas import CorteSemaforo, conteo_semaforo, corte_semaforo
from ..forms import (
    ComiteForm,
    EventoForm,
    FiltroSolicitudesForm,
    FiltroTurnosForm,
    RespuestaTurnoForm,
    RetirarTurnoForm,
    SolicitudForm,
    TurnarForm,
)
from ..models import (
    Adjunto,
    Evento,
    ResolucionComite,
    Semaforo,
    Solicitud,
    TipoEvento,
    Turno,
)
from ..plazos import semaforo
from ..servicios import (
    comite_resolver,
    evento_registrar,
    recibida_local,
    solicitud_editar,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
    turno_retirar,
)
from .plazos import plazos_de

GET_POST = require_http_methods(["GET", "POST"])
POR_PAGINA = 50
# Quien responde un turno: la Unidad, o el enlace del área (su turno ya se filtró por área).
RESPONDEN_TURNOS = permisos.CAPTURA | {Rol.ENLACE}


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs: Any) -> str:
    return reverse(
        f"solicitudes:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


def _es_enlace(request: PeticionDeAyuntamiento) -> bool:
    return request.rol == Rol.ENLACE


def _area_del_enlace(request: PeticionDeAyuntamiento) -> int | None:
    return request.membresia.unidad_administrativa_id if request.membresia else None


def _solicitud_para(request: PeticionDeAyuntamiento, pk: int) -> Solicitud:
    # Sin precarga: los servicios leen los hechos actuales, no una copia vieja.
    return get_object_or_404(Solicitud.objects.select_related("ayuntamiento"), pk=pk)


def _turno_para(request: PeticionDeAyuntamiento, pk: int) -> Turno:
    """El turno, si quien lo pide puede verlo: un enlace sólo los de su área (otro → 404)."""
    turnos = Turno.objects.select_related(
        "solicitud__ayuntamiento",
        "unidad_administrativa",
        "oficio",
        "oficio_respuesta",
        "respondido_por",
    )
    if _es_enlace(request):
        turnos = turnos.filter(unidad_administrativa_id=_area_del_enlace(request))
    return get_object_or_404(turnos, pk=pk)


# --- Lista ---------------------------------------------------------------------------------


def _filtrar(
    request: PeticionDeAyuntamiento, corte: CorteSemaforo
) -> tuple[FiltroSolicitudesForm, QuerySet[Solicitud]]:
    filtro = FiltroSolicitudesForm(request.GET or None)
    solicitudes = Solicitud.objects.all()
    if not filtro.is_valid():
        return filtro, solicitudes
    datos = filtro.cleaned_data
    if datos["q"]:
        # Quien no ve los datos de quien solicita tampoco busca por ellos: encontrar o no una
        # solicitud por un nombre ya diría quién la hizo.
        campos = ["folio", "descripcion"]
        if ve_datos_personales(request.rol):
            campos += ["nombre_solicitante", "correo_solicitante", "telefono_solicitante"]
        busqueda = Q()
        for campo in campos:
            busqueda |= Q(**{f"{campo}__icontains": datos["q"]})
        solicitudes = solicitudes.filter(busqueda)
    for campo in ("estado", "tipo", "medio", "sexo"):
        if datos[campo]:
            solicitudes = solicitudes.filter(**{campo: datos[campo]})
    if datos["semaforo"]:
        solicitudes = solicitudes.filter(corte.filtro(datos["semaforo"]))
    if datos["area"]:
        solicitudes = solicitudes.filter(
            Exists(
                Turno.objects.filter(solicitud=OuterRef("pk"), unidad_administrativa=datos["area"])
            )
        )
    # El periodo es de días del ayuntamiento, no del servidor.
    zona = ZoneInfo(request.ayuntamiento.zona_horaria)
    if datos["desde"]:
        solicitudes = solicitudes.filter(
            recibida__gte=datetime.combine(datos["desde"], time.min, tzinfo=zona)
        )
    if datos["hasta"]:
        solicitudes = solicitudes.filter(
            recibida__lt=datetime.combine(datos["hasta"] + timedelta(days=1), time.min, tzinfo=zona)
        )
    return filtro, solicitudes


ENCABEZADOS_SOLICITUDES = [
    "Folio",
    "Tipo",
    "Derecho ARCO",
    "Medio de recepción",
    "Recibida",
    "Solicitante",
    "Sexo",
    "Información solicitada",
    "Modalidad de entrega",
    "Estado",
    "Vence",
    "Semáforo",
    "Fecha de respuesta",
    "Tipo de respuesta",
    "En tiempo",
    "Días hábiles para responder",
    "Áreas turnadas",
]


def _si_no(valor: bool | None) -> str:
    return "" if valor is None else "Sí" if valor else "No"


def _filas_solicitudes(
    solicitudes: QuerySet[Solicitud], corte: CorteSemaforo, zona: ZoneInfo, ve_datos: bool
) -> Iterable[list[Any]]:
    turnos = Prefetch("turnos", queryset=Turno.objects.select_related("unidad_administrativa"))
    for s in solicitudes.prefetch_related(turnos).iterator(chunk_size=2000):
        color = semaforo(s.vence, corte.hoy, corte.limite)
        yield [
            s.folio,
            s.get_tipo_display(),
            s.get_derecho_arco_display(),
            s.get_medio_display(),
            timezone.make_naive(s.recibida, zona),
            s.nombre_solicitante if ve_datos else DATO_PROTEGIDO,
            s.get_sexo_display(),
            s.descripcion,
            s.get_modalidad_entrega_display(),
            s.get_estado_display(),
            s.vence,
            Semaforo(color).label if color else "",
            s.fecha_respuesta,
            s.get_tipo_respuesta_display(),
            _si_no(s.en_tiempo),
            s.dias_habiles_respuesta,
            ", ".join(t.unidad_administrativa.nombre for t in s.turnos.all()),
        ]


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def lista(request: PeticionDeAyuntamiento) -> HttpResponse:
    ayuntamiento = request.ayuntamiento
    corte = corte_semaforo(ayuntamiento)
    filtro, solicitudes = _filtrar(request, corte)
    zona = ZoneInfo(ayuntamiento.zona_horaria)
    formato = request.GET.get("formato")
    if formato:
        return respuesta_tabla(
            nombre=f"solicitudes-{ayuntamiento.slug}",
            encabezados=ENCABEZADOS_SOLICITUDES,
            filas=_filas_solicitudes(
                solicitudes, corte, zona, ve_datos=ve_datos_personales(request.rol)
            ),
            formato=formato,
        )
    pagina = Paginator(solicitudes, POR_PAGINA).get_page(request.GET.get("pagina"))
    filas = [
        (s, timezone.localtime(s.recibida, zona), semaforo(s.vence, corte.hoy, corte.limite))
        for s in pagina
    ]
    return render(
        request,
        "solicitudes/lista.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "filas": filas,
            "conteo": conteo_semaforo(ayuntamiento=ayuntamiento, corte=corte),
            "colores": Semaforo,
            "puede_capturar": request.rol in permisos.CAPTURA,
        },
    )


# --- Alta y edición ------------------------------------------------------------------------


@GET_POST
@rol_requerido(permisos.CAPTURA)
def nueva(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = SolicitudForm(
        request.POST or None, request.FILES or None, ayuntamiento=request.ayuntamiento
    )
    if request.method == "POST" and form.is_valid():
        try:
            solicitud = solicitud_registrar(
                solicitud=form.instance,
                registrada_por=request.user,
                archivos=form.cleaned_data["archivos"],
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Se registró la solicitud {solicitud.folio}.")
            return redirect(_url(request, "detalle", pk=solicitud.pk))
    return render(request, "solicitudes/solicitud_form.html", {"form": form, "solicitud": None})


@GET_POST
@rol_requerido(permisos.CAPTURA)
def editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    solicitud = _solicitud_para(request, pk)
    form = SolicitudForm(
        request.POST or None, instance=solicitud, ayuntamiento=request.ayuntamiento
    )
    if request.method == "POST" and form.is_valid():
        solicitud_editar(solicitud=form.instance)
        messages.success(request, f"Se guardaron los datos de la solicitud {solicitud.folio}.")
        return redirect(_url(request, "detalle", pk=solicitud.pk))
    return render(
        request, "solicitudes/solicitud_form.html", {"form": form, "solicitud": solicitud}
    )


# --- Detalle -------------------------------------------------------------------------------


@dataclass
class Momento:
    """Una línea de la historia de la solicitud."""

    fecha: date
    titulo: str
    detalle: str = ""


def _historia(solicitud: Solicitud, recibida: datetime) -> list[Momento]:
    momentos = [
        Momento(
            recibida.date(),
            f"Solicitud recibida ({solicitud.get_medio_display()})",
            f"a las {recibida:%H:%M}",
        )
    ]
    for evento in solicitud.eventos.all():
        detalle = [evento.get_tipo_respuesta_display(), evento.get_modalidad_entrega_display()]
        detalle.append(evento.detalle)
        momentos.append(
            Momento(evento.fecha, evento.get_tipo_display(), " · ".join(d for d in detalle if d))
        )
    for turno in solicitud.turnos.all():
        area = turno.unidad_administrativa
        momentos.append(Momento(turno.fecha, f"Turnada a {area}", f"Oficio {turno.oficio.folio}"))
        if turno.fecha_respuesta:
            que = "declaró no ser competente" if turno.no_competente else "respondió"
            oficio = turno.oficio_respuesta.folio if turno.oficio_respuesta else ""
            momentos.append(
                Momento(turno.fecha_respuesta, f"{area} {que}", f"Oficio {oficio}".strip())
            )
        elif turno.cerrado:
            momentos.append(Momento(turno.cerrado, f"Turno a {area} cerrado", turno.motivo_cierre))
    for resolucion in solicitud.resoluciones_comite.all():
        momentos.append(
            Momento(
                resolucion.fecha,
                f"Comité de Transparencia: {resolucion.get_tipo_display()}",
                f"{resolucion.get_sentido_display()} · {resolucion.sesion}, "
                f"acta {resolucion.numero_acta}",
            )
        )
    for recurso in solicitud.recursos.all():
        momentos.append(
            Momento(
                recurso.fecha_interposicion,
                f"Recurso de revisión {recurso.expediente} interpuesto",
                recurso.estado.label,
            )
        )
    # Orden estable: a igual fecha, en el orden en que se agregaron (recepción primero).
    return sorted(momentos, key=lambda m: m.fecha)


def _bitacora(solicitud: Solicitud, *, ve_datos: bool) -> list[Cambio]:
    """Quién cambió qué y cuándo: la solicitud, sus eventos, sus turnos, las resoluciones
    del Comité y la marca de datos personales de sus archivos. Sin `ve_datos`, el antes y el
    después de los datos de quien solicita quedan protegidos."""
    fuentes: list[tuple[QuerySet, Callable[[Any], str]]] = [
        (solicitud.history.all(), lambda r: "Solicitud"),  # type: ignore[attr-defined]
        (
            Evento.history.filter(solicitud_id=solicitud.pk),  # type: ignore[attr-defined]
            lambda r: f"Evento: {TipoEvento(r.tipo).label}",
        ),
        (
            Turno.history.filter(solicitud_id=solicitud.pk).select_related(  # type: ignore[attr-defined]
                "unidad_administrativa"
            ),
            lambda r: f"Turno a {r.unidad_administrativa}",
        ),
        (
            ResolucionComite.history.filter(solicitud_id=solicitud.pk),  # type: ignore[attr-defined]
            lambda r: "Resolución del Comité",
        ),
        (
            Adjunto.history.filter(solicitud_id=solicitud.pk),  # type: ignore[attr-defined]
            lambda r: f"Archivo «{r.nombre}»",
        ),
    ]
    return bitacora(
        fuentes,
        zona=ZoneInfo(solicitud.ayuntamiento.zona_horaria),
        protegidos=() if ve_datos else Solicitud.CAMPOS_DATOS_PERSONALES,
    )


def _adjuntos_visibles(request: PeticionDeAyuntamiento) -> QuerySet[Adjunto]:
    """Los archivos que quien pide puede ver y descargar: la misma consulta arma las listas y
    autoriza la descarga, así nadie baja un archivo que su página no le muestra.

    La Unidad ve todos. Nadie más ve los que contienen datos personales. El enlace ve, además,
    sólo lo que lista la página de cada turno de su área: las respuestas de su área y el
    escrito de una solicitud que le turnaron; nunca los archivos de los eventos de la Unidad.
    """
    adjuntos = Adjunto.objects.all()
    if ve_datos_personales(request.rol):
        return adjuntos
    adjuntos = adjuntos.filter(datos_personales=False)
    if _es_enlace(request):
        area = _area_del_enlace(request)
        le_turnaron = Turno.objects.filter(
            solicitud=OuterRef("solicitud"), unidad_administrativa_id=area
        )
        adjuntos = adjuntos.filter(
            Q(turno__unidad_administrativa_id=area)
            | Q(Exists(le_turnaron), turno__isnull=True, evento__isnull=True)
        )
    return adjuntos


def _detalle(request: PeticionDeAyuntamiento, pk: int, **formularios: forms.Form) -> HttpResponse:
    """La página de detalle; con `formularios` vuelve a mostrar el que tuvo errores."""
    ayuntamiento = request.ayuntamiento
    solicitud: Solicitud = get_object_or_404(
        Solicitud.objects.select_related("ayuntamiento", "registrada_por").prefetch_related(
            "eventos",
            Prefetch(
                "turnos",
                queryset=Turno.objects.select_related(
                    "unidad_administrativa", "oficio", "oficio_respuesta", "respondido_por"
                ),
            ),
            "resoluciones_comite",
            "recursos",
        ),
        pk=pk,
    )
    ve_datos = ve_datos_personales(request.rol)
    adjuntos = list(
        Adjunto.objects.filter(solicitud=solicitud).select_related(
            "evento", "turno__unidad_administrativa", "subido_por"
        )
    )
    visibles = set(
        _adjuntos_visibles(request).filter(solicitud=solicitud).values_list("pk", flat=True)
    )
    corte = corte_semaforo(ayuntamiento)
    recibida = recibida_local(solicitud)
    inicial = {"fecha": corte.hoy}
    puede_capturar = request.rol in permisos.CAPTURA
    plazos = plazos_de(TipoExpediente.SOLICITUD, solicitud.pk, corte)
    contexto = {
        "solicitud": solicitud,
        "recibida": recibida,
        # Lo guardado por la derivación, como en el encabezado, las listas y los avisos.
        "plazos": plazos,
        # El plazo del encabezado (`solicitud.vence`), con su nombre: respondida, todavía
        # puede correr la captura en la PNT o el pago.
        "plazo_del_encabezado": next(
            (p.fila for p in plazos if p.color is not None and p.fila.vence == solicitud.vence),
            None,
        ),
        "historia": _historia(solicitud, recibida),
        "bitacora": _bitacora(solicitud, ve_datos=ve_datos),
        "adjuntos": [a for a in adjuntos if a.pk in visibles],
        "adjuntos_protegidos": sum(1 for a in adjuntos if a.pk not in visibles),
        "color": semaforo(solicitud.vence, corte.hoy, corte.limite),
        "puede_capturar": puede_capturar,
    }
    if puede_capturar:
        contexto["evento_form"] = formularios.get("evento") or EventoForm(initial=inicial)
        contexto["turno_form"] = formularios.get("turno") or TurnarForm(initial=inicial)
        contexto["comite_form"] = formularios.get("comite") or ComiteForm(initial=inicial)
    return render(request, "solicitudes/detalle.html", contexto)


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def detalle(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    return _detalle(request, pk)


def _accion(
    request: PeticionDeAyuntamiento,
    pk: int,
    formulario: type[forms.Form],
    ejecutar: Callable[[Solicitud, dict[str, Any]], str],
) -> HttpResponse:
    """Una acción del detalle: valida su formulario, llama al servicio y vuelve al detalle;
    con error, muestra el detalle con el formulario y su mensaje (nada se guardó)."""
    solicitud = _solicitud_para(request, pk)
    form = formulario(request.POST, request.FILES)
    if form.is_valid():
        try:
            mensaje = ejecutar(solicitud, form.cleaned_data)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, mensaje)
            return redirect(_url(request, "detalle", pk=pk))
    return _detalle(request, pk, **{str(form.prefix): form})


@require_POST
@rol_requerido(permisos.CAPTURA)
def evento(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    def registrar(solicitud: Solicitud, datos: dict[str, Any]) -> str:
        evento = evento_registrar(
            solicitud=solicitud,
            tipo=datos["tipo"],
            fecha=datos["fecha"],
            detalle=datos["detalle"],
            tipo_respuesta=datos["tipo_respuesta"],
            modalidad_entrega=datos["modalidad_entrega"],
            registrado_por=request.user,
            archivos=datos["archivos"],
        )
        return f"Se registró «{evento.get_tipo_display()}»."

    return _accion(request, pk, EventoForm, registrar)


@require_POST
@rol_requerido(permisos.CAPTURA)
def turnar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    def turnar_a(solicitud: Solicitud, datos: dict[str, Any]) -> str:
        turnos = solicitud_turnar(
            solicitud=solicitud,
            areas=list(datos["areas"]),
            fecha=datos["fecha"],
            instrucciones=datos["instrucciones"],
            emitido_por=request.user,
        )
        # Cada área recibe su oficio de turno por correo, con la liga para responder.
        for turno in turnos:
            turno_documentar(turno=turno, usuario=request.user, fecha=datos["fecha"])
        return "Se turnó: " + "; ".join(
            f"{t.unidad_administrativa} (oficio {t.oficio.folio})" for t in turnos
        )

    return _accion(request, pk, TurnarForm, turnar_a)


@require_POST
@rol_requerido(permisos.CAPTURA)
def comite(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    def resolver(solicitud: Solicitud, datos: dict[str, Any]) -> str:
        resolucion: ResolucionComite = comite_resolver(solicitud=solicitud, **datos)
        return f"Se registró la resolución del Comité: {resolucion}."

    return _accion(request, pk, ComiteForm, resolver)


# --- Archivos ------------------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.TODOS)
def adjunto(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    archivo: Adjunto = get_object_or_404(_adjuntos_visibles(request), pk=pk)
    return FileResponse(archivo.archivo.open("rb"), as_attachment=True, filename=archivo.nombre)


@require_POST
@rol_requerido(permisos.CAPTURA)
def adjunto_datos_personales(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """Marca o desmarca que un archivo contiene datos personales (queda en la bitácora)."""
    archivo: Adjunto = get_object_or_404(Adjunto, pk=pk)
    archivo.datos_personales = request.POST.get("datos_personales") == "1"
    archivo.save(update_fields=["datos_personales"])
    if archivo.datos_personales:
        mensaje = f"«{archivo.nombre}» contiene datos personales: sólo lo ve la Unidad."
    else:
        mensaje = f"«{archivo.nombre}» ya no está marcado: lo ven el garante y, si es de un turno o el escrito, el área turnada."
    messages.success(request, mensaje)
    return redirect(_url(request, "detalle", pk=archivo.solicitud_id) + "#titulo-archivos")


# --- Turnos --------------------------------------------------------------------------------


ENCABEZADOS_TURNOS = [
    "Solicitud",
    "Área",
    "Oficio de turno",
    "Fecha de turno",
    "Plazo interno",
    "Semáforo",
    "Fecha de respuesta",
    "Oficio de respuesta",
    "No competente",
]


# Un turno pendiente: el área todavía debe responder (ni respondió ni se cerró).
PENDIENTE = Q(fecha_respuesta__isnull=True, cerrado__isnull=True)


@require_GET
@rol_requerido(permisos.TODOS)
def turnos(request: PeticionDeAyuntamiento) -> HttpResponse:
    """La bandeja del enlace (sólo su área) o, para la Unidad, todos los turnos por área."""
    es_enlace = _es_enlace(request)
    corte = corte_semaforo(request.ayuntamiento)
    filtro = FiltroTurnosForm(request.GET or None, con_area=not es_enlace)
    lista = Turno.objects.select_related(
        "solicitud", "unidad_administrativa", "oficio", "oficio_respuesta"
    ).order_by(F("fecha_respuesta").desc(nulls_first=True), "vence", "pk")
    if es_enlace:
        lista = lista.filter(unidad_administrativa_id=_area_del_enlace(request))
        # Lo que se cerró sin respuesta sale de la bandeja del área (salvo que lo pida).
        if filtro.data.get("estado") != "cerrados":
            lista = lista.filter(cerrado__isnull=True)
    if filtro.is_valid():
        datos = filtro.cleaned_data
        if datos["estado"] == "pendientes":
            lista = lista.filter(PENDIENTE)
        elif datos["estado"] == "respondidos":
            lista = lista.filter(fecha_respuesta__isnull=False)
        elif datos["estado"] == "cerrados":
            lista = lista.filter(cerrado__isnull=False)
        if datos["semaforo"]:
            lista = lista.filter(corte.filtro(datos["semaforo"]), PENDIENTE)
        if datos.get("area"):
            lista = lista.filter(unidad_administrativa=datos["area"])

    def color(turno: Turno) -> str | None:
        return semaforo(turno.vence, corte.hoy, corte.limite) if turno.pendiente else None

    formato = request.GET.get("formato")
    if formato:
        return respuesta_tabla(
            nombre=f"turnos-{request.ayuntamiento.slug}",
            encabezados=ENCABEZADOS_TURNOS,
            filas=(
                [
                    t.solicitud.folio,
                    t.unidad_administrativa.nombre,
                    t.oficio.folio,
                    t.fecha,
                    t.vence,
                    Semaforo(c).label if (c := color(t)) else "",
                    t.fecha_respuesta,
                    t.oficio_respuesta.folio if t.oficio_respuesta else "",
                    _si_no(t.no_competente) if t.fecha_respuesta else "",
                ]
                for t in lista.iterator(chunk_size=2000)
            ),
            formato=formato,
        )
    pagina = Paginator(lista, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "solicitudes/turnos.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "filas": [(t, color(t)) for t in pagina],
            "es_enlace": es_enlace,
        },
    )


@GET_POST
@rol_requerido(permisos.TODOS)
def turno_detalle(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    turno = _turno_para(request, pk)
    puede_responder = request.rol in RESPONDEN_TURNOS
    if request.method == "POST" and not puede_responder:
        raise PermissionDenied("Su rol no permite responder turnos.")
    form = RespuestaTurnoForm(
        request.POST or None,
        request.FILES or None,
        initial={"fecha": hoy_local(request.ayuntamiento)},
    )
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        try:
            turno_responder(
                turno=turno,
                fecha=datos["fecha"],
                respuesta=datos["respuesta"],
                no_competente=datos["no_competente"],
                respondido_por=request.user,
                archivos=datos["archivos"],
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            turno_respondido_avisar(turno)  # la Unidad, por correo
            assert turno.oficio_respuesta is not None
            messages.success(
                request, f"Se registró la respuesta con el oficio {turno.oficio_respuesta.folio}."
            )
            return redirect(_url(request, "turno_detalle", pk=turno.pk))
    solicitud = turno.solicitud
    corte = corte_semaforo(request.ayuntamiento)
    # Lo que el área necesita: el escrito de la solicitud y los archivos de su propio turno,
    # sin los que contienen datos personales (salvo para la Unidad).
    adjuntos = (
        _adjuntos_visibles(request)
        .filter(Q(turno=turno) | Q(turno__isnull=True, evento__isnull=True), solicitud=solicitud)
        .select_related("subido_por")
    )
    return render(
        request,
        "solicitudes/turno_detalle.html",
        {
            "turno": turno,
            "solicitud": solicitud,
            "recibida": recibida_local(solicitud),
            "plazos": plazos_de(TipoExpediente.TURNO, turno.pk, corte),
            "retirar_form": RetirarTurnoForm(initial={"fecha": corte.hoy})
            if request.rol in permisos.CAPTURA and turno.pendiente
            else None,
            "adjuntos": adjuntos,
            "color": semaforo(turno.vence, corte.hoy, corte.limite) if turno.pendiente else None,
            # Respondido, el formulario sólo vuelve para mostrar por qué no se guardó.
            "form": form if puede_responder and (turno.pendiente or form.is_bound) else None,
            "ve_solicitud": request.rol in permisos.UNIDAD_Y_GARANTE,
        },
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def turno_retirar_vista(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    turno = _turno_para(request, pk)
    form = RetirarTurnoForm(request.POST)
    if form.is_valid():
        try:
            turno_retirar(turno=turno, **form.cleaned_data)
        except ValidationError as error:
            errores_al_formulario(form, error)
    if form.errors:
        errores = " ".join(str(m) for mensajes in form.errors.values() for m in mensajes)
        messages.error(request, f"No se retiró el turno: {errores}")
    else:
        messages.success(
            request,
            f"Se retiró el turno a {turno.unidad_administrativa}: ya no está en su bandeja.",
        )
    return redirect(_url(request, "turno_detalle", pk=turno.pk))


rutas = [
    path("", lista, name="lista"),
    path("nueva/", nueva, name="nueva"),
    path("<int:pk>/", detalle, name="detalle"),
    path("<int:pk>/editar/", editar, name="editar"),
    path("<int:pk>/evento/", evento, name="evento"),
    path("<int:pk>/turnar/", turnar, name="turnar"),
    path("<int:pk>/comite/", comite, name="comite"),
    path("turnos/", turnos, name="turnos"),
    path("turnos/<int:pk>/", turno_detalle, name="turno_detalle"),
    path("turnos/<int:pk>/retirar/", turno_retirar_vista, name="turno_retirar"),
    path("adjuntos/<int:pk>/", adjunto, name="adjunto"),
    path(
        "adjuntos/<int:pk>/datos-personales/",
        adjunto_datos_personales,
        name="adjunto_datos_personales",
    ),
]
