"""El tablero de la portada contra cifras contadas a mano.

«Hoy» es el lunes 10 de marzo de 2025 a mediodía (Ciudad de México): primer trimestre de
2025, la semana va del 10 al 16 de marzo. Plazos por omisión: 20 días hábiles para responder,
5 para el turno a un área, «por vencer» hasta 3 días hábiles (el jueves 13). El 3 de febrero
y el 17 de marzo son inhábiles.

Del ayuntamiento (Oaxaca de Juárez):

| folio         | recibida   | vence      | semáforo   | lo demás                                   |
|---------------|------------|------------|------------|--------------------------------------------|
| S-DICIEMBRE   | 02/12/2024 | —          | —          | respondida el 10/01 (atendida en enero)    |
| S-ENERO       | 13/01      | —          | —          | respondida el 31/01 (atendida en enero)    |
| S-RESPONDIDA  | 04/02      | —          | —          | turno a Tesorería 05/02, respondido 10/02; respondida el 20/02 |
| S-VENCIDA     | 05/02      | 05/03      | vencida    |                                            |
| S-LUNES       | 10/02      | 10/03      | por vencer | turno a Tesorería 11/02 (vence 18/02: vencido) |
| S-MIERCOLES   | 12/02      | 12/03      | por vencer | turno a Tesorería 06/03 (vence 13/03: por vencer); solicitante con nombre |
| S-VIERNES     | 14/02      | 14/03      | en tiempo  | turno a Obras 07/03 (vence 14/03: en tiempo) |
| S-MARZO       | 03/03      | 01/04      | en tiempo  |                                            |

Recibidas en el trimestre: enero 1, febrero 5, marzo 1 (7); atendidas: enero 2, febrero 1.
Recursos: interpuestos 2, admitido 1, con alegatos 1, en cumplimiento 1; uno resuelto que
confirma y uno concluido no están en proceso.
Capacitación del trimestre: 15/01 (M5 H3 N/I 1) y 05/03 (M2 H5): 2 sesiones, 16 asistentes;
una de diciembre no cuenta. Asesorías: M2 H1 N/I 1 (4); una de diciembre no cuenta.
POA 2025 de la Unidad, trimestre 1 (programado 10 al trimestre): 10 de 10 verde, 8 amarillo,
2 rojo, nada capturado rojo, programado 0 sin programación.
Autoevaluación 2025: 2 implementadas, 1 no aplica: Estrategia 2 de 3 (66.7 %), general 2 de
17 (11.8 %).

Del ayuntamiento ajeno (Puebla), que nunca debe aparecer: dos solicitudes (una vence el
martes 11), un recurso interpuesto, una sesión con 40 mujeres, una asesoría, un POA con una
actividad verde y 3 herramientas implementadas.
"""

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from autoevaluacion.models import Estado
from capacitacion.models import Asesoria, Capacitacion
from organizacion.models import Sexo
from reportes.periodos import periodo_que_contiene
from reportes.tipos.trimestral import InformeTrimestral
from solicitudes import estadisticas
from solicitudes.models import (
    EstadoRecurso,
    RecursoRevision,
    Solicitud,
    TipoEvento,
    TipoRespuesta,
)
from solicitudes.servicios import (
    evento_registrar,
    recurso_guardar,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
)
from tests.autoevaluacion.objetos import adhesion_de_prueba, declarar
from tests.capacitacion.objetos import asesoria, sesion
from tests.poa.objetos import capturar, crear_actividad, crear_objetivo, crear_plan
from tests.solicitudes.test_consultas import poblar

MX = ZoneInfo("America/Mexico_City")
AHORA = datetime(2025, 3, 10, 12, tzinfo=MX)
HOY = AHORA.date()
SOLICITANTE = "Juana Pérez Solicitante"


@pytest.fixture(autouse=True)
def _congelado():
    with time_machine.travel(AHORA, tick=False):
        yield


# --- Escenario -----------------------------------------------------------------------------


