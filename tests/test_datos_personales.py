"""Los datos personales del solicitante no salen de la Unidad: el enlace ve lo que le
turnaron (la información solicitada), nunca quién la pidió ni cómo contactarlo, en ninguna
página que puede abrir ni en su aviso diario. La titular y el personal sí los ven.

El modelo no tiene teléfono del solicitante (el teléfono sólo es un medio de recepción); los
datos de contacto son nombre, correo, domicilio y el documento con que acreditó su identidad.
"""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from reportes.envios import avisos_diarios_enviar
from solicitudes.models import Solicitud
from tests.organizacion.test_tenencia import objetos  # noqa: F401 (fixture)
from tests.test_permisos import ACCESOS, direcciones  # noqa: F401 (fixture)

DATOS = {
    "nombre_solicitante": "Rosalba Xóchitl Hernández Cruz",
    "correo_solicitante": "rosalba.hc@correo-ejemplo.mx",
    "domicilio_solicitante": "Calle de los Libres 1234, Barrio de Jalatlaco",
    "documento_identidad": "Credencial para votar HRCRRS85",
}
DESCRIPCION = "Nómina de junio"  # la de la solicitud de la fixture objetos


@pytest.fixture
def con_datos(objetos):  # noqa: F811
    with scopes_disabled():
        Solicitud.objects.filter(pk=objetos["solicitudes:solicitudes"]).update(**DATOS)
    return objetos


def _texto(respuesta) -> str:
    # Descargas incluidas (el escrito adjunto, el anexo y la exportación del POA).
    contenido = b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
    return contenido.decode(errors="replace")


def _sin_datos(texto: str, donde: str) -> None:
    vistos = [valor for valor in DATOS.values() if valor in texto]
    assert not vistos, f"{donde} muestra datos del solicitante: {vistos}"


def test_el_enlace_ve_lo_turnado_pero_no_al_solicitante(
    ayuntamiento, con_datos, enlace, cliente_de
):
    cliente = cliente_de(enlace)
    turno = reverse(
        "solicitudes:turno_detalle",
        kwargs={"ayuntamiento": ayuntamiento.slug, "pk": con_datos["solicitudes:turnos"]},
    )
    detalle = cliente.get(turno).content.decode()
    assert DESCRIPCION in detalle
    _sin_datos(detalle, "El detalle del turno")
    bandeja = cliente.get(
        reverse("solicitudes:turnos", kwargs={"ayuntamiento": ayuntamiento.slug})
    ).content.decode()
    assert turno in bandeja
    _sin_datos(bandeja, "Mis turnos")


def test_ninguna_pagina_del_enlace_muestra_al_solicitante(
    con_datos,
    direcciones,  # noqa: F811
    enlace,
    cliente_de,
):
    cliente = cliente_de(enlace)
    # Todas las rutas que la tabla de permisos le abre al enlace.
    abiertas = sorted(
        nombre
        for nombre, acceso in ACCESOS.items()
        if acceso.get and "enlace" in acceso.get and ":" in nombre
    )
    assert {"organizacion:tablero", "solicitudes:turnos", "solicitudes:turno_detalle"} <= set(
        abiertas
    )
    for nombre in abiertas:
        respuesta = cliente.get(direcciones(nombre), follow=True)  # la entrada redirige
        assert respuesta.status_code == 200, nombre
        _sin_datos(_texto(respuesta), nombre)


@pytest.mark.parametrize("rol", ["titular", "personal"])
def test_la_unidad_si_ve_al_solicitante(rol, request, ayuntamiento, con_datos, cliente_de):
    respuesta = cliente_de(request.getfixturevalue(rol)).get(
        reverse(
            "solicitudes:detalle",
            kwargs={"ayuntamiento": ayuntamiento.slug, "pk": con_datos["solicitudes:solicitudes"]},
        )
    )
    texto = respuesta.content.decode()
    for campo in ("nombre_solicitante", "correo_solicitante", "domicilio_solicitante"):
        assert DATOS[campo] in texto, campo


def test_el_aviso_diario_del_enlace_no_lleva_datos_del_solicitante(
    con_datos, titular, enlace, enlace_otra_area
):
    # El turno de la fixture (2 de julio de 2024) ya venció el 10.
    avisos_diarios_enviar(fecha=date(2024, 7, 10))
    por_destinatario = {correo.to[0]: correo for correo in mail.outbox}
    assert enlace_otra_area.email not in por_destinatario  # nada turnado a su área
    for usuario in (enlace, titular):
        correo = por_destinatario[usuario.email]
        cuerpos = [str(correo.body)] + [str(c) for c, _ in correo.alternatives]  # type: ignore[attr-defined]
        for cuerpo in cuerpos:
            assert "201181924000101" in cuerpo  # el folio del turno, sí
            _sin_datos(cuerpo, f"El aviso diario de {usuario.email}")
