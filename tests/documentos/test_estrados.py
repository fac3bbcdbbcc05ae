"""Estrados: quien solicitó sin correo ni domicilio se notifica en la página pública del
ayuntamiento, sólo por folio, tipo y fecha, sin ningún dato personal."""

from django.urls import reverse
from django_scopes import scope, scopes_disabled

from documentos.models import Documento, PublicacionEstrados
from documentos.servicios import documento_emitir, documento_preparar
from documentos.textos import ClaveDocumento, Procedimiento
from solicitudes.models import MedioRecepcion, Solicitud
from tests.conftest import sin_fichas_csrf

from .test_documentos import HOY


def _emitir(ayuntamiento, solicitud, clave):
    with scope(ayuntamiento=ayuntamiento):
        documento = documento_preparar(clave=clave, fecha=HOY, solicitud=solicitud)
        return documento_emitir(documento_id=documento.pk, usuario=None, fecha=HOY)


def test_sin_correo_ni_domicilio_se_publica_en_estrados_sin_datos_personales(
    ayuntamiento, ayuntamiento_ajeno, caso, client
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    with scopes_disabled():
        Solicitud.objects.filter(pk=solicitud.pk).update(
            correo_solicitante="", domicilio_solicitante=""
        )
    solicitud.refresh_from_db()
    _emitir(ayuntamiento, solicitud, ClaveDocumento.PREVENCION)
    _emitir(ayuntamiento, solicitud, ClaveDocumento.PREVENCION)  # dos borradores, dos avisos
    # La publicación es la notificación: cada documento la anota con su hora.
    with scopes_disabled():
        anotados = set(Documento.objects.values_list("medio_notificacion", flat=True))
        assert anotados == {"estrados"}
        assert not Documento.objects.filter(notificado__isnull=True).exists()

    pagina = client.get(reverse("estrados:estrados", kwargs={"municipio": ayuntamiento.slug}))
    texto = pagina.content.decode()
    assert texto.count("201181924000101") == 2
    assert "Requerimiento de información adicional (prevención)" in texto
    assert "4 de julio de 2024" in texto
    for dato_personal in ("Rosa", "Pérez", "Nómina de junio"):
        assert dato_personal not in texto
    # Otro ayuntamiento no lo muestra; uno inexistente o inactivo, el mismo 404.
    ajeno = client.get(reverse("estrados:estrados", kwargs={"municipio": ayuntamiento_ajeno.slug}))
    assert "201181924000101" not in ajeno.content.decode()
    inexistente = client.get(reverse("estrados:estrados", kwargs={"municipio": "no-existe"}))
    ayuntamiento_ajeno.activo = False
    ayuntamiento_ajeno.save()
    inactivo = client.get(
        reverse("estrados:estrados", kwargs={"municipio": ayuntamiento_ajeno.slug})
    )
    assert inexistente.status_code == inactivo.status_code == 404
    assert sin_fichas_csrf(inexistente.content) == sin_fichas_csrf(inactivo.content)


def test_con_correo_domicilio_o_por_la_pnt_no_va_a_estrados(ayuntamiento, caso):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    for datos in (
        {"correo_solicitante": "rosa@example.mx", "domicilio_solicitante": ""},
        {"correo_solicitante": "", "domicilio_solicitante": "Calle 5 de Mayo 10"},
        {"correo_solicitante": "", "domicilio_solicitante": "", "medio": MedioRecepcion.PNT},
    ):
        with scopes_disabled():
            Solicitud.objects.filter(pk=solicitud.pk).update(**datos)
        solicitud.refresh_from_db()
        _emitir(ayuntamiento, solicitud, ClaveDocumento.RESPUESTA_ENTREGA)
    # El oficio de turno nunca va a estrados.
    with scope(ayuntamiento=ayuntamiento):
        turno = caso[Procedimiento.TURNO]["turno"]
        documento = documento_preparar(clave=ClaveDocumento.TURNO, fecha=HOY, turno=turno)
        documento_emitir(documento_id=documento.pk, usuario=None, fecha=HOY)
    with scopes_disabled():
        assert not PublicacionEstrados.objects.exists()
