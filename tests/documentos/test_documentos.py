"""Los documentos de la Unidad: cada plantilla por omisión da un PDF cuyo texto (leído de
vuelta) trae el folio, las fechas y los plazos del caso; lo capturado nunca llega a HTML ni
a CSS; sólo la emisión toma número, una vez."""

import threading
from datetime import date
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scope, scopes_disabled

from documentos.generacion import html_del_documento
from documentos.models import Documento, EstadoDocumento, PlantillaDocumento
from documentos.servicios import claves_de, documento_corregir, documento_emitir, documento_preparar
from documentos.textos import POR_OMISION, ClaveDocumento, Procedimiento, validar_texto
from organizacion.models import ContadorOficio, Oficio, Plazo
from organizacion.templatetags.transparencia import fecha_larga
from solicitudes.models import Solicitud
from tests.reportes.pdf import texto_del_pdf

HOY = date(2024, 7, 4)


def _texto_plano(texto: str) -> str:
    return " ".join(texto.split())


def _preparar(ayuntamiento, caso, clave, titular=None) -> Documento:
    with scope(ayuntamiento=ayuntamiento):
        return documento_preparar(
            clave=clave, fecha=HOY, usuario=titular, **caso[POR_OMISION[clave].procedimiento]
        )


def test_cada_ayuntamiento_nuevo_tiene_una_plantilla_por_documento(ayuntamiento):
    with scopes_disabled():
        claves = set(
            PlantillaDocumento.objects.filter(ayuntamiento=ayuntamiento).values_list(
                "clave", flat=True
            )
        )
    assert claves == set(ClaveDocumento.values)


def test_los_documentos_de_cada_expediente():
    assert set(claves_de(Procedimiento.TURNO)) == {ClaveDocumento.TURNO}
    assert ClaveDocumento.ACUSE in claves_de(Procedimiento.SOLICITUD)
    assert len(claves_de(Procedimiento.SOLICITUD)) == 9
    assert sum(len(claves_de(p)) for p in Procedimiento.values) == len(ClaveDocumento.values)


@pytest.mark.parametrize("clave", ClaveDocumento.values)
def test_cada_plantilla_por_omision_da_un_pdf_con_los_datos_del_caso(
    clave, ayuntamiento, caso, titular
):
    documento = _preparar(ayuntamiento, caso, clave, titular)
    with scope(ayuntamiento=ayuntamiento):
        emitido = documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
        texto = _texto_plano(texto_del_pdf(emitido.archivo.read()))
        assert emitido.oficio
        numero = emitido.oficio.folio
    # El PDF parte renglones después de «/»: los expedientes se buscan sin espacios.
    compacto = texto.replace(" ", "")
    assert numero in texto
    assert "4 de julio de 2024" in texto  # la fecha del documento
    assert "[sin dato" not in documento.asunto
    procedimiento = POR_OMISION[clave].procedimiento
    if procedimiento in (Procedimiento.SOLICITUD, Procedimiento.TURNO):
        assert "201181924000101" in texto
        assert "1 de julio de 2024" in texto  # llegó
    if procedimiento == Procedimiento.RECURSO:
        assert "RR/101/2024" in compacto and "201181924000101" in texto
    if procedimiento == Procedimiento.DENUNCIA:
        assert "DI/12/2024" in compacto and "XXIX" in texto


def test_el_acuse_dice_cuando_se_tiene_por_recibida_y_cada_plazo_que_corre(
    ayuntamiento, caso, titular
):
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.ACUSE)
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    texto = _texto_plano(documento.cuerpo)
    assert "el 1 de julio de 2024 a las 16:20 horas, por Correo electrónico" in texto
    assert "se tiene por recibida el 2 de julio de 2024" in texto
    assert solicitud.motivo_recepcion and solicitud.motivo_recepcion in texto
    with scopes_disabled():
        corren = (
            Plazo.objects.filter(expediente_tipo="solicitud", expediente_id=solicitud.pk)
            .corriendo()
            .filter(opcional=False)
        )
        nombres = {p.clave: p.nombre for p in corren}
    # La respuesta, sí; la captura en la PNT es un plazo interno de la Unidad.
    assert "— Responder la solicitud: vence el 30 de julio de 2024" in documento.cuerpo
    assert "captura_pnt" in nombres and nombres["captura_pnt"] not in documento.cuerpo
    assert documento.destinatario == "Rosa Pérez Martínez"
    assert (
        "recurso de revisión ante el Órgano Garante de Acceso a la Información de Oaxaca" in texto
    )


def test_el_oficio_de_turno_trae_el_area_y_su_plazo_interno(ayuntamiento, caso):
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.TURNO)
    turno = caso[Procedimiento.TURNO]["turno"]
    assert "Tesorería Municipal" in documento.cuerpo
    assert "Remita la versión pública." in documento.cuerpo
    assert f"a más tardar el {fecha_larga(turno.vence)}" in _texto_plano(documento.cuerpo)


HOSTIL = '</p><style>@import "file:///etc/passwd";</style><img src="file:///etc/hostname"> {x}'


def test_lo_capturado_nunca_llega_a_html_ni_a_css(ayuntamiento, caso, titular):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    with scopes_disabled():
        Solicitud.objects.filter(pk=solicitud.pk).update(
            nombre_solicitante=HOSTIL, descripcion=HOSTIL
        )
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.ACUSE)
    with scope(ayuntamiento=ayuntamiento):
        documento_corregir(documento, asunto=HOSTIL, cuerpo=HOSTIL + "\n\n" + documento.cuerpo)
        html = html_del_documento(documento)
        emitido = documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
        texto = texto_del_pdf(emitido.archivo.read())
    assert "<style>@import" not in html and '<img src="file:///etc' not in html
    assert "&lt;style&gt;@import" in html
    # Impreso como texto, tal cual.
    assert '@import "file:///etc/passwd"' in texto
    assert "{x}" in texto  # una llave que no es variable queda como se escribió


