"""La regla de la evidencia, el motivo de «no aplica», archivos malos y la adhesión."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from autoevaluacion.models import Adhesion, Estado, EstadoHerramienta, Evidencia
from autoevaluacion.servicios import (
    EvidenciaNueva,
    adhesion_guardar,
    estado_guardar,
    evidencia_eliminar,
)

from .objetos import EVIDENCIA, HOY, declarar, estado_de, pdf


def _guardar(adhesion, clave, **kwargs):
    estado = estado_de(adhesion, clave)
    with scope(ayuntamiento=adhesion.ayuntamiento):
        return estado_guardar(estado=estado, hoy=kwargs.pop("hoy", HOY), **kwargs)


def _sin_cambios(adhesion, clave):
    estado = estado_de(adhesion, clave)
    with scope(ayuntamiento=adhesion.ayuntamiento):
        return estado.estado == Estado.PENDIENTE and not estado.evidencias.exists()


def test_la_adhesion_crea_las_18_pendientes_con_historial(adhesion):
    with scope(ayuntamiento=adhesion.ayuntamiento):
        estados = EstadoHerramienta.objects.filter(adhesion=adhesion)
        assert estados.count() == 18
        assert set(estados.values_list("estado", flat=True)) == {Estado.PENDIENTE}
        assert EstadoHerramienta.history.filter(adhesion_id=adhesion.pk).count() == 18


def test_adhesion_con_fecha_futura_o_repetida(ayuntamiento, adhesion):
    with scope(ayuntamiento=ayuntamiento):
        with pytest.raises(ValidationError, match="ya registró"):
            adhesion_guardar(
                ayuntamiento=ayuntamiento, fecha_convenio=HOY, enlace_nombre="X", hoy=HOY
            )
        with pytest.raises(ValidationError) as error:
            adhesion_guardar(
                ayuntamiento=ayuntamiento,
                adhesion=adhesion,
                fecha_convenio=date(2025, 3, 11),
                enlace_nombre="X",
                hoy=HOY,
            )
        assert "posterior a hoy" in error.value.message_dict["fecha_convenio"][0]
        assert Adhesion.objects.get().fecha_convenio == date(2022, 11, 16)


def test_implementada_sin_evidencia_se_rechaza_y_no_guarda_nada(adhesion):
    with pytest.raises(ValidationError) as error:
        _guardar(adhesion, "perfiles-cargo", nuevo=Estado.IMPLEMENTADA, fecha_implementacion=HOY)
    assert "al menos un documento comprobatorio" in error.value.message_dict["evidencia_archivo"][0]
    assert _sin_cambios(adhesion, "perfiles-cargo")


def test_implementada_con_liga_o_con_archivo(adhesion):
    _guardar(
        adhesion,
        "perfiles-cargo",
        nuevo=Estado.IMPLEMENTADA,
        fecha_implementacion=date(2024, 5, 2),
        evidencia=EvidenciaNueva(
            descripcion="Perfiles publicados", fecha=date(2024, 5, 2), liga="https://x.gob.mx/p"
        ),
    )
    estado = declarar(adhesion, "politica-transparencia")
    with scope(ayuntamiento=adhesion.ayuntamiento):
        perfiles = estado_de(adhesion, "perfiles-cargo")
        assert perfiles.estado == Estado.IMPLEMENTADA
        assert perfiles.evidencias.get().liga == "https://x.gob.mx/p"
        evidencia = estado.evidencias.get()
        assert (evidencia.archivo.name or "").startswith(
            f"autoevaluacion/{adhesion.ayuntamiento_id}/{estado.pk}/"
        )
        assert evidencia.archivo.read() == EVIDENCIA


def test_la_anual_necesita_evidencia_del_anio_en_curso(adhesion):
    pasada = EvidenciaNueva(descripcion="Plan 2024", fecha=date(2024, 12, 1), archivo=pdf())
    with pytest.raises(ValidationError) as error:
        _guardar(
            adhesion,
            "satisfaccion-usuaria",
            nuevo=Estado.IMPLEMENTADA,
            fecha_implementacion=date(2024, 12, 1),
            evidencia=pasada,
        )
    assert "evidencia de 2025" in error.value.message_dict["evidencia_archivo"][0]
    assert _sin_cambios(adhesion, "satisfaccion-usuaria")
    # Con un documento de 2025 sí.
    declarar(adhesion, "satisfaccion-usuaria", fecha_documento=date(2025, 2, 1))
    assert estado_de(adhesion, "satisfaccion-usuaria").estado == Estado.IMPLEMENTADA


def test_una_no_anual_acepta_evidencia_de_cualquier_anio(adhesion):
    declarar(adhesion, "perfiles-cargo", fecha_documento=date(2023, 1, 20))
    assert estado_de(adhesion, "perfiles-cargo").estado == Estado.IMPLEMENTADA


def test_no_aplica_exige_motivo(adhesion):
    with pytest.raises(ValidationError) as error:
        _guardar(adhesion, "automatizacion-procesos", nuevo=Estado.NO_APLICA, motivo_no_aplica="  ")
    assert "por qué" in error.value.message_dict["motivo_no_aplica"][0]
    assert _sin_cambios(adhesion, "automatizacion-procesos")
    _guardar(
        adhesion,
        "automatizacion-procesos",
        nuevo=Estado.NO_APLICA,
        motivo_no_aplica="Usa la plataforma estatal",
    )
    assert estado_de(adhesion, "automatizacion-procesos").motivo_no_aplica == (
        "Usa la plataforma estatal"
    )


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00ejecutable"), "no corresponde a un .pdf"),
        (SimpleUploadedFile("hoja.exe", b"MZ\x90\x00"), "Formato no admitido"),
        (SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1)), "pesa más de 1 MB"),
    ],
)
def test_evidencia_de_tipo_equivocado_o_demasiado_grande(adhesion, settings, archivo, mensaje):
    settings.TAMANO_MAXIMO_ARCHIVO_MB = 1
    with pytest.raises(ValidationError) as error:
        _guardar(
            adhesion,
            "perfiles-cargo",
            nuevo=Estado.IMPLEMENTADA,
            fecha_implementacion=HOY,
            evidencia=EvidenciaNueva(descripcion="Perfiles", fecha=HOY, archivo=archivo),
        )
    assert mensaje in error.value.message_dict["evidencia_archivo"][0]
    assert _sin_cambios(adhesion, "perfiles-cargo")
    with scope(ayuntamiento=adhesion.ayuntamiento):
        assert not Evidencia.objects.exists()


def test_no_se_quita_la_ultima_evidencia_de_una_implementada(adhesion):
    estado = declarar(adhesion, "perfiles-cargo")
    with scope(ayuntamiento=adhesion.ayuntamiento):
        unica = estado.evidencias.get()
        with pytest.raises(ValidationError, match="única evidencia"):
            evidencia_eliminar(evidencia=unica, hoy=HOY)
        assert Evidencia.objects.filter(pk=unica.pk).exists()
        _guardar(
            adhesion,
            "perfiles-cargo",
            nuevo=Estado.IMPLEMENTADA,
            fecha_implementacion=HOY,
            evidencia=EvidenciaNueva(descripcion="Otra", fecha=HOY, liga="https://x.mx/a"),
        )
        evidencia_eliminar(evidencia=unica, hoy=HOY)
        assert list(estado.evidencias.values_list("descripcion", flat=True)) == ["Otra"]


def test_cada_cambio_queda_en_el_historial(adhesion):
    estado = estado_de(adhesion, "perfiles-cargo")
    with scope(ayuntamiento=adhesion.ayuntamiento):
        estado_guardar(estado=estado, nuevo=Estado.ELABORACION, hoy=HOY, notas="Borrador")
        ultimo = estado.history.first()
        assert ultimo.estado == Estado.ELABORACION and ultimo.notas == "Borrador"
