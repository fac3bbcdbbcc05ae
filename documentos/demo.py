"""Datos de demostración de documentos (Oaxaca de Juárez): los acuses de las tres
solicitudes más recientes que llegaron por correo, emitidos y notificados (en la demo los
correos quedan en var/correo/); el de la más reciente de la PNT, emitido y por registrar su
carga en la Plataforma; el oficio de turno de cada una de sus áreas; un borrador de
respuesta; y dos párrafos de respuesta. Idempotente: lo que ya existe no se toca."""

from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento, hoy_local
from solicitudes.models import MedioRecepcion, Solicitud

from .models import Documento, ParrafoRespuesta
from .servicios import documento_emitir, documento_preparar, turno_documentar
from .textos import ClaveDocumento

PARRAFOS = [
    (
        ClaveDocumento.RESPUESTA_PUBLICA,
        "Nómina",
        "La nómina del personal del ayuntamiento se publica cada trimestre en la Plataforma "
        "Nacional de Transparencia, obligación de transparencia de la fracción VIII; puede "
        "consultarla en https://www.plataformadetransparencia.org.mx/ eligiendo «{ayuntamiento}».",
    ),
    (
        ClaveDocumento.RESPUESTA_ENTREGA,
        "Versión pública",
        "Los documentos se entregan en versión pública: se testaron los datos personales de "
        "terceros, con la aprobación del Comité de Transparencia.",
    ),
]


def cargar(salida) -> None:
    with scopes_disabled():
        ayuntamiento = Ayuntamiento.objects.filter(slug="oaxaca-de-juarez").first()
    if ayuntamiento is None:
        return
    hoy = hoy_local(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        for clave, tema, texto in PARRAFOS:
            ParrafoRespuesta.objects.get_or_create(
                ayuntamiento=ayuntamiento, clave=clave, tema=tema, defaults={"texto": texto}
            )
        if Documento.objects.exists():
            return
        recientes = (
            Solicitud.objects.filter(medio=MedioRecepcion.CORREO)
            .exclude(correo_solicitante="")
            .order_by("-recibida")[:3]
        )
        for solicitud in recientes:
            acuse = documento_preparar(clave=ClaveDocumento.ACUSE, fecha=hoy, solicitud=solicitud)
            documento_emitir(documento_id=acuse.pk, usuario=None, fecha=hoy)
            for turno in solicitud.turnos.select_related("unidad_administrativa"):
                if not Documento.objects.filter(turno=turno).exists():
                    turno_documentar(turno=turno, usuario=None, fecha=turno.fecha)
            salida.write(f"  Acuse de la solicitud {solicitud.folio}: emitido y notificado.\n")
        de_la_pnt = Solicitud.objects.filter(medio=MedioRecepcion.PNT).order_by("-recibida").first()
        if de_la_pnt:
            acuse = documento_preparar(clave=ClaveDocumento.ACUSE, fecha=hoy, solicitud=de_la_pnt)
            documento_emitir(documento_id=acuse.pk, usuario=None, fecha=hoy)
            salida.write(
                f"  Acuse de la solicitud {de_la_pnt.folio} (PNT): emitido, por subir a la PNT.\n"
            )
        if recientes:
            documento_preparar(
                clave=ClaveDocumento.RESPUESTA_ENTREGA, fecha=hoy, solicitud=recientes[0]
            )
            salida.write("  Un borrador de respuesta, para revisar y emitir.\n")
