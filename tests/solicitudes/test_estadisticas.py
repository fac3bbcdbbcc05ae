"""Las cifras de solicitudes contra datos contados a mano.

El escenario se arma con los servicios reales, con «hoy» congelado el 15 de julio de 2024, y
se consulta el segundo trimestre (1 de abril a 30 de junio de 2024). Calendario: hábiles de
lunes a viernes, salvo el 1 de mayo (no hay días inhábiles capturados); hora de cierre 15:00.

Del ayuntamiento (Oaxaca de Juárez):

| folio | recibida (local)      | tipo / medio / sexo            | lo que pasó                                          |
|-------|-----------------------|--------------------------------|------------------------------------------------------|
| S6    | mié 20/03 10:00       | acceso / pnt / mujer           | turno a Tesorería 21/03 (resp. 02/04); entrega total 05/04: 12 días, en tiempo |
| S1    | mar 02/04 10:00       | acceso / pnt / mujer           | turno a Tesorería 03/04 (resp. 10/04); entrega total 17/04: 11 días, en tiempo; recurso RR1 |
| S2    | lun 15/04 09:00       | acceso / correo / hombre       | prevención 17/04, atendida 22/04; Comité inexistencia confirma 03/05; inexistencia 06/05: 9 días, en tiempo |
| S7    | lun 08/04 10:00       | acceso / pnt / hombre          | prevención 10/04, no atendida 25/04: desechada el 25/04 |
| S9    | mar 30/04 10:00       | acceso / pnt / mujer           | sin respuesta                                        |
| S3    | vie 10/05 16:00       | ARCO acceso / escrito / mujer  | después del cierre: cuenta desde el 13/05; turno a Obras 14/05 (resp. 03/07); Comité reserva modifica 11/06; entrega total 12/06: 22 días, fuera de tiempo (vencía el 10/06) |
| S4    | lun 20/05 11:00       | acceso / pnt / no identificado | turnos 21/05 a Obras (no competente 24/05) y Tesorería (resp. 03/06); ampliación 10/06; entrega parcial 02/07, fuera del periodo |
| S10   | lun 03/06 10:00       | ARCO rectificación / pnt / hombre | sin respuesta                                     |
| S5    | dom 30/06 19:30       | acceso / teléfono / hombre     | último día del periodo, después del cierre (en UTC ya es 1/07); Comité confidencial 05/07 |

Del ayuntamiento ajeno (Puebla), que nunca debe contarse: S8 (acceso / pnt / mujer, recibida
10/04, turno 11/04 respondido 12/04, Comité 15/04, entrega total 19/04), un recurso del
10/04 con un oficio del 12/04 y una denuncia del 05/04.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_scopes import scope, scopes_disabled

from organizacion.agregados import Mediana
from organizacion.models import Oficio, Sexo, TipoOficio, UnidadAdministrativa
from organizacion.servicios import oficio_emitir
from solicitudes import estadisticas
from solicitudes.models import (
    Denuncia,
    RecursoRevision,
    Solicitud,
    TipoEvento,
    TipoRespuesta,
    TipoSolicitud,
)
from solicitudes.servicios import (
    comite_resolver,
    evento_registrar,
    recurso_guardar,
    recurso_oficio_emitir,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
)

MX = ZoneInfo("America/Mexico_City")
DESDE, HASTA = date(2024, 4, 1), date(2024, 6, 30)
ABRIL, MAYO, JUNIO = date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)
PERIODO = {"desde": DESDE, "hasta": HASTA}


def _recibida(mes: int, dia: int, hora: int, minuto: int = 0) -> datetime:
    return datetime(2024, mes, dia, hora, minuto, tzinfo=MX)


def _solicitud(ayuntamiento, folio, recibida, *, medio="pnt", sexo="mujer", derecho=""):
    return solicitud_registrar(
        solicitud=Solicitud(
            ayuntamiento=ayuntamiento,
            tipo=TipoSolicitud.ARCO if derecho else TipoSolicitud.ACCESO,
            derecho_arco=derecho,
            folio=folio,
            medio=medio,
            recibida=recibida,
            sexo=sexo,
            descripcion="Información de prueba.",
        )
    )


def _responder(solicitud, fecha, tipo_respuesta):
    evento_registrar(
        solicitud=solicitud, tipo=TipoEvento.RESPUESTA, fecha=fecha, tipo_respuesta=tipo_respuesta
    )


def _turnar(solicitud, area, fecha):
    return solicitud_turnar(solicitud=solicitud, areas=[area], fecha=fecha)[0]


def _recurso(ayuntamiento, expediente, sexo, interposicion, **fechas):
    return recurso_guardar(
        recurso=RecursoRevision(
            ayuntamiento=ayuntamiento,
            expediente=expediente,
            sexo=sexo,
            fecha_interposicion=interposicion,
            **fechas,
        )
    )


def _oficio_de_recurso(recurso, tipo, fecha):
    return recurso_oficio_emitir(
        recurso=recurso, tipo=tipo, fecha=fecha, asunto="Recurso", destinatario="OGAIPO"
    )


def _denuncia(ayuntamiento, expediente, fecha, sexo):
    Denuncia.objects.create(
        ayuntamiento=ayuntamiento,
        expediente=expediente,
        fecha=fecha,
        sexo=sexo,
        articulo="70",
        fraccion="XXIX",
        descripcion="No publica sus informes.",
    )


def _cifras(funcion, ayuntamiento, desde=DESDE, hasta=HASTA):
    # Sin ámbito de django-scopes: el filtro por ayuntamiento es el de la propia función.
    with scopes_disabled():
        return funcion(ayuntamiento=ayuntamiento, desde=desde, hasta=hasta)


@pytest.fixture
def escenario(ayuntamiento, ayuntamiento_ajeno, areas):
    tesoreria, obras = areas
    with time_machine.travel(datetime(2024, 7, 15, 12, tzinfo=MX), tick=False), scopes_disabled():
        s6 = _solicitud(ayuntamiento, "S6", _recibida(3, 20, 10))
        turno_responder(
            turno=_turnar(s6, tesoreria, date(2024, 3, 21)), fecha=date(2024, 4, 2), respuesta="Sí"
        )
        _responder(s6, date(2024, 4, 5), TipoRespuesta.ENTREGA_TOTAL)

        s1 = _solicitud(ayuntamiento, "S1", _recibida(4, 2, 10))
        turno_responder(
            turno=_turnar(s1, tesoreria, date(2024, 4, 3)), fecha=date(2024, 4, 10), respuesta="Sí"
        )
        _responder(s1, date(2024, 4, 17), TipoRespuesta.ENTREGA_TOTAL)

        s2 = _solicitud(ayuntamiento, "S2", _recibida(4, 15, 9), medio="correo", sexo="hombre")
        evento_registrar(solicitud=s2, tipo=TipoEvento.PREVENCION, fecha=date(2024, 4, 17))
        evento_registrar(solicitud=s2, tipo=TipoEvento.PREVENCION_ATENDIDA, fecha=date(2024, 4, 22))
        comite_resolver(
            solicitud=s2,
            sesion="Quinta ordinaria",
            numero_acta="CT/05/2024",
            tipo="inexistencia",
            sentido="confirma",
            fecha=date(2024, 5, 3),
        )
        _responder(s2, date(2024, 5, 6), TipoRespuesta.INEXISTENCIA)

        s7 = _solicitud(ayuntamiento, "S7", _recibida(4, 8, 10), sexo="hombre")
        evento_registrar(solicitud=s7, tipo=TipoEvento.PREVENCION, fecha=date(2024, 4, 10))
        evento_registrar(
            solicitud=s7, tipo=TipoEvento.PREVENCION_NO_ATENDIDA, fecha=date(2024, 4, 25)
        )

        _solicitud(ayuntamiento, "S9", _recibida(4, 30, 10))

        s3 = _solicitud(ayuntamiento, "S3", _recibida(5, 10, 16), medio="escrito", derecho="acceso")
        turno_s3 = _turnar(s3, obras, date(2024, 5, 14))
        comite_resolver(
            solicitud=s3,
            sesion="Sexta ordinaria",
            numero_acta="CT/06/2024",
            tipo="reserva",
            sentido="modifica",
            fecha=date(2024, 6, 11),
        )
        _responder(s3, date(2024, 6, 12), TipoRespuesta.ENTREGA_TOTAL)
        turno_responder(turno=turno_s3, fecha=date(2024, 7, 3), respuesta="Tarde")

        s4 = _solicitud(ayuntamiento, "S4", _recibida(5, 20, 11), sexo="no_identificado")
        turno_obras, turno_tesoreria = solicitud_turnar(
            solicitud=s4, areas=[obras, tesoreria], fecha=date(2024, 5, 21)
        )
        turno_responder(
            turno=turno_obras,
            fecha=date(2024, 5, 24),
            respuesta="No es nuestro",
            no_competente=True,
        )
        turno_responder(turno=turno_tesoreria, fecha=date(2024, 6, 3), respuesta="Parcial")
        comite_resolver(
            solicitud=s4,
            sesion="Séptima ordinaria",
            numero_acta="CT/07/2024",
            tipo="ampliacion",
            sentido="confirma",
            fecha=date(2024, 6, 10),
        )
        _responder(s4, date(2024, 7, 2), TipoRespuesta.ENTREGA_PARCIAL)

        _solicitud(ayuntamiento, "S10", _recibida(6, 3, 10), sexo="hombre", derecho="rectificacion")

        s5 = _solicitud(
            ayuntamiento, "S5", _recibida(6, 30, 19, 30), medio="telefono", sexo="hombre"
        )
        comite_resolver(
            solicitud=s5,
            sesion="Octava ordinaria",
            numero_acta="CT/08/2024",
            tipo="confidencial",
            sentido="confirma",
            fecha=date(2024, 7, 5),
        )

        # Recursos: RR1 (de S1) con alegatos en mayo y resuelto en junio; RR2 resuelto sin
        # alegatos; RR3 sin atender; RR4 de marzo con alegatos en abril.
        rr1 = _recurso(
            ayuntamiento,
            "RR/101/2024",
            Sexo.MUJER,
            date(2024, 4, 22),
            solicitud=s1,
            fecha_notificacion=date(2024, 4, 24),
            fecha_alegatos=date(2024, 5, 3),
            resolucion="confirma",
            fecha_resolucion=date(2024, 6, 14),
        )
        rr2 = _recurso(
            ayuntamiento,
            "RR/102/2024",
            Sexo.HOMBRE,
            date(2024, 5, 6),
            fecha_notificacion=date(2024, 5, 8),
            resolucion="desecha",
            fecha_resolucion=date(2024, 6, 5),
        )
        rr3 = _recurso(ayuntamiento, "RR/103/2024", Sexo.NO_IDENTIFICADO, date(2024, 6, 20))
        rr4 = _recurso(
            ayuntamiento,
            "RR/050/2024",
            Sexo.MUJER,
            date(2024, 3, 15),
            fecha_alegatos=date(2024, 4, 5),
            resolucion="revoca",
            fecha_resolucion=date(2024, 7, 8),
        )
        _oficio_de_recurso(rr1, TipoOficio.TURNO, date(2024, 4, 23))
        _oficio_de_recurso(rr1, TipoOficio.RESPUESTA, date(2024, 5, 2))
        _oficio_de_recurso(rr1, TipoOficio.NOTIFICACION, date(2024, 5, 3))
        compartido = _oficio_de_recurso(rr2, TipoOficio.NOTIFICACION, date(2024, 6, 5))
        rr1.oficios.add(compartido)
        _oficio_de_recurso(rr4, TipoOficio.RESPUESTA, date(2024, 3, 20))
        _oficio_de_recurso(rr3, TipoOficio.TURNO, date(2024, 7, 2))

        _denuncia(ayuntamiento, "DIOT/01/2024", date(2024, 4, 5), Sexo.MUJER)
        _denuncia(ayuntamiento, "DIOT/02/2024", date(2024, 4, 20), Sexo.MUJER)
        _denuncia(ayuntamiento, "DIOT/03/2024", date(2024, 6, 3), Sexo.HOMBRE)
        _denuncia(ayuntamiento, "DIOT/04/2024", date(2024, 7, 1), Sexo.NO_IDENTIFICADO)

        # El ayuntamiento ajeno: todo dentro del periodo, nada debe contarse.
        area_ajena = UnidadAdministrativa.objects.create(
            ayuntamiento=ayuntamiento_ajeno, nombre="Tesorería Municipal"
        )
        s8 = _solicitud(ayuntamiento_ajeno, "S8", _recibida(4, 10, 10))
        turno_responder(
            turno=_turnar(s8, area_ajena, date(2024, 4, 11)),
            fecha=date(2024, 4, 12),
            respuesta="Sí",
        )
        comite_resolver(
            solicitud=s8,
            sesion="Primera",
            numero_acta="1",
            tipo="inexistencia",
            sentido="confirma",
            fecha=date(2024, 4, 15),
        )
        _responder(s8, date(2024, 4, 19), TipoRespuesta.ENTREGA_TOTAL)
        rr5 = _recurso(ayuntamiento_ajeno, "RR/200/2024", Sexo.HOMBRE, date(2024, 4, 10))
        _oficio_de_recurso(rr5, TipoOficio.TURNO, date(2024, 4, 12))
        _denuncia(ayuntamiento_ajeno, "DIOT/09/2024", date(2024, 4, 5), Sexo.MUJER)
    return ayuntamiento


def test_el_escenario_deriva_lo_que_cuentan_las_tablas(escenario):
    """Los días hábiles y la oportunidad que se cuentan a mano en el resto de las pruebas."""
    with scope(ayuntamiento=escenario):
        derivados = {
            s.folio: (s.estado, s.fecha_respuesta, s.en_tiempo, s.dias_habiles_respuesta)
            for s in Solicitud.objects.filter(fecha_respuesta__isnull=False)
        }
    assert derivados == {
        # 21/03 a 05/04: 21, 22, 25–29 de marzo y 1–5 de abril.
        "S6": ("respondida", date(2024, 4, 5), True, 12),
        # 03/04 a 17/04: 3–5, 8–12, 15–17 de abril. Con recurso: «en recurso».
        "S1": ("en_recurso", date(2024, 4, 17), True, 11),
        # Desde la prevención atendida (22/04): 23–26, 29, 30 de abril, 2, 3 y 6 de mayo.
        "S2": ("respondida", date(2024, 5, 6), True, 9),
        "S7": ("desechada", date(2024, 4, 25), None, None),
        # Desde el 13/05: 14 días de mayo, 5 de la primera semana de junio y 10–12 de junio.
        "S3": ("respondida", date(2024, 6, 12), False, 22),
        # Vencía el 1/07 con la ampliación (17/06 + 10 días). Desde el 20/05: 9 días de
        # mayo, 20 de junio, 1 y 2 de julio.
        "S4": ("respondida", date(2024, 7, 2), False, 31),
    }


@pytest.mark.parametrize(
    "funcion",
    [
        estadisticas.recibidas,
        estadisticas.atendidas,
        estadisticas.oportunidad,
        estadisticas.por_tipo_respuesta,
        estadisticas.estado_al_cierre,
        estadisticas.por_area,
        estadisticas.tramite,
        estadisticas.resoluciones_comite,
        estadisticas.oficios_por_mes,
        estadisticas.recursos_por_mes,
        estadisticas.recursos_por_resolucion,
        estadisticas.oficios_de_recursos_por_mes,
        estadisticas.denuncias_por_mes,
        estadisticas.arco_por_derecho,
    ],
    ids=lambda f: f.__name__,
)
def test_cada_familia_es_una_sola_consulta(funcion, escenario, django_assert_num_queries):
    with scope(ayuntamiento=escenario), django_assert_num_queries(1):
        resultado = funcion(ayuntamiento=escenario, **PERIODO)
    assert resultado


def test_recibidas_por_mes_tipo_medio_y_sexo(escenario):
    filas = _cifras(estadisticas.recibidas, escenario)
    assert filas == [
        {"mes": ABRIL, "tipo": "acceso", "medio": "correo", "sexo": "hombre", "total": 1},  # S2
        {"mes": ABRIL, "tipo": "acceso", "medio": "pnt", "sexo": "hombre", "total": 1},  # S7
        {"mes": ABRIL, "tipo": "acceso", "medio": "pnt", "sexo": "mujer", "total": 2},  # S1, S9
        {
            "mes": MAYO,
            "tipo": "acceso",
            "medio": "pnt",
            "sexo": "no_identificado",
            "total": 1,
        },  # S4
        {"mes": MAYO, "tipo": "arco", "medio": "escrito", "sexo": "mujer", "total": 1},  # S3
        {"mes": JUNIO, "tipo": "acceso", "medio": "telefono", "sexo": "hombre", "total": 1},  # S5
        {"mes": JUNIO, "tipo": "arco", "medio": "pnt", "sexo": "hombre", "total": 1},  # S10
    ]


def test_la_recibida_el_ultimo_dia_despues_del_cierre_cuenta_en_su_dia_local(escenario):
    # S5 llegó el domingo 30/06 a las 19:30 de Oaxaca (1/07 01:30 UTC): es de junio.
    julio = _cifras(
        estadisticas.recibidas, escenario, desde=date(2024, 7, 1), hasta=date(2024, 7, 31)
    )
    ultimo_dia = _cifras(estadisticas.recibidas, escenario, desde=HASTA, hasta=HASTA)
    assert julio == []
    assert ultimo_dia == [
        {"mes": JUNIO, "tipo": "acceso", "medio": "telefono", "sexo": "hombre", "total": 1}
    ]


def test_pivotar_arma_la_tabla_del_informe_trimestral(escenario):
    filas = _cifras(estadisticas.recibidas, escenario)
    tabla = estadisticas.pivotar(
        filas,
        renglon="mes",
        columna="sexo",
        columnas=Sexo.values,
        renglones=estadisticas.meses(DESDE, date(2024, 7, 31)),
    )
    assert tabla == [
        # Abril: S1, S9 (mujeres); S2, S7 (hombres).
        {"mes": ABRIL, "mujer": 2, "hombre": 2, "no_identificado": 0, "total": 4},
        # Mayo: S3 (mujer), S4 (no identificado).
        {"mes": MAYO, "mujer": 1, "hombre": 0, "no_identificado": 1, "total": 2},
        # Junio: S5, S10 (hombres).
        {"mes": JUNIO, "mujer": 0, "hombre": 2, "no_identificado": 0, "total": 2},
        # Julio se pidió como renglón: sale en ceros.
        {"mes": date(2024, 7, 1), "mujer": 0, "hombre": 0, "no_identificado": 0, "total": 0},
    ]


def test_meses_del_periodo():
    assert estadisticas.meses(date(2023, 11, 15), date(2024, 2, 1)) == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]


def test_atendidas_por_mes_de_respuesta_y_sexo(escenario):
    filas = _cifras(estadisticas.atendidas, escenario)
    assert filas == [
        {"mes": ABRIL, "sexo": "hombre", "total": 1},  # S7, desechada el 25/04
        {"mes": ABRIL, "sexo": "mujer", "total": 2},  # S6 (recibida en marzo) y S1
        {"mes": MAYO, "sexo": "hombre", "total": 1},  # S2
        {"mes": JUNIO, "sexo": "mujer", "total": 1},  # S3; S4 se respondió en julio
    ]


def test_oportunidad_con_numero_par_de_respuestas(escenario):
    cifras = _cifras(estadisticas.oportunidad, escenario)
    # Respondidas en el trimestre: S6 (12 días), S1 (11), S2 (9) en tiempo; S3 (22) tarde.
    # S7 se desechó (sin plazo cumplido ni incumplido); S4 se respondió en julio.
    assert cifras == {
        "respondidas": 4,
        "en_tiempo": 3,
        "fuera_de_tiempo": 1,
        "porcentaje_en_tiempo": 75.0,
        "promedio_dias": 13.5,  # (12 + 11 + 9 + 22) / 4
        "mediana_dias": 11.5,  # 9, 11, 12, 22: (11 + 12) / 2
    }


def test_oportunidad_con_numero_impar_de_respuestas(escenario):
    cifras = _cifras(estadisticas.oportunidad, escenario, desde=DESDE, hasta=date(2024, 5, 31))
    # Abril y mayo: S6 (12), S1 (11), S2 (9), todas en tiempo.
    assert cifras == {
        "respondidas": 3,
        "en_tiempo": 3,
        "fuera_de_tiempo": 0,
        "porcentaje_en_tiempo": 100.0,
        "promedio_dias": 10.7,  # 32 / 3 = 10.67
        "mediana_dias": 11.0,  # 9, 11, 12
    }


def test_oportunidad_sin_respuestas(escenario):
    cifras = _cifras(
        estadisticas.oportunidad, escenario, desde=date(2024, 1, 1), hasta=date(2024, 3, 31)
    )
    assert cifras == {
        "respondidas": 0,
        "en_tiempo": 0,
        "fuera_de_tiempo": 0,
        "porcentaje_en_tiempo": None,
        "promedio_dias": None,
        "mediana_dias": None,
    }


def test_por_tipo_respuesta(escenario):
    filas = _cifras(estadisticas.por_tipo_respuesta, escenario)
    assert filas == [
        {"tipo": "acceso", "tipo_respuesta": "desechada", "sexo": "hombre", "total": 1},  # S7
        {
            "tipo": "acceso",
            "tipo_respuesta": "entrega_total",
            "sexo": "mujer",
            "total": 2,
        },  # S6, S1
        {"tipo": "acceso", "tipo_respuesta": "inexistencia", "sexo": "hombre", "total": 1},  # S2
        {"tipo": "arco", "tipo_respuesta": "entrega_total", "sexo": "mujer", "total": 1},  # S3
    ]


def test_estado_al_cierre(escenario):
    filas = _cifras(estadisticas.estado_al_cierre, escenario)
    assert filas == [
        # S2 y S7 atendidas; S5 pendiente.
        {"tipo": "acceso", "sexo": "hombre", "recibidas": 3, "atendidas": 2, "pendientes": 1},
        # S1 atendida; S9 pendiente.
        {"tipo": "acceso", "sexo": "mujer", "recibidas": 2, "atendidas": 1, "pendientes": 1},
        # S4 se respondió el 2/07: al 30/06 seguía pendiente.
        {
            "tipo": "acceso",
            "sexo": "no_identificado",
            "recibidas": 1,
            "atendidas": 0,
            "pendientes": 1,
        },
        {"tipo": "arco", "sexo": "hombre", "recibidas": 1, "atendidas": 0, "pendientes": 1},  # S10
        {"tipo": "arco", "sexo": "mujer", "recibidas": 1, "atendidas": 1, "pendientes": 0},  # S3
    ]


def test_por_area(escenario, areas):
    tesoreria, obras = areas
    filas = _cifras(estadisticas.por_area, escenario)
    assert filas == [
        # S3 (respondido el 3/07, después del cierre) y S4 (no competente el 24/05).
        {
            "area_id": obras.pk,
            "area": "Obras Públicas",
            "turnos": 2,
            "respondidos": 1,
            "no_competente": 1,
        },
        # S1 y S4; el de S6 se turnó en marzo.
        {
            "area_id": tesoreria.pk,
            "area": "Tesorería Municipal",
            "turnos": 2,
            "respondidos": 2,
            "no_competente": 0,
        },
    ]


def test_tramite(escenario):
    cifras = _cifras(estadisticas.tramite, escenario)
    # Recibidas: S1, S2, S7, S9, S3, S4, S10, S5; prevenciones en S2 y S7; ampliación en S4.
    assert cifras == {"recibidas": 8, "prevenciones": 2, "ampliaciones": 1}


def test_resoluciones_comite(escenario):
    filas = _cifras(estadisticas.resoluciones_comite, escenario)
    # La de S5 (5/07) queda fuera; la del ajeno no cuenta.
    assert filas == [
        {"tipo": "ampliacion", "sentido": "confirma", "total": 1},  # S4, 10/06
        {"tipo": "inexistencia", "sentido": "confirma", "total": 1},  # S2, 03/05
        {"tipo": "reserva", "sentido": "modifica", "total": 1},  # S3, 11/06
    ]


def test_oficios_por_mes(escenario):
    filas = _cifras(estadisticas.oficios_por_mes, escenario)
    assert filas == [
        # Turno: S1 (3/04). Respuesta: turno de S6 (2/04; su turno fue en marzo) y de S1 (10/04).
        {"mes": ABRIL, "turno": 1, "respuesta": 2},
        # Turno: S3 (14/05) y los dos de S4 (21/05). Respuesta: Obras en S4 (24/05).
        {"mes": MAYO, "turno": 3, "respuesta": 1},
        # Respuesta: Tesorería en S4 (3/06). La de Obras en S3 fue en julio.
        {"mes": JUNIO, "turno": 0, "respuesta": 1},
    ]


def test_recursos_por_mes(escenario):
    filas = _cifras(estadisticas.recursos_por_mes, escenario)
    assert filas == [
        # RR1 recibido; RR4 (de marzo) atendido con alegatos el 5/04.
        {"mes": ABRIL, "sexo": "mujer", "recibidos": 1, "atendidos": 1},
        {"mes": MAYO, "sexo": "hombre", "recibidos": 1, "atendidos": 0},  # RR2 recibido
        {"mes": MAYO, "sexo": "mujer", "recibidos": 0, "atendidos": 1},  # RR1: alegatos 3/05
        # RR2 atendido al resolverse sin alegatos (5/06).
        {"mes": JUNIO, "sexo": "hombre", "recibidos": 0, "atendidos": 1},
        {"mes": JUNIO, "sexo": "no_identificado", "recibidos": 1, "atendidos": 0},  # RR3
    ]


def test_recursos_por_resolucion(escenario):
    filas = _cifras(estadisticas.recursos_por_resolucion, escenario)
    # RR4 se resolvió en julio.
    assert filas == [
        {"resolucion": "confirma", "sexo": "mujer", "total": 1},  # RR1, 14/06
        {"resolucion": "desecha", "sexo": "hombre", "total": 1},  # RR2, 05/06
    ]


def test_oficios_de_recursos_por_mes(escenario):
    filas = _cifras(estadisticas.oficios_de_recursos_por_mes, escenario)
    # Fuera: el de RR4 (20/03), el de RR3 (2/07) y el del ajeno.
    assert filas == [
        {"mes": ABRIL, "tipo": "turno", "total": 1},  # RR1, 23/04
        {"mes": MAYO, "tipo": "notificacion", "total": 1},  # RR1, 03/05
        {"mes": MAYO, "tipo": "respuesta", "total": 1},  # RR1, 02/05
        # 05/06, ligado a RR2 y a RR1: cuenta una vez.
        {"mes": JUNIO, "tipo": "notificacion", "total": 1},
    ]


def test_denuncias_por_mes(escenario):
    filas = _cifras(estadisticas.denuncias_por_mes, escenario)
    # La del 1/07 queda fuera; la del ajeno no cuenta.
    assert filas == [
        {"mes": ABRIL, "sexo": "mujer", "total": 2},  # 05/04 y 20/04
        {"mes": JUNIO, "sexo": "hombre", "total": 1},  # 03/06
    ]


def test_arco_por_derecho(escenario):
    filas = _cifras(estadisticas.arco_por_derecho, escenario)
    assert filas == [
        {"derecho_arco": "acceso", "mes": MAYO, "sexo": "mujer", "total": 1},  # S3
        {"derecho_arco": "rectificacion", "mes": JUNIO, "sexo": "hombre", "total": 1},  # S10
    ]


def test_la_zona_horaria_del_ayuntamiento_decide_el_mes(escenario):
    # En Cancún (UTC-5) las 19:30 del 30/06 en Oaxaca son las 20:30: sigue siendo junio. Las
    # 23:30 de Oaxaca del 30/04 en Cancún ya son el 1/05.
    with time_machine.travel(datetime(2024, 7, 15, 12, tzinfo=MX), tick=False), scopes_disabled():
        _solicitud(escenario, "S11", _recibida(4, 30, 23, 30))
        escenario.zona_horaria = "America/Cancun"
        escenario.save()
        filas = estadisticas.recibidas(
            ayuntamiento=escenario, desde=date(2024, 5, 1), hasta=date(2024, 5, 31)
        )
    assert {fila["mes"] for fila in filas} == {MAYO}
    assert sum(fila["total"] for fila in filas) == 3  # S3, S4 y S11


def test_un_periodo_al_reves_es_un_error_claro(ayuntamiento):
    with scopes_disabled(), pytest.raises(ValidationError, match="después de terminar"):
        estadisticas.recursos_por_mes(
            ayuntamiento=ayuntamiento, desde=date(2024, 6, 30), hasta=date(2024, 4, 1)
        )


def test_mediana_de_pares_e_impares_en_una_consulta(ayuntamiento, django_assert_num_queries):
    with scopes_disabled():
        for dia in range(1, 6):  # Oficios 1 a 5.
            oficio_emitir(
                ayuntamiento=ayuntamiento, fecha=date(2024, 4, dia), asunto="A", destinatario="B"
            )
        with django_assert_num_queries(1):
            resultado = Oficio.objects.filter(ayuntamiento=ayuntamiento).aggregate(
                impar=Mediana("numero"),  # 1, 2, 3, 4, 5
                par=Mediana("numero", filter=Q(numero__lte=4)),  # 1, 2, 3, 4: (2 + 3) / 2
                sesgada=Mediana("numero", filter=Q(numero__in=[1, 4, 5])),
                vacia=Mediana("numero", filter=Q(numero__gt=9)),
            )
    assert resultado == {"impar": 3.0, "par": 2.5, "sesgada": 4.0, "vacia": None}
