import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organizacion.servicios import oficio_emitir


def url(ayuntamiento):
    return reverse("organizacion:ayuntamiento_editar", kwargs={"ayuntamiento": ayuntamiento.slug})


def _datos(**cambios):
    datos = {
        "leyenda_oficial": "2025, Año de la Mujer Indígena",
        "hora_cierre": "14:30",
        "zona_horaria": "America/Mexico_City",
        "formato_oficio": "{serie}-{numero:03d}/{anio}",
        "serie_oficio": "ut",
    }
    datos.update(cambios)
    return datos


def _png():
    contenido = io.BytesIO()
    Image.new("RGB", (20, 20), "purple").save(contenido, "PNG")
    return SimpleUploadedFile("logo.png", contenido.getvalue(), content_type="image/png")


def test_titular_cambia_leyenda_horario_formato_y_logo(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(url(ayuntamiento), {**_datos(), "logo": _png()})
    assert respuesta.status_code == 302
    ayuntamiento.refresh_from_db()
    assert ayuntamiento.leyenda_oficial == "2025, Año de la Mujer Indígena"
    assert ayuntamiento.hora_cierre.strftime("%H:%M") == "14:30"
    assert ayuntamiento.logo.name.startswith("logos/")
    # La numeración nueva ya usa el formato y la serie guardados.
    oficio = oficio_emitir(
        ayuntamiento=ayuntamiento, fecha=date(2025, 2, 3), asunto="x", destinatario="y"
    )
    assert oficio.folio == "UT-001/2025"


@pytest.mark.parametrize(
    "campo, valor, mensaje",
    [
        ("formato_oficio", "{serie}/{anio}", "debe incluir {numero}"),
        ("hora_cierre", "25:99", "Introduzca una hora válida"),
        ("zona_horaria", "Europe/Madrid", "Seleccione una opción válida"),
        ("serie_oficio", "U T/<x>", "La serie sólo puede tener letras"),
    ],
)
def test_datos_invalidos_no_guardan_nada(campo, valor, mensaje, ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).post(url(ayuntamiento), _datos(**{campo: valor}))
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    ayuntamiento.refresh_from_db()
    assert ayuntamiento.leyenda_oficial == ""


def test_logo_que_no_es_imagen(ayuntamiento, titular, cliente_de):
    falso = SimpleUploadedFile("logo.png", b"MZ no soy imagen", content_type="image/png")
    respuesta = cliente_de(titular).post(url(ayuntamiento), {**_datos(), "logo": falso})
    assert "imagen" in respuesta.content.decode()
    ayuntamiento.refresh_from_db()
    assert not ayuntamiento.logo


@pytest.mark.parametrize("rol", ["personal", "consulta", "enlace", "usuario_garante"])
def test_solo_la_titular(rol, request, ayuntamiento, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    assert cliente.get(url(ayuntamiento)).status_code == 403
    assert cliente.post(url(ayuntamiento), _datos()).status_code == 403
    ayuntamiento.refresh_from_db()
    assert ayuntamiento.leyenda_oficial == ""


def test_no_acepta_otros_metodos(ayuntamiento, titular, cliente_de):
    assert cliente_de(titular).delete(url(ayuntamiento)).status_code == 405
