"""Fechas de compromiso desde la firma del convenio y la recurrencia de las anuales."""

from datetime import date

import pytest

from autoevaluacion.models import Herramienta

from .objetos import CONVENIO, HOY


@pytest.mark.parametrize(
    ("clave", "vence"),
    [
        ("convenio-colaboracion", date(2022, 12, 16)),
        ("politica-transparencia", date(2023, 2, 16)),
        ("sistema-integridad", date(2023, 5, 16)),
        ("transparencia-proactiva", date(2023, 3, 16)),
        ("datos-abiertos", date(2023, 4, 16)),
        ("formalizacion-procesos", date(2023, 5, 16)),
        ("planes-proyectos", None),
    ],
)
def test_vencimiento_desde_la_firma_del_16_de_noviembre_de_2022(db, clave, vence):
    herramienta = Herramienta.objects.get(clave=clave)
    assert herramienta.vencimiento(CONVENIO, HOY) == vence


def test_meses_al_fin_de_mes_no_se_desbordan(db):
    # 31 de agosto + 6 meses: no existe el 31 de febrero; vence el último día de febrero.
    integridad = Herramienta.objects.get(clave="sistema-integridad")
    assert integridad.vencimiento(date(2023, 8, 31), HOY) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("hoy", "vence"),
    [
        (date(2022, 12, 1), date(2023, 11, 16)),  # el año de la firma: el primer aniversario
        (date(2023, 3, 1), date(2023, 11, 16)),
        (date(2025, 3, 10), date(2025, 11, 16)),
        (date(2025, 12, 31), date(2025, 11, 16)),  # ya pasó el de este año: está vencido
        (date(2026, 1, 2), date(2026, 11, 16)),
    ],
)
def test_las_anuales_se_comprometen_cada_aniversario(db, hoy, vence):
    satisfaccion = Herramienta.objects.get(clave="satisfaccion-usuaria")
    assert satisfaccion.vencimiento(CONVENIO, hoy) == vence


@pytest.mark.parametrize(
    ("hoy", "vence"),
    [
        (date(2024, 6, 1), date(2025, 2, 28)),  # el año de la firma: el primer aniversario
        (date(2026, 1, 5), date(2026, 2, 28)),  # un 29 de febrero cumple el 28 en años comunes
        (date(2028, 1, 5), date(2028, 2, 29)),  # y el 29 en los bisiestos
    ],
)
def test_recurrencia_anual_de_un_convenio_del_29_de_febrero(db, hoy, vence):
    satisfaccion = Herramienta.objects.get(clave="satisfaccion-usuaria")
    assert satisfaccion.vencimiento(date(2024, 2, 29), hoy) == vence
