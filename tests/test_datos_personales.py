"""La matriz de datos personales: los datos de quien solicita (nombre, correo, teléfono,
domicilio, el documento con que acreditó su identidad y el escrito que los lleva) sólo salen
para la titular, el personal y la consulta de su ayuntamiento (`permisos.ve_datos_personales`).

Cada ruta del proyecto (las de la matriz de permisos, leídas del resolvedor), con sus
exportaciones CSV y XLSX, se pide con cada visitante que puede abrirla. Los datos son marcas
únicas: en el texto de la respuesta (HTML, CSV, XLSX o PDF) aparecen sólo si la ruta está en
`MUESTRAN_SOLICITANTE` y quien pide los ve. Una ruta nueva queda cubierta sin tocar esta
prueba: si muestra los datos a quien no debe, falla; si los muestra a la Unidad, hay que
agregarla a `MUESTRAN_SOLICITANTE`, por escrito. Aparte se prueban la búsqueda, los PDF de
los reportes y los correos.
"""

import io
from datetime import date

import openpyxl
import pypdf
import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from reportes.envios import avisos_diarios_enviar
from reportes.generacion import generar
from reportes.models import Reporte
from solicitudes.models import Adjunto, Solicitud
from tests.organizacion.test_tenencia import objetos  # noqa: F401 (fixture)
from tests.test_permisos import (  # noqa: F401 (clientes y direcciones son fixtures)
    ACCESOS,
    ANONIMO,
    TODAS,
    UTIL,
    VISITANTES,
    clientes,
    direcciones,
    esperado,
)

DATOS = {
    "nombre_solicitante": "Rosalba Xóchitl Hernández Cruz",
    "correo_solicitante": "rosalba.hc@correo-ejemplo.mx",
    "telefono_solicitante": "951 555 0199",
    "domicilio_solicitante": "Calle de los Libres 1234, Barrio de Jalatlaco",
    "documento_identidad": "Credencial para votar HRCRRS85",
}
# El escrito de la solicitud, con el nombre dentro: sólo la Unidad lo descarga.
ESCRITO = b"%PDF-1.4 escrito de " + DATOS["nombre_solicitante"].encode()
VEN = frozenset({"titular", "personal", "consulta"})

# Las rutas que muestran a la Unidad los datos de quien solicita (con la variante de
# exportación, si la tiene).
MUESTRAN_SOLICITANTE = frozenset(
    {
        "solicitudes:detalle",  # los datos y la bitácora de sus cambios
        "solicitudes:editar",  # el formulario
        "solicitudes:lista?formato=csv",  # la columna «Solicitante»
        "solicitudes:lista?formato=xlsx",
        "solicitudes:adjunto",  # el escrito
    }
)
# Las que a quien no ve los datos no le dan otra versión sino nada: el archivo no existe
# para él (404).
NIEGAN_EL_ARCHIVO = frozenset({"solicitudes:adjunto"})


def _texto(respuesta) -> str:
    """El texto que una persona leería en la respuesta, sea página, hoja, CSV o PDF."""
    contenido = b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
    tipo = respuesta.get("Content-Type", "")
    if "spreadsheetml" in tipo:
        libro = openpyxl.load_workbook(io.BytesIO(contenido), read_only=True)
        return "\n".join(
            str(celda)
            for hoja in libro
            for fila in hoja.iter_rows(values_only=True)
            for celda in fila
        )
    if tipo == "application/pdf" and contenido.startswith(b"%PDF") and b"%%EOF" in contenido:
        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(contenido)).pages)
    return contenido.decode(errors="replace")


def _marcas(texto: str) -> list[str]:
    return [campo for campo, valor in DATOS.items() if valor in texto]


@pytest.fixture
def con_datos(objetos, direcciones):  # noqa: F811
    """Los objetos de la matriz de permisos con quien solicita identificado: sus datos entran
    por una edición (así también quedan en la bitácora) y el escrito los lleva dentro."""
    with scopes_disabled():
        solicitud = Solicitud.objects.get(pk=objetos["solicitudes:solicitudes"])
        for campo, valor in DATOS.items():
            setattr(solicitud, campo, valor)
        solicitud.tipo, solicitud.derecho_arco, solicitud.identidad_acreditada = (
            "arco",
            "acceso",
            True,
        )
        solicitud.save()
        escrito = Adjunto.objects.get(pk=objetos["solicitudes:adjuntos"])
        with escrito.archivo.open("wb") as archivo:
            archivo.write(ESCRITO)
        # La matriz de permisos lo desmarca para probar el acceso; aquí vuelve a lo que
        # el registro le pone.
        escrito.datos_personales = True
        escrito.save()
    return direcciones


def _variantes(nombre: str, url: str, cliente) -> list[tuple[str, str]]:
    """La ruta y, si exporta (lo dice la respuesta a la titular), sus exportaciones."""
    variantes = [(nombre, url)]
    separador = "&" if "?" in url else "?"
    for formato, tipo in (("csv", "text/csv"), ("xlsx", "spreadsheetml")):
        respuesta = cliente.get(f"{url}{separador}formato={formato}")
        if respuesta.status_code == 200 and tipo in respuesta.get("Content-Type", ""):
            variantes.append((f"{nombre}?formato={formato}", f"{url}{separador}formato={formato}"))
    return variantes


