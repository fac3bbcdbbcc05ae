"""La generación de un reporte: contexto del tipo + lo común (encabezado, oficio de
remisión, firmas, avisos) → HTML → PDF → archivo con su huella.

Lo llaman la tarea de Celery, el comando `generar_reporte` y las pruebas: un mismo camino
para todos los modos. Se ejecuta dentro del ámbito del ayuntamiento del reporte."""

import hashlib
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from organizacion.models import Ayuntamiento, TipoOficio, hoy_local
from organizacion.servicios import oficio_emitir

from .models import ConfiguracionReportes, EstadoReporte, Reporte
from .pdf import pdf_de_html
from .periodos import periodo_de
from .tipos import TIPOS

AVISO_SIN_FIRMANTES = (
    "Faltan los nombres y cargos de quien elabora y de quien da el Vo. Bo. Configúrelos en "
    "Reportes › Configuración para que el documento pueda firmarse."
)
AVISO_SIN_DESTINATARIO = (
    "El oficio de remisión no tiene destinatario. Configúrelo en Reportes › Configuración."
)


def configuracion_de(ayuntamiento: Ayuntamiento) -> ConfiguracionReportes:
    """La configuración guardada o, si nunca se guardó, una con los valores por omisión."""
    return ConfiguracionReportes.objects.filter(
        ayuntamiento=ayuntamiento
    ).first() or ConfiguracionReportes(ayuntamiento=ayuntamiento)


def avisos_de(configuracion: ConfiguracionReportes) -> list[str]:
    avisos = []
    if not configuracion.con_firmantes:
        avisos.append(AVISO_SIN_FIRMANTES)
    if not configuracion.destinatario:
        avisos.append(AVISO_SIN_DESTINATARIO)
    return avisos


def _oficio_de_remision(reporte: Reporte, configuracion: ConfiguracionReportes, hoy: date):
    """El oficio de la portada se toma del registro una sola vez por reporte: un reintento
    reutiliza el número ya emitido en lugar de gastar otro."""
    if reporte.oficio_id is None:
        with transaction.atomic():
            reporte.oficio = oficio_emitir(
                ayuntamiento=reporte.ayuntamiento,
                fecha=hoy,
                tipo=TipoOficio.INFORME,
                asunto=f"Se remite {reporte.get_tipo_display().lower()} ({reporte.nombre_periodo})",
                destinatario=configuracion.destinatario or "—",
                cargo_destinatario=configuracion.cargo_destinatario,
                emitido_por=reporte.solicitado_por,
            )
            Reporte.objects.filter(pk=reporte.pk).update(oficio=reporte.oficio)
    return reporte.oficio


def html_del_reporte(reporte: Reporte, *, hoy: date | None = None) -> tuple[str, dict[str, Any]]:
    """El HTML del documento y las tablas que contiene."""
    ayuntamiento = reporte.ayuntamiento
    hoy = hoy or hoy_local(ayuntamiento)
    periodo = periodo_de(reporte.tipo, reporte.anio, reporte.periodo)
    informe = TIPOS[reporte.tipo](ayuntamiento, periodo)
    configuracion = configuracion_de(ayuntamiento)
    contexto = informe.contexto()
    tablas = contexto["tablas"]
    contexto.update(
        {
            "reporte": reporte,
            "ayuntamiento": ayuntamiento,
            "periodo": periodo,
            "configuracion": configuracion,
            "lemas": [lema for lema in configuracion.lemas.splitlines() if lema.strip()],
            "avisos": avisos_de(configuracion),
            "oficio": _oficio_de_remision(reporte, configuracion, hoy),
            # El único archivo fuera de static/ que el PDF puede leer (reportes/pdf.py).
            "logo": ayuntamiento.logo.path if ayuntamiento.logo else "",
            "hoy": hoy,
            "tabla": {t.clave: t for t in tablas},
        }
    )
    return render_to_string(informe.plantilla, contexto), contexto


def generar(reporte: Reporte, *, hoy: date | None = None) -> bytes:
    """Genera el PDF del reporte y deja la fila `listo` con su archivo y su huella. El
    archivo se escribe completo antes de marcar la fila: nunca hay un reporte `listo` a
    medias. Cada versión tiene una sola ruta: lo que haya ahí lo dejó un intento fallido de
    esta misma versión (la fila aún no está `listo`) y se reemplaza; si la fila no se puede
    marcar, el archivo recién escrito se borra. Nunca quedan dos archivos de una versión."""
    html, contexto = html_del_reporte(reporte, hoy=hoy)
    contenido = pdf_de_html(html, archivos=[contexto["logo"]])
    anterior = reporte.archivo.name if reporte.archivo else ""
    almacen = reporte.archivo.storage
    ruta = reporte.archivo.field.generate_filename(reporte, reporte.nombre_archivo)
    if ruta != anterior:
        almacen.delete(ruta)
    reporte.archivo.save(reporte.nombre_archivo, ContentFile(contenido), save=False)
    try:
        _marcar_listo(reporte, contenido, contexto)
    except BaseException:
        almacen.delete(str(reporte.archivo.name))
        raise
    if anterior and anterior != reporte.archivo.name:
        almacen.delete(anterior)
    return contenido


def _marcar_listo(reporte: Reporte, contenido: bytes, contexto: dict[str, Any]) -> None:
    reporte.sha256 = hashlib.sha256(contenido).hexdigest()
    reporte.tamano = len(contenido)
    reporte.tablas = [t.como_dato() for t in contexto["tablas"]]
    reporte.avisos = contexto["avisos"]
    reporte.estado = EstadoReporte.LISTO
    reporte.terminado = timezone.now()
    reporte.error = ""
    # Sólo lo que escribe la generación: `intentos` e `iniciado` los lleva la tarea con
    # UPDATE atómicos y esta copia en memoria podría tenerlos viejos.
    reporte.save(
        update_fields=[
            "archivo",
            "sha256",
            "tamano",
            "tablas",
            "avisos",
            "estado",
            "terminado",
            "error",
        ]
    )
