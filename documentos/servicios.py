"""Preparar, corregir y emitir los documentos de un expediente.

Un borrador no tiene número: se prepara con la plantilla del ayuntamiento y los datos del
caso, se corrige y se previsualiza cuantas veces haga falta. Sólo `documento_emitir` toma
el número del registro de oficios, y lo hace una vez: el PDF queda congelado con su huella
y guardado con su oficio. Si algo falla al emitir, la transacción entera se deshace (el
número no se consume) y el archivo a medias se borra; emitir otra vez lo ya emitido
devuelve lo mismo."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organizacion.models import Ayuntamiento, Oficio, TipoOficio, Usuario
from organizacion.servicios import oficio_emitir
from reportes.generacion import configuracion_de
from solicitudes.models import Denuncia, RecursoRevision, Solicitud, Turno

from . import variables
from .generacion import pdf_del_documento
from .models import Documento, EstadoDocumento, PlantillaDocumento
from .notificaciones import notificaciones_preparar
from .textos import CAMPOS_DE_TEXTO, POR_OMISION, ClaveDocumento, Procedimiento, sustituir

TIPO_DE_OFICIO: dict[str, str] = {
    ClaveDocumento.ACUSE: TipoOficio.NOTIFICACION,
    ClaveDocumento.TURNO: TipoOficio.TURNO,
    ClaveDocumento.PREVENCION: TipoOficio.REQUERIMIENTO,
    ClaveDocumento.AMPLIACION: TipoOficio.NOTIFICACION,
    ClaveDocumento.RECURSO_INFORME: TipoOficio.INFORME,
    ClaveDocumento.RECURSO_CUMPLIMIENTO: TipoOficio.INFORME,
    ClaveDocumento.DENUNCIA_INFORME: TipoOficio.INFORME,
}


def claves_de(procedimiento: str) -> list[str]:
    """Los documentos que se preparan desde un expediente de ese procedimiento."""
    return [c for c, texto in POR_OMISION.items() if texto.procedimiento == procedimiento]


def plantillas_asegurar(ayuntamiento: Ayuntamiento) -> None:
    """Una fila por documento (vacía: usa el texto por omisión)."""
    existentes = set(
        PlantillaDocumento.objects.filter(ayuntamiento=ayuntamiento).values_list("clave", flat=True)
    )
    PlantillaDocumento.objects.bulk_create(
        PlantillaDocumento(ayuntamiento=ayuntamiento, clave=clave)
        for clave in ClaveDocumento.values
        if clave not in existentes
    )


def plantilla_de(ayuntamiento: Ayuntamiento, clave: str) -> PlantillaDocumento:
    plantilla, _ = PlantillaDocumento.objects.get_or_create(ayuntamiento=ayuntamiento, clave=clave)
    return plantilla


def valores_de(documento: Documento) -> dict[str, str]:
    if documento.turno is not None:
        return variables.de_turno(documento.turno, documento.fecha)
    if documento.solicitud is not None:
        return variables.de_solicitud(documento.solicitud, documento.fecha)
    if documento.recurso is not None:
        return variables.de_recurso(documento.recurso, documento.fecha)
    if documento.denuncia is not None:
        return variables.de_denuncia(documento.denuncia, documento.fecha)
    raise ValueError("El documento no tiene expediente.")


def documento_preparar(
    *,
    clave: str,
    fecha: date,
    solicitud: Solicitud | None = None,
    turno: Turno | None = None,
    recurso: RecursoRevision | None = None,
    denuncia: Denuncia | None = None,
    usuario: Usuario | None = None,
) -> Documento:
    """Un borrador nuevo con el texto de la plantilla y los datos de hoy del expediente."""
    procedimiento = POR_OMISION[clave].procedimiento
    expediente: Solicitud | Turno | RecursoRevision | Denuncia | None = {
        Procedimiento.SOLICITUD: solicitud,
        Procedimiento.TURNO: turno,
        Procedimiento.RECURSO: recurso,
        Procedimiento.DENUNCIA: denuncia,
    }[Procedimiento(procedimiento)]
    if expediente is None:
        raise ValidationError(f"Ese documento se prepara desde un expediente de {procedimiento}.")
    ayuntamiento = expediente.ayuntamiento
    documento = Documento(
        ayuntamiento=ayuntamiento,
        clave=clave,
        fecha=fecha,
        solicitud=turno.solicitud if turno else solicitud,
        turno=turno,
        recurso=recurso,
        denuncia=denuncia,
        creado_por=usuario,
    )
    plantilla = plantilla_de(ayuntamiento, clave)
    valores = valores_de(documento)
    for campo in CAMPOS_DE_TEXTO:
        setattr(documento, campo, sustituir(plantilla.texto(campo), valores))
    configuracion = configuracion_de(ayuntamiento)
    documento.firmante = plantilla.firmante or configuracion.elaboro_nombre
    documento.cargo_firmante = plantilla.cargo_firmante or configuracion.elaboro_cargo
    documento.save()
    return documento


def documento_corregir(documento: Documento, **campos: str) -> Documento:
    """Cambia el texto de un borrador para este caso. Lo emitido no cambia."""
    if documento.estado == EstadoDocumento.EMITIDO:
        raise ValidationError("Ese documento ya se emitió: su texto y su PDF no cambian.")
    for campo, valor in campos.items():
        setattr(documento, campo, valor)
    documento.save()
    return documento


def documento_emitir(*, documento_id: int, usuario: Usuario | None, fecha: date) -> Documento:
    """Emite el borrador: el número del registro de oficios (el del turno, si el turno ya
    lo tomó al turnarse), el PDF con ese número y su huella. Emitir lo ya emitido no toma
    otro número."""
    with transaction.atomic():
        documento = (
            Documento.objects.select_for_update(of=("self",))
            .select_related("ayuntamiento", "turno")
            .get(pk=documento_id)
        )
        if documento.estado == EstadoDocumento.EMITIDO:
            return documento
        documento.fecha = fecha
        oficio = _oficio_para(documento, usuario)
        contenido = pdf_del_documento(documento, numero=oficio.folio)
        documento.archivo.save(
            f"{oficio.folio.replace('/', '-')}.pdf", ContentFile(contenido), save=False
        )
        try:
            documento.sha256 = hashlib.sha256(contenido).hexdigest()
            documento.oficio = oficio
            documento.estado = EstadoDocumento.EMITIDO
            documento.emitido = timezone.now()
            documento.save()
            # El registro de oficios descarga el mismo archivo.
            Oficio.objects.filter(pk=oficio.pk).update(archivo=documento.archivo.name)
            # A quien va dirigido, por correo, al confirmarse (documentos/notificaciones.py).
            notificaciones_preparar(documento)
        except BaseException:
            documento.archivo.delete(save=False)
            raise
    return documento


def turno_documentar(*, turno: Turno, usuario: Usuario | None, fecha: date) -> Documento:
    """El oficio de turno de un turno nuevo, emitido con el número que tomó el turno: lo
    reciben por correo los enlaces del área, con la liga para responder."""
    documento = documento_preparar(
        clave=ClaveDocumento.TURNO, fecha=fecha, turno=turno, usuario=usuario
    )
    return documento_emitir(documento_id=documento.pk, usuario=usuario, fecha=fecha)


def _oficio_para(documento: Documento, usuario: Usuario | None) -> Oficio:
    turno = documento.turno
    if (
        turno is not None
        and turno.oficio_id
        and not Documento.objects.filter(oficio_id=turno.oficio_id).exists()
    ):
        return turno.oficio
    return oficio_emitir(
        ayuntamiento=documento.ayuntamiento,
        fecha=documento.fecha,
        tipo=TIPO_DE_OFICIO.get(documento.clave, TipoOficio.RESPUESTA),
        asunto=documento.asunto[:300],
        destinatario=documento.destinatario[:200],
        cargo_destinatario=documento.cargo_destinatario[:200],
        emitido_por=usuario,
    )
