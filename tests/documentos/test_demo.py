"""La demostración trae documentos emitidos, un borrador y párrafos, y cargarla dos veces
no los repite."""

import io

from django_scopes import scopes_disabled

from documentos import demo
from documentos.models import Documento, EstadoDocumento, ParrafoRespuesta


def test_la_demo_de_documentos(ayuntamiento, caso):
    salida = io.StringIO()
    demo.cargar(salida)
    demo.cargar(salida)
    with scopes_disabled():
        estados = sorted(Documento.objects.values_list("clave", "estado"))
        assert ParrafoRespuesta.objects.count() == len(demo.PARRAFOS)
    assert estados == [
        ("acuse", EstadoDocumento.EMITIDO),
        ("respuesta_entrega", EstadoDocumento.BORRADOR),
        ("turno", EstadoDocumento.EMITIDO),
    ]
    assert "Acuse de la solicitud 201181924000101: emitido y notificado." in salida.getvalue()
