"""Vistas de organizacion: elegir ayuntamiento, su portada y las páginas de la titular
(áreas, usuarios, días inhábiles, plazos) y el registro de oficios.

Cada vista corre dentro del ámbito del ayuntamiento que abrió el middleware: un
`get_object_or_404` sobre un modelo de inquilino nunca encuentra objetos ajenos.
"""

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_scopes import scopes_disabled

from . import permisos
from .calendario import FUNDAMENTO_FIN_DE_SEMANA, calendario_para
from .colas import entregar
from .forms import (
    AplicarPresetForm,
    AreaForm,
    AyuntamientoForm,
    DiaInhabilForm,
    FiltroOficiosForm,
    MembresiaForm,
    OficioForm,
    PlazosForm,
)
from .middleware import PeticionDeAyuntamiento
from .models import (
    Ambito,
    Ayuntamiento,
    ConfiguracionPlazos,
    DiaInhabil,
    Membresia,
    MembresiaGarante,
    Oficio,
    UnidadAdministrativa,
    Usuario,
    hoy_local,
)
from .permisos import rol_requerido
from .plazos import afectados_por_dias, afectados_por_reglas
from .servicios import membresia_guardar, oficio_emitir
from .tasks import enviar_invitacion

GET_POST = require_http_methods(["GET", "POST"])


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs) -> str:
    return reverse(
        f"organizacion:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs}
    )


# --- Entrada -------------------------------------------------------------------------------


@login_required
@require_GET
def inicio(request: HttpRequest) -> HttpResponse:
    """Después de entrar: quien tiene un solo ayuntamiento va directo a él; quien tiene
    varios, o es usuario de un garante, elige."""
    usuario = cast(Usuario, request.user)
    with scopes_disabled():
        membresias = list(
            Membresia.objects.filter(usuario=usuario, ayuntamiento__activo=True)
            .select_related("ayuntamiento")
            .order_by("ayuntamiento__nombre")
        )
        garantes = list(
            MembresiaGarante.objects.filter(usuario=usuario)
            .select_related("garante")
            .order_by("garante__nombre")
        )
        supervisados = list(
            Ayuntamiento.objects.filter(
                garante__in=[m.garante for m in garantes], activo=True
            ).select_related("garante")
        )
    if len(membresias) == 1 and not garantes:
        return redirect("organizacion:tablero", ayuntamiento=membresias[0].ayuntamiento.slug)
    return render(
        request,
        "organizacion/inicio.html",
        {"membresias": membresias, "garantes": garantes, "supervisados": supervisados},
    )


@require_GET
@rol_requerido(permisos.TODOS)
def tablero(request: PeticionDeAyuntamiento) -> HttpResponse:
    ayuntamiento = request.ayuntamiento
    hoy = hoy_local(ayuntamiento)
    proximos_inhabiles = (
        DiaInhabil.objects.aplicables_a(ayuntamiento)
        .filter(fecha_fin__gte=hoy)
        .order_by("fecha_inicio")[:5]
    )
    ultimos_oficios = (
        Oficio.objects.order_by("-creado")[:5] if request.rol in permisos.UNIDAD else []
    )
    return render(
        request,
        "organizacion/tablero.html",
        {"hoy": hoy, "proximos_inhabiles": proximos_inhabiles, "ultimos_oficios": ultimos_oficios},
    )


