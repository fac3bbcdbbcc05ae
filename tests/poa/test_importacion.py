"""Importar y exportar el plan completo en XLSX: la tabla del POA 2013 de Puebla (semilla
001), errores con número de fila, todo o nada, columna faltante, ida y vuelta, roles y tipo
de archivo."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from poa.demo import PUEBLA
from poa.importacion import plan_importar
from poa.models import Actividad, EstadoPlan, Formula, Fuente, NivelMir, Objetivo, Plan
from poa.servicios import plan_aprobar, plan_guardar

from .objetos import capturar, crear_actividad, crear_objetivo, crear_plan

pytestmark = pytest.mark.usefixtures("congelado")

TITULOS = [
    ["COORDINACIÓN GENERAL DE TRANSPARENCIA"],
    ["Programa de Trabajo Anual (Programa Operativo Anual - POA 2013)"],
]
ENCABEZADOS_PUEBLA = [
    "OBJETIVO",
    "LÍNEA DE ACCIÓN",
    "PRODUCTO",
    "INICIO",
    "TÉRMINO",
    "META ANUAL",
    "AVANCE ACUMULADO AL 4TO. TRIMESTRE",
    "INDICADORES DE EVALUACIÓN",
]


def _cantidad(numero: int) -> str:
    return f"{numero:,}"  # «1,022»: como la semilla, con coma de miles


def filas_puebla() -> list[list[object]]:
    """Las 11 filas de la tabla de Puebla tal como las escribe la semilla: la meta con su
    unidad, el indicador con su fórmula y PROIGUALDAD pegada al producto."""
    filas: list[list[object]] = []
    for (
        objetivo,
        linea,
        producto,
        inicio,
        fin,
        meta,
        unidad,
        avance,
        indicador,
        etiquetas,
    ) in PUEBLA:
        if unidad == "%":
            meta_texto = f"{meta}%"
            avance_texto = f"{round(avance[0] / avance[1] * 100, 2)}%"  # type: ignore[index]
            nombre, numerador, denominador = indicador.split("|")
            indicador_texto = f"{nombre} = ({numerador}/ {denominador}) *100"
        else:
            meta_texto = f"{_cantidad(meta)} {unidad}"
            avance_texto = f"{_cantidad(avance)} {unidad}"  # type: ignore[arg-type]
            indicador_texto = indicador
        filas.append(
            [
                objetivo,
                linea,
                f"{producto} {etiquetas}".strip(),
                f"{inicio:%d/%m/%Y}",
                f"{fin:%d/%m/%Y}",
                meta_texto,
                avance_texto,
                indicador_texto,
            ]
        )
    return filas


def libro(filas: list[list[object]], encabezados: list[str], titulos=()) -> bytes:
    hoja_libro = openpyxl.Workbook()
    hoja = hoja_libro.active
    for titulo in titulos:
        hoja.append(titulo)
    hoja.append(encabezados)
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    hoja_libro.save(salida)
    return salida.getvalue()


def hoja_puebla(*, titulos=TITULOS, encabezados=ENCABEZADOS_PUEBLA, filas=None) -> bytes:
    return libro(filas or filas_puebla(), encabezados, titulos)


def xlsx(contenido: bytes, nombre: str = "poa.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido)


def url(ayuntamiento, nombre, **kwargs):
    return reverse(f"poa:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


@pytest.fixture
def plan_2013(ayuntamiento):
    return crear_plan(ayuntamiento, anio=2013)


def _conteos(ayuntamiento) -> tuple[int, int]:
    with scope(ayuntamiento=ayuntamiento):
        return Objetivo.objects.count(), Actividad.objects.count()


def _importar(plan: Plan, contenido: bytes, confirmar: bool = False, **kwargs):
    with scope(ayuntamiento=plan.ayuntamiento):
        return plan_importar(plan=plan, contenido=contenido, confirmar=confirmar, **kwargs)


# --- La tabla de Puebla ------------------------------------------------------------------------


def test_la_tabla_de_puebla_importa_sus_11_productos(ayuntamiento, plan_2013):
    contenido = hoja_puebla()
    previa = _importar(plan_2013, contenido)
    assert previa.errores == []
    assert (previa.objetivos, previa.actividades) == (2, 11)
    assert previa.fila_encabezado == 3  # dos filas de título arriba del encabezado
    assert previa.ignoradas == ["AVANCE ACUMULADO AL 4TO. TRIMESTRE"]
    assert [f.fila for f in previa.filas] == list(range(4, 15))
    assert _conteos(ayuntamiento) == (0, 0)  # la vista previa no guarda

    resultado = _importar(plan_2013, contenido, confirmar=True)
    assert resultado.guardado and resultado.errores == []
    with scope(ayuntamiento=ayuntamiento):
        objetivos = list(Objetivo.objects.filter(plan=plan_2013))
        assert [o.descripcion[:30] for o in objetivos] == [
            "Promover la transparencia haci",
            "Fortalecer las capacidades y a",
        ]
        actividades = list(Actividad.objects.filter(plan=plan_2013))
    assert len(actividades) == 11
    assert [a.orden for a in actividades] == [*range(1, 11), 1]

    semana = actividades[1]
    assert semana.meta_anual == D(300) and semana.unidad_medida == "asistentes al evento"
    assert semana.producto.endswith("en el Municipio de Puebla.")  # sin la etiqueta
    assert semana.descripcion == semana.producto
    assert semana.etiquetas == "PROIGUALDAD" and semana.por_sexo
    assert (semana.fecha_inicio, semana.fecha_fin) == (date(2013, 4, 1), date(2013, 8, 9))
    assert semana.formula == Formula.CONTEO
    assert semana.indicador == "Número de Asistentes al evento"

    talleres = actividades[4]
    assert talleres.meta_anual == D(1000) and talleres.unidad_medida == "participantes"

    atencion = actividades[2]
    assert atencion.formula == Formula.PORCENTAJE and atencion.meta_anual == D(100)
    assert atencion.indicador == "% de personas atendidas"
    assert atencion.numerador == "Número de personas atendidas por cualquiera de las 4 vías"
    assert atencion.denominador == "Total de personas que requirieron la atención"
    assert atencion.unidad_medida == ""

    en_tiempo = actividades[7]
    assert en_tiempo.formula == Formula.PORCENTAJE and en_tiempo.meta_anual == D(94)
    assert en_tiempo.denominador.endswith("+ las pendientes del año anterior")

    comite = actividades[3]
    assert comite.etiquetas == "" and not comite.por_sexo
    assert comite.meta_anual == D(4) and comite.unidad_medida == "sesiones realizadas"


def test_fecha_invalida_en_la_fila_12_no_guarda_nada(ayuntamiento, plan_2013):
    # Una estructura previa que no debe tocarse.
    crear_actividad(
        crear_objetivo(plan_2013), fecha_inicio=date(2013, 1, 1), fecha_fin=date(2013, 12, 31)
    )
    antes = _conteos(ayuntamiento)
    filas = filas_puebla()
    filas[10][3] = "31/02/2013"  # sin títulos: encabezado en la fila 1, el producto 11 en la 12
    contenido = hoja_puebla(titulos=(), filas=filas)

    for confirmar in (False, True):
        resultado = _importar(plan_2013, contenido, confirmar=confirmar)
        assert resultado.errores == [
            "Fila 12: la fecha de inicio «31/02/2013» no es válida (use dd/mm/aaaa, p. ej. "
            "02/01/2013)."
        ]
        assert not resultado.guardado and not resultado.por_guardar
    assert _conteos(ayuntamiento) == antes


def test_varios_errores_con_su_fila_y_en_orden(ayuntamiento, plan_2013, areas):
    filas = filas_puebla()
    filas[0][5] = "120%"  # un porcentaje no pasa de 100
    filas[3][4] = "20/12/2014"  # fuera del año del plan
    filas[5][5] = "muchas acciones"
    filas[6][0] = None  # objetivo vacío: el de la fila anterior (celdas combinadas)
    resultado = _importar(plan_2013, hoja_puebla(titulos=(), filas=filas))
    assert resultado.errores == [
        "Fila 2: meta anual: una meta en porcentaje no puede pasar de 100.",
        "Fila 5: término: la fecha debe caer en 2013, el año del plan.",
        "Fila 7: la meta anual «muchas acciones» debe empezar con un número (p. ej. «300 "
        "asistentes» o «95%»).",
    ]
    assert _conteos(ayuntamiento) == (0, 0)


def test_area_desconocida_y_area_por_nombre(ayuntamiento, plan_2013, areas):
    filas = [
        [*fila[:6], fila[7], nombre]
        for fila, nombre in zip(
            filas_puebla()[:2], ["tesoreria municipal", "Contraloría"], strict=True
        )
    ]
    encabezados = [*ENCABEZADOS_PUEBLA[:6], ENCABEZADOS_PUEBLA[7], "Área responsable"]
    resultado = _importar(plan_2013, libro(filas, encabezados))
    assert resultado.errores == [
        "Fila 3: el área «Contraloría» no existe en el ayuntamiento (revise el nombre en "
        "Configuración → Áreas)."
    ]
    filas[1][7] = ""
    assert _importar(plan_2013, libro(filas, encabezados), confirmar=True).guardado
    with scope(ayuntamiento=ayuntamiento):
        assert [a.unidad_administrativa for a in Actividad.objects.filter(plan=plan_2013)] == [
            areas[0],
            None,
        ]


def test_falta_una_columna_obligatoria(ayuntamiento, plan_2013):
    sin_inicio = [f[:3] + f[4:] for f in filas_puebla()]
    encabezados = ENCABEZADOS_PUEBLA[:3] + ENCABEZADOS_PUEBLA[4:]
    resultado = _importar(plan_2013, libro(sin_inicio, encabezados))
    assert not resultado.leido
    assert resultado.errores == [
        "Falta la columna «Inicio» en la fila 1 de encabezados. Los encabezados se reconocen "
        "sin importar mayúsculas ni acentos; vea la lista de columnas aceptadas."
    ]
    sin_nada = [[f[0], f[3], f[4]] for f in filas_puebla()]
    resultado = _importar(plan_2013, libro(sin_nada, ["Objetivo", "Inicio", "Término"]))
    assert "Falta la columna «Actividad» (o «Producto»)" in resultado.errores[0]
    assert _conteos(ayuntamiento) == (0, 0)


def test_plan_aprobado_o_con_avances_no_se_importa(ayuntamiento, plan, sisai):
    contenido = hoja_puebla()
    resultado = _importar(plan, contenido, confirmar=True)
    assert resultado.errores == [
        "El plan ya tiene avances capturados: importar reemplazaría sus actividades y se "
        "perderían. Importe en un plan nuevo (o copie éste a otro año)."
    ]
    with scope(ayuntamiento=ayuntamiento):
        plan_aprobar(plan=plan, usuario=None)
    resultado = _importar(plan, contenido, confirmar=True)
    assert resultado.errores[0].startswith("El plan está aprobado")
    assert not resultado.guardado
    with scope(ayuntamiento=ayuntamiento):
        assert list(Actividad.objects.filter(plan=plan)) == [sisai]


def test_reemplaza_la_estructura_sin_avances_y_detecta_cambios(ayuntamiento, plan_2013):
    vieja = crear_actividad(
        crear_objetivo(plan_2013), fecha_inicio=date(2013, 1, 1), fecha_fin=date(2013, 12, 31)
    )
    contenido = hoja_puebla()
    previa = _importar(plan_2013, contenido)
    assert (previa.reemplaza_objetivos, previa.reemplaza_actividades) == (1, 1)
    # Alguien agrega una actividad entre la vista previa y la confirmación.
    crear_actividad(vieja.objetivo, fecha_inicio=date(2013, 1, 1), fecha_fin=date(2013, 12, 31))
    tarde = _importar(plan_2013, contenido, confirmar=True, huella=previa.huella)
    assert tarde.desactualizada and not tarde.guardado
    assert _conteos(ayuntamiento) == (1, 2)
    bien = _importar(plan_2013, contenido, confirmar=True, huella=tarde.huella)
    assert bien.guardado
    assert _conteos(ayuntamiento) == (2, 11)


# --- Ida y vuelta ------------------------------------------------------------------------------

CAMPOS = [
    "orden",
    "nivel_mir",
    "clave",
    "descripcion",
    "linea_accion",
    "producto",
    "fecha_inicio",
    "fecha_fin",
    "meses",
    "evidencia_esperada",
    "poblacion",
    "unidad_administrativa_id",
    "etiquetas",
    "por_sexo",
    "formula",
    "meta_anual",
    "unidad_medida",
    "indicador",
    "numerador",
    "denominador",
    "frecuencia",
    "sentido",
    "programado_t1",
    "programado_t2",
    "programado_t3",
    "programado_t4",
    "fuente",
]


def _estructura(plan: Plan):
    with scope(ayuntamiento=plan.ayuntamiento):
        return [
            (
                (a.objetivo.orden, a.objetivo.clave, a.objetivo.nivel_mir, a.objetivo.descripcion),
                tuple(getattr(a, c) for c in CAMPOS),
            )
            for a in Actividad.objects.filter(plan=plan).select_related("objetivo")
        ]


def test_exportar_e_importar_en_un_plan_vacio_reproduce_la_estructura(
    ayuntamiento, plan, areas, consulta, personal, cliente_de
):
    componente = crear_objetivo(
        plan,
        clave="Componente 1",
        nivel_mir=NivelMir.COMPONENTE,
        descripcion="Solicitudes atendidas",
    )
    otro = crear_objetivo(plan, orden=2, descripcion="Capacitación = cultura")
    crear_actividad(
        componente,
        areas[0],
        clave="1.1",
        nivel_mir=NivelMir.ACTIVIDAD,
        descripcion="Responder en tiempo",
        formula=Formula.PORCENTAJE,
        meta_anual=D("98.5"),
        unidad_medida="",
        indicador="% de solicitudes en tiempo",
        numerador="Respondidas en tiempo",
        denominador="Respondidas",
        fuente=Fuente.SOLICITUDES_EN_TIEMPO,
        sentido="ascendente",
        frecuencia="mensual",
    )
    crear_actividad(
        componente,
        clave="1.2",
        orden=2,
        descripcion="Monitoreo del SISAI 2.0",
        meses=[1, 4, 7, 10],
        programado_t1=10,
        programado_t2=D("20.5"),
        programado_t3=30,
        programado_t4=40,
        evidencia_esperada="Bitácora",
        poblacion="Áreas del ayuntamiento",
        etiquetas="PROIGUALDAD, Mejora",
        por_sexo=False,
        sentido="descendente",
        fecha_inicio=date(2024, 1, 15),
        fecha_fin=date(2024, 11, 30),
    )
    crear_actividad(otro, descripcion="Talleres", linea_accion="Capacitar", producto="Taller")
    # La exporta cualquiera que lea el plan, también la consulta.
    respuesta = cliente_de(consulta).get(url(ayuntamiento, "plan_exportar", pk=plan.pk))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    contenido = respuesta.content

    with scope(ayuntamiento=ayuntamiento):
        vacio = plan_guardar(
            plan=Plan(
                ayuntamiento=ayuntamiento,
                anio=2024,
                unidad_administrativa=areas[1],
                titulo="POA de obras",
            )
        )
    resultado = _importar(vacio, contenido, confirmar=True)
    assert resultado.errores == [] and resultado.guardado
    original, copia = _estructura(plan), _estructura(vacio)
    assert len(copia) == 3
    assert copia == original


# --- Por las vistas ----------------------------------------------------------------------------


def test_vista_previa_y_confirmacion_por_la_vista(ayuntamiento, plan_2013, personal, cliente_de):
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "importar", pk=plan_2013.pk), {"archivo": xlsx(hoja_puebla())}
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Confirmar e importar" in html and "1 de julio de 2013" in html
    assert respuesta.context["resultado"].actividades == 11
    assert _conteos(ayuntamiento) == (0, 0)
    confirmar = respuesta.context["confirmar"]
    datos = {"clave": confirmar.initial["clave"], "huella": confirmar.initial["huella"]}
    carpeta = f"importaciones/{ayuntamiento.pk}/poa/{plan_2013.pk}"
    assert default_storage.exists(f"{carpeta}/{datos['clave']}.xlsx")

    respuesta = cliente.post(url(ayuntamiento, "importar_confirmar", pk=plan_2013.pk), datos)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url(ayuntamiento, "plan", pk=plan_2013.pk)
    assert _conteos(ayuntamiento) == (2, 11)
    assert not default_storage.exists(f"{carpeta}/{datos['clave']}.xlsx")
    # La misma clave otra vez: ya no hay nada pendiente.
    otra = cliente.post(url(ayuntamiento, "importar_confirmar", pk=plan_2013.pk), datos)
    assert otra.status_code == 404


def test_fila_12_por_la_vista_no_ofrece_confirmar(ayuntamiento, plan_2013, titular, cliente_de):
    filas = filas_puebla()
    filas[10][3] = "31/02/2013"
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "importar", pk=plan_2013.pk),
        {"archivo": xlsx(hoja_puebla(titulos=(), filas=filas))},
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Fila 12: la fecha de inicio «31/02/2013» no es válida" in html
    assert respuesta.context["confirmar"] is None and "Confirmar e importar" not in html
    assert _conteos(ayuntamiento) == (0, 0)
    assert not default_storage.exists(f"importaciones/{ayuntamiento.pk}/poa/{plan_2013.pk}")


def test_columna_faltante_por_la_vista(ayuntamiento, plan_2013, titular, cliente_de):
    sin_inicio = [f[:3] + f[4:] for f in filas_puebla()]
    contenido = libro(sin_inicio, ENCABEZADOS_PUEBLA[:3] + ENCABEZADOS_PUEBLA[4:])
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "importar", pk=plan_2013.pk), {"archivo": xlsx(contenido)}
    )
    assert respuesta.status_code == 200
    assert respuesta.context["form"].errors["archivo"][0].startswith("Falta la columna «Inicio»")


def test_tipo_de_archivo_equivocado(ayuntamiento, plan_2013, titular, cliente_de):
    cliente = cliente_de(titular)
    direccion = url(ayuntamiento, "importar", pk=plan_2013.pk)
    respuesta = cliente.post(direccion, {"archivo": xlsx(b"Objetivo,Inicio\n", "poa.csv")})
    assert respuesta.context["form"].errors["archivo"] == [
        "Formato no admitido: suba un libro de Excel .xlsx (en Excel o LibreOffice: Guardar "
        "como → «Libro de Excel (.xlsx)»)."
    ]
    respuesta = cliente.post(direccion, {"archivo": xlsx(b"%PDF-1.4 no es un libro")})
    assert (
        respuesta.context["form"].errors["archivo"][0].startswith("El archivo no es un XLSX válido")
    )
    assert _conteos(ayuntamiento) == (0, 0)


def test_plan_aprobado_por_la_vista(ayuntamiento, plan, sisai, titular, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        plan_aprobar(plan=plan, usuario=None)
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "importar", pk=plan.pk), {"archivo": xlsx(hoja_puebla())}
    )
    assert respuesta.context["form"].errors["archivo"][0].startswith("El plan está aprobado")
    with scope(ayuntamiento=ayuntamiento):
        assert Plan.objects.get(pk=plan.pk).estado == EstadoPlan.APROBADO
        assert Actividad.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize("rol", ["consulta", "enlace"])
def test_solo_titular_y_personal_importan(ayuntamiento, plan_2013, rol, request, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    assert cliente.get(url(ayuntamiento, "importar", pk=plan_2013.pk)).status_code == 403
    respuesta = cliente.post(
        url(ayuntamiento, "importar", pk=plan_2013.pk), {"archivo": xlsx(hoja_puebla())}
    )
    assert respuesta.status_code == 403
    confirmar = cliente.post(
        url(ayuntamiento, "importar_confirmar", pk=plan_2013.pk),
        {"clave": "7f1f5c1e-3c55-4b4c-9d0e-5b2f0a3c1d2e", "huella": "x"},
    )
    assert confirmar.status_code == 403
    assert _conteos(ayuntamiento) == (0, 0)


def test_metodos_e_ids(ayuntamiento, ayuntamiento_ajeno, plan_2013, titular, cliente_de):
    cliente = cliente_de(titular)
    assert cliente.get(url(ayuntamiento, "importar_confirmar", pk=plan_2013.pk)).status_code == 405
    assert cliente.post(url(ayuntamiento, "plan_exportar", pk=plan_2013.pk)).status_code == 405
    assert cliente.get(url(ayuntamiento, "importar", pk=999_999)).status_code == 404
    assert cliente.get(url(ayuntamiento, "plan_exportar", pk=999_999)).status_code == 404
    ajeno = crear_plan(ayuntamiento_ajeno)
    assert cliente.get(url(ayuntamiento, "importar", pk=ajeno.pk)).status_code == 404
    # Una clave que no existe (o de otro plan) no encuentra nada.
    respuesta = cliente.post(
        url(ayuntamiento, "importar_confirmar", pk=plan_2013.pk),
        {"clave": "7f1f5c1e-3c55-4b4c-9d0e-5b2f0a3c1d2e", "huella": "x"},
    )
    assert respuesta.status_code == 404


def test_avance_capturado_impide_importar(ayuntamiento, plan_2013):
    actividad = crear_actividad(
        crear_objetivo(plan_2013), fecha_inicio=date(2013, 1, 1), fecha_fin=date(2013, 12, 31)
    )
    capturar(actividad, 3, 5)
    resultado = _importar(plan_2013, hoja_puebla(), confirmar=True)
    assert not resultado.guardado and "avances capturados" in resultado.errores[0]
    assert _conteos(ayuntamiento) == (1, 1)
