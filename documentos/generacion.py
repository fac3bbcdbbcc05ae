"""El PDF de un documento: la plantilla de Django escapa todo lo capturado y WeasyPrint lo
convierte con el lector de recursos seguro (reportes/pdf.py): sólo static/ y el logo."""

from django.template.loader import render_to_string

from reportes.generacion import configuracion_de
from reportes.pdf import pdf_de_html

from .models import Documento


def parrafos(texto: str) -> list[str]:
    """Los párrafos del cuerpo: separados por un renglón en blanco."""
    bloques = [b.strip("\n") for b in texto.replace("\r\n", "\n").split("\n\n")]
    return [b for b in bloques if b.strip()]


def html_del_documento(documento: Documento, *, numero: str = "") -> str:
    """`numero` vacío: el borrador, con su marca de agua y sin número."""
    ayuntamiento = documento.ayuntamiento
    configuracion = configuracion_de(ayuntamiento)
    return render_to_string(
        "documentos/pdf/documento.html",
        {
            "documento": documento,
            "numero": numero,
            "ayuntamiento": ayuntamiento,
            "configuracion": configuracion,
            "lemas": [lema for lema in configuracion.lemas.splitlines() if lema.strip()],
            "parrafos": parrafos(documento.cuerpo),
            "logo": ayuntamiento.logo.path if ayuntamiento.logo else "",
        },
    )


def pdf_del_documento(documento: Documento, *, numero: str = "") -> bytes:
    logo = documento.ayuntamiento.logo
    return pdf_de_html(
        html_del_documento(documento, numero=numero), archivos=[logo.path] if logo else []
    )
