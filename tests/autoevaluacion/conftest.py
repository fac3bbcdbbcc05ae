from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from .objetos import adhesion_de_prueba

AHORA = datetime(2025, 3, 10, 12, 0, tzinfo=ZoneInfo("America/Mexico_City"))


@pytest.fixture
def congelado():
    """Las vistas toman «hoy» del reloj: lo fijamos en el 10 de marzo de 2025."""
    with time_machine.travel(AHORA, tick=False):
        yield


@pytest.fixture
def adhesion(ayuntamiento):
    return adhesion_de_prueba(ayuntamiento)


@pytest.fixture
def adhesion_ajena(ayuntamiento_ajeno):
    return adhesion_de_prueba(ayuntamiento_ajeno)
