"""Lo que un PDF puede leer del servidor: sólo static/ del proyecto, el logo de su
ayuntamiento e imágenes data: pequeñas. Ningún texto capturado llega a CSS, y un valor
hostil en cualquier campo que se imprime sale como texto, sin abrir nada."""

import base64
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django_scopes import scope
from weasyprint import URLFetcher

from organizacion.models import Oficio, UnidadAdministrativa
from reportes.constancias import constancia_pdf
from reportes.generacion import configuracion_de, generar, oficio_de_remision
from reportes.models import Reporte
from reportes.pdf import MAXIMO_DATA, LectorDeRecursos, pdf_de_html
from tests.reportes.pdf import texto_del_pdf

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
ESTATICO = sorted((Path(settings.BASE_DIR) / "static").rglob("*.css"))[0]

# Lo que intentaría quien escribe en un campo que se imprime: cerrar el estilo, cargar un
# archivo local, leer /dev/zero, salir a la red.
HOSTIL = (
    '</style><link rel="stylesheet" href="file:///etc/passwd">'
    '<img src="file:///etc/hostname"><img src="file:///dev/zero">'
    '"; } body { background: url(file:///etc/passwd) } @import "http://192.0.2.1/x.css"; .x {'
)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/zero",
        "file://localhost/etc/hostname",
        f"file://{settings.BASE_DIR}/manage.py",
        f"file://{settings.BASE_DIR}/static/../manage.py",
        f"file://{settings.BASE_DIR}/static/no-existe.css",
        "http://192.0.2.1/logo.png",
        "https://192.0.2.1/x.css",
        "ftp://192.0.2.1/x",
        "data:text/css,body{background:red}",
        "data:text/html;base64,PHA+aG9sYTwvcD4=",
        "data:image/png;base64," + "A" * MAXIMO_DATA,
    ],
)
def test_se_niega(url):
    assert not LectorDeRecursos().permitido(url)


def test_se_entregan_static_el_logo_declarado_y_graficas(tmp_path):
    logo = tmp_path / "logo con espacio.png"
    logo.write_bytes(PNG)
    lector = LectorDeRecursos([logo])
    assert lector.permitido(ESTATICO.as_uri())
    assert lector.permitido(logo.as_uri())
    assert lector.permitido("data:image/svg+xml;base64," + "A" * 1000)
    # Un logo que no se declaró (el de otro ayuntamiento) no.
    otro = tmp_path / "otro.png"
    otro.write_bytes(PNG)
    assert not lector.permitido(otro.as_uri())


@pytest.fixture
def pedidos(monkeypatch):
    """Cada URL que llegó de verdad al lector de WeasyPrint (ya aprobada)."""
    entregados: list[str] = []
    original = URLFetcher.fetch

    def registrar(self, url, headers=None):
        entregados.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", registrar)
    return entregados


def test_un_html_hostil_no_lee_nada(pedidos, caplog):
    contenido = pdf_de_html(f"<p>Hola</p>{HOSTIL}")
    assert "Hola" in texto_del_pdf(contenido)
    assert pedidos == []
    negados = [r.getMessage() for r in caplog.records if "se negó el recurso" in r.getMessage()]
    # Fuera de <style> el resto es texto: lo que se intentó abrir fue esto, y se negó.
    assert set(negados) == {
        f"PDF: se negó el recurso {u}"
        for u in ("file:///etc/passwd", "file:///etc/hostname", "file:///dev/zero")
    }


@pytest.mark.django_db
def test_valores_hostiles_en_cada_campo_que_llega_al_pdf(ayuntamiento, pedidos, tmp_path):
    """El informe con un logo real y un valor hostil en cada texto impreso: nombre,
    leyenda, configuración de firmas, lugar y lemas, áreas y el folio del oficio (como si
    viniera de datos anteriores a la validación del formato)."""
    ayuntamiento.nombre = f"Oaxaca {HOSTIL}"[:200]
    ayuntamiento.leyenda_oficial = HOSTIL[:300]
    ayuntamiento.logo.save("logo.png", ContentFile(PNG))
    with scope(ayuntamiento=ayuntamiento):
        configuracion = configuracion_de(ayuntamiento)
        for campo in (
            "lugar",
            "area",
            "destinatario",
            "cargo_destinatario",
            "elaboro_nombre",
            "elaboro_cargo",
            "vobo_nombre",
            "vobo_cargo",
        ):
            setattr(configuracion, campo, HOSTIL[:200])
        configuracion.lemas = HOSTIL
        configuracion.save()
        UnidadAdministrativa.objects.create(ayuntamiento=ayuntamiento, nombre=HOSTIL[:200])
        reporte = Reporte.objects.create(
            ayuntamiento=ayuntamiento, tipo="trimestral", anio=2024, periodo=2
        )
        oficio_de_remision(reporte, hoy=date(2024, 7, 10), usuario=None)
        contenido = generar(reporte, hoy=date(2024, 7, 10))
        # Un salto de línea termina una cadena de CSS: así se escapaba del pie antes.
        assert reporte.oficio_id is not None
        Oficio.objects.filter(pk=reporte.oficio_id).update(folio=f"UT/1\n{HOSTIL}"[:80])
        reporte.refresh_from_db()
        contenido_folio = generar(reporte, hoy=date(2024, 7, 10))
    texto = texto_del_pdf(contenido) + texto_del_pdf(contenido_folio)
    # El valor hostil se imprime como texto…
    assert "url(file:///etc/passwd)" in texto.replace("\n", "")
    # …y nada salió del logo ni de las gráficas (data:).
    logo = Path(ayuntamiento.logo.path).as_uri()
    assert pedidos and set(pedidos) <= {logo} | {u for u in pedidos if u.startswith("data:image/")}
    assert logo in pedidos
    assert "root:" not in texto


@pytest.mark.django_db
def test_la_constancia_tampoco_lee_nada(ayuntamiento, pedidos, rf):
    from tests.capacitacion.objetos import participante_de_prueba

    ayuntamiento.leyenda_oficial = HOSTIL[:300]
    ayuntamiento.save()
    with scope(ayuntamiento=ayuntamiento):
        from capacitacion.models import Participante

        participante = Participante.objects.select_related("capacitacion").get(
            pk=participante_de_prueba(ayuntamiento)
        )
        participante.nombre = HOSTIL[:200]
        request = rf.get("/")
        request.ayuntamiento = ayuntamiento
        texto = texto_del_pdf(constancia_pdf(request, participante))
    assert "@import" in texto.replace("\n", "")
    assert pedidos == []
