"""El caso de prueba de los documentos: una solicitud con su turno, su recurso y una
denuncia."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scope

from documentos.textos import Procedimiento
from organizacion.models import Sexo
from solicitudes.models import Denuncia, RecursoRevision, Solicitud
from solicitudes.servicios import recurso_guardar, solicitud_registrar, solicitud_turnar

MX = ZoneInfo("America/Mexico_City")


@pytest.fixture
def caso(ayuntamiento, areas, titular):
    """Una solicitud que llegó por correo después del cierre (se tiene por recibida al día
    hábil siguiente), turnada a Tesorería, con su recurso; y una denuncia."""
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000101",
                medio="correo",
                recibida=datetime(2024, 7, 1, 16, 20, tzinfo=MX),
                nombre_solicitante="Rosa Pérez Martínez",
                correo_solicitante="rosa@example.mx",
                descripcion="Nómina de junio de 2024 de la Tesorería",
            )
        )
        (turno,) = solicitud_turnar(
            solicitud=solicitud,
            areas=[areas[0]],
            fecha=date(2024, 7, 2),
            instrucciones="Remita la versión pública.",
        )
        recurso = recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente="RR/101/2024",
                solicitud=solicitud,
                sexo=Sexo.MUJER,
                fecha_interposicion=date(2024, 7, 3),
            )
        )
        denuncia = Denuncia.objects.create(
            ayuntamiento=ayuntamiento,
            expediente="DI/12/2024",
            fecha=date(2024, 6, 10),
            sexo=Sexo.NO_IDENTIFICADO,
            articulo="70",
            fraccion="XXIX",
            descripcion="No publica informes",
        )
        solicitud.refresh_from_db()
    return {
        Procedimiento.SOLICITUD: {"solicitud": solicitud},
        Procedimiento.TURNO: {"turno": turno},
        Procedimiento.RECURSO: {"recurso": recurso},
        Procedimiento.DENUNCIA: {"denuncia": denuncia},
    }
