"""El informe semestral de solicitudes para el garante, generado de verdad y leído de vuelta.

Usa el escenario contado a mano de tests/solicitudes/test_estadisticas.py. Su segundo
trimestre cae en el primer semestre de 2024, que además trae S6 (recibida el 20/03) y el
recurso RR/050 (interpuesto el 15/03). Lo que pasó después del 30 de junio (la entrega
parcial de S4 el 02/07, el Comité de S5 el 05/07, la resolución de RR/050 el 08/07 y la
respuesta del área a S3 el 03/07) no es del primer semestre: al cierre, pendiente.
"""

from datetime import date, datetime

import time_machine
from django_scopes import scope

from organizacion.models import UnidadAdministrativa
from reportes.periodos import periodo_de
from reportes.tipos import TIPOS
from solicitudes.models import RecursoRevision
from solicitudes.servicios import recurso_guardar, solicitud_turnar
from tests.solicitudes import test_estadisticas as datos

from .test_tipos_anuales import (
    MX,
    SIN_REGISTROS,
    cifras,
    consultas_del_contexto,
    generar_pdf,
    tablas_de,
)

escenario = datos.escenario  # la misma fixture: sus cifras están contadas a mano allá
AHORA = datetime(2024, 7, 15, 12, tzinfo=MX)

POR_MES = "Solicitudes recibidas por mes y tipo"
POR_MEDIO = "Solicitudes recibidas por medio y tipo"
POR_SEXO = "Personas solicitantes por sexo"
AL_CIERRE = "Estado al cierre del semestre de las solicitudes recibidas en él"
RESPUESTA = "Solicitudes atendidas en el semestre por tipo de respuesta"
TRAMITE = "Prevenciones y ampliaciones de plazo de las solicitudes recibidas"
COMITE = "Resoluciones del Comité de Transparencia por tipo y sentido"
AREAS = "Solicitudes turnadas por área administrativa"
OPORTUNIDAD = "Oportunidad de las respuestas (días hábiles)"
RECURSOS = "Recursos de revisión recibidos y atendidos"
RESOLUCION = "Recursos de revisión resueltos por sentido y sexo de quien recurre"