@GET_POST
@rol_requerido(permisos.TITULAR)
def ayuntamiento_editar(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = AyuntamientoForm(
        request.POST or None, request.FILES or None, instance=request.ayuntamiento
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Se guardaron los datos del ayuntamiento.")
        return redirect(_url(request, "ayuntamiento_editar"))
    return render(request, "organizacion/ayuntamiento_form.html", {"form": form})


# --- Áreas ---------------------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.UNIDAD)
def areas(request: PeticionDeAyuntamiento) -> HttpResponse:
    lista = UnidadAdministrativa.objects.prefetch_related("enlaces__usuario").order_by(
        "-activa", "nombre"
    )
    return render(request, "organizacion/areas.html", {"areas": lista})


@GET_POST
@rol_requerido(permisos.TITULAR)
def area_editar(request: PeticionDeAyuntamiento, pk: int | None = None) -> HttpResponse:
    area = get_object_or_404(UnidadAdministrativa, pk=pk) if pk else None
    form = AreaForm(request.POST or None, instance=area, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Área «{form.instance.nombre}» guardada.")
        return redirect(_url(request, "areas"))
    return render(request, "organizacion/area_form.html", {"form": form, "area": area})


# --- Usuarios y roles ----------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.TITULAR)
def usuarios(request: PeticionDeAyuntamiento) -> HttpResponse:
    lista = Membresia.objects.select_related("usuario", "unidad_administrativa").order_by(
        "rol", "usuario__nombre"
    )
    return render(request, "organizacion/usuarios.html", {"membresias": lista})


@GET_POST
@rol_requerido(permisos.TITULAR)
def usuario_editar(request: PeticionDeAyuntamiento, pk: int | None = None) -> HttpResponse:
    membresia = (
        get_object_or_404(Membresia.objects.select_related("usuario"), pk=pk) if pk else None
    )
    form = MembresiaForm(
        request.POST or None, ayuntamiento=request.ayuntamiento, membresia=membresia
    )
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        if (
            membresia is not None
            and membresia.usuario_id == request.user.pk
            and datos["rol"] != membresia.rol
        ):
            form.add_error("rol", "No puede cambiar su propio rol: pídalo a otra persona titular.")
        else:
            membresia_anterior = membresia
            membresia, nuevo = membresia_guardar(
                ayuntamiento=request.ayuntamiento,
                email=datos["email"],
                nombre=datos["nombre"],
                cargo=datos["cargo"],
                rol=datos["rol"],
                unidad_administrativa=datos["unidad_administrativa"],
                membresia=membresia,
            )
            if membresia_anterior is None:
                # El mismo aviso, tuviera o no cuenta el correo: la página no lo delata.
                # membresia_guardar ya confirmó su transacción: el worker encuentra la fila.
                invitada = entregar(
                    enviar_invitacion, membresia.usuario_id, request.ayuntamiento.pk, nuevo
                )
                acceso = f"Se dio acceso a {datos['email']} como {membresia.get_rol_display()}"
                if invitada:
                    messages.success(
                        request, f"{acceso}; recibirá un correo con las instrucciones para entrar."
                    )
                else:
                    messages.warning(request, f"{acceso}. {INVITACION_PENDIENTE}")
            else:
                messages.success(request, f"Se guardaron los datos de {membresia.usuario}.")
            return redirect(_url(request, "usuarios"))
    return render(request, "organizacion/usuario_form.html", {"form": form, "membresia": membresia})


# Lo que se dice cuando el broker no recibió el correo de la invitación.
INVITACION_PENDIENTE = (
    "El correo con las instrucciones no salió porque el servicio de tareas no responde; "
    "reenvíelo desde la lista de usuarios en unos minutos."
)


@require_POST
@rol_requerido(permisos.TITULAR)
def usuario_invitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """Reenvía la invitación: a quien nunca ha entrado, el enlace para crear su contraseña;
    a quien ya entró, el aviso con la dirección para entrar."""
    membresia: Membresia = get_object_or_404(Membresia.objects.select_related("usuario"), pk=pk)
    usuario = membresia.usuario
    if entregar(enviar_invitacion, usuario.pk, request.ayuntamiento.pk, usuario.last_login is None):
        messages.success(request, f"Se reenvió la invitación a {usuario.email}.")
    else:
        messages.warning(request, INVITACION_PENDIENTE)
    return redirect(_url(request, "usuarios"))


@require_POST
@rol_requerido(permisos.TITULAR)
def usuario_quitar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    membresia: Membresia = get_object_or_404(Membresia.objects.select_related("usuario"), pk=pk)
    if membresia.usuario_id == request.user.pk:
        messages.error(request, "No puede quitarse a sí misma del ayuntamiento.")
    else:
        membresia.delete()
        messages.success(
            request, f"{membresia.usuario} ya no tiene acceso a {request.ayuntamiento}."
        )
    return redirect(_url(request, "usuarios"))


# --- Días inhábiles ------------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.TODOS)
def dias_inhabiles(request: PeticionDeAyuntamiento) -> HttpResponse:
    hoy = hoy_local(request.ayuntamiento)
    try:
        anio = int(request.GET.get("anio", hoy.year))
    except ValueError:
        anio = hoy.year
    if not 2000 <= anio <= 2100:
        anio = hoy.year
    calendario = calendario_para(request.ayuntamiento)
    omitidos = [
        dia
        for dia in calendario.explicar(date(anio - 1, 12, 31), date(anio, 12, 31))
        if dia.fundamento != FUNDAMENTO_FIN_DE_SEMANA
    ]
    declarados = (
        DiaInhabil.objects.aplicables_a(request.ayuntamiento)
        .filter(fecha_inicio__year__lte=anio, fecha_fin__year__gte=anio)
        .select_related("garante")
    )
    return render(
        request,
        "organizacion/dias_inhabiles.html",
        {
            "anio": anio,
            "omitidos": omitidos,
            "declarados": declarados,
            "Ambito": Ambito,
            "puede_editar": request.rol in permisos.TITULAR,
        },
    )


def _dia_propio(pk: int, ayuntamiento: Ayuntamiento) -> DiaInhabil:
    """Sólo los días que declaró el propio ayuntamiento se editan aquí; los nacionales y los
    del garante los mantienen los operadores en el admin."""
    return get_object_or_404(
        DiaInhabil, pk=pk, ambito=Ambito.AYUNTAMIENTO, ayuntamiento=ayuntamiento
    )


def _aviso_de_cambio(corriendo: int, concluidos: int) -> str:
    """Lo que se le dice a quien cambia el calendario o los plazos antes de confirmar."""
    return (
        f"Este cambio cruza {corriendo} expediente{'s' if corriendo != 1 else ''} con plazos "
        f"que corren (se recalcularán) y {concluidos} con plazos ya concluidos, que no "
        "cambian: se juzgaron con el calendario y los plazos vigentes mientras corrían."
    )


def _afectados_por_dia(ayuntamiento: Ayuntamiento, *dias: DiaInhabil) -> tuple[int, int]:
    """Expedientes cuyos plazos cruzan alguno de los rangos (el anterior y el nuevo)."""
    corriendo = concluidos = 0
    for dia in dias:
        a, b = afectados_por_dias(
            ayuntamiento, dia.fecha_inicio, dia.fecha_fin, dia.procedimientos or ()
        )
        corriendo, concluidos = max(corriendo, a), max(concluidos, b)
    return corriendo, concluidos


@GET_POST
@rol_requerido(permisos.TITULAR)
def dia_inhabil_editar(request: PeticionDeAyuntamiento, pk: int | None = None) -> HttpResponse:
    dia = _dia_propio(pk, request.ayuntamiento) if pk else None
    anterior = DiaInhabil.objects.get(pk=dia.pk) if dia else None
    form = DiaInhabilForm(request.POST or None, instance=dia, ayuntamiento=request.ayuntamiento)
    aviso = ""
    if request.method == "POST" and form.is_valid():
        rangos = [d for d in (anterior, form.instance) if d is not None]
        corriendo, concluidos = _afectados_por_dia(request.ayuntamiento, *rangos)
        # Un cambio que cruza plazos ya concluidos se confirma: se dice qué toca y qué no.
        if concluidos and request.POST.get("confirmar") != "1":
            aviso = _aviso_de_cambio(corriendo, concluidos)
        else:
            form.save()
            messages.success(request, f"Día inhábil guardado: {form.instance}.")
            return redirect(
                _url(request, "dias_inhabiles") + f"?anio={form.instance.fecha_inicio.year}"
            )
    return render(
        request, "organizacion/dia_inhabil_form.html", {"form": form, "dia": dia, "aviso": aviso}
    )


@GET_POST
@rol_requerido(permisos.TITULAR)
def dia_inhabil_eliminar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """GET: qué tocaría eliminarlo; POST: lo elimina."""
    dia = _dia_propio(pk, request.ayuntamiento)
    if request.method == "POST":
        dia.delete()
        messages.success(request, f"Se eliminó el día inhábil {dia}.")
        return redirect(_url(request, "dias_inhabiles") + f"?anio={dia.fecha_inicio.year}")
    corriendo, concluidos = _afectados_por_dia(request.ayuntamiento, dia)
    return render(
        request,
        "organizacion/dia_inhabil_eliminar.html",
        {"dia": dia, "aviso": _aviso_de_cambio(corriendo, concluidos)},
    )


# --- Plazos legales ------------------------------------------------------------------------


@GET_POST
@rol_requerido(permisos.UNIDAD_Y_GARANTE)
def plazos(request: PeticionDeAyuntamiento) -> HttpResponse:
    configuracion: ConfiguracionPlazos = get_object_or_404(
        ConfiguracionPlazos.objects.select_related("preset")
    )
    if request.method == "POST" and request.rol not in permisos.TITULAR:
        raise PermissionDenied("Sólo la persona titular puede cambiar los plazos.")
    form = PlazosForm(request.POST or None, instance=configuracion)
    aviso = ""
    if request.method == "POST" and form.is_valid():
        corriendo, concluidos = afectados_por_reglas(request.ayuntamiento, form.changed_data)
        if concluidos and request.POST.get("confirmar") != "1":
            aviso = _aviso_de_cambio(corriendo, concluidos)
        else:
            form.save()
            messages.success(
                request,
                "Plazos guardados. Se recalculan los plazos que corren; los concluidos no cambian.",
            )
            return redirect(_url(request, "plazos"))
    return _pagina_de_plazos(request, configuracion, form, aviso=aviso)


def _pagina_de_plazos(
    request: PeticionDeAyuntamiento,
    configuracion: ConfiguracionPlazos,
    form: PlazosForm,
    *,
    aviso: str = "",
    aviso_preset: str = "",
    preset_id: int | None = None,
) -> HttpResponse:
    return render(
        request,
        "organizacion/plazos.html",
        {
            "form": form,
            "aviso": aviso,
            "aviso_preset": aviso_preset,
            "preset_elegido": preset_id or configuracion.preset_id,
            "configuracion": configuracion,
            "puede_editar": request.rol in permisos.TITULAR,
            "preset_form": AplicarPresetForm(),
        },
    )


@require_POST
@rol_requerido(permisos.TITULAR)
def plazos_preset(request: PeticionDeAyuntamiento) -> HttpResponse:
    configuracion = get_object_or_404(ConfiguracionPlazos)
    form = AplicarPresetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Elija un marco legal de la lista.")
        return redirect(_url(request, "plazos"))
    preset = form.cleaned_data["preset"]
    # Como al editar un plazo a mano: si el marco cambia plazos con los que ya se juzgaron
    # expedientes concluidos, se dice cuántos toca antes de aplicarlo.
    cambian = [c for c, v in preset.terminos().items() if getattr(configuracion, c) != v]
    corriendo, concluidos = afectados_por_reglas(request.ayuntamiento, cambian)
    if concluidos and request.POST.get("confirmar") != "1":
        return _pagina_de_plazos(
            request,
            configuracion,
            PlazosForm(instance=configuracion),
            aviso_preset=_aviso_de_cambio(corriendo, concluidos),
            preset_id=preset.pk,
        )
    configuracion.aplicar_preset(preset)
    configuracion.save()
    messages.success(request, f"Se aplicaron los plazos de «{configuracion.preset}».")
    return redirect(_url(request, "plazos"))


# --- Oficios -------------------------------------------------------------------------------


@require_GET
@rol_requerido(permisos.UNIDAD)
def oficios(request: PeticionDeAyuntamiento) -> HttpResponse:
    filtro = FiltroOficiosForm(request.GET or None)
    lista = Oficio.objects.select_related("emitido_por")
    if filtro.is_valid():
        datos = filtro.cleaned_data
        if datos["anio"]:
            lista = lista.filter(anio=datos["anio"])
        if datos["serie"]:
            lista = lista.filter(serie=datos["serie"].strip().upper())
        if datos["q"]:
            lista = lista.filter(
                Q(folio__icontains=datos["q"])
                | Q(asunto__icontains=datos["q"])
                | Q(destinatario__icontains=datos["q"])
            )
    pagina = Paginator(lista, 50).get_page(request.GET.get("pagina"))
    series = Oficio.objects.order_by("serie").values_list("serie", flat=True).distinct()
    return render(
        request,
        "organizacion/oficios.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "series": series,
            "puede_emitir": request.rol in permisos.CAPTURA,
        },
    )


@GET_POST
@rol_requerido(permisos.CAPTURA)
def oficio_nuevo(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = OficioForm(
        request.POST or None,
        request.FILES or None,
        initial={"fecha": hoy_local(request.ayuntamiento)},
    )
    if request.method == "POST" and form.is_valid():
        oficio = oficio_emitir(
            ayuntamiento=request.ayuntamiento, emitido_por=request.user, **form.cleaned_data
        )
        messages.success(request, f"Se emitió el oficio {oficio.folio}.")
        return redirect(_url(request, "oficios"))
    return render(request, "organizacion/oficio_form.html", {"form": form})


@require_GET
@rol_requerido(permisos.UNIDAD)
def oficio_archivo(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    oficio = get_object_or_404(Oficio, pk=pk)
    if not oficio.archivo:
        raise Http404("El oficio no tiene archivo.")
    extension = (oficio.archivo.name or "").rsplit(".", 1)[-1]
    nombre = f"{oficio.folio.replace('/', '-')}.{extension}"
    return FileResponse(oficio.archivo.open("rb"), as_attachment=True, filename=nombre)
