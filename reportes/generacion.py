"""La generación de un reporte: contexto del tipo + lo común (encabezado, oficio de
remisión, firmas, avisos) → HTML → PDF → archivo con su huella.

Lo llaman la tarea de Celery, el comando `generar_reporte` y las pruebas: un mismo camino
para todos los modos. Se ejecuta dentro del ámbito del ayuntamiento del reporte."""

import hashlib
from datetime import date
from typing import Any, cast

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from organizacion.models import Ayuntamiento, Oficio, TipoOficio, Usuario, hoy_local
from organizacion.servicios import oficio_emitir

from .models import ConfiguracionReportes, EstadoReporte, RemisionReporte, Reporte, TipoReporte
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


def configuracion_de(ayuntamiento: Ayuntamiento, tipo: str | None = None) -> ConfiguracionReportes:
    """La configuración guardada o, si nunca se guardó, una con los valores por omisión. Con
    `tipo`, con el destinatario y las firmas propios de ese tipo de reporte
    (`RemisionReporte`); el informe semestral, si no tiene los suyos, va al garante."""
    configuracion = ConfiguracionReportes.objects.filter(
        ayuntamiento=ayuntamiento
    ).first() or ConfiguracionReportes(ayuntamiento=ayuntamiento)
    if tipo is None:
        return configuracion
    remision = RemisionReporte.objects.filter(ayuntamiento=ayuntamiento, tipo=tipo).first()
    if tipo == TipoReporte.SEMESTRAL and not (remision and remision.destinatario):
        configuracion.destinatario = ayuntamiento.garante.nombre
        configuracion.cargo_destinatario = ""
    for campo in RemisionReporte.CAMPOS if remision else ():
        if valor := getattr(remision, campo):
            setattr(configuracion, campo, valor)
    return configuracion


def avisos_de(configuracion: ConfiguracionReportes) -> list[str]:
    avisos = []
    if not configuracion.con_firmantes:
        avisos.append(AVISO_SIN_FIRMANTES)
    if not configuracion.destinatario:
        avisos.append(AVISO_SIN_DESTINATARIO)
    return avisos


def asunto_de(reporte: Reporte) -> str:
    return f"Se remite {reporte.get_tipo_display().lower()} ({reporte.nombre_periodo})"


def oficio_de_remision(reporte: Reporte, *, hoy: date, usuario: Usuario | None) -> Oficio:
    """El oficio de la portada, que sólo la emisión toma, una vez por reporte: emitir otra
    vez (o reintentar la generación) reutiliza el número en lugar de gastar otro."""
    if reporte.oficio_id is None:
        configuracion = configuracion_de(reporte.ayuntamiento, reporte.tipo)
        with transaction.atomic():
            reporte.oficio = oficio_emitir(
                ayuntamiento=reporte.ayuntamiento,
                fecha=hoy,
                tipo=TipoOficio.INFORME,
                asunto=asunto_de(reporte),
                destinatario=configuracion.destinatario or "—",
                cargo_destinatario=configuracion.cargo_destinatario,
                emitido_por=usuario,
            )
            Reporte.objects.filter(pk=reporte.pk).update(oficio=reporte.oficio)
    return cast(Oficio, reporte.oficio)


def html_del_reporte(reporte: Reporte, *, hoy: date | None = None) -> tuple[str, dict[str, Any]]:
    """El HTML del documento y las tablas que contiene."""
    ayuntamiento = reporte.ayuntamiento
    hoy = hoy or hoy_local(ayuntamiento)
    periodo = periodo_de(reporte.tipo, reporte.anio, reporte.periodo)
    informe = TIPOS[reporte.tipo](ayuntamiento, periodo)
    configuracion = configuracion_de(ayuntamiento, reporte.tipo)
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
            # Sin oficio, el borrador: la portada dice que el número se asigna al emitir.
            "oficio": reporte.oficio,
            "asunto": asunto_de(reporte),
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
    if reporte.oficio_id is not None:
        reporte.emitido = timezone.now()  # generado con su número: ya no cambia
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
            "emitido",
        ]
    )