def _solicitud(ayuntamiento, folio, recibida: date, **campos) -> Solicitud:
    return solicitud_registrar(
        solicitud=Solicitud(
            ayuntamiento=ayuntamiento,
            folio=folio,
            recibida=datetime(recibida.year, recibida.month, recibida.day, 10, tzinfo=MX),
            descripcion=f"Información de {folio}",
            **campos,
        )
    )


def _responder(solicitud: Solicitud, fecha: date) -> None:
    evento_registrar(
        solicitud=solicitud,
        tipo=TipoEvento.RESPUESTA,
        fecha=fecha,
        tipo_respuesta=TipoRespuesta.ENTREGA_TOTAL,
    )


def _turnar(solicitud: Solicitud, area, fecha: date):
    return solicitud_turnar(solicitud=solicitud, areas=[area], fecha=fecha)[0]


def _recurso(ayuntamiento, expediente: str, interposicion: date, **fechas) -> RecursoRevision:
    return recurso_guardar(
        recurso=RecursoRevision(
            ayuntamiento=ayuntamiento,
            expediente=expediente,
            sexo=Sexo.MUJER,
            fecha_interposicion=interposicion,
            **fechas,
        )
    )


def _solicitudes(ayuntamiento, areas) -> None:
    tesoreria, obras = areas
    with scope(ayuntamiento=ayuntamiento):
        _responder(_solicitud(ayuntamiento, "S-DICIEMBRE", date(2024, 12, 2)), date(2025, 1, 10))
        _responder(_solicitud(ayuntamiento, "S-ENERO", date(2025, 1, 13)), date(2025, 1, 31))
        respondida = _solicitud(ayuntamiento, "S-RESPONDIDA", date(2025, 2, 4))
        turno_responder(
            turno=_turnar(respondida, tesoreria, date(2025, 2, 5)),
            fecha=date(2025, 2, 10),
            respuesta="Se entrega la información.",
        )
        _responder(respondida, date(2025, 2, 20))
        _solicitud(ayuntamiento, "S-VENCIDA", date(2025, 2, 5))
        _turnar(
            _solicitud(ayuntamiento, "S-LUNES", date(2025, 2, 10)), tesoreria, date(2025, 2, 11)
        )
        miercoles = _solicitud(
            ayuntamiento, "S-MIERCOLES", date(2025, 2, 12), nombre_solicitante=SOLICITANTE
        )
        _turnar(miercoles, tesoreria, date(2025, 3, 6))
        _turnar(_solicitud(ayuntamiento, "S-VIERNES", date(2025, 2, 14)), obras, date(2025, 3, 7))
        _solicitud(ayuntamiento, "S-MARZO", date(2025, 3, 3))

        _recurso(ayuntamiento, "RR-1", date(2025, 2, 20))
        _recurso(ayuntamiento, "RR-2", date(2025, 3, 3))
        _recurso(ayuntamiento, "RR-3", date(2025, 2, 10), fecha_notificacion=date(2025, 2, 12))
        _recurso(
            ayuntamiento,
            "RR-4",
            date(2025, 1, 20),
            fecha_notificacion=date(2025, 1, 22),
            fecha_alegatos=date(2025, 1, 30),
        )
        resuelto = {
            "fecha_notificacion": date(2025, 1, 8),
            "fecha_alegatos": date(2025, 1, 15),
            "fecha_resolucion": date(2025, 2, 20),
        }
        _recurso(ayuntamiento, "RR-5", date(2025, 1, 6), resolucion="confirma", **resuelto)
        _recurso(ayuntamiento, "RR-6", date(2025, 1, 6), resolucion="revoca", **resuelto)
        _recurso(
            ayuntamiento,
            "RR-7",
            date(2025, 1, 6),
            resolucion="revoca",
            fecha_cumplimiento=date(2025, 3, 5),
            **resuelto,
        )