@time_machine.travel(AHORA, tick=False)
def test_primer_semestre_con_las_cifras_contadas_a_mano(escenario):
    reporte, texto = generar_pdf(escenario, "semestral", 2024)

    # Acceso a la información, ARCO, total.
    assert cifras(texto, POR_MES, "Enero") == ["0", "0", "0"]
    assert cifras(texto, POR_MES, "Marzo") == ["1", "0", "1"]
    assert cifras(texto, POR_MES, "Abril") == ["4", "0", "4"]
    assert cifras(texto, POR_MES, "Mayo") == ["1", "1", "2"]
    assert cifras(texto, POR_MES, "Junio") == ["1", "1", "2"]
    assert cifras(texto, POR_MES, "Total") == ["7", "2", "9"]
    assert cifras(texto, POR_MEDIO, "PNT / SISAI") == ["5", "1", "6"]
    assert cifras(texto, POR_MEDIO, "Correo electrónico") == ["1", "0", "1"]
    assert cifras(texto, POR_MEDIO, "Escrito") == ["0", "1", "1"]
    assert cifras(texto, POR_MEDIO, "Teléfono") == ["1", "0", "1"]
    assert cifras(texto, POR_MEDIO, "Verbal / comparecencia") == ["0", "0", "0"]
    # Hombre, mujer, no identificado, total.
    assert cifras(texto, POR_SEXO, "Acceso a la información") == ["3", "3", "1", "7"]
    assert cifras(texto, POR_SEXO, "Derechos ARCO") == ["1", "1", "0", "2"]
    assert cifras(texto, POR_SEXO, "Total") == ["4", "4", "1", "9"]
    # Recibidas, atendidas al cierre, pendientes al cierre: S4 se respondió el 2 de julio.
    assert cifras(texto, AL_CIERRE, "Acceso a la información") == ["7", "4", "3"]
    assert cifras(texto, AL_CIERRE, "Derechos ARCO") == ["2", "1", "1"]
    assert cifras(texto, AL_CIERRE, "Total") == ["9", "5", "4"]
    # S6, S1 y S3 (ARCO) con entrega total; S2 inexistencia; S7 desechada.
    assert cifras(texto, RESPUESTA, "Entrega total") == ["2", "1", "3"]
    assert cifras(texto, RESPUESTA, "Inexistencia") == ["1", "0", "1"]
    assert cifras(texto, RESPUESTA, "Desechada (prevención sin respuesta)") == ["1", "0", "1"]
    assert cifras(texto, RESPUESTA, "Entrega parcial") == ["0", "0", "0"]
    assert cifras(texto, RESPUESTA, "Total") == ["4", "1", "5"]
    assert cifras(texto, TRAMITE, "Recibidas en el semestre") == ["9"]
    assert cifras(texto, TRAMITE, "Con prevención al solicitante") == ["2"]
    assert cifras(texto, TRAMITE, "Con ampliación de plazo") == ["1"]
    # Confirma, modifica, revoca, total; la confidencialidad de S5 es del 5 de julio.
    assert cifras(texto, COMITE, "Ampliación de plazo") == ["1", "0", "0", "1"]
    assert cifras(texto, COMITE, "Clasificación como reservada") == ["0", "1", "0", "1"]
    assert cifras(texto, COMITE, "Inexistencia") == ["1", "0", "0", "1"]
    assert cifras(texto, COMITE, "Clasificación como confidencial") == ["0", "0", "0", "0"]
    assert cifras(texto, COMITE, "Total") == ["2", "1", "0", "3"]
    # Turnos, respondidos al cierre, no competente.
    assert cifras(texto, AREAS, "Obras Públicas") == ["2", "1", "1"]
    assert cifras(texto, AREAS, "Tesorería Municipal") == ["3", "3", "0"]
    assert cifras(texto, AREAS, "Total") == ["5", "4", "1"]
    # Acceso (S6 12, S1 11, S2 9 días), ARCO (S3 22 días, tarde) y todas.
    assert cifras(texto, OPORTUNIDAD, "Solicitudes respondidas") == ["3", "1", "4"]
    assert cifras(texto, OPORTUNIDAD, "Respondidas fuera de tiempo") == ["0", "1", "1"]
    assert cifras(texto, OPORTUNIDAD, "Porcentaje respondido en tiempo (%)") == [
        "100.00",
        "0.00",
        "75.00",
    ]
    assert cifras(texto, OPORTUNIDAD, "Promedio de días hábiles para responder") == [
        "10.70",
        "22.00",
        "13.50",
    ]
    assert cifras(texto, OPORTUNIDAD, "Mediana de días hábiles para responder") == [
        "11.00",
        "22.00",
        "11.50",
    ]
    # Recibidos y atendidos (alegatos o, sin ellos, la resolución) por mes.
    assert cifras(texto, RECURSOS, "Marzo") == ["1", "0"]
    assert cifras(texto, RECURSOS, "Abril") == ["1", "1"]
    assert cifras(texto, RECURSOS, "Junio") == ["1", "1"]
    assert cifras(texto, RECURSOS, "Total") == ["4", "3"]
    # Hombre, mujer, no identificado, total: RR/050 (revoca) se resolvió en julio.
    assert cifras(texto, RESOLUCION, "Confirma") == ["0", "1", "0", "1"]
    assert cifras(texto, RESOLUCION, "Desecha") == ["1", "0", "0", "1"]
    assert cifras(texto, RESOLUCION, "Revoca") == ["0", "0", "0", "0"]
    assert cifras(texto, RESOLUCION, "Total") == ["1", "1", "0", "2"]
    assert "primer semestre de 2024 (enero – junio de 2024)" in " ".join(texto.split())

    # Los datos abiertos son las mismas tablas, con los números como números.
    tablas = tablas_de(reporte)
    assert list(tablas) == [
        "solicitudes_por_mes",
        "solicitudes_por_medio",
        "solicitantes_por_sexo",
        "estado_al_cierre",
        "tipo_de_respuesta",
        "tramite",
        "resoluciones_comite",
        "turnos_por_area",
        "oportunidad",
        "recursos",
        "recursos_por_resolucion",
    ]
    assert tablas["oportunidad"] == [
        ["Solicitudes respondidas", 3, 1, 4],
        ["Respondidas en tiempo", 3, 0, 3],
        ["Respondidas fuera de tiempo", 0, 1, 1],
        ["Porcentaje respondido en tiempo (%)", 100.0, 0.0, 75.0],
        ["Promedio de días hábiles para responder", 10.7, 22.0, 13.5],
        ["Mediana de días hábiles para responder", 11.0, 22.0, 11.5],
    ]
    assert tablas["turnos_por_area"] == [
        ["Obras Públicas", 2, 1, 1],
        ["Tesorería Municipal", 3, 3, 0],
        ["Total", 5, 4, 1],
    ]


