"""La matriz del garante: sólo sus ayuntamientos, sólo para sus usuarios, de sólo lectura."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from autoevaluacion.models import Estado
from organizacion.models import Ayuntamiento

from .objetos import adhesion_de_prueba, declarar

pytestmark = pytest.mark.usefixtures("congelado")


def _url(garante, nombre="matriz"):
    return reverse(f"autoevaluacion_garante:{nombre}", kwargs={"garante": garante.pk})


@pytest.fixture
def municipios(garante, adhesion, adhesion_ajena):
    """Oaxaca de Juárez (con convenio, dos herramientas) y Santa Lucía (sin convenio), del
    garante; Puebla, de otro garante, con todo lo que pueda filtrarse."""
    declarar(adhesion, "convenio-colaboracion")
    declarar(adhesion, "perfiles-cargo")
    for clave in ("convenio-colaboracion", "politica-transparencia", "perfiles-cargo"):
        declarar(adhesion_ajena, clave)
    sin_convenio = Ayuntamiento.objects.create(
        nombre="Santa Lucía del Camino", slug="santa-lucia", estado="OAX", garante=garante
    )
    return adhesion.ayuntamiento, sin_convenio


def test_matriz_muestra_sus_ayuntamientos_y_nunca_los_ajenos(
    municipios, garante, usuario_garante, cliente_de
):
    respuesta = cliente_de(usuario_garante).get(_url(garante))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Oaxaca de Juárez" in html and "Santa Lucía del Camino" in html
    assert "Puebla" not in html
    filas = respuesta.context["matriz"].filas
    assert [f.ayuntamiento.nombre for f in filas] == ["Oaxaca de Juárez", "Santa Lucía del Camino"]
    assert filas[0].avance.implementadas == 2 and filas[1].avance is None
    assert "Sin convenio registrado" in html
    pendientes = {p.nombre: p.avance for p in respuesta.context["pendientes"]}
    # Puebla implementó la política; si se colara, aquí contaría 1.
    assert (
        pendientes["Política de Transparencia y Acceso a la Información Pública"].implementadas == 0
    )


def test_filtrar_por_dimension_y_ordenar_por_avance(
    municipios, garante, usuario_garante, cliente_de
):
    avanzado = Ayuntamiento.objects.create(
        nombre="Zaachila", slug="zaachila", estado="OAX", garante=garante
    )
    adhesion = adhesion_de_prueba(avanzado)
    for clave in ("perfiles-cargo", "diagnostico-infraestructura", "convenio-colaboracion"):
        declarar(adhesion, clave)
    cliente = cliente_de(usuario_garante)
    respuesta = cliente.get(_url(garante), {"dimension": "recursos", "orden": "-avance"})
    matriz = respuesta.context["matriz"]
    assert [h.nombre_corto for h in matriz.herramientas] == [
        "Perfiles de cargo",
        "Capacitación a funcionarios",
        "Capacitación a ciudadanía",
        "Diagnóstico de infraestructura",
    ]
    assert [f.ayuntamiento.nombre for f in matriz.filas] == [
        "Zaachila",
        "Oaxaca de Juárez",
        "Santa Lucía del Camino",
    ]
    assert matriz.filas[0].avance.porcentaje == 50.0
    menor = cliente.get(_url(garante), {"orden": "avance"}).context["matriz"]
    assert menor.filas[0].ayuntamiento.nombre == "Oaxaca de Juárez"
    # Un filtro que no existe no rompe la página: se ignora.
    assert cliente.get(_url(garante), {"dimension": "nada"}).status_code == 200


@pytest.mark.parametrize("nombre", ["matriz", "exportar"])
def test_otros_usuarios_reciben_404(
    nombre, municipios, garante, otro_garante, usuario_otro_garante, titular, cliente_de
):
    assert cliente_de(usuario_otro_garante).get(_url(garante, nombre)).status_code == 404
    # La titular de un ayuntamiento del garante tampoco es el garante.
    assert cliente_de(titular).get(_url(garante, nombre)).status_code == 404
    url_inexistente = reverse(f"autoevaluacion_garante:{nombre}", kwargs={"garante": 987654})
    assert cliente_de(usuario_otro_garante).get(url_inexistente).status_code == 404


def test_el_otro_garante_ve_solo_lo_suyo(
    municipios, otro_garante, usuario_otro_garante, cliente_de
):
    respuesta = cliente_de(usuario_otro_garante).get(_url(otro_garante))
    assert [f.ayuntamiento.nombre for f in respuesta.context["matriz"].filas] == ["Puebla"]
    assert "Oaxaca" not in respuesta.content.decode()


@pytest.mark.parametrize("nombre", ["matriz", "exportar"])
def test_anonimo_va_a_la_entrada_y_post_es_405(
    nombre, garante, usuario_garante, client, cliente_de
):
    respuesta = client.get(_url(garante, nombre))
    assert respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login"))
    assert cliente_de(usuario_garante).post(_url(garante, nombre)).status_code == 405


def test_la_matriz_hace_las_mismas_consultas_con_3_que_con_30(garante, usuario_garante, cliente_de):
    cliente = cliente_de(usuario_garante)

    def crear(desde, hasta):
        for numero in range(desde, hasta):
            ayuntamiento = Ayuntamiento.objects.create(
                nombre=f"Municipio {numero:02d}", slug=f"m-{numero}", estado="OAX", garante=garante
            )
            declarar(adhesion_de_prueba(ayuntamiento), "convenio-colaboracion")

    crear(0, 3)
    cliente.get(_url(garante))  # la primera petición calienta la sesión
    with CaptureQueriesContext(connection) as pocos:
        assert len(cliente.get(_url(garante)).context["matriz"].filas) == 3
    crear(3, 30)
    with CaptureQueriesContext(connection) as muchos:
        assert len(cliente.get(_url(garante)).context["matriz"].filas) == 30
    assert len(pocos) == len(muchos)


def test_exportar_la_matriz_xlsx_y_csv(municipios, garante, usuario_garante, cliente_de):
    cliente = cliente_de(usuario_garante)
    respuesta = cliente.get(_url(garante, "exportar"), {"formato": "xlsx"})
    filas = list(
        openpyxl.load_workbook(io.BytesIO(respuesta.content)).active.iter_rows(values_only=True)
    )
    assert filas[0][:6] == (
        "Ayuntamiento",
        "Firma del convenio",
        "Avance (%)",
        "Implementadas",
        "Aplicables",
        "Atrasadas",
    )
    assert len(filas[0]) == 6 + 18
    assert filas[1][:5] == ("Oaxaca de Juárez", "16 de noviembre de 2022", 11.1, 2, 18)
    assert filas[1][6] == "Implementada" and filas[1][7] == "Pendiente"
    assert filas[2][:2] == ("Santa Lucía del Camino", "Sin adhesión")
    assert all("Puebla" not in (fila[0] or "") for fila in filas)
    texto = cliente.get(_url(garante, "exportar"), {"formato": "csv", "dimension": "procesos"})
    lector = list(csv.reader(io.StringIO(texto.content.decode("utf-8-sig"))))
    assert lector[0][6:] == ["Formalización de procesos", "Automatización de procesos"]
    assert cliente.get(_url(garante, "exportar"), {"formato": "doc"}).status_code == 404


def test_el_garante_lee_el_detalle_y_no_escribe(municipios, garante, usuario_garante, cliente_de):
    oaxaca, _ = municipios
    cliente = cliente_de(usuario_garante)
    tablero = reverse("autoevaluacion:tablero", kwargs={"ayuntamiento": oaxaca.slug})
    html = cliente.get(tablero).content.decode()
    assert _url(garante) in html  # vuelve a la matriz
    herramienta = reverse(
        "autoevaluacion:herramienta",
        kwargs={"ayuntamiento": oaxaca.slug, "clave": "perfiles-cargo"},
    )
    assert cliente.post(herramienta, {"estado": Estado.PENDIENTE}).status_code == 403