def _capacitacion(ayuntamiento) -> None:
    sesion(ayuntamiento, fecha=date(2025, 1, 15), mujeres=5, hombres=3, no_identificado=1)
    sesion(ayuntamiento, fecha=date(2025, 3, 5), mujeres=2, hombres=5)
    sesion(ayuntamiento, fecha=date(2024, 12, 10), mujeres=10, hombres=10)
    for fecha, sexo in [
        (date(2025, 2, 3), Sexo.MUJER),
        (date(2025, 2, 10), Sexo.HOMBRE),
        (date(2025, 3, 3), Sexo.MUJER),
        (date(2025, 3, 4), Sexo.NO_IDENTIFICADO),
        (date(2024, 12, 9), Sexo.MUJER),
    ]:
        asesoria(ayuntamiento, fecha=fecha, sexo=sexo)


PROGRAMADO: dict[str, Any] = {
    "programado_t1": 10,
    "programado_t2": 20,
    "programado_t3": 30,
    "programado_t4": 40,
}


def _poa(ayuntamiento, areas) -> None:
    objetivo = crear_objetivo(crear_plan(ayuntamiento, anio=2025), clave="C1")
    for clave, capturas in [("A1", [5, 5]), ("A2", [4, 4]), ("A3", [2])]:
        actividad = crear_actividad(objetivo, clave=clave, meta_anual=40, **PROGRAMADO)
        for mes, valor in enumerate(capturas, start=1):
            capturar(actividad, mes, valor)
    crear_actividad(objetivo, areas[0], clave="A4", meta_anual=40, **PROGRAMADO)
    crear_actividad(
        objetivo,
        clave="A5",
        meta_anual=40,
        programado_t1=0,
        programado_t2=10,
        programado_t3=20,
        programado_t4=40,
    )


def _autoevaluacion(ayuntamiento) -> None:
    adhesion = adhesion_de_prueba(ayuntamiento)
    declarar(adhesion, "convenio-colaboracion", hoy=HOY)
    declarar(adhesion, "politica-transparencia", hoy=HOY)
    declarar(adhesion, "planes-proyectos", Estado.NO_APLICA, hoy=HOY, motivo="Sin proyectos")


def _ajeno(ayuntamiento_ajeno) -> None:
    with scope(ayuntamiento=ayuntamiento_ajeno):
        _solicitud(ayuntamiento_ajeno, "P-MARTES", date(2025, 2, 11), nombre_solicitante="Ajeno")
        _solicitud(ayuntamiento_ajeno, "P-MARZO", date(2025, 3, 4))
        _recurso(ayuntamiento_ajeno, "RR-P", date(2025, 2, 20))
    sesion(ayuntamiento_ajeno, fecha=date(2025, 2, 14), mujeres=40)
    asesoria(ayuntamiento_ajeno, fecha=date(2025, 2, 14), sexo=Sexo.HOMBRE)
    objetivo = crear_objetivo(crear_plan(ayuntamiento_ajeno, anio=2025))
    capturar(crear_actividad(objetivo, meta_anual=40, **PROGRAMADO), 1, 10)
    adhesion = adhesion_de_prueba(ayuntamiento_ajeno)
    for clave in ("convenio-colaboracion", "politica-transparencia", "perfiles-cargo"):
        declarar(adhesion, clave, hoy=HOY)


@pytest.fixture
def escenario(ayuntamiento, ayuntamiento_ajeno, areas):
    _solicitudes(ayuntamiento, areas)
    _capacitacion(ayuntamiento)
    _poa(ayuntamiento, areas)
    _autoevaluacion(ayuntamiento)
    _ajeno(ayuntamiento_ajeno)
    return ayuntamiento


# --- Lectura de la página ------------------------------------------------------------------


def _pagina(cliente, ayuntamiento) -> str:
    respuesta = cliente.get(
        reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug})
    )
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def _datos(html: str) -> dict:
    """Los datos de las gráficas, como los lee static/js/tablero.js."""
    bloque = re.search(r'<script id="datos-tablero" type="application/json">(.*?)</script>', html)
    assert bloque, "la página no trae los datos de las gráficas"
    return json.loads(bloque.group(1))


def _panel(html: str, nombre: str) -> str:
    """El texto visible de un panel, cada celda o elemento separado por un espacio."""
    seccion = re.search(rf'<section[^>]*id="panel-{nombre}".*?</section>', html, re.S)
    assert seccion, f"la página no trae el panel «{nombre}»"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", seccion.group(0))).split())


