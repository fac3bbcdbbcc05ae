"""Lo común a las importaciones desde hoja de cálculo: lectura, encabezados y el archivo que
espera confirmación."""

import io
import os
import re
import tracemalloc
import uuid
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.http import Http404
from django_scopes import scope

from capacitacion.importacion import capacitaciones_importar
from organizacion.hojas import (
    ArchivoIlegible,
    ArchivosPendientes,
    Columna,
    ResultadoConEncabezados,
    datos_de,
    fecha_de_celda,
    filas_csv,
    filas_xlsx,
    mensaje_faltan,
    normalizar,
    reconocer,
)
from poa.importacion import plan_importar
from poa.models import Plan
from solicitudes.importacion import solicitudes_importar

COLUMNAS = (
    Columna("folio", ("Folio", "Número de folio"), True, ""),
    Columna("recibida", ("Fecha de recepción", "Fecha de ingreso"), True, ""),
    Columna("medio", ("Medio", "Medio de recepción"), False, ""),
)


def _xlsx(*filas) -> bytes:
    libro = openpyxl.Workbook()
    for fila in filas:
        libro.active.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


# --- Encabezados -----------------------------------------------------------------------------


def test_normalizar_quita_acentos_mayusculas_y_signos():
    assert normalizar("  Fecha de RECEPCIÓN: ") == "fecha de recepcion"
    assert normalizar("Número\nde  folio") == "numero de folio"


def test_reconoce_sinonimos_sin_importar_acentos_y_reporta_ignoradas():
    encabezados = reconocer(("FECHA DE INGRESO", None, "numero de folio", "Estatus"), COLUMNAS)

    assert encabezados.indices == {"recibida": 0, "folio": 2}
    assert encabezados.reconocidas == [
        ("FECHA DE INGRESO", "Fecha de recepción"),
        ("numero de folio", "Folio"),
    ]
    assert encabezados.ignoradas == ["Estatus"]
    assert encabezados.errores == [] and encabezados.faltan == []


def test_dos_encabezados_que_dicen_lo_mismo_es_error():
    encabezados = reconocer(("Folio", "Medio", "Medio de recepción"), COLUMNAS)

    assert encabezados.errores == [
        "Las columnas «Medio» y «Medio de recepción» dicen lo mismo (Medio); deje sólo una."
    ]
    assert encabezados.indices["medio"] == 1


def test_columnas_obligatorias_que_faltan_y_su_mensaje():
    encabezados = reconocer(("Medio",), COLUMNAS)

    assert [c.clave for c in encabezados.faltan] == ["folio", "recibida"]
    assert mensaje_faltan(encabezados.faltan) == (
        "Faltan columnas obligatorias: «Folio» y «Fecha de recepción». La primera fila debe "
        "tener los encabezados; se aceptan sin importar mayúsculas ni acentos. Nombres "
        "aceptados: Folio: «Folio», «Número de folio»; Fecha de recepción: «Fecha de "
        "recepción», «Fecha de ingreso»."
    )


def test_datos_de_salta_filas_vacias_y_numera_como_la_hoja():
    filas = [("Título",), ("Folio", "Medio"), ("1", "PNT"), (None, "  "), ("2",)]

    datos, numeros = datos_de(filas, {"medio": 1, "folio": 0}, desde=2)

    assert datos.headers == ["medio", "folio"]
    assert [tuple(f) for f in datos] == [("PNT", "1"), (None, "2")]
    assert numeros == [3, 5]


# --- Lectura del archivo ---------------------------------------------------------------------


def test_csv_utf8_con_bom_y_punto_y_coma():
    contenido = "\ufeffFolio;Descripción\n240001;Copia del contrato, 2024\n".encode()

    assert filas_csv(contenido, maximo_filas=100) == [
        ("Folio", "Descripción"),
        ("240001", "Copia del contrato, 2024"),
    ]


def test_csv_de_excel_en_windows_1252_y_comas():
    contenido = "Folio,Medio\n1,Teléfono\n".encode("cp1252")

    assert filas_csv(contenido, maximo_filas=100) == [("Folio", "Medio"), ("1", "Teléfono")]


def test_un_xlsx_con_extension_csv_no_se_lee_como_texto():
    with pytest.raises(ArchivoIlegible, match="no es un CSV de texto"):
        filas_csv(_xlsx(("Folio",), (1,)), maximo_filas=100)


def test_xlsx_lee_la_primera_hoja():
    assert filas_xlsx(_xlsx(("Folio", "Fecha"), (240001, "01/02/2024")), maximo_filas=100) == [
        ("Folio", "Fecha"),
        (240001, "01/02/2024"),
    ]


