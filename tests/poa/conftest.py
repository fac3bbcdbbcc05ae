from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from .objetos import capturar, crear_actividad, crear_objetivo, crear_plan

AHORA = datetime(2024, 7, 4, 12, 0, tzinfo=ZoneInfo("America/Mexico_City"))


@pytest.fixture
def congelado():
    with time_machine.travel(AHORA, tick=False):
        yield


@pytest.fixture
def plan(ayuntamiento):
    return crear_plan(ayuntamiento)


@pytest.fixture
def objetivo(plan):
    return crear_objetivo(plan, clave="Componente 2", nivel_mir="componente")


@pytest.fixture
def sisai(objetivo, areas):
    """Actividad 2.2 de Oaxaca, del área del enlace: monitoreos del SISAI 2.0."""
    actividad = crear_actividad(
        objetivo,
        areas[0],
        clave="2.2",
        programado_t1=128,
        programado_t2=320,
        programado_t3=512,
        programado_t4=640,
    )
    for mes, valor in [(4, 66), (5, 66), (6, 60)]:
        capturar(actividad, mes, valor, narrativa="Monitoreo diario del SISAI 2.0")
    return actividad


@pytest.fixture
def de_otra_area(objetivo, areas):
    return crear_actividad(objetivo, areas[1], clave="2.4", descripcion="Obligaciones de obras")
