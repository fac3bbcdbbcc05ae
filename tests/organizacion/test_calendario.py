"""El calendario de días hábiles: días de descanso de la LFT art. 74, días inhábiles
declarados por ámbito, hora de cierre y zona horaria, aritmética de días hábiles y la
explicación de los días omitidos.

Todas las fechas esperadas se calcularon a mano sobre el calendario real 2024–2026; los
comentarios dicen el día de la semana de cada una para poder revisarlas.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from organizacion.calendario import (
    FUNDAMENTO_FIN_DE_SEMANA,
    DiaOmitido,
    calendario_para,
)
from organizacion.models import Ambito, Ayuntamiento, DiaInhabil

CDMX = ZoneInfo("America/Mexico_City")
CANCUN = ZoneInfo("America/Cancun")

ACUERDO_SEMANA_SANTA = "Acuerdo OGAIPO/CG/003/2024 del 10 de enero de 2024"
ACUERDO_VACACIONES = "Acuerdo OGAIPO/CG/004/2024 del 10 de enero de 2024"
ACUERDO_CABILDO = "Acuerdo de Cabildo 12/2024 del 5 de marzo de 2024"


def d(texto: str) -> date:
    return date.fromisoformat(texto)


def _declarar(ambito, inicio, fin, motivo, acuerdo, *, garante=None, ayuntamiento=None):
    return DiaInhabil.objects.create(
        ambito=ambito,
        garante=garante,
        ayuntamiento=ayuntamiento,
        fecha_inicio=d(inicio),
        fecha_fin=d(fin),
        motivo=motivo,
        acuerdo=acuerdo,
    )


@pytest.fixture
def ayuntamiento_hermano(garante) -> Ayuntamiento:
    """Otro ayuntamiento del mismo garante."""
    return Ayuntamiento.objects.create(
        nombre="Santa Lucía del Camino",
        slug="santa-lucia-del-camino",
        estado="OAX",
        garante=garante,
    )


@pytest.fixture
def semana_santa_2024(garante) -> DiaInhabil:
    # Jueves 28 y viernes 29 de marzo de 2024.
    return _declarar(
        Ambito.GARANTE,
        "2024-03-28",
        "2024-03-29",
        "Jueves y Viernes Santo",
        ACUERDO_SEMANA_SANTA,
        garante=garante,
    )


@pytest.fixture
def vacaciones_verano_2024(garante) -> DiaInhabil:
    # Del lunes 15 al viernes 26 de julio de 2024: dos semanas completas.
    return _declarar(
        Ambito.GARANTE,
        "2024-07-15",
        "2024-07-26",
        "Primer periodo vacacional",
        ACUERDO_VACACIONES,
        garante=garante,
    )


# --- Días de descanso obligatorio (LFT art. 74) ----------------------------------------------

FESTIVOS_LFT = [
    "2024-01-01",  # lunes, Año Nuevo
    "2024-02-05",  # primer lunes de febrero
    "2024-03-18",  # tercer lunes de marzo
    "2024-05-01",  # miércoles
    "2024-09-16",  # lunes
    "2024-10-01",  # martes, transmisión del Poder Ejecutivo (sexenal)
    "2024-11-18",  # tercer lunes de noviembre
    "2024-12-25",  # miércoles
    "2025-01-01",  # miércoles
    "2025-02-03",  # primer lunes de febrero
    "2025-03-17",  # tercer lunes de marzo
    "2025-05-01",  # jueves
    "2025-09-16",  # martes
    "2025-11-17",  # tercer lunes de noviembre
    "2025-12-25",  # jueves
    "2026-01-01",  # jueves
    "2026-02-02",  # primer lunes de febrero
    "2026-03-16",  # tercer lunes de marzo
    "2026-05-01",  # viernes
    "2026-09-16",  # miércoles
    "2026-11-16",  # tercer lunes de noviembre
    "2026-12-25",  # viernes
]

HABILES_COMUNES = [
    "2024-02-06",  # martes después del día de la Constitución
    "2024-03-11",  # segundo lunes de marzo: no es festivo
    "2024-09-30",  # lunes anterior al 1 de octubre sexenal
    "2024-10-02",  # miércoles posterior al 1 de octubre sexenal
    "2025-10-01",  # miércoles: 2025 no es año de transmisión del Poder Ejecutivo
    "2026-10-01",  # jueves: 2026 tampoco
]


@pytest.mark.parametrize("fecha", FESTIVOS_LFT)
def test_dias_de_descanso_obligatorio_son_inhabiles(ayuntamiento, fecha):
    dia = d(fecha)
    assert dia.weekday() < 5, "el caso debe caer entre semana para probar el festivo"
    assert calendario_para(ayuntamiento).es_habil(dia) is False


@pytest.mark.parametrize("fecha", HABILES_COMUNES)
def test_dias_entre_semana_sin_festivo_son_habiles(ayuntamiento, fecha):
    dia = d(fecha)
    assert dia.weekday() < 5
    assert calendario_para(ayuntamiento).es_habil(dia) is True


@pytest.mark.parametrize("fecha", ["2024-03-16", "2024-03-17", "2025-10-04", "2026-10-04"])
def test_sabados_y_domingos_son_inhabiles(ayuntamiento, fecha):
    assert d(fecha).weekday() >= 5
    assert calendario_para(ayuntamiento).es_habil(d(fecha)) is False


# --- Días declarados por ámbito ----------------------------------------------------------------


def test_semana_santa_del_garante_solo_para_sus_ayuntamientos(
    ayuntamiento, ayuntamiento_hermano, ayuntamiento_ajeno, semana_santa_2024
):
    propio = calendario_para(ayuntamiento)
    hermano = calendario_para(ayuntamiento_hermano)
    ajeno = calendario_para(ayuntamiento_ajeno)
    for fecha in ("2024-03-28", "2024-03-29"):  # jueves y viernes
        assert propio.es_habil(d(fecha)) is False
        assert hermano.es_habil(d(fecha)) is False
        assert ajeno.es_habil(d(fecha)) is True
    # Los días que rodean el periodo siguen siendo hábiles para todos.
    for cal in (propio, hermano, ajeno):
        assert cal.es_habil(d("2024-03-27")) is True  # miércoles
        assert cal.es_habil(d("2024-04-01")) is True  # lunes


def test_vacaciones_del_garante_cubren_todo_el_periodo(
    ayuntamiento, ayuntamiento_ajeno, vacaciones_verano_2024
):
    propio = calendario_para(ayuntamiento)
    ajeno = calendario_para(ayuntamiento_ajeno)
    entre_semana = [
        d("2024-07-15") + timedelta(days=i)
        for i in range(12)
        if (d("2024-07-15") + timedelta(days=i)).weekday() < 5
    ]
    assert len(entre_semana) == 10
    assert not any(propio.es_habil(dia) for dia in entre_semana)
    assert all(ajeno.es_habil(dia) for dia in entre_semana)
    assert propio.es_habil(d("2024-07-12")) is True  # viernes anterior
    assert propio.es_habil(d("2024-07-29")) is True  # lunes posterior


def test_dia_del_ayuntamiento_solo_para_ese_ayuntamiento(
    ayuntamiento, ayuntamiento_hermano, ayuntamiento_ajeno
):
    # Viernes 14 de junio de 2024.
    _declarar(
        Ambito.AYUNTAMIENTO,
        "2024-06-14",
        "2024-06-14",
        "Aniversario del municipio",
        ACUERDO_CABILDO,
        ayuntamiento=ayuntamiento,
    )
    assert calendario_para(ayuntamiento).es_habil(d("2024-06-14")) is False
    assert calendario_para(ayuntamiento_hermano).es_habil(d("2024-06-14")) is True
    assert calendario_para(ayuntamiento_ajeno).es_habil(d("2024-06-14")) is True


def test_dia_nacional_aplica_a_todos(ayuntamiento, ayuntamiento_hermano, ayuntamiento_ajeno):
    # Lunes 15 de abril de 2024.
    _declarar(
        Ambito.NACIONAL,
        "2024-04-15",
        "2024-04-15",
        "Suspensión de plazos",
        "Acuerdo del Sistema Nacional de Transparencia SNT/01/2024",
    )
    for ayto in (ayuntamiento, ayuntamiento_hermano, ayuntamiento_ajeno):
        cal = calendario_para(ayto)
        assert cal.es_habil(d("2024-04-15")) is False
        assert cal.es_habil(d("2024-04-16")) is True  # martes


# --- Recepción e inicio del cómputo ------------------------------------------------------------


def test_viernes_despues_del_cierre_con_lunes_festivo(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Viernes 15 de marzo de 2024 a las 16:30: pasa al siguiente hábil, que no es el lunes 18
    # (Natalicio de Benito Juárez) sino el martes 19; el cómputo empieza el miércoles 20.
    recibida = datetime(2024, 3, 15, 16, 30, tzinfo=CDMX)
    assert cal.recepcion_efectiva(recibida) == d("2024-03-19")
    assert cal.inicio_computo(recibida) == d("2024-03-20")


def test_fecha_ingenua_se_toma_en_hora_local_del_ayuntamiento(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    recibida = datetime(2024, 3, 15, 16, 30)
    assert cal.recepcion_efectiva(recibida) == d("2024-03-19")
    assert cal.inicio_computo(recibida) == d("2024-03-20")


def test_dia_habil_antes_del_cierre(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Miércoles 13 de marzo de 2024, 10:00: recibida ese día; cuenta desde el jueves 14.
    recibida = datetime(2024, 3, 13, 10, 0, tzinfo=CDMX)
    assert cal.recepcion_efectiva(recibida) == d("2024-03-13")
    assert cal.inicio_computo(recibida) == d("2024-03-14")


def test_viernes_antes_del_cierre_salta_el_fin_de_semana_y_el_festivo(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Viernes 15 de marzo a las 14:59: recibida el viernes; el cómputo salta sábado, domingo
    # y el lunes 18 festivo, y empieza el martes 19.
    recibida = datetime(2024, 3, 15, 14, 59, tzinfo=CDMX)
    assert cal.recepcion_efectiva(recibida) == d("2024-03-15")
    assert cal.inicio_computo(recibida) == d("2024-03-19")


def test_a_la_hora_de_cierre_en_punto_ya_esta_cerrado(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Miércoles 13 de marzo a las 15:00 en punto: la oficina ya cerró; se tiene por recibida
    # el jueves 14 y el cómputo empieza el viernes 15.
    recibida = datetime(2024, 3, 13, 15, 0, tzinfo=CDMX)
    assert cal.recepcion_efectiva(recibida) == d("2024-03-14")
    assert cal.inicio_computo(recibida) == d("2024-03-15")


def test_sabado_por_la_manana(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Sábado 16 de marzo a las 9:00 (antes de la hora de cierre, pero día inhábil): pasa al
    # martes 19 (el lunes 18 es festivo) y el cómputo empieza el miércoles 20.
    recibida = datetime(2024, 3, 16, 9, 0, tzinfo=CDMX)
    assert cal.recepcion_efectiva(recibida) == d("2024-03-19")
    assert cal.inicio_computo(recibida) == d("2024-03-20")


def test_festivo_antes_del_cierre(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    recibida = datetime(2024, 3, 18, 10, 0, tzinfo=CDMX)  # lunes 18, festivo
    assert cal.recepcion_efectiva(recibida) == d("2024-03-19")
    assert cal.inicio_computo(recibida) == d("2024-03-20")


def test_fecha_en_utc_se_convierte_a_hora_local(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # La Ciudad de México está en UTC−6 todo el año (sin horario de verano desde 2022).
    # 21:30 UTC del miércoles 13 = 15:30 local: después del cierre → jueves 14, cómputo viernes 15.
    despues = datetime(2024, 3, 13, 21, 30, tzinfo=UTC)
    assert cal.recepcion_efectiva(despues) == d("2024-03-14")
    assert cal.inicio_computo(despues) == d("2024-03-15")
    # 20:59 UTC = 14:59 local: antes del cierre → miércoles 13.
    antes = datetime(2024, 3, 13, 20, 59, tzinfo=UTC)
    assert cal.recepcion_efectiva(antes) == d("2024-03-13")
    assert cal.inicio_computo(antes) == d("2024-03-14")
    # 02:00 UTC del jueves 14 es todavía el miércoles 13 a las 20:00 local: después del cierre
    # del miércoles → jueves 14 (no el viernes, que saldría de tomar la fecha UTC).
    madrugada_utc = datetime(2024, 3, 14, 2, 0, tzinfo=UTC)
    assert cal.recepcion_efectiva(madrugada_utc) == d("2024-03-14")
    assert cal.inicio_computo(madrugada_utc) == d("2024-03-15")


def test_zona_horaria_de_cancun(ayuntamiento, garante):
    cancun = Ayuntamiento.objects.create(
        nombre="Benito Juárez",
        slug="benito-juarez",
        estado="QROO",
        garante=garante,
        hora_cierre=time(15, 0),
        zona_horaria="America/Cancun",
    )
    # Miércoles 13 de marzo a las 14:30 de la Ciudad de México son las 15:30 en Cancún
    # (UTC−5): la oficina de Cancún ya cerró; la de Oaxaca no.
    recibida = datetime(2024, 3, 13, 14, 30, tzinfo=CDMX)
    assert recibida.astimezone(CANCUN).time() == time(15, 30)

    cal_cancun = calendario_para(cancun)
    assert cal_cancun.recepcion_efectiva(recibida) == d("2024-03-14")
    assert cal_cancun.inicio_computo(recibida) == d("2024-03-15")

    cal_oaxaca = calendario_para(ayuntamiento)
    assert cal_oaxaca.recepcion_efectiva(recibida) == d("2024-03-13")
    assert cal_oaxaca.inicio_computo(recibida) == d("2024-03-14")


def test_hora_de_cierre_propia_del_ayuntamiento(ayuntamiento):
    ayuntamiento.hora_cierre = time(18, 0)
    cal = calendario_para(ayuntamiento)
    # A las 16:30 del miércoles 13 una oficina que cierra a las 18:00 sigue abierta.
    assert cal.recepcion_efectiva(datetime(2024, 3, 13, 16, 30, tzinfo=CDMX)) == d("2024-03-13")
    assert cal.recepcion_efectiva(datetime(2024, 3, 13, 18, 5, tzinfo=CDMX)) == d("2024-03-14")


def test_siguiente_habil(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    assert cal.siguiente_habil(d("2024-03-13")) == d("2024-03-13")  # miércoles hábil
    assert cal.siguiente_habil(d("2024-03-16")) == d("2024-03-19")  # sábado → martes
    assert cal.siguiente_habil(d("2024-03-18")) == d("2024-03-19")  # lunes festivo → martes


# --- Sumar días hábiles ------------------------------------------------------------------------


def test_sumar_cruzando_un_festivo(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Desde el viernes 15 de marzo: mar 19 (1), mié 20 (2), jue 21 (3), vie 22 (4), lun 25 (5).
    assert cal.sumar_dias_habiles(d("2024-03-15"), 1) == d("2024-03-19")
    assert cal.sumar_dias_habiles(d("2024-03-15"), 5) == d("2024-03-25")


def test_sumar_cruzando_semana_santa_del_garante(
    ayuntamiento, ayuntamiento_ajeno, semana_santa_2024
):
    # Sin Semana Santa: 19, 20, 21, 22, 25, 26, 27, 28, 29 de marzo y 1 de abril (10).
    assert calendario_para(ayuntamiento_ajeno).sumar_dias_habiles(d("2024-03-15"), 10) == d(
        "2024-04-01"
    )
    # Con el jueves 28 y viernes 29 inhábiles: 19, 20, 21, 22, 25, 26, 27, 1, 2 y 3 de abril.
    assert calendario_para(ayuntamiento).sumar_dias_habiles(d("2024-03-15"), 10) == d("2024-04-03")


def test_sumar_cruzando_vacaciones(ayuntamiento, ayuntamiento_ajeno, vacaciones_verano_2024):
    # Sin vacaciones: del viernes 12 de julio, 15, 16, 17, 18 y 19 (viernes).
    assert calendario_para(ayuntamiento_ajeno).sumar_dias_habiles(d("2024-07-12"), 5) == d(
        "2024-07-19"
    )
    # Con vacaciones del 15 al 26: 29, 30, 31 de julio, 1 y 2 de agosto (viernes).
    assert calendario_para(ayuntamiento).sumar_dias_habiles(d("2024-07-12"), 5) == d("2024-08-02")


def test_sumar_cero_dias_devuelve_la_misma_fecha(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    assert cal.sumar_dias_habiles(d("2024-03-13"), 0) == d("2024-03-13")
    # Incluso si la fecha es inhábil: no se suma nada.
    assert cal.sumar_dias_habiles(d("2024-03-16"), 0) == d("2024-03-16")


def test_sumar_dias_negativos_es_un_error(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    with pytest.raises(ValueError, match="negativos"):
        cal.sumar_dias_habiles(d("2024-03-13"), -1)


def test_sumar_cruzando_el_fin_de_anio(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Del viernes 20 de diciembre de 2024 + 20: lun 23 (1), mar 24 (2), [mié 25 Navidad],
    # jue 26 (3), vie 27 (4), lun 30 (5), mar 31 (6), [mié 1 Año Nuevo], jue 2 (7), vie 3 (8),
    # 6–10 de enero (9–13), 13–17 (14–18), lun 20 (19), mar 21 de enero de 2025 (20).
    assert cal.sumar_dias_habiles(d("2024-12-20"), 20) == d("2025-01-21")


def test_sumar_cruzando_el_fin_de_anio_con_vacaciones_de_diciembre(ayuntamiento, garante):
    _declarar(
        Ambito.GARANTE,
        "2024-12-16",
        "2025-01-03",
        "Segundo periodo vacacional",
        ACUERDO_VACACIONES,
        garante=garante,
    )
    cal = calendario_para(ayuntamiento)
    # Todo hasta el viernes 3 de enero es inhábil. Del 20 de diciembre: 6–10 de enero (1–5),
    # 13–17 (6–10), 20–24 (11–15), 27–31 (16–20): vence el viernes 31 de enero de 2025.
    assert cal.sumar_dias_habiles(d("2024-12-20"), 20) == d("2025-01-31")
    assert cal.sumar_dias_habiles(d("2024-12-20"), 1) == d("2025-01-06")


def test_sumar_muy_lejos_extiende_el_calendario(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    resultado = cal.sumar_dias_habiles(d("2024-06-03"), 2000)
    assert resultado.year >= 2031
    assert cal.es_habil(resultado)
    assert cal.dias_habiles_entre(d("2024-06-03"), resultado) == 2000


# --- Contar días hábiles -----------------------------------------------------------------------

FECHAS_PROPIEDAD = [
    "2024-01-01",  # festivo
    "2024-03-15",  # viernes antes de lunes festivo
    "2024-03-16",  # sábado
    "2024-03-27",  # miércoles antes de Semana Santa
    "2024-07-12",  # viernes antes de vacaciones
    "2024-07-20",  # sábado dentro de vacaciones
    "2024-09-30",  # lunes antes del 1 de octubre sexenal
    "2024-12-20",  # viernes antes de fin de año
    "2025-06-11",  # miércoles cualquiera
    "2026-12-24",  # jueves antes de Navidad y fin de año
]


@pytest.mark.parametrize("n", [1, 3, 5, 10, 15, 20, 30])
def test_contar_es_el_inverso_de_sumar(ayuntamiento, semana_santa_2024, vacaciones_verano_2024, n):
    cal = calendario_para(ayuntamiento)
    for fecha in FECHAS_PROPIEDAD:
        vencimiento = cal.sumar_dias_habiles(d(fecha), n)
        assert cal.es_habil(vencimiento), (fecha, n)
        assert vencimiento > d(fecha)
        assert cal.dias_habiles_entre(d(fecha), vencimiento) == n, (fecha, n)
        # El día anterior al vencimiento todavía no completa el plazo.
        assert cal.dias_habiles_entre(d(fecha), vencimiento - timedelta(days=1)) == n - 1


def test_contar_a_mano(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Del viernes 15 al lunes 25 de marzo: 19, 20, 21, 22 y 25.
    assert cal.dias_habiles_entre(d("2024-03-15"), d("2024-03-25")) == 5
    # Del sábado 16 al lunes festivo 18 no hay ningún día hábil.
    assert cal.dias_habiles_entre(d("2024-03-16"), d("2024-03-18")) == 0


def test_contar_hacia_atras_es_negativo(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    assert cal.dias_habiles_entre(d("2024-03-25"), d("2024-03-15")) == -5


def test_contar_el_mismo_dia_es_cero(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    assert cal.dias_habiles_entre(d("2024-03-13"), d("2024-03-13")) == 0
    assert cal.dias_habiles_entre(d("2024-03-16"), d("2024-03-16")) == 0


# --- Explicación de un plazo -------------------------------------------------------------------


def test_explicar_lista_los_dias_omitidos_con_su_fundamento(ayuntamiento):
    # Miércoles 20 de marzo de 2024, declarado por el Cabildo.
    _declarar(
        Ambito.AYUNTAMIENTO,
        "2024-03-20",
        "2024-03-20",
        "Aniversario del municipio",
        ACUERDO_CABILDO,
        ayuntamiento=ayuntamiento,
    )
    cal = calendario_para(ayuntamiento)
    omitidos = cal.explicar(d("2024-03-15"), d("2024-03-25"))

    assert [o.fecha for o in omitidos] == [
        d("2024-03-16"),  # sábado
        d("2024-03-17"),  # domingo
        d("2024-03-18"),  # lunes festivo
        d("2024-03-20"),  # miércoles declarado
        d("2024-03-23"),  # sábado
        d("2024-03-24"),  # domingo
    ]
    assert all(isinstance(o, DiaOmitido) for o in omitidos)
    sabado, domingo, festivo, declarado = omitidos[:4]
    assert (sabado.motivo, sabado.fundamento) == ("Sábado", FUNDAMENTO_FIN_DE_SEMANA)
    assert (domingo.motivo, domingo.fundamento) == ("Domingo", FUNDAMENTO_FIN_DE_SEMANA)
    assert FUNDAMENTO_FIN_DE_SEMANA == "Fin de semana"
    # El paquete holidays lo llama «Natalicio de Benito Juárez» en español.
    assert "Benito Juárez" in festivo.motivo
    assert "art. 74" in festivo.fundamento
    assert declarado.motivo == "Aniversario del municipio"
    assert ACUERDO_CABILDO in declarado.fundamento

    # Lo omitido más lo contado son todos los días del intervalo.
    assert len(omitidos) + cal.dias_habiles_entre(d("2024-03-15"), d("2024-03-25")) == 10


def test_explicar_no_incluye_el_dia_inicial_y_si_el_final(ayuntamiento):
    cal = calendario_para(ayuntamiento)
    # Del sábado 16 al lunes 18: el sábado (inicio) no se lista; domingo y lunes sí.
    fechas = [o.fecha for o in cal.explicar(d("2024-03-16"), d("2024-03-18"))]
    assert fechas == [d("2024-03-17"), d("2024-03-18")]


def test_explicar_periodo_del_garante_y_1_de_octubre(ayuntamiento, semana_santa_2024):
    cal = calendario_para(ayuntamiento)
    omitidos = {o.fecha: o for o in cal.explicar(d("2024-03-27"), d("2024-03-29"))}
    assert set(omitidos) == {d("2024-03-28"), d("2024-03-29")}
    assert omitidos[d("2024-03-28")].motivo == "Jueves y Viernes Santo"
    assert ACUERDO_SEMANA_SANTA in omitidos[d("2024-03-28")].fundamento

    sexenal = cal.explicar(d("2024-09-30"), d("2024-10-01"))
    assert len(sexenal) == 1
    assert "Poder Ejecutivo" in sexenal[0].motivo
    assert "art. 74" in sexenal[0].fundamento


# --- Consultas a la base de datos --------------------------------------------------------------


def test_una_consulta_para_construir_y_ninguna_para_calcular(
    ayuntamiento, garante, django_assert_num_queries, semana_santa_2024, vacaciones_verano_2024
):
    _declarar(Ambito.NACIONAL, "2025-04-14", "2025-04-14", "Suspensión", "Acuerdo SNT/02/2025")
    _declarar(
        Ambito.AYUNTAMIENTO,
        "2026-06-12",
        "2026-06-12",
        "Aniversario",
        ACUERDO_CABILDO,
        ayuntamiento=ayuntamiento,
    )
    with django_assert_num_queries(1):
        cal = calendario_para(ayuntamiento)

    azar = random.Random(2024)
    inicio = datetime(2024, 1, 1, tzinfo=CDMX)
    segundos = int((datetime(2027, 1, 1, tzinfo=CDMX) - inicio).total_seconds())
    with django_assert_num_queries(0):
        for _ in range(10_000):
            recibida = inicio + timedelta(seconds=azar.randrange(segundos))
            computo = cal.inicio_computo(recibida)
            vence = cal.sumar_dias_habiles(computo, 19)
            assert cal.dias_habiles_entre(computo, vence) == 19
            cal.explicar(computo, vence)
    # Los días declarados sí se tomaron en cuenta, aunque no se consultó nada más.
    assert not cal.es_habil(d("2025-04-14"))
    assert not cal.es_habil(d("2026-06-12"))
