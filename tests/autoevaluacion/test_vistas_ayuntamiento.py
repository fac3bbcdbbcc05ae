"""Vistas del ayuntamiento: lo que hacen, método equivocado (405), rol de sólo lectura que
escribe (403), objeto o herramienta de otro ayuntamiento (404) e identificador malo (404)."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from autoevaluacion.models import Adhesion, Estado, Evidencia

from .objetos import EVIDENCIA, adhesion_de_prueba, declarar, estado_de, evidencia_de_prueba, pdf

pytestmark = pytest.mark.usefixtures("congelado")


def _url(nombre, ayuntamiento, **kwargs):
    return reverse(f"autoevaluacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


def _texto(respuesta) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", respuesta.content.decode()))


# --- Tablero -----------------------------------------------------------------------------------


def test_tablero_muestra_la_lista_el_avance_y_los_atrasos(adhesion, titular, cliente_de):
    declarar(adhesion, "convenio-colaboracion")
    declarar(adhesion, "automatizacion-procesos", Estado.NO_APLICA, motivo="Plataforma estatal")
    respuesta = cliente_de(titular).get(_url("tablero", adhesion.ayuntamiento))
    texto = _texto(respuesta)
    assert "Convenio firmado el 16 de noviembre de 2022" in texto
    assert "General 5.9 % (1 de 17)" in texto
    assert (
        "Política de Transparencia y Acceso a la Información Pública 3 meses de implementación 16 de febrero de 2023 Atrasada"
        in texto
    )
    assert respuesta.context["radar"]["etiquetas"][0] == "Estrategia"
    assert respuesta.context["radar"]["valores"][0] == 25.0
    assert 'id="datos-radar"' in respuesta.content.decode()


def test_tablero_sin_adhesion_ofrece_registrarla_solo_a_quien_captura(
    ayuntamiento, titular, consulta, cliente_de
):
    url = _url("tablero", ayuntamiento)
    assert "Registrar la adhesión" in cliente_de(titular).get(url).content.decode()
    respuesta = cliente_de(consulta).get(url)
    assert "aún no registra" in respuesta.content.decode()
    assert "Registrar la adhesión" not in respuesta.content.decode()


def test_tablero_405_y_enlace_403(ayuntamiento, titular, enlace, cliente_de):
    url = _url("tablero", ayuntamiento)
    assert cliente_de(titular).post(url).status_code == 405
    assert cliente_de(enlace).get(url).status_code == 403


@pytest.mark.parametrize("nombre", ["tablero", "adhesion", "imprimir", "exportar"])
def test_extranos_y_garante_ajeno_reciben_404(
    nombre, adhesion, extrano, usuario_otro_garante, cliente_de
):
    url = _url(nombre, adhesion.ayuntamiento)
    assert cliente_de(extrano).get(url).status_code == 404
    assert cliente_de(usuario_otro_garante).get(url).status_code == 404


# --- Adhesión --------------------------------------------------------------------------------


def test_registrar_la_adhesion(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        _url("adhesion", ayuntamiento),
        {
            "fecha_convenio": "2022-11-16",
            "enlace_nombre": "Ana Pérez",
            "enlace_cargo": "Titular UT",
        },
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        adhesion = Adhesion.objects.get()
        assert adhesion.fecha_convenio == date(2022, 11, 16)
        assert adhesion.estados.count() == 18


def test_adhesion_con_fecha_futura_muestra_el_error(ayuntamiento, personal, cliente_de):
    respuesta = cliente_de(personal).post(
        _url("adhesion", ayuntamiento), {"fecha_convenio": "2025-04-01", "enlace_nombre": "Ana"}
    )
    assert respuesta.status_code == 200
    assert "no puede ser posterior a hoy" in respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        assert not Adhesion.objects.exists()


@pytest.mark.parametrize("rol", ["consulta", "usuario_garante", "enlace"])
def test_adhesion_403_a_quien_no_captura(rol, request, ayuntamiento, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    url = _url("adhesion", ayuntamiento)
    datos = {"fecha_convenio": "2022-11-16", "enlace_nombre": "Intruso"}
    assert cliente.get(url).status_code == 403
    assert cliente.post(url, datos).status_code == 403
    with scope(ayuntamiento=ayuntamiento):
        assert not Adhesion.objects.exists()


def test_adhesion_405(ayuntamiento, titular, cliente_de):
    assert cliente_de(titular).put(_url("adhesion", ayuntamiento)).status_code == 405


# --- Herramienta -----------------------------------------------------------------------------


def test_herramienta_marcar_implementada_con_archivo(adhesion, personal, cliente_de):
    url = _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo")
    respuesta = cliente_de(personal).post(
        url,
        {
            "estado": Estado.IMPLEMENTADA,
            "fecha_implementacion": "2025-02-20",
            "evidencia_archivo": pdf("perfiles.pdf"),
            "evidencia_descripcion": "Perfiles aprobados en Cabildo",
            "evidencia_fecha": "2025-02-20",
        },
    )
    assert respuesta.status_code == 302
    estado = estado_de(adhesion, "perfiles-cargo")
    assert estado.estado == Estado.IMPLEMENTADA
    with scope(ayuntamiento=adhesion.ayuntamiento):
        assert estado.evidencias.get().nombre_archivo == "perfiles.pdf"
        assert estado.history.first().history_user == personal
    detalle = cliente_de(personal).get(url).content.decode()
    assert "Perfiles aprobados en Cabildo" in detalle and "Fátima Sánchez Carrasco" in detalle


def test_herramienta_implementada_sin_evidencia_muestra_el_error(adhesion, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo"),
        {"estado": Estado.IMPLEMENTADA, "fecha_implementacion": "2025-02-20"},
    )
    assert respuesta.status_code == 200
    assert "al menos un documento comprobatorio" in respuesta.content.decode()
    assert estado_de(adhesion, "perfiles-cargo").estado == Estado.PENDIENTE


def test_herramienta_archivo_renombrado_se_rechaza(adhesion, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo"),
        {
            "estado": Estado.IMPLEMENTADA,
            "fecha_implementacion": "2025-02-20",
            "evidencia_archivo": SimpleUploadedFile("perfiles.pdf", b"MZ\x90\x00"),
            "evidencia_descripcion": "Perfiles",
        },
    )
    assert respuesta.status_code == 200
    assert "no corresponde a un .pdf" in respuesta.content.decode()
    with scope(ayuntamiento=adhesion.ayuntamiento):
        assert not Evidencia.objects.exists()


def test_herramienta_no_aplica_sin_motivo(adhesion, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        _url("herramienta", adhesion.ayuntamiento, clave="datos-abiertos"),
        {"estado": Estado.NO_APLICA},
    )
    assert "Explique por qué" in respuesta.content.decode()
    assert estado_de(adhesion, "datos-abiertos").estado == Estado.PENDIENTE


@pytest.mark.parametrize("rol", ["consulta", "usuario_garante"])
def test_herramienta_se_lee_pero_no_se_cambia(rol, request, adhesion, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    url = _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo")
    lectura = cliente.get(url)
    assert lectura.status_code == 200 and "Actualizar estado" not in lectura.content.decode()
    assert cliente.post(url, {"estado": Estado.ELABORACION}).status_code == 403
    assert estado_de(adhesion, "perfiles-cargo").estado == Estado.PENDIENTE


def test_herramienta_405_clave_mala_y_extranos(
    adhesion, titular, enlace, extrano, usuario_otro_garante, cliente_de
):
    url = _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo")
    assert cliente_de(titular).delete(url).status_code == 405
    assert cliente_de(enlace).get(url).status_code == 403
    mala = _url("herramienta", adhesion.ayuntamiento, clave="no-existe")
    assert cliente_de(titular).get(mala).status_code == 404
    for intruso in (extrano, usuario_otro_garante):
        assert cliente_de(intruso).get(url).status_code == 404
        assert cliente_de(intruso).post(url, {"estado": Estado.ELABORACION}).status_code == 404
    assert estado_de(adhesion, "perfiles-cargo").estado == Estado.PENDIENTE


def test_herramienta_sin_adhesion_da_404(ayuntamiento, titular, cliente_de):
    url = _url("herramienta", ayuntamiento, clave="perfiles-cargo")
    assert cliente_de(titular).get(url).status_code == 404


def test_herramienta_de_otro_ayuntamiento_no_se_alcanza(
    adhesion, adhesion_ajena, titular, extrano, cliente_de
):
    # El titular de Puebla escribe en su URL: sólo cambia lo suyo, nunca lo de Oaxaca.
    url = _url("herramienta", adhesion_ajena.ayuntamiento, clave="perfiles-cargo")
    cliente_de(extrano).post(url, {"estado": Estado.ELABORACION})
    assert estado_de(adhesion_ajena, "perfiles-cargo").estado == Estado.ELABORACION
    assert estado_de(adhesion, "perfiles-cargo").estado == Estado.PENDIENTE


# --- Evidencias ------------------------------------------------------------------------------


def test_descargar_evidencia(adhesion, consulta, usuario_garante, cliente_de):
    pk = evidencia_de_prueba(adhesion.ayuntamiento)
    url = _url("evidencia", adhesion.ayuntamiento, pk=pk)
    for usuario in (consulta, usuario_garante):
        respuesta = cliente_de(usuario).get(url)
        assert respuesta.status_code == 200
        assert b"".join(respuesta.streaming_content) == EVIDENCIA
        assert "attachment" in respuesta["Content-Disposition"]
    assert cliente_de(consulta).post(url).status_code == 405


def test_evidencia_ajena_o_inexistente_da_404(
    adhesion, adhesion_ajena, titular, extrano, usuario_otro_garante, cliente_de
):
    propia = evidencia_de_prueba(adhesion.ayuntamiento)
    ajena = evidencia_de_prueba(adhesion_ajena.ayuntamiento)
    cliente = cliente_de(titular)
    assert cliente.get(_url("evidencia", adhesion.ayuntamiento, pk=ajena)).status_code == 404
    assert cliente.get(_url("evidencia", adhesion.ayuntamiento, pk=987654)).status_code == 404
    url = _url("evidencia", adhesion.ayuntamiento, pk=propia)
    assert cliente_de(extrano).get(url).status_code == 404
    assert cliente_de(usuario_otro_garante).get(url).status_code == 404


def test_evidencia_que_es_liga_no_se_descarga(adhesion, titular, cliente_de):
    cliente_de(titular).post(
        _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo"),
        {
            "estado": Estado.ELABORACION,
            "evidencia_liga": "https://transparencia.oaxaca.gob.mx/perfiles",
            "evidencia_descripcion": "Borrador publicado",
        },
    )
    with scope(ayuntamiento=adhesion.ayuntamiento):
        evidencia = Evidencia.objects.get()
    url = _url("evidencia", adhesion.ayuntamiento, pk=evidencia.pk)
    assert cliente_de(titular).get(url).status_code == 404


def test_quitar_evidencia(adhesion, titular, consulta, usuario_garante, cliente_de):
    estado = declarar(adhesion, "perfiles-cargo", Estado.ELABORACION)
    cliente_de(titular).post(
        _url("herramienta", adhesion.ayuntamiento, clave="perfiles-cargo"),
        {
            "estado": Estado.ELABORACION,
            "evidencia_archivo": pdf(),
            "evidencia_descripcion": "Borrador",
        },
    )
    with scope(ayuntamiento=adhesion.ayuntamiento):
        evidencia = estado.evidencias.get()
    url = _url("evidencia_quitar", adhesion.ayuntamiento, pk=evidencia.pk)
    assert cliente_de(titular).get(url).status_code == 405
    assert cliente_de(consulta).post(url).status_code == 403
    assert cliente_de(usuario_garante).post(url).status_code == 403
    assert cliente_de(titular).post(url).status_code == 302
    with scope(ayuntamiento=adhesion.ayuntamiento):
        assert not estado.evidencias.exists()


def test_quitar_la_unica_evidencia_de_una_implementada_avisa(adhesion, titular, cliente_de):
    pk = evidencia_de_prueba(adhesion.ayuntamiento)
    respuesta = cliente_de(titular).post(
        _url("evidencia_quitar", adhesion.ayuntamiento, pk=pk), follow=True
    )
    assert "única evidencia" in respuesta.content.decode()
    with scope(ayuntamiento=adhesion.ayuntamiento):
        assert Evidencia.objects.filter(pk=pk).exists()


def test_quitar_evidencia_ajena_o_inexistente_da_404(adhesion, adhesion_ajena, titular, cliente_de):
    ajena = evidencia_de_prueba(adhesion_ajena.ayuntamiento)
    cliente = cliente_de(titular)
    assert (
        cliente.post(_url("evidencia_quitar", adhesion.ayuntamiento, pk=ajena)).status_code == 404
    )
    assert (
        cliente.post(_url("evidencia_quitar", adhesion.ayuntamiento, pk=987654)).status_code == 404
    )
    with scope(ayuntamiento=adhesion_ajena.ayuntamiento):
        assert Evidencia.objects.filter(pk=ajena).exists()


# --- Impresión y exportación -----------------------------------------------------------------


def test_version_para_imprimir(adhesion, consulta, cliente_de):
    declarar(adhesion, "convenio-colaboracion")
    texto = _texto(cliente_de(consulta).get(_url("imprimir", adhesion.ayuntamiento)))
    assert "Ayuntamiento: Oaxaca de Juárez" in texto
    assert "llevada a cabo el 16 de noviembre de 2022" in texto
    assert "Dimensión: Recursos" in texto and "Herramientas (4)" in texto
    assert "Convenio de colaboración : instrumento de compromiso" in texto
    assert "Realizado (16 de noviembre de 2022)" not in texto  # la fecha es la de implementación
    assert "Realizado (10 de marzo de 2025) Evidencia de convenio-colaboracion" in texto
    assert "Pendiente (atrasada)" in texto
    assert (
        "<nav"
        not in cliente_de(consulta).get(_url("imprimir", adhesion.ayuntamiento)).content.decode()
    )


def test_imprimir_y_exportar_sin_adhesion_dan_404_y_405(ayuntamiento, titular, cliente_de):
    cliente = cliente_de(titular)
    assert cliente.get(_url("imprimir", ayuntamiento)).status_code == 404
    assert cliente.get(_url("exportar", ayuntamiento)).status_code == 404
    adhesion_de_prueba(ayuntamiento)
    assert cliente.post(_url("imprimir", ayuntamiento)).status_code == 405
    assert cliente.post(_url("exportar", ayuntamiento)).status_code == 405


def test_exportar_xlsx_se_lee_con_openpyxl(adhesion, usuario_garante, cliente_de):
    declarar(adhesion, "convenio-colaboracion")
    respuesta = cliente_de(usuario_garante).get(
        _url("exportar", adhesion.ayuntamiento) + "?formato=xlsx"
    )
    assert respuesta.status_code == 200
    hoja = openpyxl.load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:5] == (
        "Dimensión",
        "Herramienta",
        "Temporalidad",
        "Fecha de compromiso",
        "Estado",
    )
    assert len(filas) == 19
    assert filas[1][:6] == (
        "Estrategia",
        "Convenio de colaboración",
        "1 mes para elaboración, vigencia indefinida.",
        "16 de diciembre de 2022",
        "Implementada",
        "No",
    )
    assert filas[2][4:6] == ("Pendiente", "Sí")


def test_exportar_formato_desconocido_da_404(adhesion, titular, cliente_de):
    url = _url("exportar", adhesion.ayuntamiento) + "?formato=pdf"
    assert cliente_de(titular).get(url).status_code == 404