def _valores(grafica: dict) -> dict[str, list]:
    return {serie["nombre"]: serie["valores"] for serie in grafica["series"]}


# --- Lo que ve la Unidad -------------------------------------------------------------------


def test_la_unidad_ve_las_cifras_de_hoy(escenario, titular, cliente_de):
    html = _pagina(cliente_de(titular), escenario)
    datos = _datos(html)

    plazos = _panel(html, "plazos")
    assert "5 en total" in plazos
    assert "Vencida 1 Por vencer 2 En tiempo 2" in plazos
    assert datos["grafica-plazos"]["etiquetas"] == ["Vencida", "Por vencer", "En tiempo"]
    assert _valores(datos["grafica-plazos"]) == {"Solicitudes": [1, 2, 2]}
    assert f"/{escenario.slug}/solicitudes/?semaforo=vencida" in html

    semana = _panel(html, "semana")
    assert "Vencen esta semana: 3" in semana
    assert "del 10 de marzo de 2025 al 16 de marzo de 2025" in semana
    assert (
        "lunes 10 de marzo 1 martes 11 de marzo 0 miércoles 12 de marzo 1 "
        "jueves 13 de marzo 0 viernes 14 de marzo 1 sábado 15 de marzo 0 domingo 16 de marzo 0"
    ) in semana
    assert _valores(datos["grafica-semana"]) == {"Vencen": [1, 0, 1, 0, 1, 0, 0]}

    trimestre = _panel(html, "trimestre")
    assert "Solicitudes en el primer trimestre de 2025" in trimestre
    assert "7 recibidas y 3 atendidas" in trimestre
    assert "Enero 1 2 Febrero 5 1 Marzo 1 0 Total 7 3" in trimestre
    assert _valores(datos["grafica-trimestre"]) == {"Recibidas": [1, 5, 1], "Atendidas": [2, 1, 0]}
    assert "?desde=2025-01-01&amp;hasta=2025-03-31" in html

    recursos = _panel(html, "recursos")
    assert "Recursos de revisión en proceso: 5" in recursos
    assert (
        "Interpuesto 2 Admitido: alegatos pendientes 1 Alegatos presentados 1 En cumplimiento 1"
    ) in recursos
    assert "/solicitudes/recursos/?estado=en_cumplimiento" in html

    poa = _panel(html, "poa")
    assert "POA 2025: semáforo del trimestre 1" in poa
    assert "5 actividades" in poa
    assert "Verde 1 Amarillo 1 Rojo 2 Sin programación 1" in poa
    assert _valores(datos["grafica-poa"]) == {"Actividades": [1, 1, 2, 1]}
    assert datos["grafica-poa"]["colores"] == ["verde", "amarillo", "rojo", "sin_dato"]
    assert "/poa/planes/" in html and "/trimestre/?t=1" in html

    capacitacion = _panel(html, "capacitacion")
    assert "2 sesiones de capacitación con 16 asistentes y 4 asesorías" in capacitacion
    assert "Mujer 7 2 Hombre 8 1 No identificado 1 1 Total 16 4" in capacitacion
    assert _valores(datos["grafica-capacitacion"]) == {
        "Personas capacitadas": [7, 8, 1],
        "Asesorías": [2, 1, 1],
    }

    autoevaluacion = _panel(html, "autoevaluacion")
    assert "Autoevaluación del modelo regional: 11.8 %" in autoevaluacion
    assert "Estrategia 2 3 66.7 %" in autoevaluacion
    assert "General 2 17 11.8 %" in autoevaluacion
    grafica = datos["grafica-autoevaluacion"]
    assert grafica["etiquetas"][0] == "Estrategia"
    assert _valores(grafica)["Avance (%)"][0] == 66.7
    assert grafica["horizontal"] is True and grafica["maximo"] == 100

    # Cada gráfica tiene su lienzo con descripción, y la página carga su script.
    for lienzo in datos:
        assert re.search(rf'<canvas id="{lienzo}" role="img" aria-label="[^"]+"', html)
    assert "js/tablero.js" in html and "vendor/chartjs/chart.umd.min.js" in html
    # Lo demás de la portada sigue ahí.
    assert "Próximos días inhábiles" in html and "Últimos oficios" in html


