"""Las cifras derivadas con los números de las semillas: Puebla 2013 (001) y Oaxaca de
Juárez 2024 (003)."""

from decimal import Decimal as D

import pytest

from poa import derivacion as d
from poa.derivacion import Mes


def _trimestres(meses, programado, meta, porcentaje=False, descendente=False, umbrales=d.UMBRALES):
    return d.trimestres(
        meses,
        programado=programado,
        meta=meta,
        porcentaje=porcentaje,
        descendente=descendente,
        umbrales=umbrales,
    )


def test_puebla_semana_de_la_transparencia_1022_de_300_asistentes():
    # Evento de abril a agosto: meta 300 asistentes, 1,022 al cuarto trimestre.
    meses = [Mes(8, valor=D(1022))]
    t4 = _trimestres(meses, (D(0), D(0), D(300), D(300)), D(300))[3]
    assert t4.acumulado == D(1022)
    assert d.redondear(t4.porcentaje_meta) == D("340.67")
    assert d.redondear(t4.cumplimiento) == D("340.67")
    assert t4.semaforo == d.VERDE
    assert t4.sobrecumplido  # más de 110 %: se señala y pide justificación
    assert t4.requiere_justificacion is False  # el cuarto trimestre no tuvo avance propio
    t3 = _trimestres(meses, (D(0), D(0), D(300), D(300)), D(300))[2]
    assert t3.alcanzado == D(1022) and t3.requiere_justificacion


def test_puebla_solicitudes_en_tiempo_98_61_contra_meta_94():
    # Porcentaje = atendidas en tiempo / recibidas × 100; 71 de 72 = 98.61 %.
    meses = [Mes(m, numerador=D(6), denominador=D(6)) for m in range(1, 12)]
    meses.append(Mes(12, numerador=D(5), denominador=D(6)))
    t4 = _trimestres(meses, (D(94),) * 4, D(94), porcentaje=True)[3]
    assert d.redondear(t4.acumulado) == D("98.61")
    assert d.redondear(t4.porcentaje_meta) == D("104.91")
    assert t4.semaforo == d.VERDE and not t4.sobrecumplido
    # El trimestre solo: 17 de 18 = 94.44 %, y lo programado del trimestre es la meta.
    assert d.redondear(t4.alcanzado) == D("94.44")
    assert t4.programado == D(94)


def test_puebla_talleres_2598_de_1000_participantes():
    meses = [Mes(m, valor=D(v)) for m, v in [(3, 500), (6, 700), (9, 698), (11, 700)]]
    t = _trimestres(meses, (D(250), D(500), D(750), D(1000)), D(1000))
    assert [x.acumulado for x in t] == [D(500), D(1200), D(1898), D(2598)]
    assert d.redondear(t[3].porcentaje_meta) == D("259.80")


def test_oaxaca_monitoreos_sisai_66_66_60_valen_el_30_por_ciento_del_segundo_trimestre():
    meses = [Mes(4, valor=D(66)), Mes(5, valor=D(66)), Mes(6, valor=D(60))]
    programado = (D(128), D(320), D(512), D(640))  # 20 %, 50 %, 80 %, 100 % de 640
    t2 = _trimestres(meses, programado, D(640))[1]
    assert t2.alcanzado == D(192)
    assert t2.programado == D(192)  # lo del trimestre: 30 % de la meta anual
    assert d.porcentaje_de_meta(t2.alcanzado, D(640)) == D(30)  # «Valor alcanzado 30 %»
    assert t2.cumplimiento_trimestre == D(100)
    assert not t2.requiere_justificacion
    # Sin captura del primer trimestre, el acumulado queda en 60 % de lo programado: rojo.
    assert t2.acumulado == D(192)
    assert t2.cumplimiento == D(60) and t2.semaforo == d.ROJO


