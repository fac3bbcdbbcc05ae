"""Vistas del POA (`/<slug>/poa/…`, dentro del ámbito que abre el middleware).

Leen todos los roles (el garante también); el enlace ve y captura sólo las actividades de
su área: las de otra área le dan 404. Titular y personal arman el plan; la titular lo
aprueba, lo reabre con un motivo y devuelve capturas con un comentario.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organizacion import permisos
from organizacion.exportar import respuesta_tabla
from organizacion.forms import FormularioConfirmarConHuella, errores_al_formulario
from organizacion.historial import bitacora
from organizacion.hojas import ArchivosPendientes
from organizacion.middleware import PeticionDeAyuntamiento
from organizacion.models import Rol, Usuario, hoy_local

from . import derivacion
from .estadisticas import FilaActividad, avance_del_plan, resumen_semaforo, valor_mensual
from .forms import (
    ActividadForm,
    CapturaForm,
    ComentarioForm,
    CopiarForm,
    ImportarForm,
    JustificacionForm,
    MotivoForm,
    ObjetivoForm,
    PlanForm,
)
from .importacion import COLUMNAS as COLUMNAS_IMPORTACION
from .importacion import ResultadoImportacion, plan_exportar, plan_importar
from .models import (
    MESES,
    NOMBRE_MES,
    Actividad,
    Anexo,
    Avance,
    Justificacion,
    Objetivo,
    Plan,
    umbrales_de,
)
from .servicios import (
    actividad_automatica_actualizar,
    actividad_guardar,
    avance_capturar,
    avance_devolver,
    justificacion_guardar,
    objetivo_guardar,
    plan_aprobar,
    plan_copiar,
    plan_guardar,
    plan_reabrir,
)

GET_POST = require_http_methods(["GET", "POST"])
CAPTURA_AVANCE = permisos.CAPTURA | {Rol.ENLACE}


def _url(request: PeticionDeAyuntamiento, nombre: str, **kwargs) -> str:
    return reverse(f"poa:{nombre}", kwargs={"ayuntamiento": request.ayuntamiento.slug, **kwargs})


def _area_enlace(request: PeticionDeAyuntamiento) -> int | None:
    """El área del enlace (sólo ve sus actividades); None para los demás roles."""
    if request.rol == Rol.ENLACE and request.membresia is not None:
        return request.membresia.unidad_administrativa_id
    return None


def _plan(pk: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("unidad_administrativa"), pk=pk)


def _actividad(request: PeticionDeAyuntamiento, pk: int) -> Actividad:
    """La actividad del ayuntamiento; para un enlace, sólo si es de su área (si no, 404)."""
    actividades = Actividad.objects.select_related("plan", "objetivo", "unidad_administrativa")
    area = _area_enlace(request)
    if area is not None:
        actividades = actividades.filter(unidad_administrativa_id=area)
    return get_object_or_404(actividades, pk=pk)


def _trimestre_actual(plan: Plan, hoy: date) -> int:
    """El trimestre del último mes cerrado: el 4 de julio se informa el segundo."""
    if plan.anio < hoy.year:
        return 4
    if plan.anio > hoy.year:
        return 1
    return derivacion.trimestre_de(max(hoy.month - 1, 1))


def _formato(request: PeticionDeAyuntamiento) -> str | None:
    return request.GET.get("formato")


def _num(valor) -> str:
    if valor is None:
        return ""
    return f"{derivacion.redondear(valor):f}".rstrip("0").rstrip(".")


@dataclass
class Grupo:
    objetivo: Objetivo
    filas: list[FilaActividad]


def _agrupar(plan: Plan, filas: list[FilaActividad], con_vacios: bool) -> list[Grupo]:
    grupos: dict[int, Grupo] = {}
    if con_vacios:
        for objetivo in Objetivo.objects.filter(plan=plan):
            grupos[objetivo.pk] = Grupo(objetivo, [])
    for fila in filas:
        objetivo = fila.actividad.objetivo
        grupos.setdefault(objetivo.pk, Grupo(objetivo, [])).filas.append(fila)
    return list(grupos.values())


# --- Planes --------------------------------------------------------------------------------

LECTURA = permisos.rol_requerido(permisos.TODOS)


@require_GET
@LECTURA
def planes(request: PeticionDeAyuntamiento) -> HttpResponse:
    lista = Plan.objects.select_related("unidad_administrativa")
    if _formato(request):
        return respuesta_tabla(
            nombre=f"poa-{request.ayuntamiento.slug}",
            encabezados=["Año", "Plan", "Área", "Programa presupuestario", "Estado"],
            filas=[
                (
                    p.anio,
                    p.titulo,
                    str(p.unidad_administrativa or "Unidad de Transparencia"),
                    p.programa_presupuestario,
                    p.get_estado_display(),
                )
                for p in lista
            ],
            formato=_formato(request) or "xlsx",
        )
    return render(
        request,
        "poa/planes.html",
        {"planes": lista, "puede_editar": request.rol in permisos.CAPTURA},
    )


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def plan_nuevo(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = PlanForm(
        request.POST or None,
        ayuntamiento=request.ayuntamiento,
        initial={"anio": hoy_local(request.ayuntamiento).year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_guardar(plan=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Se creó «{plan}». Agregue sus objetivos y actividades.")
            return redirect(_url(request, "plan", pk=plan.pk))
    return render(request, "poa/formulario.html", {"form": form, "titulo": "Nuevo POA"})


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def plan_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = PlanForm(request.POST or None, instance=plan, ayuntamiento=request.ayuntamiento)
    if request.method == "POST" and form.is_valid():
        try:
            plan_guardar(plan=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, "Se guardaron los datos del plan.")
            return redirect(_url(request, "plan", pk=plan.pk))
    return render(
        request, "poa/formulario.html", {"form": form, "titulo": f"Editar {plan}", "plan": plan}
    )


def _filas(request: PeticionDeAyuntamiento, plan: Plan) -> list[FilaActividad]:
    return avance_del_plan(
        plan, umbrales=umbrales_de(request.ayuntamiento), area_id=_area_enlace(request)
    )


@require_GET
@LECTURA
def plan(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    hoy = hoy_local(request.ayuntamiento)
    trimestre = _trimestre_actual(el_plan, hoy)
    filas = _filas(request, el_plan)
    if _formato(request):
        return _exportar_trimestre(request, el_plan, filas, trimestre)
    return render(
        request,
        "poa/plan.html",
        {
            "plan": el_plan,
            "grupos": _agrupar(el_plan, filas, con_vacios=_area_enlace(request) is None),
            "trimestre": trimestre,
            "resumen": _resumen(filas, trimestre),
            "puede_editar": request.rol in permisos.CAPTURA and not el_plan.aprobado,
            "es_titular": request.rol == Rol.TITULAR,
            "motivo_form": MotivoForm(),
            "bitacora": bitacora(
                [(el_plan.history.all(), lambda r: "Plan")],
                zona=_zona(request),
            )[:10],
        },
    )


def _zona(request: PeticionDeAyuntamiento) -> ZoneInfo:
    return ZoneInfo(request.ayuntamiento.zona_horaria)


def _resumen(filas: list[FilaActividad], trimestre: int) -> list[tuple[str, str, int]]:
    conteo = resumen_semaforo(filas, trimestre)
    return [(clave, derivacion.ETIQUETAS_SEMAFORO[clave], conteo[clave]) for clave in conteo]


@require_POST
@permisos.rol_requerido(permisos.TITULAR)
def plan_aprobar_vista(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    try:
        plan_aprobar(plan=el_plan, usuario=cast(Usuario, request.user))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "El plan quedó aprobado: sus metas ya no se pueden modificar.")
    return redirect(_url(request, "plan", pk=pk))


@require_POST
@permisos.rol_requerido(permisos.TITULAR)
def plan_reabrir_vista(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    form = MotivoForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Explique el motivo de la reapertura (al menos 10 letras).")
        return redirect(_url(request, "plan", pk=pk))
    try:
        plan_reabrir(plan=el_plan, motivo=form.cleaned_data["motivo"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "El plan volvió a borrador; el motivo quedó en la bitácora.")
    return redirect(_url(request, "plan", pk=pk))


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def plan_copiar_vista(request: PeticionDeAyuntamiento) -> HttpResponse:
    form = CopiarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nuevo = plan_copiar(origen=form.cleaned_data["origen"], anio=form.cleaned_data["anio"])
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(
                request, f"Se copió el plan como «{nuevo}», en borrador y sin avances."
            )
            return redirect(_url(request, "plan", pk=nuevo.pk))
    return render(
        request, "poa/formulario.html", {"form": form, "titulo": "Copiar un plan a otro año"}
    )


# --- Cronograma y trimestre ----------------------------------------------------------------


@require_GET
@LECTURA
def cronograma(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    filas = _filas(request, el_plan)
    hoy = hoy_local(request.ayuntamiento)
    mes_actual = hoy.month if hoy.year == el_plan.anio else None
    renglones = [
        (
            fila,
            [
                (m, m in fila.actividad.meses_programados, m in fila.meses_capturados)
                for m, _ in MESES
            ],
        )
        for fila in filas
    ]
    if _formato(request):
        return respuesta_tabla(
            nombre=f"cronograma-{el_plan.anio}-{request.ayuntamiento.slug}",
            encabezados=[
                "Clave",
                "Actividad",
                *[n for _, n in MESES],
                "Objetivo",
                "Evidencia",
                "Población o área",
            ],
            filas=[
                (
                    f.actividad.clave,
                    f.actividad.descripcion,
                    *[
                        ("X" if prog else "") + (" (capturado)" if capt else "")
                        for _, prog, capt in celdas
                    ],
                    f.actividad.objetivo.descripcion,
                    f.actividad.evidencia_esperada,
                    f.actividad.poblacion,
                )
                for f, celdas in renglones
            ],
            formato=_formato(request) or "xlsx",
        )
    return render(
        request,
        "poa/cronograma.html",
        {"plan": el_plan, "renglones": renglones, "meses": MESES, "mes_actual": mes_actual},
    )


def _exportar_trimestre(
    request: PeticionDeAyuntamiento, plan: Plan, filas: list[FilaActividad], trimestre: int
) -> HttpResponse:
    encabezados = [
        "Objetivo",
        "Clave",
        "Actividad",
        "Unidad de medida",
        "Meta anual",
        f"Programado T{trimestre}",
        f"Alcanzado T{trimestre}",
        "Programado acumulado",
        "Avance acumulado",
        "% de la meta anual",
        "% de lo programado",
        "Semáforo",
        "Sobrecumplimiento",
        "Requiere justificación",
    ]
    datos = []
    for f in filas:
        t = f.trimestre(trimestre)
        a = f.actividad
        datos.append(
            (
                a.objetivo.descripcion,
                a.clave,
                a.descripcion,
                "%" if a.es_porcentaje else a.unidad_medida,
                _num(a.meta_anual),
                _num(t.programado),
                _num(t.alcanzado),
                _num(t.programado_acumulado),
                _num(t.acumulado),
                _num(t.porcentaje_meta),
                _num(t.cumplimiento),
                derivacion.ETIQUETAS_SEMAFORO[t.semaforo],
                "Sí" if t.sobrecumplido else "No",
                "Sí" if t.requiere_justificacion else "No",
            )
        )
    return respuesta_tabla(
        nombre=f"poa-{plan.anio}-t{trimestre}-{request.ayuntamiento.slug}",
        encabezados=encabezados,
        filas=datos,
        formato=_formato(request) or "xlsx",
    )


@require_GET
@LECTURA
def trimestre(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    try:
        numero = int(request.GET.get("t", ""))
    except ValueError:
        numero = _trimestre_actual(el_plan, hoy_local(request.ayuntamiento))
    numero = min(max(numero, 1), 4)
    filas = _filas(request, el_plan)
    if _formato(request):
        return _exportar_trimestre(request, el_plan, filas, numero)
    justificadas = dict(
        Justificacion.objects.filter(actividad__plan=el_plan, trimestre=numero).values_list(
            "actividad_id", "texto"
        )
    )
    return render(
        request,
        "poa/trimestre.html",
        {
            "plan": el_plan,
            "numero": numero,
            "extra": f"t={numero}",
            "renglones": [
                (f, f.trimestre(numero), justificadas.get(f.actividad.pk)) for f in filas
            ],
            "resumen": _resumen(filas, numero),
            "meses": [NOMBRE_MES[m] for m in derivacion.meses_del_trimestre(numero)],
            "puede_justificar": request.rol in CAPTURA_AVANCE,
        },
    )


# --- Objetivos y actividades ---------------------------------------------------------------


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def objetivo_nuevo(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    siguiente = Objetivo.objects.filter(plan=el_plan).count() + 1
    form = ObjetivoForm(
        request.POST or None,
        ayuntamiento=request.ayuntamiento,
        instance=Objetivo(plan=el_plan),
        initial={"orden": siguiente},
    )
    return _guardar_objetivo(request, form, el_plan, f"Nuevo objetivo de {el_plan}")


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def objetivo_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    objetivo: Objetivo = get_object_or_404(Objetivo.objects.select_related("plan"), pk=pk)
    form = ObjetivoForm(request.POST or None, ayuntamiento=request.ayuntamiento, instance=objetivo)
    return _guardar_objetivo(request, form, objetivo.plan, f"Editar objetivo de {objetivo.plan}")


def _guardar_objetivo(request, form: ObjetivoForm, el_plan: Plan, titulo: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            objetivo_guardar(objetivo=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, "Se guardó el objetivo.")
            return redirect(_url(request, "plan", pk=el_plan.pk))
    return render(request, "poa/formulario.html", {"form": form, "titulo": titulo, "plan": el_plan})


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def actividad_nueva(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    form = ActividadForm(
        request.POST or None,
        ayuntamiento=request.ayuntamiento,
        plan=el_plan,
        initial={
            "fecha_inicio": date(el_plan.anio, 1, 1),
            "fecha_fin": date(el_plan.anio, 12, 31),
            "objetivo": request.GET.get("objetivo"),
        },
    )
    return _guardar_actividad(request, form, el_plan, f"Nueva actividad de {el_plan}")


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def actividad_editar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    actividad = _actividad(request, pk)
    form = ActividadForm(
        request.POST or None,
        ayuntamiento=request.ayuntamiento,
        plan=actividad.plan,
        instance=actividad,
    )
    return _guardar_actividad(request, form, actividad.plan, f"Editar «{actividad}»")


def _guardar_actividad(request, form: ActividadForm, el_plan: Plan, titulo: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            actividad = actividad_guardar(actividad=form.instance)
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, "Se guardó la actividad.")
            return redirect(_url(request, "actividad", pk=actividad.pk))
    return render(request, "poa/formulario.html", {"form": form, "titulo": titulo, "plan": el_plan})


def _fila_de_actividad(request: PeticionDeAyuntamiento, actividad: Actividad) -> FilaActividad:
    filas = avance_del_plan(
        actividad.plan, umbrales=umbrales_de(request.ayuntamiento), area_id=_area_enlace(request)
    )
    return next(f for f in filas if f.actividad.pk == actividad.pk)


@require_GET
@LECTURA
def actividad(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    la_actividad = _actividad(request, pk)
    fila = _fila_de_actividad(request, la_actividad)
    avances = {
        a.mes: a
        for a in Avance.objects.filter(actividad=la_actividad)
        .select_related("capturado_por")
        .prefetch_related("anexos")
    }
    programado = la_actividad.programado()
    porcentaje = la_actividad.es_porcentaje
    tabla = []
    grafica: dict[str, list] = {"etiquetas": [], "programado": [], "alcanzado": []}
    for mes, nombre in MESES:
        acumulado = derivacion.avance(
            [m for m in fila.meses if m.mes <= mes], porcentaje=porcentaje
        )
        a_la_fecha = derivacion.programado_a_mes(programado, mes, porcentaje=porcentaje)
        tabla.append(
            {
                "mes": mes,
                "nombre": nombre,
                "programado": mes in la_actividad.meses_programados,
                "en_fechas": la_actividad.mes_en_fechas(mes),
                "valor": valor_mensual(fila, mes),
                "acumulado": acumulado,
                "programado_a_la_fecha": a_la_fecha,
                "avance": avances.get(mes),
            }
        )
        grafica["etiquetas"].append(nombre)
        grafica["programado"].append(float(a_la_fecha) if a_la_fecha is not None else None)
        grafica["alcanzado"].append(
            float(acumulado) if acumulado is not None and mes in fila.meses_capturados else None
        )
    if _formato(request):
        return respuesta_tabla(
            nombre=f"actividad-{la_actividad.pk}",
            encabezados=[
                "Mes",
                "Valor del mes",
                "Avance acumulado",
                "Programado a la fecha",
                "Mujeres",
                "Hombres",
                "No identificado",
                "Qué se hizo",
            ],
            filas=[
                (
                    r["nombre"],
                    _num(r["valor"]),
                    _num(r["acumulado"]),
                    _num(r["programado_a_la_fecha"]),
                    r["avance"].mujeres if r["avance"] else "",
                    r["avance"].hombres if r["avance"] else "",
                    r["avance"].no_identificado if r["avance"] else "",
                    r["avance"].narrativa if r["avance"] else "",
                )
                for r in tabla
            ],
            formato=_formato(request) or "xlsx",
        )
    return render(
        request,
        "poa/actividad.html",
        {
            "actividad": la_actividad,
            "fila": fila,
            "tabla": tabla,
            "grafica": grafica,
            "puede_capturar": request.rol in CAPTURA_AVANCE and not la_actividad.es_automatica,
            "puede_recalcular": request.rol in permisos.CAPTURA and la_actividad.es_automatica,
            "puede_editar": request.rol in permisos.CAPTURA and not la_actividad.plan.aprobado,
            "es_titular": request.rol == Rol.TITULAR,
            "justificaciones": {j.trimestre: j for j in la_actividad.justificaciones.all()},
            "puede_justificar": request.rol in CAPTURA_AVANCE,
            "bitacora": bitacora(
                [
                    (la_actividad.history.all(), lambda r: "Actividad"),
                    (
                        Avance.history.filter(actividad_id=la_actividad.pk),
                        lambda r: f"Avance de {NOMBRE_MES[r.mes].lower()}",
                    ),
                ],
                zona=_zona(request),
            )[:20],
        },
    )


@GET_POST
@permisos.rol_requerido(CAPTURA_AVANCE)
def capturar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    la_actividad = _actividad(request, pk)
    try:
        mes = int(request.GET.get("mes") or hoy_local(request.ayuntamiento).month)
    except ValueError:
        mes = 0
    if not 1 <= mes <= 12:
        mes = la_actividad.fecha_inicio.month
    existente = Avance.objects.filter(actividad=la_actividad, mes=mes).first()
    inicial = {}
    if existente is not None:
        inicial = {
            "valor": existente.valor,
            "numerador": existente.numerador_valor,
            "denominador": existente.denominador_valor,
            "mujeres": existente.mujeres,
            "hombres": existente.hombres,
            "no_identificado": existente.no_identificado,
            "narrativa": existente.narrativa,
        }
    form = CapturaForm(
        request.POST or None, request.FILES or None, actividad=la_actividad, initial=inicial
    )
    if request.method == "POST" and form.is_valid():
        try:
            avance_capturar(
                actividad=la_actividad,
                mes=mes,
                captura=form.captura(),
                usuario=cast(Usuario, request.user),
                archivos=request.FILES.getlist("archivos"),
            )
        except ValidationError as error:
            errores_al_formulario(form, error)
        else:
            messages.success(request, f"Se guardó el avance de {NOMBRE_MES[mes].lower()}.")
            return redirect(_url(request, "actividad", pk=la_actividad.pk))
    return render(
        request,
        "poa/captura.html",
        {
            "actividad": la_actividad,
            "form": form,
            "mes": mes,
            "nombre_mes": NOMBRE_MES[mes],
            "existente": existente,
            "meses": [(m, n) for m, n in MESES if la_actividad.mes_en_fechas(m)],
        },
    )


@require_POST
@permisos.rol_requerido(permisos.CAPTURA)
def recalcular(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    la_actividad = _actividad(request, pk)
    try:
        escritos = actividad_automatica_actualizar(
            actividad=la_actividad, hasta=hoy_local(request.ayuntamiento)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Se recalcularon {escritos} meses desde los datos del sistema.")
    return redirect(_url(request, "actividad", pk=pk))


@require_POST
@permisos.rol_requerido(CAPTURA_AVANCE)
def justificar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    la_actividad = _actividad(request, pk)
    form = JustificacionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Escriba la justificación e indique el trimestre (1 a 4).")
    else:
        justificacion_guardar(
            actividad=la_actividad,
            trimestre=form.cleaned_data["trimestre"],
            texto=form.cleaned_data["texto"],
            usuario=cast(Usuario, request.user),
        )
        messages.success(request, "Se guardó la justificación de la variación.")
    return redirect(_url(request, "actividad", pk=pk))


@require_POST
@permisos.rol_requerido(permisos.TITULAR)
def devolver(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    avance: Avance = get_object_or_404(Avance.objects.select_related("actividad"), pk=pk)
    form = ComentarioForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Diga qué hay que corregir para devolver la captura.")
    else:
        avance_devolver(avance=avance, comentario=form.cleaned_data["comentario"])
        messages.success(request, f"Se devolvió la captura de {NOMBRE_MES[avance.mes].lower()}.")
    return redirect(_url(request, "actividad", pk=avance.actividad_id))


@require_GET
@LECTURA
def anexo(request: PeticionDeAyuntamiento, pk: int) -> FileResponse:
    anexos: QuerySet[Anexo] = Anexo.objects.all()
    area = _area_enlace(request)
    if area is not None:
        anexos = anexos.filter(avance__actividad__unidad_administrativa_id=area)
    el_anexo = get_object_or_404(anexos, pk=pk)
    return FileResponse(
        el_anexo.archivo.open("rb"), as_attachment=True, filename=el_anexo.nombre_archivo
    )


# --- Importar y exportar el plan completo --------------------------------------------------


def _pendientes(el_plan: Plan) -> ArchivosPendientes:
    # La ruta lleva el ayuntamiento y el plan: la clave de otro no encuentra nada aquí.
    return ArchivosPendientes(el_plan.ayuntamiento_id, f"poa/{el_plan.pk}")


def _vista_previa(
    request: PeticionDeAyuntamiento,
    el_plan: Plan,
    resultado: ResultadoImportacion,
    clave: str | None,
) -> HttpResponse:
    confirmar = (
        FormularioConfirmarConHuella(initial={"clave": clave, "huella": resultado.huella})
        if clave
        else None
    )
    return render(
        request,
        "poa/importar_vista_previa.html",
        {"plan": el_plan, "resultado": resultado, "confirmar": confirmar},
    )


@GET_POST
@permisos.rol_requerido(permisos.CAPTURA)
def importar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    form = ImportarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        contenido = form.cleaned_data["archivo"].read()
        resultado = plan_importar(
            plan=el_plan, contenido=contenido, confirmar=False, usuario=cast(Usuario, request.user)
        )
        if not resultado.leido:
            # Ni siquiera se llegó a las filas: el error va junto al campo del formulario.
            for error in resultado.errores:
                form.add_error("archivo", error)
        else:
            clave = (
                _pendientes(el_plan).guardar(contenido, "xlsx") if resultado.por_guardar else None
            )
            return _vista_previa(request, el_plan, resultado, clave)
    return render(
        request,
        "poa/importar.html",
        {"plan": el_plan, "form": form, "columnas": COLUMNAS_IMPORTACION},
    )


@require_POST
@permisos.rol_requerido(permisos.CAPTURA)
def importar_confirmar(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    el_plan = _plan(pk)
    form = FormularioConfirmarConHuella(request.POST)
    if not form.is_valid():
        raise Http404("Importación desconocida.")
    clave = form.cleaned_data["clave"]
    pendiente = _pendientes(el_plan).abrir(clave, ["xlsx"])
    resultado = plan_importar(
        plan=el_plan,
        contenido=pendiente.contenido,
        confirmar=True,
        usuario=cast(Usuario, request.user),
        huella=form.cleaned_data["huella"],
    )
    if resultado.guardado:
        pendiente.borrar()
        messages.success(
            request,
            f"Se importó el plan: {resultado.objetivos} objetivo"
            f"{'s' if resultado.objetivos != 1 else ''} y {resultado.actividades} actividad"
            f"{'es' if resultado.actividades != 1 else ''}.",
        )
        return redirect(_url(request, "plan", pk=el_plan.pk))
    # Si sólo cambió el plan entretanto, el mismo archivo puede confirmarse otra vez.
    conservar = resultado.desactualizada and resultado.por_guardar
    if not conservar:
        pendiente.borrar()
    if resultado.desactualizada:
        messages.warning(
            request,
            "El plan cambió desde la vista previa: no se guardó nada. Revise de nuevo lo que "
            "hará la importación y confirme otra vez.",
        )
    return _vista_previa(request, el_plan, resultado, str(clave) if conservar else None)


@require_GET
@LECTURA
def plan_exportar_vista(request: PeticionDeAyuntamiento, pk: int) -> HttpResponse:
    """El plan completo en el formato de importación (una fila por actividad)."""
    el_plan = _plan(pk)
    encabezados, filas = plan_exportar(el_plan, area_id=_area_enlace(request))
    return respuesta_tabla(
        nombre=f"poa-{el_plan.anio}-{request.ayuntamiento.slug}-plan",
        encabezados=encabezados,
        filas=filas,
        formato=_formato(request) or "xlsx",
    )