def test_el_oficio_de_turno_no_puede_llevar_el_nombre_de_quien_solicita(ayuntamiento, caso):
    """Llega al enlace del área, que nunca ve datos personales de quien solicita."""
    with pytest.raises(ValidationError, match=r"\{solicitante\}"):
        validar_texto("Solicitud de {solicitante}", ClaveDocumento.TURNO)
    with scopes_disabled():
        PlantillaDocumento.objects.filter(ayuntamiento=ayuntamiento, clave="turno").update(
            cuerpo="Solicitud de {solicitante}: {descripcion}"
        )
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.TURNO)
    assert "Rosa" not in documento.cuerpo
    assert documento.cuerpo.startswith("Solicitud de {solicitante}: Nómina")


def test_una_variable_que_no_existe_se_rechaza_en_espanol():
    validar_texto("Folio {folio} del {fecha_recepcion}", ClaveDocumento.ACUSE)
    with pytest.raises(ValidationError, match=r"no existen para este documento: \{folo\}"):
        validar_texto("Folio {folo}", ClaveDocumento.ACUSE)
    with pytest.raises(ValidationError, match=r"\{area\}"):
        validar_texto("Para {area}", ClaveDocumento.ACUSE)  # sólo el turno tiene área


# --- La emisión -------------------------------------------------------------------------


def _contador(ayuntamiento) -> int:
    with scopes_disabled():
        return sum(
            ContadorOficio.objects.filter(ayuntamiento=ayuntamiento).values_list(
                "ultimo", flat=True
            )
        )


def test_el_borrador_no_tiene_numero_y_la_emision_toma_uno_una_vez(ayuntamiento, caso, titular):
    antes = _contador(ayuntamiento)
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.ACUSE)
    assert documento.estado == EstadoDocumento.BORRADOR and documento.oficio is None
    with scope(ayuntamiento=ayuntamiento):
        borrador = html_del_documento(documento)
        assert "BORRADOR" in borrador and "(se asigna al emitir)" in borrador
        assert _contador(ayuntamiento) == antes

        emitido = documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
        otra_vez = documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
    assert _contador(ayuntamiento) == antes + 1
    assert otra_vez.oficio_id == emitido.oficio_id and otra_vez.sha256 == emitido.sha256
    with scopes_disabled():
        oficio = Oficio.objects.get(documento=emitido)
    assert oficio.archivo.name == emitido.archivo.name
    assert len(emitido.sha256) == 64
    with pytest.raises(ValidationError, match="ya se emitió"):
        documento_corregir(emitido, cuerpo="otro texto")


def test_el_oficio_de_turno_usa_el_numero_que_tomo_el_turno(ayuntamiento, caso, titular):
    turno = caso[Procedimiento.TURNO]["turno"]
    antes = _contador(ayuntamiento)
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.TURNO)
    with scope(ayuntamiento=ayuntamiento):
        emitido = documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
    assert emitido.oficio_id == turno.oficio_id
    assert _contador(ayuntamiento) == antes


def test_si_el_pdf_falla_la_emision_no_consume_numero(ayuntamiento, caso, titular, monkeypatch):
    documento = _preparar(ayuntamiento, caso, ClaveDocumento.ACUSE)
    antes = _contador(ayuntamiento)

    def falla(*args, **kwargs):
        raise OSError("disco lleno")

    monkeypatch.setattr("documentos.servicios.pdf_del_documento", falla)
    with scope(ayuntamiento=ayuntamiento), pytest.raises(OSError):
        documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
    assert _contador(ayuntamiento) == antes
    documento.refresh_from_db()
    assert documento.estado == EstadoDocumento.BORRADOR and not documento.archivo
    monkeypatch.undo()
    with scope(ayuntamiento=ayuntamiento):
        emitido = documento_emitir(documento_id=documento.pk, usuario=titular, fecha=HOY)
    assert _contador(ayuntamiento) == antes + 1 and emitido.oficio


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_veinte_borradores_simultaneos_no_toman_numero_y_dos_emisiones_toman_uno(
    ayuntamiento, caso, titular
):
    antes = _contador(ayuntamiento)
    creados: list[int] = []
    errores: list[BaseException] = []

    def preparar() -> None:
        try:
            creados.append(cast(int, _preparar(ayuntamiento, caso, ClaveDocumento.ACUSE).pk))
        except BaseException as error:  # se revisa abajo
            errores.append(error)
        finally:
            connection.close()

    hilos = [threading.Thread(target=preparar) for _ in range(20)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert not errores and len(creados) == 20
    assert _contador(ayuntamiento) == antes

    emitidos: list[int] = []

    def emitir() -> None:
        try:
            with scope(ayuntamiento=ayuntamiento):
                emitido = documento_emitir(documento_id=creados[0], usuario=titular, fecha=HOY)
                emitidos.append(cast(int, emitido.oficio_id))
        finally:
            connection.close()

    dos = [threading.Thread(target=emitir) for _ in range(2)]
    for hilo in dos:
        hilo.start()
    for hilo in dos:
        hilo.join()
    assert len(emitidos) == 2 and emitidos[0] == emitidos[1]
    assert _contador(ayuntamiento) == antes + 1