def test_oaxaca_revisiones_del_portal_77_70_64():
    meses = [Mes(4, valor=D(77)), Mes(5, valor=D(70)), Mes(6, valor=D(64))]
    t2 = _trimestres(meses, (D(0), D(210), D(420), D(700)), D(700))[1]
    assert t2.alcanzado == t2.acumulado == D(211)
    assert d.redondear(t2.porcentaje_meta, 1) == D("30.1")
    assert d.redondear(t2.cumplimiento) == D("100.48")
    assert t2.semaforo == d.VERDE


@pytest.mark.parametrize(
    ("alcanzado", "esperado", "color"),
    [
        (D(10), D(100), d.VERDE),
        (D(12), D(80), d.AMARILLO),
        (D(15), D(50), d.ROJO),
        (D(8), D(120), d.VERDE),
    ],
)
def test_indicador_descendente_invierte_el_sentido(alcanzado, esperado, color):
    # Menos es mejor (p. ej. recursos de revisión en contra): programado 10 al trimestre.
    cumplimiento = d.cumplimiento(alcanzado, D(10), descendente=True)
    assert cumplimiento == esperado
    assert d.semaforo(cumplimiento) == color
    assert d.sobrecumplido(cumplimiento) is (esperado > 110)


def test_descendente_en_cero_no_es_negativo_y_ascendente_es_al_reves():
    assert d.cumplimiento(D(30), D(10), descendente=True) == 0
    assert d.cumplimiento(D(12), D(10)) == D(120)


@pytest.mark.parametrize(
    ("alcanzado", "requiere"),
    [(D(90), False), (D(110), False), (D("89.9"), True), (D("110.1"), True), (D(0), True)],
)
def test_variacion_de_mas_de_10_por_ciento_exige_justificacion(alcanzado, requiere):
    assert d.requiere_justificacion(d.cumplimiento(alcanzado, D(100))) is requiere


def test_umbrales_propios_del_ayuntamiento():
    estrictos = d.Umbrales(verde=D(95), amarillo=D(80), sobrecumplimiento=D(105), variacion=D(5))
    assert d.semaforo(D(92)) == d.VERDE
    assert d.semaforo(D(92), estrictos) == d.AMARILLO
    assert d.sobrecumplido(D(107), estrictos) and not d.sobrecumplido(D(107))
    assert d.requiere_justificacion(D(94), estrictos) and not d.requiere_justificacion(D(94))


def test_sin_programacion_no_hay_semaforo():
    assert d.cumplimiento(D(5), None) is None
    assert d.cumplimiento(D(5), D(0)) is None
    assert d.semaforo(None) == d.SIN_DATO


def test_programado_sale_del_cronograma_si_no_se_capturo():
    # Hecelchakán: reportes semestrales en julio y enero → meta 2 repartida en 2 meses.
    assert d.programado_por_trimestre(
        capturado=(None,) * 4, meta=D(2), meses=[1, 7], porcentaje=False
    ) == (D(1), D(1), D(2), D(2))
    assert d.programado_por_trimestre(
        capturado=(None,) * 4, meta=D(95), meses=[4, 5], porcentaje=True
    ) == (D(0), D(95), D(95), D(95))
    # Un trimestre en blanco conserva lo acumulado al anterior.
    assert d.programado_por_trimestre(
        capturado=(D(1), None, D(3), None), meta=D(4), meses=[], porcentaje=False
    ) == (D(1), D(1), D(3), D(3))


def test_programado_a_la_fecha_interpola_dentro_del_trimestre():
    programado = (D(30), D(60), D(90), D(120))
    assert d.programado_a_mes(programado, 1, porcentaje=False) == D(10)
    assert d.programado_a_mes(programado, 5, porcentaje=False) == D(50)
    assert d.programado_a_mes((D(94),) * 4, 5, porcentaje=True) == D(94)


def test_porcentaje_es_suma_de_numeradores_entre_suma_de_denominadores():
    meses = [Mes(1, numerador=D(3), denominador=D(3)), Mes(2, numerador=D(0), denominador=D(297))]
    assert d.redondear(d.avance(meses, porcentaje=True)) == D("1.00")
    assert d.avance([], porcentaje=True) is None