def test_a_media_semana_cuenta_de_hoy_al_domingo(escenario, titular, cliente_de):
    """El miércoles, lo del lunes ya está vencido: sale en el semáforo, no en la semana."""
    with time_machine.travel(datetime(2025, 3, 12, 9, tzinfo=MX), tick=False):
        html = _pagina(cliente_de(titular), escenario)
    semana = _panel(html, "semana")
    assert "Vencen esta semana: 2" in semana
    assert "del 12 de marzo de 2025 al 16 de marzo de 2025" in semana
    assert "lunes" not in semana
    datos = _datos(html)
    assert datos["grafica-semana"]["etiquetas"] == ["12/03", "13/03", "14/03", "15/03", "16/03"]
    assert _valores(datos["grafica-semana"]) == {"Vencen": [1, 0, 1, 0, 0]}
    # «Por vencer» llega ahora al martes 18 (el 17 es inhábil): también la del viernes 14.
    assert _valores(datos["grafica-plazos"]) == {"Solicitudes": [2, 2, 1]}


@pytest.mark.parametrize("rol", ["personal", "consulta", "usuario_garante"])
def test_los_demas_roles_de_la_unidad_y_el_garante_ven_lo_mismo(
    rol, request, escenario, titular, cliente_de
):
    del_titular = _datos(_pagina(cliente_de(titular), escenario))
    html = _pagina(cliente_de(request.getfixturevalue(rol)), escenario)
    assert _datos(html) == del_titular
    assert "Recursos de revisión en proceso: 5" in _panel(html, "recursos")


def test_sin_plan_ni_adhesion_lo_dice_y_liga_a_donde_se_registran(
    ayuntamiento, titular, cliente_de
):
    html = _pagina(cliente_de(titular), ayuntamiento)
    assert "La Unidad no tiene registrado su POA de 2025." in _panel(html, "poa")
    assert "aún no registra su adhesión" in _panel(html, "autoevaluacion")
    datos = _datos(html)
    assert "grafica-poa" not in datos and "grafica-autoevaluacion" not in datos
    assert _valores(datos["grafica-plazos"]) == {"Solicitudes": [0, 0, 0]}
    assert f'href="/{ayuntamiento.slug}/poa/"' in html


# --- El enlace -----------------------------------------------------------------------------


def test_el_enlace_ve_solo_los_turnos_pendientes_de_su_area(escenario, enlace, cliente_de):
    html = _pagina(cliente_de(enlace), escenario)
    turnos = _panel(html, "turnos")
    assert "Turnos pendientes de su área: 2" in turnos
    assert "Vencida 1 Por vencer 1 En tiempo 0" in turnos
    assert _datos(html) == {
        "grafica-turnos": {
            "etiquetas": ["Vencida", "Por vencer", "En tiempo"],
            "series": [{"nombre": "Turnos pendientes", "valores": [1, 1, 0]}],
            "colores": ["vencida", "por_vencer", "en_tiempo"],
            "horizontal": False,
            "maximo": None,
        }
    }
    assert "/solicitudes/turnos/?estado=pendientes&amp;semaforo=vencida" in html
    # Nada del ayuntamiento entero ni de quien solicita.
    for panel in ("plazos", "semana", "trimestre", "recursos", "poa", "capacitacion"):
        assert f'id="panel-{panel}"' not in html
    assert SOLICITANTE not in html and "S-MIERCOLES" not in html


def test_el_enlace_de_otra_area_ve_la_suya(escenario, enlace_otra_area, cliente_de):
    html = _pagina(cliente_de(enlace_otra_area), escenario)
    assert "Turnos pendientes de su área: 1" in _panel(html, "turnos")
    assert _valores(_datos(html)["grafica-turnos"]) == {"Turnos pendientes": [0, 0, 1]}