def test_xlsx_sin_la_firma_zip_se_rechaza():
    with pytest.raises(ArchivoIlegible, match="no es un XLSX válido"):
        filas_xlsx(b"Folio,Fecha\n1,01/02/2024\n", maximo_filas=100)


def test_un_zip_que_no_es_libro_se_rechaza():
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as archivo:
        archivo.writestr("hola.txt", "no soy un libro")

    with pytest.raises(ArchivoIlegible, match="no es un XLSX válido"):
        filas_xlsx(salida.getvalue(), maximo_filas=100)


@pytest.mark.parametrize(
    ("valor", "fecha"),
    [
        ("02/01/2013", date(2013, 1, 2)),
        ("2013-01-02 10:30", date(2013, 1, 2)),
        ("02/01/13", date(2013, 1, 2)),
        (41276, date(2013, 1, 2)),
        (datetime(2013, 1, 2, 9), date(2013, 1, 2)),
        ("31/02/2013", None),
        ("mañana", None),
    ],
)
def test_fecha_de_celda(valor, fecha):
    assert fecha_de_celda(valor) == fecha


# --- El archivo que espera confirmación ------------------------------------------------------


def test_pendiente_se_guarda_se_abre_por_su_clave_y_se_borra():
    pendientes = ArchivosPendientes(7, "poa/3")
    clave = pendientes.guardar(b"PK\x03\x04hoja", "xlsx")

    assert default_storage.exists(f"importaciones/7/poa/3/{clave}.xlsx")
    pendiente = pendientes.abrir(uuid.UUID(clave), ["csv", "xlsx"])
    assert (pendiente.formato, pendiente.contenido) == ("xlsx", b"PK\x03\x04hoja")

    pendiente.borrar()
    with pytest.raises(Http404):
        pendientes.abrir(uuid.UUID(clave), ["xlsx"])


def test_la_clave_de_otro_ayuntamiento_o_prefijo_no_encuentra_nada():
    clave = ArchivosPendientes(7, "capacitacion", "sesiones-").guardar(b"datos", "xlsx")

    assert default_storage.exists(f"importaciones/7/capacitacion/sesiones-{clave}.xlsx")
    for otro in (
        ArchivosPendientes(8, "capacitacion", "sesiones-"),
        ArchivosPendientes(7, "capacitacion", "participantes-5-"),
    ):
        with pytest.raises(Http404):
            otro.abrir(uuid.UUID(clave), ["xlsx"])


def _fechar(ruta: str, momento: datetime) -> None:
    os.utime(default_storage.path(ruta), (momento.timestamp(), momento.timestamp()))


@time_machine.travel(datetime(2024, 6, 20, 12, tzinfo=UTC), tick=False)
def test_al_guardar_se_borran_los_de_mas_de_un_dia():
    pendientes = ArchivosPendientes(7)
    vieja = pendientes.guardar(b"vieja", "csv")
    reciente = pendientes.guardar(b"reciente", "csv")
    _fechar(f"importaciones/7/{vieja}.csv", datetime(2024, 6, 19, 11, 59, tzinfo=UTC))
    _fechar(f"importaciones/7/{reciente}.csv", datetime(2024, 6, 19, 12, 1, tzinfo=UTC))

    nueva = pendientes.guardar(b"nueva", "csv")

    assert sorted(default_storage.listdir("importaciones/7")[1]) == sorted(
        [f"{reciente}.csv", f"{nueva}.csv"]
    )
    # Dos minutos después, la reciente ya cumplió su día.
    with time_machine.travel(datetime(2024, 6, 20, 12, 2, tzinfo=UTC), tick=False):
        pendientes.expirar()
    assert default_storage.listdir("importaciones/7")[1] == [f"{nueva}.csv"]


# --- Archivos hostiles: la memoria no depende de lo que el archivo declara ----------------


def _con_hoja(contenido: bytes, reemplazar) -> bytes:
    """El mismo XLSX con el XML de su primera hoja cambiado por `reemplazar(xml)`."""
    entrada, salida = zipfile.ZipFile(io.BytesIO(contenido)), io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as nuevo:
        for parte in entrada.infolist():
            datos = entrada.read(parte.filename)
            if parte.filename == "xl/worksheets/sheet1.xml":
                datos = reemplazar(datos.decode()).encode()
            nuevo.writestr(parte.filename, datos)
    return salida.getvalue()


def _pico_de_memoria(funcion, *args, **kwargs):
    """(resultado o excepción, pico de memoria en MB) de la llamada."""
    tracemalloc.start()
    try:
        resultado = funcion(*args, **kwargs)
    except Exception as error:
        resultado = error
    finally:
        _, pico = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return resultado, pico / 1024 / 1024