@pytest.mark.parametrize("nombre", TODAS)
def test_matriz_de_datos_personales(nombre, con_datos, clientes):  # noqa: F811
    url = con_datos(nombre)
    errores = []
    for variante, direccion in _variantes(nombre, url, clientes["titular"]):
        for visitante in VISITANTES:
            # Quien no puede abrir la ruta recibe 403/404 o va a la entrada (la matriz de
            # permisos lo prueba); aquí importa lo que ve quien sí entra.
            if visitante == ANONIMO or esperado(ACCESOS[nombre], "GET", visitante) != UTIL["GET"]:
                continue
            respuesta = clientes[visitante].get(direccion, follow=True)
            if variante in NIEGAN_EL_ARCHIVO and visitante not in VEN:
                if respuesta.status_code != 404:
                    errores.append(f"{variante} entrega a {visitante} el escrito")
                continue
            if respuesta.status_code != 200:
                errores.append(f"{variante} {visitante}: {respuesta.status_code}")
                continue
            vistas = _marcas(_texto(respuesta))
            debe_verlas = variante in MUESTRAN_SOLICITANTE and visitante in VEN
            if vistas and not debe_verlas:
                errores.append(f"{variante} muestra a {visitante} los datos {vistas}")
            if debe_verlas and not vistas:
                errores.append(
                    f"{variante} ya no muestra a {visitante} los datos de quien solicita"
                )
            if debe_verlas and variante == "solicitudes:detalle" and len(vistas) < len(DATOS):
                errores.append(f"{variante}: a {visitante} le faltan {set(DATOS) - set(vistas)}")
    assert not errores, "\n".join(errores)


def test_las_rutas_que_muestran_datos_existen():
    nombres = {variante.split("?")[0] for variante in MUESTRAN_SOLICITANTE}
    assert nombres <= set(TODAS)


@pytest.mark.parametrize(
    "visitante,encuentra",
    [
        ("titular", True),
        ("personal", True),
        ("consulta", True),
        ("usuario_garante", False),
    ],
)
def test_solo_quien_ve_los_datos_busca_por_ellos(visitante, encuentra, con_datos, clientes):  # noqa: F811
    lista = con_datos("solicitudes:lista")
    folio = "201181924000101"
    for valor in (
        DATOS["nombre_solicitante"][:8],
        DATOS["correo_solicitante"],
        DATOS["telefono_solicitante"],
    ):
        respuesta = clientes[visitante].get(lista, {"q": valor})
        assert (folio in respuesta.content.decode()) is encuentra, (visitante, valor)
    # Por lo que se pidió sí busca cualquiera que abre la lista.
    assert folio in clientes[visitante].get(lista, {"q": "Nómina de junio"}).content.decode()


def test_la_bitacora_dice_que_cambiaron_sin_decir_que(con_datos, clientes):  # noqa: F811
    detalle = con_datos("solicitudes:detalle")
    garante = clientes["usuario_garante"].get(detalle).context["bitacora"]
    titular = clientes["titular"].get(detalle).context["bitacora"]
    cambio_garante = next(c for c in garante if c.que == "Solicitud" and c.campos)
    cambio_titular = next(c for c in titular if c.que == "Solicitud" and c.campos)
    etiquetas = {e for e, _, _ in cambio_garante.campos}
    assert {"Nombre del solicitante", "Teléfono del solicitante"} <= etiquetas
    for etiqueta, antes, despues in cambio_garante.campos:
        if etiqueta in {"Nombre del solicitante", "Teléfono del solicitante"}:
            assert (antes, despues) == ("Dato personal protegido", "Dato personal protegido")
        if etiqueta == "Tipo":  # lo que no es dato personal se sigue viendo
            assert despues == "Derechos ARCO"
    assert ("Nombre del solicitante", "—", DATOS["nombre_solicitante"]) in cambio_titular.campos


def test_los_pdf_de_los_reportes_no_llevan_datos_personales(ayuntamiento, con_datos):
    """El trimestral y el semestral cuentan la solicitud (julio de 2024) sin nombrar a nadie."""
    textos = {}
    with scope(ayuntamiento=ayuntamiento):
        for tipo, periodo in (("trimestral", 3), ("semestral", 2), ("datos_personales", 1)):
            reporte = Reporte.objects.create(
                ayuntamiento=ayuntamiento, tipo=tipo, anio=2024, periodo=periodo
            )
            contenido = generar(reporte, hoy=date(2025, 1, 15))
            textos[tipo] = "\n".join(
                p.extract_text() for p in pypdf.PdfReader(io.BytesIO(contenido)).pages
            )
    for tipo, texto in textos.items():
        assert "Oaxaca de Juárez" in texto, tipo  # se leyó el PDF
        assert not _marcas(texto), tipo


def test_ningun_correo_lleva_datos_personales(
    con_datos, titular, personal, consulta, enlace, enlace_otra_area
):
    # El turno de la matriz (2 de julio de 2024) ya venció el 10: todos reciben su aviso.
    avisos_diarios_enviar(fecha=date(2024, 7, 10))
    assert {titular.email, enlace.email} <= {c.to[0] for c in mail.outbox}
    for correo in mail.outbox:
        partes = [str(correo.body)] + [str(c) for c, _ in getattr(correo, "alternatives", [])]
        partes += [str(a[1]) for a in correo.attachments]
        for parte in partes:
            assert not _marcas(parte), f"El correo a {correo.to} lleva {_marcas(parte)}"