# --- Otro ayuntamiento ---------------------------------------------------------------------


def test_las_cifras_de_otro_ayuntamiento_nunca_aparecen(
    escenario, ayuntamiento_ajeno, titular, extrano, cliente_de
):
    nuestro = _pagina(cliente_de(titular), escenario)
    assert "Ajeno" not in nuestro and "P-MARTES" not in nuestro
    # Puebla tiene lo suyo, y su tablero lo cuenta: así se ve que en el nuestro no está.
    ajeno = _datos(_pagina(cliente_de(extrano), ayuntamiento_ajeno))
    assert _valores(ajeno["grafica-semana"]) == {"Vencen": [0, 1, 0, 0, 0, 0, 0]}
    assert _valores(ajeno["grafica-capacitacion"])["Personas capacitadas"] == [40, 0, 0]
    assert _valores(ajeno["grafica-poa"]) == {"Actividades": [1, 0, 0, 0]}
    datos = _datos(nuestro)
    assert _valores(datos["grafica-semana"]) == {"Vencen": [1, 0, 1, 0, 1, 0, 0]}
    assert _valores(datos["grafica-capacitacion"])["Personas capacitadas"] == [7, 8, 1]
    assert "Recursos de revisión en proceso: 5" in _panel(nuestro, "recursos")
    # Y un extraño no ve nuestro tablero.
    assert (
        cliente_de(extrano)
        .get(reverse("organizacion:tablero", kwargs={"ayuntamiento": escenario.slug}))
        .status_code
        == 404
    )


# --- Una cifra, un lugar -------------------------------------------------------------------


def test_las_cifras_del_trimestre_son_las_del_informe_trimestral(escenario, titular, cliente_de):
    html = _pagina(cliente_de(titular), escenario)
    datos = _datos(html)
    periodo = periodo_que_contiene("trimestre", HOY)
    with scope(ayuntamiento=escenario):
        tablas = {t.clave: t for t in InformeTrimestral(escenario, periodo).contexto()["tablas"]}

    solicitudes = tablas["solicitudes"]
    total = dict(zip(solicitudes.columnas, solicitudes.renglones[-1], strict=True))
    por_mes = [dict(zip(solicitudes.columnas, r, strict=True)) for r in solicitudes.renglones[:-1]]
    trimestre = _valores(datos["grafica-trimestre"])
    assert trimestre["Recibidas"] == [r["Recibidas"] for r in por_mes]
    assert trimestre["Atendidas"] == [r["Atendidas"] for r in por_mes]
    assert f"{total['Recibidas']} recibidas y {total['Atendidas']} atendidas" in _panel(
        html, "trimestre"
    )
    assert (total["Recibidas"], total["Atendidas"]) == (7, 3)

    sesiones = dict(
        zip(tablas["capacitaciones"].columnas, tablas["capacitaciones"].renglones[-1], strict=True)
    )
    asesorias = dict(
        zip(tablas["asesorias"].columnas, tablas["asesorias"].renglones[-1], strict=True)
    )
    assert (
        f"{sesiones['Sesiones']} sesiones de capacitación con {sesiones['Asistentes']} "
        f"asistentes y {asesorias['Total']} asesorías"
    ) in _panel(html, "capacitacion")
    capacitacion = _valores(datos["grafica-capacitacion"])
    assert capacitacion["Personas capacitadas"] == [
        sesiones["Mujeres"],
        sesiones["Hombres"],
        sesiones["N/I"],
    ]
    assert capacitacion["Asesorías"] == [
        asesorias["Mujeres"],
        asesorias["Hombres"],
        asesorias["N/I"],
    ]
    assert (sesiones["Sesiones"], sesiones["Asistentes"], asesorias["Total"]) == (2, 16, 4)

    semaforos = Counter(r[-1] for r in tablas["poa_actividades"].renglones)
    grafica = datos["grafica-poa"]
    assert dict(zip(grafica["etiquetas"], _valores(grafica)["Actividades"], strict=True)) == {
        etiqueta: semaforos[etiqueta] for etiqueta in grafica["etiquetas"]
    }
    assert sum(semaforos.values()) == 5


