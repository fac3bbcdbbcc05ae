"""Ayudantes para crear datos del modelo regional en pruebas (también para la prueba de
tenencia: `evidencia_de_prueba(ayuntamiento)` da el pk de la colección «evidencias»)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from autoevaluacion.models import Adhesion, Estado, EstadoHerramienta
from autoevaluacion.servicios import EvidenciaNueva, adhesion_guardar, estado_guardar
from organizacion.models import Ayuntamiento
from tests.conftest import pdf_valido

EVIDENCIA = pdf_valido("evidencia")

CONVENIO = date(2022, 11, 16)
HOY = date(2025, 3, 10)


def pdf(nombre: str = "evidencia.pdf", contenido: bytes = EVIDENCIA) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido, content_type="application/pdf")


def adhesion_de_prueba(ayuntamiento: Ayuntamiento, fecha: date = CONVENIO) -> Adhesion:
    with scope(ayuntamiento=ayuntamiento):
        existente = Adhesion.objects.first()
        if existente is not None:
            return existente
        return adhesion_guardar(
            ayuntamiento=ayuntamiento,
            fecha_convenio=fecha,
            enlace_nombre="Enlace del modelo",
            enlace_cargo="Titular de la Unidad de Transparencia",
            hoy=HOY,
        )


def estado_de(adhesion: Adhesion, clave: str) -> EstadoHerramienta:
    with scope(ayuntamiento=adhesion.ayuntamiento):
        return EstadoHerramienta.objects.select_related("herramienta", "adhesion").get(
            adhesion=adhesion, herramienta__clave=clave
        )


def declarar(
    adhesion: Adhesion,
    clave: str,
    nuevo: str = Estado.IMPLEMENTADA,
    *,
    hoy: date = HOY,
    fecha_documento: date | None = None,
    motivo: str = "",
) -> EstadoHerramienta:
    """Declara una herramienta; si es implementada, con un PDF fechado `fecha_documento`."""
    estado = estado_de(adhesion, clave)
    evidencia = None
    if nuevo == Estado.IMPLEMENTADA:
        evidencia = EvidenciaNueva(
            descripcion=f"Evidencia de {clave}", fecha=fecha_documento or hoy, archivo=pdf()
        )
    with scope(ayuntamiento=adhesion.ayuntamiento):
        return estado_guardar(
            estado=estado,
            nuevo=nuevo,
            hoy=hoy,
            fecha_implementacion=(fecha_documento or hoy) if nuevo == Estado.IMPLEMENTADA else None,
            motivo_no_aplica=motivo,
            evidencia=evidencia,
        )


def evidencia_de_prueba(ayuntamiento: Ayuntamiento) -> int:
    """El pk de una evidencia con archivo del ayuntamiento (crea la adhesión si falta)."""
    adhesion = adhesion_de_prueba(ayuntamiento)
    estado = declarar(adhesion, "convenio-colaboracion")
    with scope(ayuntamiento=ayuntamiento):
        return estado.evidencias.get().pk
