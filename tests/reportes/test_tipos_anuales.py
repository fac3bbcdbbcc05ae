"""Los informes anuales (evaluación del POA, datos personales y autoevaluación del modelo
regional), generados de verdad con WeasyPrint y leídos de vuelta: cada cifra contada a mano
se busca en el renglón de SU tabla, y las mismas tablas quedan como datos abiertos.

Datos personales usa el escenario contado a mano de tests/solicitudes/test_estadisticas.py
(dos solicitudes ARCO: S3, acceso, mujer, escrito, entrega total el 12/06 a los 22 días,
fuera de tiempo; S10, rectificación, hombre, PNT, sin respuesta) y le agrega S11
(cancelación, sin sexo identificado, por correo, respondida en 10 días) y un recurso contra S3.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from autoevaluacion.models import Estado
from organizacion.models import Sexo
from poa.models import Formula
from reportes.generacion import generar
from reportes.models import Reporte, TipoReporte
from reportes.periodos import periodo_de
from reportes.tipos import TIPOS
from solicitudes.models import RecursoRevision, TipoEvento, TipoRespuesta
from solicitudes.servicios import evento_registrar, recurso_guardar
from tests.autoevaluacion.objetos import adhesion_de_prueba, declarar
from tests.poa.objetos import capturar, crear_actividad, crear_objetivo, crear_plan
from tests.solicitudes import test_estadisticas as datos

from .pdf import renglones_de_tabla, texto_del_pdf

MX = ZoneInfo("America/Mexico_City")
SIN_REGISTROS = "Sin registros en el periodo."

escenario = datos.escenario  # la misma fixture: sus cifras están contadas a mano allá


def generar_pdf(ayuntamiento, tipo: str, anio: int, periodo: int = 1) -> tuple[Reporte, str]:
    """Genera el reporte como lo hace la tarea (mismo `generar`) y devuelve su texto."""
    with scope(ayuntamiento=ayuntamiento):
        reporte = Reporte.objects.create(
            ayuntamiento=ayuntamiento, tipo=tipo, anio=anio, periodo=periodo
        )
        return reporte, texto_del_pdf(generar(reporte))


def cifras(texto: str, titulo: str, etiqueta: str) -> list[str]:
    """Lo que sigue a `etiqueta` en el primer renglón de la tabla `titulo` que empieza con
    ella: las cifras de ese renglón, como se imprimieron."""
    for renglon in renglones_de_tabla(texto, titulo):
        if renglon.startswith(f"{etiqueta} "):
            return renglon[len(etiqueta) :].split()
    raise AssertionError(f"La tabla «{titulo}» no tiene el renglón «{etiqueta}».")


def corrido_de_tabla(texto: str, titulo: str, *, hasta: str) -> str:
    """El texto de una tabla con los renglones partidos vueltos a unir."""
    return " ".join(" ".join(renglones_de_tabla(texto, titulo, hasta=hasta)).split())


def tablas_de(reporte: Reporte) -> dict[str, list[list]]:
    return {t["clave"]: t["renglones"] for t in reporte.tablas}


def consultas_del_contexto(ayuntamiento, tipo: str, anio: int, periodo: int = 1) -> int:
    informe = TIPOS[tipo](ayuntamiento, periodo_de(tipo, anio, periodo))
    with scope(ayuntamiento=ayuntamiento), CaptureQueriesContext(connection) as consultas:
        informe.contexto()
    return len(consultas)


def test_cada_tipo_de_reporte_tiene_su_informe():
    assert {clave: informe.clave for clave, informe in TIPOS.items()} == {
        tipo: tipo for tipo in TipoReporte.values
    }


# --- Evaluación anual del POA (las columnas del POA 2013 de Puebla) -----------------------


def _actividad_puebla(objetivo, **campos):
    return crear_actividad(
        objetivo,
        **{
            "linea_accion": "Realizar la Feria de la Transparencia y la Semana de la Transparencia.",
            "fecha_inicio": date(2013, 1, 2),
            "fecha_fin": date(2013, 12, 20),
            **campos,
        },
    )


@pytest.fixture
def poa_puebla(ayuntamiento):
    """Tres productos de la semilla 001: uno de conteo con desglose por sexo (PROIGUALDAD),
    uno de porcentaje con su fórmula y uno que se quedó corto."""
    objetivo = crear_objetivo(
        crear_plan(ayuntamiento, anio=2013),
        descripcion="Promover la transparencia hacia el interior y el exterior de la gestión municipal.",
    )
    semana = _actividad_puebla(
        objetivo,
        descripcion="Semana de la Transparencia",
        producto="Organización del evento denominado Semana de la Transparencia.",
        fecha_inicio=date(2013, 4, 1),
        fecha_fin=date(2013, 8, 9),
        meta_anual=Decimal(300),
        unidad_medida="asistentes al evento",
        indicador="Número de Asistentes al evento",
        etiquetas="PROIGUALDAD",
        por_sexo=True,
    )
    capturar(semana, 8, 1022, mujeres=600, hombres=400, no_identificado=22)
    infomex = _actividad_puebla(
        objetivo,
        descripcion="Monitorear y atender las solicitudes de INFOMEX",
        producto="Monitorear y atender las solicitudes de información formuladas a través de INFOMEX.",
        formula=Formula.PORCENTAJE,
        meta_anual=Decimal(94),
        unidad_medida="",
        indicador="% de atención a las solicitudes en tiempo",
        numerador="Solicitudes atendidas en tiempo",
        denominador="Solicitudes recibidas",
    )
    capturar(infomex, 12, numerador=Decimal(71), denominador=Decimal(72))
    comite = _actividad_puebla(
        objetivo,
        descripcion="Sesiones del Comité Ciudadano para la Transparencia",
        producto="",
        meta_anual=Decimal(4),
        unidad_medida="sesiones realizadas",
        indicador="Número de sesiones del Comité Ciudadano",
    )
    capturar(comite, 6, 2)
    return ayuntamiento


def test_poa_anual_con_las_columnas_de_puebla(poa_puebla):
    reporte, texto = generar_pdf(poa_puebla, "poa_anual", 2013)
    tablas = tablas_de(reporte)
    objetivo = "Promover la transparencia hacia el interior y el exterior de la gestión municipal."
    linea = "Realizar la Feria de la Transparencia y la Semana de la Transparencia."
    assert tablas["poa_evaluacion"] == [
        [
            objetivo,
            linea,
            "Organización del evento denominado Semana de la Transparencia.",
            "01/04/2013",
            "09/08/2013",
            300,
            1022,
            "asistentes al evento",
            "Número de Asistentes al evento",
            340.67,
            "Verde",
        ],
        [
            objetivo,
            linea,
            "Monitorear y atender las solicitudes de información formuladas a través de INFOMEX.",
            "02/01/2013",
            "20/12/2013",
            94,
            98.61,
            "%",
            "% de atención a las solicitudes en tiempo = (Solicitudes atendidas en tiempo / "
            "Solicitudes recibidas) × 100",
            104.91,
            "Verde",
        ],
        [
            objetivo,
            linea,
            # Sin producto capturado, el producto es la actividad misma.
            "Sesiones del Comité Ciudadano para la Transparencia",
            "02/01/2013",
            "20/12/2013",
            4,
            2,
            "sesiones realizadas",
            "Número de sesiones del Comité Ciudadano",
            50,
            "Rojo",
        ],
    ]
    assert tablas["poa_por_sexo"] == [
        [
            "Organización del evento denominado Semana de la Transparencia.",
            "PROIGUALDAD",
            400,
            600,
            22,
            1022,
        ],
        ["Total", "", 400, 600, 22, 1022],
    ]
    assert tablas["poa_semaforo"] == [
        ["Verde", 2],
        ["Amarillo", 0],
        ["Rojo", 1],
        ["Sin programación", 0],
        ["Total", 3],
    ]

    evaluacion = renglones_de_tabla(
        texto, "Evaluación del programa operativo anual 2013", hasta="Cumplimiento:"
    )
    # Los textos largos se parten en varios renglones; las fechas y cifras quedan juntas.
    assert (
        "01/04/2013 09/08/2013 300 1,022 asistentes al evento Número de Asistentes al evento "
        "340.67 Verde"
    ) in evaluacion
    assert "02/01/2013 20/12/2013 94 98.61 %" in evaluacion
    assert "104.91 Verde" in evaluacion
    assert (
        "02/01/2013 20/12/2013 4 2 sesiones realizadas Número de sesiones del Comité Ciudadano "
        "50 Rojo"
    ) in evaluacion
    assert cifras(texto, "Productos con desglose por sexo", "Total") == [
        "—",
        "400",
        "600",
        "22",
        "1,022",
    ]
    assert cifras(texto, "Productos por color del semáforo", "Verde") == ["2"]
    assert cifras(texto, "Productos por color del semáforo", "Rojo") == ["1"]
    assert "No hay un POA" not in texto


def test_poa_anual_sin_plan_lo_dice(ayuntamiento):
    reporte, texto = generar_pdf(ayuntamiento, "poa_anual", 2013)
    assert "No hay un POA de la Unidad de Transparencia registrado para 2013" in texto
    assert texto.count(SIN_REGISTROS) == 3
    assert tablas_de(reporte) == {"poa_evaluacion": [], "poa_por_sexo": [], "poa_semaforo": []}


def test_poa_anual_consultas_constantes(ayuntamiento):
    objetivo = crear_objetivo(crear_plan(ayuntamiento, anio=2013))

    def agregar(cuantas: int) -> None:
        for numero in range(cuantas):
            actividad = crear_actividad(
                objetivo, descripcion=f"Actividad {numero}", fecha_inicio=date(2013, 1, 2)
            )
            capturar(actividad, 3, numero)

    agregar(2)
    con_dos = consultas_del_contexto(ayuntamiento, "poa_anual", 2013)
    agregar(18)
    assert consultas_del_contexto(ayuntamiento, "poa_anual", 2013) == con_dos


# --- Informe anual de datos personales ------------------------------------------------------


@pytest.fixture
def arco(escenario):
    with (
        time_machine.travel(datetime(2024, 12, 10, 12, tzinfo=MX), tick=False),
        scope(ayuntamiento=escenario),
    ):
        s11 = datos._solicitud(
            escenario,
            "S11",
            datetime(2024, 9, 2, 10, tzinfo=MX),
            medio="correo",
            sexo=Sexo.NO_IDENTIFICADO,
            derecho="cancelacion",
        )
        # Del 3 al 17 de septiembre sin el 16 (día inhábil): 10 días hábiles.
        evento_registrar(
            solicitud=s11,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 9, 17),
            tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
        )
        recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=escenario,
                expediente="RR/300/2024",
                sexo=Sexo.MUJER,
                solicitud=escenario.solicitudes.get(folio="S3"),
                fecha_interposicion=date(2024, 7, 1),
                fecha_alegatos=date(2024, 7, 10),
                resolucion="modifica",
                fecha_resolucion=date(2024, 8, 20),
            )
        )
    return escenario


ARCO_TITULOS = {
    "derecho": "Solicitudes de derechos ARCO recibidas por derecho y sexo",
    "mes": "Solicitudes de derechos ARCO recibidas por mes y derecho",
    "medio": "Solicitudes de derechos ARCO recibidas por medio y sexo",
    "cierre": "Estado al cierre del año de las solicitudes ARCO recibidas, por sexo",
    "respuesta": "Solicitudes de derechos ARCO atendidas por tipo de respuesta y sexo",
    "oportunidad": "Oportunidad de las respuestas a solicitudes ARCO (días hábiles)",
    "recursos": "Recursos de revisión contra respuestas a solicitudes ARCO, recibidos y atendidos",
    "resolucion": "Recursos de revisión sobre solicitudes ARCO resueltos por sentido y sexo",
}


@time_machine.travel(datetime(2025, 1, 10, 12, tzinfo=MX), tick=False)
def test_datos_personales_cuenta_solo_lo_arco(arco):
    reporte, texto = generar_pdf(arco, "datos_personales", 2024)
    t = ARCO_TITULOS
    # Columnas por sexo: Hombre, Mujer, N/I, Total.
    assert cifras(texto, t["derecho"], "Acceso") == ["0", "1", "0", "1"]
    assert cifras(texto, t["derecho"], "Rectificación") == ["1", "0", "0", "1"]
    assert cifras(texto, t["derecho"], "Cancelación") == ["0", "0", "1", "1"]
    assert cifras(texto, t["derecho"], "Portabilidad") == ["0", "0", "0", "0"]
    assert cifras(texto, t["derecho"], "Total") == ["1", "1", "1", "3"]
    # Columnas por derecho: Acceso, Rectificación, Cancelación, Oposición, Portabilidad, Total.
    assert cifras(texto, t["mes"], "Mayo") == ["1", "0", "0", "0", "0", "1"]
    assert cifras(texto, t["mes"], "Septiembre") == ["0", "0", "1", "0", "0", "1"]
    assert cifras(texto, t["mes"], "Abril") == ["0", "0", "0", "0", "0", "0"]
    assert cifras(texto, t["medio"], "PNT / SISAI") == ["1", "0", "0", "1"]
    assert cifras(texto, t["medio"], "Correo electrónico") == ["0", "0", "1", "1"]
    assert cifras(texto, t["medio"], "Escrito") == ["0", "1", "0", "1"]
    # Recibidas, atendidas y pendientes al 31 de diciembre.
    assert cifras(texto, t["cierre"], "Hombre") == ["1", "0", "1"]
    assert cifras(texto, t["cierre"], "Mujer") == ["1", "1", "0"]
    assert cifras(texto, t["cierre"], "Total") == ["3", "2", "1"]
    assert cifras(texto, t["respuesta"], "Entrega total") == ["0", "1", "1", "2"]
    assert cifras(texto, t["respuesta"], "Inexistencia") == ["0", "0", "0", "0"]
    # S3 a los 22 días (tarde) y S11 a los 10: promedio y mediana de 16.
    assert cifras(texto, t["oportunidad"], "Solicitudes respondidas") == ["2"]
    assert cifras(texto, t["oportunidad"], "Respondidas en tiempo") == ["1"]
    assert cifras(texto, t["oportunidad"], "Respondidas fuera de tiempo") == ["1"]
    assert cifras(texto, t["oportunidad"], "Porcentaje respondido en tiempo (%)") == ["50.00"]
    assert cifras(texto, t["oportunidad"], "Promedio de días hábiles para responder") == ["16.00"]
    assert cifras(texto, t["oportunidad"], "Mediana de días hábiles para responder") == ["16.00"]
    # Sólo el recurso contra S3: los de solicitudes de acceso y los que no tienen
    # solicitud capturada no son de datos personales.
    assert cifras(texto, t["recursos"], "Julio") == ["1", "1"]
    assert cifras(texto, t["recursos"], "Total") == ["1", "1"]
    assert cifras(texto, t["resolucion"], "Modifica") == ["0", "1", "0", "1"]
    assert cifras(texto, t["resolucion"], "Total") == ["0", "1", "0", "1"]

    tablas = tablas_de(reporte)
    assert tablas["arco_oportunidad"] == [
        ["Solicitudes respondidas", 2],
        ["Respondidas en tiempo", 1],
        ["Respondidas fuera de tiempo", 1],
        ["Porcentaje respondido en tiempo (%)", 50.0],
        ["Promedio de días hábiles para responder", 16.0],
        ["Mediana de días hábiles para responder", 16.0],
    ]
    assert tablas["arco_estado_al_cierre"] == [
        ["Hombre", 1, 0, 1],
        ["Mujer", 1, 1, 0],
        ["N/I", 1, 1, 0],
        ["Total", 3, 2, 1],
    ]
    assert len(tablas["arco_por_mes"]) == 13  # doce meses y el total
    assert tablas["arco_recursos_por_resolucion"][-1] == ["Total", 0, 1, 0, 1]


@time_machine.travel(datetime(2025, 1, 10, 12, tzinfo=MX), tick=False)
def test_datos_personales_sin_solicitudes_da_ceros(ayuntamiento):
    reporte, texto = generar_pdf(ayuntamiento, "datos_personales", 2024)
    assert cifras(texto, ARCO_TITULOS["derecho"], "Total") == ["0", "0", "0", "0"]
    assert cifras(texto, ARCO_TITULOS["oportunidad"], "Solicitudes respondidas") == ["0"]
    # Sin respuestas no hay porcentaje ni promedio: «—», no un 0 engañoso.
    assert cifras(texto, ARCO_TITULOS["oportunidad"], "Mediana de días hábiles para responder") == [
        "—"
    ]
    for clave, renglones in tablas_de(reporte).items():
        numeros = [v for r in renglones for v in r[1:] if isinstance(v, int | float)]
        assert not any(numeros), clave


@time_machine.travel(datetime(2025, 1, 10, 12, tzinfo=MX), tick=False)
def test_datos_personales_consultas_constantes(ayuntamiento):
    def agregar(desde: int, hasta: int) -> None:
        for numero in range(desde, hasta):
            with scope(ayuntamiento=ayuntamiento):
                solicitud = datos._solicitud(
                    ayuntamiento,
                    f"ARCO-{numero}",
                    datetime(2024, 1 + numero % 12, 3, 10, tzinfo=MX),
                    sexo=list(Sexo)[numero % 3],
                    derecho=["acceso", "rectificacion", "oposicion"][numero % 3],
                )
                recurso_guardar(
                    recurso=RecursoRevision(
                        ayuntamiento=ayuntamiento,
                        expediente=f"RR/{numero}/2024",
                        sexo=Sexo.MUJER,
                        solicitud=solicitud,
                        fecha_interposicion=date(2024, 12, 20),
                    )
                )

    agregar(0, 2)
    con_dos = consultas_del_contexto(ayuntamiento, "datos_personales", 2024)
    agregar(2, 20)
    assert consultas_del_contexto(ayuntamiento, "datos_personales", 2024) == con_dos


# --- Autoevaluación del Modelo Regional ------------------------------------------------------


@pytest.fixture
def modelo(ayuntamiento):
    """Convenio del 16/11/2022. Estrategia: convenio implementado (documento de 2022),
    política en elaboración, integridad no aplica, planes pendiente. Recursos: capacitación
    a funcionarios (anual) con evidencia de 2024; a la ciudadanía (anual) sólo con la de 2023,
    así que en 2024 está «por renovar». Lo demás, pendiente."""
    adhesion = adhesion_de_prueba(ayuntamiento)
    declarar(
        adhesion,
        "convenio-colaboracion",
        hoy=date(2023, 1, 10),
        fecha_documento=date(2022, 12, 1),
    )
    declarar(adhesion, "politica-transparencia", Estado.ELABORACION, hoy=date(2023, 1, 10))
    declarar(
        adhesion,
        "sistema-integridad",
        Estado.NO_APLICA,
        hoy=date(2023, 1, 10),
        motivo="Rige el código de ética estatal.",
    )
    declarar(
        adhesion,
        "capacitacion-funcionarios",
        hoy=date(2024, 6, 1),
        fecha_documento=date(2024, 5, 20),
    )
    declarar(
        adhesion,
        "capacitacion-ciudadania",
        hoy=date(2023, 5, 1),
        fecha_documento=date(2023, 4, 10),
    )
    return ayuntamiento


@time_machine.travel(datetime(2025, 3, 10, 12, tzinfo=MX), tick=False)
def test_autoevaluacion_lista_y_avance_por_dimension(modelo):
    reporte, texto = generar_pdf(modelo, "autoevaluacion", 2024)
    tablas = tablas_de(reporte)
    # Herramientas, no aplica, implementadas, por renovar, en elaboración, pendientes, avance.
    assert tablas["autoevaluacion_avance"] == [
        ["Estrategia", 4, 1, 1, 0, 1, 1, 33.3],
        ["Recursos", 4, 0, 1, 1, 0, 2, 25.0],
        ["Procesos", 2, 0, 0, 0, 0, 2, 0.0],
        ["Ciudadanía", 4, 0, 0, 0, 0, 4, 0.0],
        ["Mejora continua", 4, 0, 0, 0, 0, 4, 0.0],
        ["Total", 18, 1, 2, 1, 1, 13, 11.8],
    ]
    titulo = "Avance por dimensión"
    assert cifras(texto, titulo, "Estrategia") == ["4", "1", "1", "0", "1", "1", "33.30"]
    assert cifras(texto, titulo, "Total") == ["18", "1", "2", "1", "1", "13", "11.80"]
    corrido = " ".join(texto.split())
    assert "Avance general: 11.8 % (2 de 17 herramientas aplicables implementadas)" in corrido
    assert "Estado de las herramientas al 31 de diciembre de 2024" in corrido

    lista = {r[1]: r for r in tablas["autoevaluacion_herramientas"]}
    assert len(lista) == 18
    assert lista["Convenio de colaboración"] == [
        "Estrategia",
        "Convenio de colaboración",
        "1 mes para elaboración, vigencia indefinida.",
        "16 de diciembre de 2022",
        "Implementada",
        "No",
        "1 de diciembre de 2022",
        "Evidencia de convenio-colaboracion (1 de diciembre de 2022)",
        "",
    ]
    politica = lista["Política de Transparencia y Acceso a la Información Pública"]
    assert politica[3:6] == ["16 de febrero de 2023", "En elaboración", "Sí"]
    integridad = lista["Sistema de Integridad y Código de Ética"]
    assert integridad[4:] == ["No aplica", "No", "", "", "Rige el código de ética estatal."]
    assert lista["Plan anual de capacitación interna a funcionarios públicos"][4] == "Implementada"
    ciudadania = lista["Plan anual de capacitación interna a ciudadanía públicos"]
    assert ciudadania[4] == "Por renovar (falta evidencia del año)"
    assert ciudadania[7] == "Evidencia de capacitacion-ciudadania (10 de abril de 2023)"

    # La lista del PDF: cada herramienta con su estado y su documento comprobatorio.
    estrategia = corrido_de_tabla(texto, "Dimensión: Estrategia", hasta="Dimensión: Recursos")
    assert "Implementada Implementada el 1 de diciembre de 2022" in estrategia
    assert "colaboracion (1 de diciembre de 2022)" in estrategia
    assert "En elaboración (atrasada)" in estrategia
    assert "No aplica No aplica: Rige el código de ética estatal." in estrategia
    recursos = corrido_de_tabla(texto, "Dimensión: Recursos", hasta="Dimensión: Procesos")
    assert "Por renovar (falta evidencia del año)" in recursos
    assert "funcionarios (20 de mayo de 2024)" in recursos
    assert "ciudadania (10 de abril de 2023)" in recursos


@pytest.mark.parametrize(
    "convenio", [None, date(2025, 1, 15)], ids=["sin-adhesion", "convenio-posterior-al-anio"]
)
@time_machine.travel(datetime(2025, 3, 10, 12, tzinfo=MX), tick=False)
def test_autoevaluacion_sin_adhesion_en_el_anio_lo_dice(ayuntamiento, convenio):
    if convenio is not None:
        adhesion_de_prueba(ayuntamiento, fecha=convenio)
    reporte, texto = generar_pdf(ayuntamiento, "autoevaluacion", 2024)
    assert "no registra adhesión al Modelo Regional de Transparencia Municipal" in " ".join(
        texto.split()
    )
    assert SIN_REGISTROS in texto
    assert tablas_de(reporte) == {"autoevaluacion_avance": [], "autoevaluacion_herramientas": []}


@time_machine.travel(datetime(2025, 3, 10, 12, tzinfo=MX), tick=False)
def test_autoevaluacion_consultas_constantes(ayuntamiento):
    adhesion = adhesion_de_prueba(ayuntamiento)

    def evidencias(cuantas: int) -> None:
        for numero in range(cuantas):
            declarar(adhesion, "convenio-colaboracion", fecha_documento=date(2024, 1, 1 + numero))

    evidencias(2)
    # La adhesión, el avance por dimensión, los estados y sus evidencias: ni una consulta
    # por herramienta (son 18) ni por evidencia.
    assert consultas_del_contexto(ayuntamiento, "autoevaluacion", 2024) == 4
    evidencias(18)
    assert consultas_del_contexto(ayuntamiento, "autoevaluacion", 2024) == 4