def test_segundo_semestre_cuenta_lo_que_paso_en_julio(escenario):
    """Sin generar el PDF: el contexto del segundo semestre, con lo del 1 de julio en adelante."""
    informe = TIPOS["semestral"](escenario, periodo_de("semestral", 2024, 2))
    with scope(ayuntamiento=escenario):
        tablas = {t.clave: t.renglones for t in informe.contexto()["tablas"]}
    assert tablas["solicitudes_por_mes"][0] == ["Julio", 0, 0, 0]
    assert tablas["solicitudes_por_mes"][-1] == ["Total", 0, 0, 0]
    assert ["Entrega parcial", 1, 0, 1] in tablas["tipo_de_respuesta"]
    assert ["Clasificación como confidencial", 1, 0, 0, 1] in tablas["resoluciones_comite"]
    assert ["Revoca", 0, 1, 0, 1] in tablas["recursos_por_resolucion"]
    assert tablas["turnos_por_area"] == []
    # S4: del 20 de mayo al 2 de julio, 31 días hábiles y fuera de tiempo.
    assert tablas["oportunidad"][:2] == [
        ["Solicitudes respondidas", 1, 0, 1],
        ["Respondidas en tiempo", 0, 0, 0],
    ]


@time_machine.travel(AHORA, tick=False)
def test_sin_solicitudes_se_genera_en_ceros(ayuntamiento):
    reporte, texto = generar_pdf(ayuntamiento, "semestral", 2024)
    assert cifras(texto, POR_MES, "Total") == ["0", "0", "0"]
    assert cifras(texto, RESPUESTA, "Total") == ["0", "0", "0"]
    assert cifras(texto, RECURSOS, "Total") == ["0", "0"]
    # Sin respuestas no hay porcentaje ni promedio: «—», no un 0 engañoso.
    assert cifras(texto, OPORTUNIDAD, "Porcentaje respondido en tiempo (%)") == ["—", "—", "—"]
    # Sin turnos, la tabla de áreas no inventa renglones.
    assert SIN_REGISTROS in texto
    tablas = tablas_de(reporte)
    assert tablas["turnos_por_area"] == []
    for clave, renglones in tablas.items():
        numeros = [v for r in renglones for v in r[1:] if isinstance(v, int | float)]
        assert not any(numeros), clave


def _agregar_solicitudes(ayuntamiento, cuantas: int) -> None:
    """Solicitudes nuevas, cada una turnada a un área nueva y con su recurso."""
    with time_machine.travel(AHORA, tick=False), scope(ayuntamiento=ayuntamiento):
        for numero in range(cuantas):
            solicitud = datos._solicitud(
                ayuntamiento,
                f"EXTRA-{numero}",
                datetime(2024, 1 + numero % 6, 10, 10, tzinfo=MX),
                derecho="acceso" if numero % 2 else "",
            )
            area = UnidadAdministrativa.objects.create(
                ayuntamiento=ayuntamiento, nombre=f"Área {numero:02d}"
            )
            solicitud_turnar(solicitud=solicitud, areas=[area], fecha=date(2024, 6, 28))
            recurso_guardar(
                recurso=RecursoRevision(
                    ayuntamiento=ayuntamiento,
                    expediente=f"RR/EXTRA/{numero}",
                    sexo="mujer",
                    solicitud=solicitud,
                    fecha_interposicion=date(2024, 6, 28),
                )
            )


def test_consultas_constantes(escenario):
    con_escenario = consultas_del_contexto(escenario, "semestral", 2024)
    _agregar_solicitudes(escenario, 20)
    assert consultas_del_contexto(escenario, "semestral", 2024) == con_escenario