# --- Las funciones nuevas de estadísticas --------------------------------------------------


def test_vencimientos_por_dia_y_periodo_al_reves(escenario):
    with scopes_disabled():
        filas = estadisticas.vencimientos(
            ayuntamiento=escenario, desde=date(2025, 3, 5), hasta=date(2025, 4, 1)
        )
        assert filas == [
            {"vence": date(2025, 3, 5), "total": 1},
            {"vence": date(2025, 3, 10), "total": 1},
            {"vence": date(2025, 3, 12), "total": 1},
            {"vence": date(2025, 3, 14), "total": 1},
            {"vence": date(2025, 4, 1), "total": 1},
        ]
        with pytest.raises(Exception, match="después de terminar"):
            estadisticas.vencimientos(
                ayuntamiento=escenario, desde=date(2025, 3, 16), hasta=date(2025, 3, 10)
            )


def test_recursos_en_proceso_coincide_con_el_estado_de_cada_recurso(
    escenario, django_assert_num_queries
):
    with scopes_disabled():
        with django_assert_num_queries(1):
            conteo = estadisticas.recursos_en_proceso(ayuntamiento=escenario)
        estados = Counter(r.estado for r in RecursoRevision.objects.filter(ayuntamiento=escenario))
    assert conteo == {
        "interpuesto": 2,
        "admitido": 1,
        "alegatos": 1,
        "en_cumplimiento": 1,
        "total": 5,
    }
    assert {e: estados[e] for e in estadisticas.RECURSOS_EN_PROCESO} == {
        e: conteo[e] for e in estadisticas.RECURSOS_EN_PROCESO
    }
    assert estados[EstadoRecurso.RESUELTO] == 1 and estados[EstadoRecurso.CONCLUIDO] == 1


# --- Consultas -----------------------------------------------------------------------------


def _mucho_mas(ayuntamiento, areas) -> None:
    """Cientos de solicitudes y turnos, sesiones, asesorías, recursos y actividades más."""
    poblar(ayuntamiento, areas, 0, 300)
    with scope(ayuntamiento=ayuntamiento):
        Capacitacion.objects.bulk_create(
            Capacitacion(
                ayuntamiento=ayuntamiento,
                tema=f"Sesión {n}",
                fecha=date(2025, 1, 1) + timedelta(days=n % 60),
                mujeres=n % 7,
                hombres=n % 5,
            )
            for n in range(200)
        )
        Asesoria.objects.bulk_create(
            Asesoria(
                ayuntamiento=ayuntamiento,
                fecha=date(2025, 1, 1) + timedelta(days=n % 60),
                tema="datos_personales",
                publico="ciudadano",
                sexo=list(Sexo)[n % 3],
                medio="presencial",
            )
            for n in range(200)
        )
        RecursoRevision.objects.bulk_create(
            RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente=f"RR-M-{n}",
                sexo=Sexo.HOMBRE,
                fecha_interposicion=date(2025, 1, 2) + timedelta(days=n % 40),
            )
            for n in range(100)
        )
    objetivo = crear_objetivo(crear_plan(ayuntamiento, anio=2025), clave="C9")
    for n in range(15):
        capturar(crear_actividad(objetivo, clave=f"M{n}", meta_anual=40, **PROGRAMADO), 1, n)


@pytest.mark.parametrize(("rol", "maximo"), [("titular", 20), ("enlace", 8)])
def test_las_consultas_no_crecen_con_los_datos(
    rol, maximo, request, escenario, areas, cliente_de, django_assert_max_num_queries
):
    cliente = cliente_de(request.getfixturevalue(rol))
    url = reverse("organizacion:tablero", kwargs={"ayuntamiento": escenario.slug})

    def consultas() -> int:
        with CaptureQueriesContext(connection) as capturadas:
            assert cliente.get(url).status_code == 200
        return len(capturadas)

    con_pocos = consultas()
    _mucho_mas(escenario, areas)
    with django_assert_max_num_queries(maximo):
        con_muchos = consultas()
    assert con_pocos == con_muchos
