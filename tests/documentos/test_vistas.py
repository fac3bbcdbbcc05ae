"""El recorrido en el portal: preparar un borrador desde la solicitud, corregirlo, verlo,
emitirlo y descargarlo (también desde el registro de oficios); las plantillas del
ayuntamiento con su vista previa. Sólo la Unidad ve los documentos."""

from django.urls import reverse
from django_scopes import scope, scopes_disabled

from documentos.models import Documento, EstadoDocumento, ParrafoRespuesta, PlantillaDocumento
from documentos.textos import ClaveDocumento, Procedimiento
from solicitudes.models import Solicitud
from tests.reportes.pdf import texto_del_pdf


def _url(ayuntamiento, nombre, **kwargs):
    return reverse(nombre, kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


def _pdf(respuesta) -> str:
    assert respuesta["Content-Type"] == "application/pdf"
    return " ".join(texto_del_pdf(b"".join(respuesta.streaming_content)).split())


def _documentos():
    with scopes_disabled():
        return list(Documento.objects.order_by("pk"))


def test_de_la_solicitud_al_documento_emitido(ayuntamiento, caso, titular, cliente_de):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    cliente = cliente_de(titular)
    pagina = cliente.get(
        _url(ayuntamiento, "solicitudes:detalle", pk=solicitud.pk)
    ).content.decode()
    assert 'id="titulo-documentos"' in pagina and "Preparar borrador" in pagina

    respuesta = cliente.post(
        _url(ayuntamiento, "documentos:preparar"),
        {"clave": ClaveDocumento.ACUSE, "solicitud": solicitud.pk},
        follow=True,
    )
    (documento,) = _documentos()
    assert respuesta.redirect_chain[-1][0] == _url(
        ayuntamiento, "documentos:documento", pk=documento.pk
    )
    assert "Se preparó el borrador: Acuse de recibo" in respuesta.content.decode()

    borrador = _pdf(cliente.get(_url(ayuntamiento, "documentos:vista_previa", pk=documento.pk)))
    assert "BORRADOR" in borrador and "201181924000101" in borrador
    assert "(se asigna al emitir)" in borrador

    datos = {
        "asunto": documento.asunto,
        "destinatario": documento.destinatario,
        "cargo_destinatario": documento.cargo_destinatario,
        "cuerpo": documento.cuerpo
        + "\n\nSe anexa la guía para consultar el estado de su solicitud.",
        "firmante": "Keyla Matus Meléndez",
        "cargo_firmante": "Titular de la Unidad de Transparencia",
    }
    assert (
        cliente.post(_url(ayuntamiento, "documentos:documento", pk=documento.pk), datos).status_code
        == 302
    )
    assert cliente.get(_url(ayuntamiento, "documentos:pdf", pk=documento.pk)).status_code == 404

    respuesta = cliente.post(_url(ayuntamiento, "documentos:emitir", pk=documento.pk), follow=True)
    (documento,) = _documentos()
    assert documento.estado == EstadoDocumento.EMITIDO and documento.oficio
    assert f"Se emitió con el número {documento.oficio.folio}" in respuesta.content.decode()

    emitido = _pdf(cliente.get(_url(ayuntamiento, "documentos:pdf", pk=documento.pk)))
    assert documento.oficio.folio in emitido and "BORRADOR" not in emitido
    assert "Se anexa la guía para consultar el estado de su solicitud." in emitido
    assert "KEYLA MATUS MELÉNDEZ" in emitido
    del_registro = cliente.get(
        _url(ayuntamiento, "organizacion:oficio_archivo", pk=documento.oficio.pk)
    )
    with documento.archivo.open("rb") as archivo:
        assert b"".join(del_registro.streaming_content) == archivo.read()

    # Emitido, ya no cambia.
    respuesta = cliente.post(
        _url(ayuntamiento, "documentos:documento", pk=documento.pk),
        {**datos, "cuerpo": "Otro"},
        follow=True,
    )
    assert "ya se emitió" in respuesta.content.decode()
    (despues,) = _documentos()
    assert despues.cuerpo == documento.cuerpo and despues.sha256 == documento.sha256


def test_un_borrador_con_errores_vuelve_con_su_mensaje(ayuntamiento, caso, titular, cliente_de):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    cliente = cliente_de(titular)
    cliente.post(
        _url(ayuntamiento, "documentos:preparar"), {"clave": "acuse", "solicitud": solicitud.pk}
    )
    (documento,) = _documentos()
    respuesta = cliente.post(
        _url(ayuntamiento, "documentos:documento", pk=documento.pk), {"asunto": ""}
    )
    assert respuesta.status_code == 400
    assert "Este campo es obligatorio" in respuesta.content.decode()
    (igual,) = _documentos()
    assert igual.asunto == documento.asunto


def test_preparar_rechaza_lo_ajeno_y_lo_que_no_corresponde(
    ayuntamiento,
    ayuntamiento_ajeno,
    caso,
    titular,
    cliente_de,
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    cliente = cliente_de(titular)
    with scope(ayuntamiento=ayuntamiento_ajeno):
        ajena = Solicitud.objects.create(
            ayuntamiento=ayuntamiento_ajeno,
            folio="211180000000001",
            recibida=solicitud.recibida,
            descripcion="Ajena",
        )
    url = _url(ayuntamiento, "documentos:preparar")
    assert cliente.post(url, {"clave": "acuse", "solicitud": ajena.pk}).status_code == 404
    # El oficio de turno se prepara desde el turno, no desde la solicitud.
    respuesta = cliente.post(url, {"clave": "turno", "solicitud": solicitud.pk}, follow=True)
    assert "se prepara desde un expediente de turno" in respuesta.content.decode()
    grande = cliente.post(url, {"clave": "acuse", "solicitud": 2**70}, follow=True)
    assert "Falta el expediente del documento." in grande.content.decode()
    respuesta = cliente.post(url, {"clave": "<script>", "solicitud": solicitud.pk}, follow=True)
    assert "Elija un documento de la lista." in respuesta.content.decode()
    assert _documentos() == []


def test_solo_la_unidad_ve_los_documentos(
    ayuntamiento,
    caso,
    enlace,
    usuario_garante,
    consulta,
    cliente_de,
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    turno = caso[Procedimiento.TURNO]["turno"]
    detalle = _url(ayuntamiento, "solicitudes:detalle", pk=solicitud.pk)
    assert 'id="titulo-documentos"' not in cliente_de(usuario_garante).get(detalle).content.decode()
    del_turno = _url(ayuntamiento, "solicitudes:turno_detalle", pk=turno.pk)
    assert 'id="titulo-documentos"' not in cliente_de(enlace).get(del_turno).content.decode()
    # Consulta los ve, sin preparar.
    pagina = cliente_de(consulta).get(detalle).content.decode()
    assert 'id="titulo-documentos"' in pagina and "Preparar borrador" not in pagina


def test_la_plantilla_propia_se_valida_se_previsualiza_y_se_usa(
    ayuntamiento,
    caso,
    titular,
    cliente_de,
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    cliente = cliente_de(titular)
    with scopes_disabled():
        plantilla = PlantillaDocumento.objects.get(ayuntamiento=ayuntamiento, clave="acuse")
    url = _url(ayuntamiento, "documentos:plantilla", pk=plantilla.pk)
    pagina = cliente.get(url).content.decode()
    assert "{fecha_recepcion_efectiva}" in pagina  # la lista de variables

    malo = cliente.post(url, {"cuerpo": "Su folio es {folo}."})
    assert malo.status_code == 400
    assert "Estas variables no existen para este documento: {folo}" in malo.content.decode()

    propio = "Recibimos su solicitud {folio} el {fecha_recepcion}.\n\nLe responderemos a más tardar el {vence}."
    previa = _pdf(cliente.post(url, {"cuerpo": propio, "vista_previa": "1"}))
    assert "Recibimos su solicitud 201181924000101 el 1 de julio de 2024." in previa  # ejemplo
    plantilla.refresh_from_db()
    assert plantilla.cuerpo == ""  # la vista previa no guarda

    assert cliente.post(url, {"cuerpo": propio}).status_code == 302
    cliente.post(
        _url(ayuntamiento, "documentos:preparar"), {"clave": "acuse", "solicitud": solicitud.pk}
    )
    (documento,) = _documentos()
    assert documento.cuerpo.startswith(
        f"Recibimos su solicitud {solicitud.folio} el 1 de julio de 2024."
    )
    # El asunto, que no se cambió, sigue siendo el por omisión.
    assert documento.asunto == f"Acuse de recibo de la solicitud {solicitud.folio}"
    listado = cliente.get(_url(ayuntamiento, "documentos:plantillas")).content.decode()
    assert "Texto propio" in listado


def test_un_parrafo_de_respuesta_se_agrega_con_los_datos_del_caso(
    ayuntamiento, caso, titular, consulta, cliente_de
):
    solicitud = caso[Procedimiento.SOLICITUD]["solicitud"]
    cliente = cliente_de(titular)
    url = _url(ayuntamiento, "documentos:parrafos")
    malo = cliente.post(url, {"clave": "respuesta_publica", "tema": "Nómina", "texto": "{folo}"})
    assert malo.status_code == 400
    assert "no existen para este documento: {folo}" in malo.content.decode()
    datos = {
        "clave": "respuesta_publica",
        "tema": "Nómina",
        "texto": "La nómina que pidió en la solicitud {folio} está en la fracción VIII.",
    }
    assert cliente.post(url, datos).status_code == 302
    repetido = cliente.post(url, datos)
    assert repetido.status_code == 400
    assert "Ya hay un párrafo con ese tema para ese tipo de respuesta." in repetido.content.decode()
    assert cliente_de(consulta).post(url, {**datos, "tema": "Otro"}).status_code == 403

    cliente.post(
        _url(ayuntamiento, "documentos:preparar"),
        {"clave": "respuesta_publica", "solicitud": solicitud.pk},
    )
    (documento,) = _documentos()
    pagina = cliente.get(_url(ayuntamiento, "documentos:documento", pk=documento.pk))
    assert "Agregar un párrafo de respuesta" in pagina.content.decode()
    with scopes_disabled():
        parrafo = ParrafoRespuesta.objects.get()
    respuesta = cliente.post(
        _url(ayuntamiento, "documentos:agregar_parrafo", pk=documento.pk),
        {"parrafo": parrafo.pk},
        follow=True,
    )
    assert "Se agregó el párrafo «Nómina»" in respuesta.content.decode()
    (documento,) = _documentos()
    assert documento.cuerpo.endswith(
        "La nómina que pidió en la solicitud 201181924000101 está en la fracción VIII."
    )
    # Un párrafo de otro tipo de respuesta no se ofrece ni se acepta.
    cliente.post(
        _url(ayuntamiento, "documentos:preparar"), {"clave": "acuse", "solicitud": solicitud.pk}
    )
    acuse = _documentos()[-1]
    respuesta = cliente.post(
        _url(ayuntamiento, "documentos:agregar_parrafo", pk=acuse.pk),
        {"parrafo": parrafo.pk},
        follow=True,
    )
    assert "Elija un párrafo de la lista." in respuesta.content.decode()
