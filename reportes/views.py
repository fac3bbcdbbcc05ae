"""Las páginas de reportes del ayuntamiento y la del garante.

Del ayuntamiento (`/<slug>/reportes/…`): la Unidad (titular, personal, consulta) y el
garante ven la lista, el avance de una generación (htmx, sin recargar), descargan el PDF y
sus tablas en CSV/XLSX; titular y personal piden y regeneran; la configuración de firmas y
destinatarios es de la persona titular. Los enlaces de área no tienen reportes (403).

Un reporte es un borrador hasta que la persona titular lo emite (toma su número de oficio):
el garante sólo ve los emitidos, aquí y en su página.

Del garante (`/garante/<id>/reportes/`): los reportes emitidos de todos sus ayuntamientos;
cada descarga pasa por la vista del ayuntamiento, que vuelve a verificar el acceso.

Los archivos nunca se sirven desde una URL pública de medios: sólo `descargar`, y sólo
los que están `listo` (un archivo a medio escribir nunca tiene ese estado)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scopes_disabled

from organizacion import permisos
from organizacion.exportar import respuesta_tabla
from organizacion.forms import errores_al_formulario
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import Ayuntamiento, Rol, hoy_local
from organizacion.permisos import garante_del_usuario, rol_requerido

from .envios import envios_enviar_ahora
from .forms import ConfiguracionForm, DestinatarioForm, RemisionForm, ReporteForm
from .generacion import avisos_de, configuracion_de
from .models import Destinatario, EstadoReporte, RemisionReporte, Reporte, TipoReporte
from .servicios import reporte_emitir, reporte_solicitar
from .tipos.base import Tabla

GET_POST = require_http_methods(["GET", "POST"])


ESPERA_DEL_SERVICIO = (
    "Se registró su solicitud; se generará en cuanto el servicio de tareas vuelva. "
    "No hace falta pedirla otra vez."
)


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs) -> str:
    return reverse(
        f"reportes:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


def _visibles(request: PeticionDeAyuntamiento) -> QuerySet[Reporte]:
    """Los reportes que ve el rol: el garante, sólo los emitidos (un borrador no tiene
    validez ni número); la Unidad, también sus borradores."""
    reportes = Reporte.objects.all()
    if request.rol not in permisos.UNIDAD:
        reportes = reportes.filter(emitido__isnull=False)
    return reportes


def _reporte(request: PeticionDeAyuntamiento, pk: int) -> Reporte:
    # Dentro del ámbito del ayuntamiento: el de otro da 404; un borrador, al garante también.
    return get_object_or_404(
        _visibles(request).select_related("solicitado_por", "oficio", "emitido_por"), pk=pk
    )


@GET_POST
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def lista(request: PeticionDeAyuntamiento) -> HttpResponse:
    hoy = hoy_local(request.ayuntamiento)
    puede_pedir = request.rol in permisos.CAPTURA
    form = ReporteForm(
        request.POST if request.method == "POST" else None,
        hoy=hoy,
        initial={"anio": hoy.year, "periodo": (hoy.month - 1) // 3 + 1},
    )
    if request.method == "POST":
        if not puede_pedir:
            raise PermissionDenied("Su rol no permite pedir reportes.")
        if form.is_valid():
            datos = form.cleaned_data
            try:
                reporte = reporte_solicitar(
                    ayuntamiento=request.ayuntamiento,
                    tipo=datos["tipo"],
                    anio=datos["anio"],
                    periodo=datos["periodo"],
                    hoy=hoy,
                    usuario=request.user,
                )
            except ValidationError as error:
                errores_al_formulario(form, error)
            else:
                _avisar_si_quedo_en_espera(request, reporte, f"Se está generando: {reporte}.")
                return redirect(_url(request, "detalle", pk=reporte.pk))
    reportes = _visibles(request).select_related("solicitado_por")
    tipo = request.GET.get("tipo")
    if tipo:
        reportes = reportes.filter(tipo=tipo)
    pagina = Paginator(reportes, 30).get_page(request.GET.get("pagina"))
    return render(
        request,
        "reportes/lista.html",
        {
            "form": form,
            "pagina": pagina,
            "puede_pedir": puede_pedir,
            "avisos": avisos_de(configuracion_de(request.ayuntamiento)),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def detalle(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    reporte = _reporte(request, pk)
    versiones = (
        _visibles(request)
        .filter(tipo=reporte.tipo, anio=reporte.anio, periodo=reporte.periodo)
        .select_related("solicitado_por")
    )
    return render(
        request,
        "reportes/detalle.html",
        {
            "reporte": reporte,
            "versiones": versiones,
            "tablas": [Tabla.de_dato(t) for t in reporte.tablas],
            "puede_pedir": request.rol in permisos.CAPTURA,
            "puede_emitir": request.rol == Rol.TITULAR,
            "envios": reporte.envios.order_by("correo"),
        },
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def estado(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """El fragmento que htmx consulta cada dos segundos mientras el reporte se genera."""
    return render(request, "reportes/_estado.html", {"reporte": _reporte(request, pk)})


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def descargar(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    reporte = _reporte(request, pk)
    if reporte.estado != EstadoReporte.LISTO or not reporte.archivo:
        raise Http404("Ese reporte no tiene un PDF listo.")
    return FileResponse(
        reporte.archivo.open("rb"),
        as_attachment=True,
        filename=f"{request.ayuntamiento.slug}-{reporte.nombre_archivo}",
        content_type="application/pdf",
    )


@require_GET
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def tabla(request: PeticionDeAyuntamiento, pk: int, clave: str, formato: str) -> HttpResponse:
    """Una tabla del reporte como datos abiertos: las cifras guardadas al generarlo, las
    mismas que imprime el PDF."""
    reporte = _reporte(request, pk)
    elegida = next((t for t in reporte.tablas if t["clave"] == clave), None)
    if reporte.estado != EstadoReporte.LISTO or elegida is None:
        raise Http404("Ese reporte no tiene esa tabla.")
    return respuesta_tabla(
        nombre=f"{request.ayuntamiento.slug}-{reporte.tipo}-{reporte.anio}-{reporte.periodo}-v{reporte.version}-{clave}",
        encabezados=elegida["columnas"],
        filas=elegida["renglones"],
        formato=formato,
    )


@require_POST
@rol_requerido(permisos.CAPTURA)
def regenerar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """Una versión nueva con los datos de hoy; la anterior (quizá ya entregada) se queda."""
    anterior = _reporte(request, pk)
    nuevo = reporte_solicitar(
        ayuntamiento=request.ayuntamiento,
        tipo=anterior.tipo,
        anio=anterior.anio,
        periodo=anterior.periodo,
        hoy=hoy_local(request.ayuntamiento),
        usuario=request.user,
    )
    _avisar_si_quedo_en_espera(request, nuevo, f"Se está generando la versión {nuevo.version}.")
    return redirect(_url(request, "detalle", pk=nuevo.pk))


def _avisar_si_quedo_en_espera(request: HttpRequest, reporte: Reporte, generando: str) -> None:
    """`reporte_solicitar` anota `encolado` cuando el broker recibió la tarea; si no la
    recibió, la fila ya está guardada y el rescate de cada minuto la entrega después."""
    if reporte.encolado is None:
        messages.warning(request, ESPERA_DEL_SERVICIO)
    else:
        messages.success(request, generando)


@require_POST
@rol_requerido(permisos.TITULAR)
def emitir(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """La persona titular emite el borrador revisado: toma su número de oficio y se genera
    con él; emitir otra vez no toma otro número."""
    reporte = _reporte(request, pk)
    try:
        reporte = reporte_emitir(
            reporte_id=reporte.pk, usuario=request.user, hoy=hoy_local(request.ayuntamiento)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if reporte.emitido is not None:
            messages.info(request, f"Ya estaba emitido con el oficio {reporte.oficio}.")
        else:
            _avisar_si_quedo_en_espera(
                request,
                reporte,
                f"Emitido con el oficio {reporte.oficio}: se está generando con su número.",
            )
    return redirect(_url(request, "detalle", pk=pk))


@require_POST
@rol_requerido(permisos.CAPTURA)
def enviar_ahora(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """Manda esta versión a los destinatarios de su tipo sin esperar la fecha programada."""
    reporte = _reporte(request, pk)
    try:
        resumen = envios_enviar_ahora(reporte)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        partes = []
        if resumen.encolados:
            partes.append(f"Se está enviando a {resumen.encolados} destinatario(s)")
        if resumen.ya_enviados:
            partes.append(f"{resumen.ya_enviados} ya lo había(n) recibido y no se le repite")
        messages.success(request, "; ".join(partes) + ".")
    return redirect(_url(request, "detalle", pk=pk))


@GET_POST
@rol_requerido(permisos.TITULAR)
def configuracion(request: PeticionDeAyuntamiento) -> HttpResponse:
    datos = request.POST if request.method == "POST" else None
    actual = configuracion_de(request.ayuntamiento)
    form = ConfiguracionForm(
        datos if "guardar_configuracion" in (datos or {}) else None, instance=actual
    )
    nuevo = DestinatarioForm(
        datos if "agregar_destinatario" in (datos or {}) else None,
        ayuntamiento=request.ayuntamiento,
        prefix="destinatario",
    )
    remision = RemisionForm(
        datos if "guardar_remision" in (datos or {}) else None,
        instance=_remision_del_tipo(
            request.ayuntamiento, datos.get("remision-tipo") if datos else None
        ),
        prefix="remision",
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Configuración de reportes guardada.")
        return redirect(_url(request, "configuracion"))
    if nuevo.is_bound and nuevo.is_valid():
        nuevo.save()
        messages.success(request, f"{nuevo.instance.correo} recibirá ese reporte.")
        return redirect(_url(request, "configuracion"))
    if remision.is_bound and remision.is_valid():
        remision.save()
        messages.success(
            request, f"Destinatario y firmas del {remision.instance.get_tipo_display()} guardados."
        )
        return redirect(_url(request, "configuracion"))
    return render(
        request,
        "reportes/configuracion.html",
        {
            "form": form,
            "nuevo": nuevo,
            "remision": remision,
            "destinatarios": Destinatario.objects.all(),
            "remisiones": [
                (TipoReporte(tipo).label, configuracion_de(request.ayuntamiento, tipo))
                for tipo in TipoReporte.values
            ],
        },
        status=400 if form.errors or nuevo.errors or remision.errors else 200,
    )


def _remision_del_tipo(ayuntamiento: Ayuntamiento, tipo: str | None) -> RemisionReporte:
    """La fila de ese tipo, para editarla; si no hay (o el tipo no existe: lo rechaza el
    formulario), una nueva."""
    existente = RemisionReporte.objects.filter(ayuntamiento=ayuntamiento, tipo=tipo or "").first()
    return existente or RemisionReporte(ayuntamiento=ayuntamiento)


@require_POST
@rol_requerido(permisos.TITULAR)
def destinatario_quitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    destinatario = get_object_or_404(Destinatario, pk=pk)
    destinatario.delete()
    messages.success(request, f"{destinatario.correo} ya no recibirá ese reporte.")
    return redirect(_url(request, "configuracion"))


@login_required
@require_GET
def garante(request: HttpRequest, garante: int) -> HttpResponse:
    """Los reportes emitidos de los ayuntamientos del garante. Sin middleware que cuide (no
    hay ayuntamiento en la URL): `garante_del_usuario` exige la membresía o da 404."""
    el_garante = garante_del_usuario(request, garante)
    with scopes_disabled():
        ayuntamientos = Ayuntamiento.objects.filter(garante=el_garante, activo=True)
        reportes = Reporte.objects.filter(
            ayuntamiento__in=ayuntamientos, estado=EstadoReporte.LISTO, emitido__isnull=False
        ).select_related("ayuntamiento", "oficio")
        elegido = request.GET.get("ayuntamiento")
        if elegido:
            reportes = reportes.filter(ayuntamiento__slug=elegido)
        pagina = Paginator(reportes.order_by("-terminado", "-pk"), 50).get_page(
            request.GET.get("pagina")
        )
        return render(
            request,
            "reportes/garante.html",
            {
                "garante": el_garante,
                "ayuntamientos": list(ayuntamientos),
                "elegido": elegido,
                "pagina": pagina,
            },
        )


rutas = [
    path("", lista, name="lista"),
    path("configuracion/", configuracion, name="configuracion"),
    path("destinatarios/<int:pk>/quitar/", destinatario_quitar, name="destinatario_quitar"),
    path("<int:pk>/", detalle, name="detalle"),
    path("<int:pk>/estado/", estado, name="estado"),
    path("<int:pk>/descargar/", descargar, name="descargar"),
    path("<int:pk>/regenerar/", regenerar, name="regenerar"),
    path("<int:pk>/emitir/", emitir, name="emitir"),
    path("<int:pk>/enviar/", enviar_ahora, name="enviar_ahora"),
    path("<int:pk>/tablas/<slug:clave>.<str:formato>", tabla, name="tabla"),
]