FILAS_BOMBA = [("Folio", "Fecha de recepción", "Descripción")] + [
    (f"24{n:05d}", "01/07/2024", f"Solicitud {n}") for n in range(300)
]


def test_la_dimension_declarada_no_se_cree():
    """Un XLSX de unos KB que declara la hoja entera (A1:XFD1048576): antes se rellenaba
    cada fila hasta la columna 16 384 (250 MB con 12 KB); ahora se lee lo que trae."""
    bomba = _con_hoja(
        _xlsx(*FILAS_BOMBA),
        lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml),
    )
    assert len(bomba) < 20_000
    filas, pico = _pico_de_memoria(filas_xlsx, bomba, maximo_filas=20_000)
    assert pico < 50, f"{pico:.0f} MB"
    assert filas[0] == FILAS_BOMBA[0] and len(filas) == 301
    assert {len(f) for f in filas} == {3}


def test_una_celda_lejana_se_rechaza_sin_rellenar():
    bomba = _con_hoja(
        _xlsx(*FILAS_BOMBA),
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="302"><c r="XFD302" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        ),
    )
    error, pico = _pico_de_memoria(filas_xlsx, bomba, maximo_filas=20_000)
    assert isinstance(error, ArchivoIlegible)
    assert str(error).startswith(
        "La fila 302 tiene datos en la columna XFD: se leen hasta la columna CV"
    )
    assert pico < 50


def test_demasiadas_filas_se_rechazan_al_llegar_al_limite():
    """Un millón de filas de una celda caben en 2 MB comprimidos: se deja de leer al pasar
    el límite (más los renglones de encabezado), sin juntar el resto."""
    filas = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 200_001))
    bomba = _con_hoja(
        _xlsx(("Folio",)),
        lambda xml: re.sub(
            r"<sheetData>.*</sheetData>|<sheetData/>", f"<sheetData>{filas}</sheetData>", xml
        ),
    )
    error, pico = _pico_de_memoria(filas_xlsx, bomba, maximo_filas=1000)
    assert isinstance(error, ArchivoIlegible)
    assert str(error) == (
        "El archivo tiene más de 1 000 filas de datos, el máximo por importación. Divídalo en "
        "varios archivos."
    )
    assert pico < 50


def test_lo_que_declara_descomprimido_se_revisa_antes_de_abrir():
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as archivo:
        archivo.writestr("xl/workbook.xml", "<workbook/>")
        # 160 MB de espacios: unos 150 KB comprimidos.
        archivo.writestr("xl/worksheets/sheet1.xml", " " * (160 * 1024 * 1024))
    error, pico = _pico_de_memoria(filas_xlsx, salida.getvalue(), maximo_filas=1000)
    assert isinstance(error, ArchivoIlegible)
    assert "demasiado descomprimido" in str(error)
    assert pico < 50


def test_un_csv_con_demasiadas_columnas_o_filas_se_rechaza():
    ancho = ("x," * 150 + "\n").encode()
    with pytest.raises(ArchivoIlegible, match="La fila 1 tiene 150 columnas: se leen hasta 100"):
        filas_csv(ancho, maximo_filas=100)
    largo = b"Folio\n" + b"1\n" * 10_000
    with pytest.raises(ArchivoIlegible, match="más de 100 filas de datos"):
        filas_csv(largo, maximo_filas=100)


@pytest.mark.django_db
@pytest.mark.parametrize("importacion", ["solicitudes", "poa", "capacitacion"])
def test_las_tres_importaciones_comparten_la_lectura_acotada(importacion, ayuntamiento):
    """La bomba de columna lejana llega con su mensaje en español a cada importación."""
    bomba = _con_hoja(
        _xlsx(*FILAS_BOMBA),
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="302"><c r="XFD302" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        ),
    )
    resultado: ResultadoConEncabezados
    if importacion == "solicitudes":
        resultado = solicitudes_importar(
            ayuntamiento=ayuntamiento, contenido=bomba, formato="xlsx", confirmar=False
        )
    elif importacion == "poa":
        with scope(ayuntamiento=ayuntamiento):
            plan = Plan.objects.create(ayuntamiento=ayuntamiento, anio=2024)
        resultado = plan_importar(plan=plan, contenido=bomba, confirmar=False)
    else:
        resultado = capacitaciones_importar(
            ayuntamiento=ayuntamiento, contenido=bomba, confirmar=False
        )
    assert any("La fila 302 tiene datos en la columna XFD" in e for e in resultado.errores)
