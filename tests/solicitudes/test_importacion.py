"""Importación de solicitudes desde la hoja de la PNT: lo que se reconoce, lo que se rechaza
con su número de fila, que sea todo o nada, que no duplique, y el flujo de la vista
(subir → vista previa → confirmar)."""

import csv
import io
import uuid
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organizacion.models import Sexo
from solicitudes.importacion import solicitudes_importar
from solicitudes.models import (
    DerechoArco,
    EstadoSolicitud,
    MedioRecepcion,
    ModalidadEntrega,
    Solicitud,
    TipoSolicitud,
)
from solicitudes.servicios import situacion_de, solicitud_registrar

CDMX = ZoneInfo("America/Mexico_City")
ENCABEZADOS = ["Folio", "Fecha de recepción", "Medio", "Tipo de solicitud", "Descripción"]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hoy_20_de_junio_de_2024():
    with time_machine.travel(datetime(2024, 6, 20, 12, tzinfo=CDMX), tick=False):
        yield


def _xlsx(encabezados, filas) -> bytes:
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.append(encabezados)
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _csv(encabezados, filas, *, separador=",", bom=True) -> bytes:
    salida = io.StringIO()
    escritor = csv.writer(salida, delimiter=separador)
    escritor.writerow(encabezados)
    escritor.writerows(filas)
    return ("\ufeff" if bom else "").encode() + salida.getvalue().encode()


def _filas(cuantas, *, desde=1):
    return [
        [f"2011819240{n:05d}", "03/06/2024", "PNT", "Información pública", f"Petición {n}"]
        for n in range(desde, desde + cuantas)
    ]


def _importar(ayuntamiento, contenido, *, formato="xlsx", confirmar=True, usuario=None):
    return solicitudes_importar(
        ayuntamiento=ayuntamiento,
        contenido=contenido,
        formato=formato,
        confirmar=confirmar,
        usuario=usuario,
    )


def _cuantas(ayuntamiento) -> int:
    with scopes_disabled():
        return Solicitud.objects.filter(ayuntamiento=ayuntamiento).count()


def _registrar(ayuntamiento, folio, recibida, descripcion) -> None:
    """Una solicitud capturada a mano, por el servicio de siempre."""
    with scope(ayuntamiento=ayuntamiento):
        solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento, folio=folio, recibida=recibida, descripcion=descripcion
            )
        )


def _solicitud(ayuntamiento, folio) -> Solicitud:
    with scopes_disabled():
        return Solicitud.objects.select_related("ayuntamiento").get(
            ayuntamiento=ayuntamiento, folio=folio
        )


# --- El servicio -------------------------------------------------------------------------------


def test_importa_un_xlsx_con_sus_campos_y_sus_derivados(ayuntamiento, titular):
    contenido = _xlsx(
        [*ENCABEZADOS, "Nombre del solicitante", "Sexo", "Correo", "Modalidad de entrega"],
        [
            [
                "201181924000001",
                "03/06/2024",
                "Plataforma Nacional",
                "Información pública",
                "Padrón de proveedores 2024",
                "María López",
                "Femenino",
                "maria@example.com",
                "Entrega por Internet en la PNT",
            ],
            [
                # Un folio numérico y una fecha de Excel de verdad, como los exporta la PNT.
                201181924000002,
                datetime(2024, 6, 4, 16, 30),
                "Correo electrónico",
                "Rectificación de datos personales",
                "Corregir mi domicilio en el padrón",
                "",
                "M",
                "",
                "Copia certificada",
            ],
            [
                "201181924000003",
                "2024-06-05",
                "SISAI",
                "Datos personales",
                "Acceso a mi expediente laboral",
                None,
                "prefiero no decir",
                None,
                None,
            ],
        ],
    )
    resultado = _importar(ayuntamiento, contenido, usuario=titular)

    assert resultado.errores == []
    assert (resultado.nuevas, resultado.cambiadas, resultado.sin_cambios) == (3, 0, 0)
    assert resultado.guardado
    assert _cuantas(ayuntamiento) == 3

    primera = _solicitud(ayuntamiento, "201181924000001")
    assert primera.recibida == datetime(2024, 6, 3, 0, 0, tzinfo=CDMX)
    assert primera.medio == MedioRecepcion.PNT
    assert (primera.tipo, primera.derecho_arco) == (TipoSolicitud.ACCESO, "")
    assert primera.descripcion == "Padrón de proveedores 2024"
    assert primera.nombre_solicitante == "María López"
    assert primera.sexo == Sexo.MUJER
    assert primera.correo_solicitante == "maria@example.com"
    assert primera.modalidad_entrega == ModalidadEntrega.ELECTRONICA
    assert primera.registrada_por == titular
    assert not primera.folio_interno
    # Recibida el lunes 3 de junio: el cómputo empieza el martes 4 y 20 días hábiles
    # después es el lunes 1 de julio. Hoy (20 de junio) sigue en trámite de respuesta.
    assert primera.estado == EstadoSolicitud.RECIBIDA
    assert primera.vence == date(2024, 7, 1)

    segunda = _solicitud(ayuntamiento, "201181924000002")
    # Llegó el 4 de junio a las 16:30, después del cierre de las 15:00.
    assert segunda.recibida == datetime(2024, 6, 4, 16, 30, tzinfo=CDMX)
    assert segunda.medio == MedioRecepcion.CORREO
    assert (segunda.tipo, segunda.derecho_arco) == (
        TipoSolicitud.ARCO,
        DerechoArco.RECTIFICACION,
    )
    assert segunda.sexo == Sexo.HOMBRE
    assert segunda.modalidad_entrega == ModalidadEntrega.COPIA_CERTIFICADA

    tercera = _solicitud(ayuntamiento, "201181924000003")
    assert (tercera.tipo, tercera.derecho_arco) == (TipoSolicitud.ARCO, DerechoArco.ACCESO)
    assert tercera.sexo == Sexo.NO_IDENTIFICADO

    # Los derivados son los mismos que calcularía solicitud_recalcular.
    with scope(ayuntamiento=ayuntamiento):
        for solicitud in (primera, segunda, tercera):
            situacion = situacion_de(solicitud)
            assert (solicitud.estado, solicitud.vence) == (situacion.estado, situacion.vence)
    assert segunda.vence != primera.vence
    # Y quedan en el historial, con quién importó.
    registro = primera.history.get()
    assert registro.history_user == titular
    assert registro.history_change_reason == "Importada desde hoja de cálculo"


def test_vista_previa_no_guarda(ayuntamiento):
    resultado = _importar(ayuntamiento, _xlsx(ENCABEZADOS, _filas(5)), confirmar=False)
    assert resultado.valido
    assert resultado.nuevas == 5
    assert [f.folio for f in resultado.muestra] == [f"2011819240{n:05d}" for n in range(1, 6)]
    assert [f.fila for f in resultado.muestra] == [2, 3, 4, 5, 6]
    assert not resultado.guardado
    assert _cuantas(ayuntamiento) == 0


def test_una_fecha_mala_en_la_fila_37_no_guarda_nada(ayuntamiento):
    _registrar(
        ayuntamiento, "201181924000001", datetime(2024, 6, 3, 9, tzinfo=CDMX), "Texto anterior"
    )
    # Encabezado en la fila 1, 35 filas buenas (2 a 36), la mala en la 37 y tres más.
    filas = _filas(39)
    filas[35][1] = "31/02/2024"
    contenido = _xlsx(ENCABEZADOS, filas)

    resultado = _importar(ayuntamiento, contenido)

    assert resultado.errores == [
        "Fila 37: la fecha de recepción «31/02/2024» no es válida (use dd/mm/aaaa)."
    ]
    assert not resultado.valido
    assert not resultado.guardado
    assert _cuantas(ayuntamiento) == 1
    # Tampoco se tocó la que ya existía, aunque su fila era buena y traía otro texto.
    assert _solicitud(ayuntamiento, "201181924000001").descripcion == "Texto anterior"


def test_encabezado_equivocado(ayuntamiento):
    contenido = _xlsx(["Folio", "Fecha", "Texto"], [["201181924000001", "03/06/2024", "x"]])

    resultado = _importar(ayuntamiento, contenido)

    assert len(resultado.errores) == 1
    error = resultado.errores[0]
    assert error.startswith("Faltan columnas obligatorias: «Fecha de recepción» y «Descripción».")
    for aceptado in ("«Fecha de ingreso»", "«Fecha de presentación»", "«Información solicitada»"):
        assert aceptado in error
    assert resultado.ignoradas == ["Fecha", "Texto"]
    assert not resultado.leido
    assert _cuantas(ayuntamiento) == 0


def test_reimportar_el_mismo_archivo_no_duplica_ni_cambia(ayuntamiento, titular):
    contenido = _xlsx(ENCABEZADOS, _filas(10))
    assert _importar(ayuntamiento, contenido).nuevas == 10
    with scopes_disabled():
        historial = Solicitud.history.count()

    resultado = _importar(ayuntamiento, contenido, usuario=titular)

    assert resultado.valido
    assert (resultado.nuevas, resultado.cambiadas, resultado.sin_cambios) == (0, 0, 10)
    assert not resultado.por_guardar
    assert _cuantas(ayuntamiento) == 10
    with scopes_disabled():
        assert Solicitud.history.count() == historial


def test_reimportar_con_una_descripcion_cambiada_muestra_y_actualiza(ayuntamiento, titular):
    filas = _filas(4)
    _importar(ayuntamiento, _xlsx(ENCABEZADOS, filas))
    filas[2][4] = "Petición 3, con el año corregido"
    contenido = _xlsx(ENCABEZADOS, filas)

    vista_previa = _importar(ayuntamiento, contenido, confirmar=False)

    assert (vista_previa.nuevas, vista_previa.cambiadas, vista_previa.sin_cambios) == (0, 1, 3)
    [cambio] = vista_previa.cambios
    assert (cambio.fila, cambio.folio) == (4, "201181924000003")
    assert [(c.campo, c.antes, c.despues) for c in cambio.campos] == [
        ("Información solicitada", "Petición 3", "Petición 3, con el año corregido")
    ]
    assert _solicitud(ayuntamiento, "201181924000003").descripcion == "Petición 3"

    resultado = _importar(ayuntamiento, contenido, usuario=titular)

    assert resultado.guardado
    solicitud = _solicitud(ayuntamiento, "201181924000003")
    assert solicitud.descripcion == "Petición 3, con el año corregido"
    assert solicitud.history.first().history_user == titular
    assert _cuantas(ayuntamiento) == 4


def test_cambio_de_derecho_arco_y_de_fecha_recalcula(ayuntamiento):
    _importar(
        ayuntamiento,
        _xlsx(ENCABEZADOS, [["F-1", "03/06/2024", "PNT", "Rectificación", "Mis datos"]]),
    )
    resultado = _importar(
        ayuntamiento,
        _xlsx(ENCABEZADOS, [["F-1", "10/06/2024", "PNT", "Cancelación", "Mis datos"]]),
    )
    assert [(c.campo, c.antes, c.despues) for c in resultado.cambios[0].campos] == [
        ("Fecha y hora de recepción", "03/06/2024 00:00", "10/06/2024 00:00"),
        ("Derecho ARCO", "Rectificación", "Cancelación"),
    ]
    solicitud = _solicitud(ayuntamiento, "F-1")
    assert solicitud.derecho_arco == DerechoArco.CANCELACION
    with scope(ayuntamiento=ayuntamiento):
        assert solicitud.vence == situacion_de(solicitud).vence
    # Recibida el lunes 10 de junio: 20 días hábiles desde el martes 11 → lunes 8 de julio.
    assert solicitud.vence == date(2024, 7, 8)


def test_fecha_sin_hora_conserva_la_hora_capturada(ayuntamiento):
    _registrar(ayuntamiento, "F-1", datetime(2024, 6, 3, 10, 45, tzinfo=CDMX), "Mis datos")
    contenido = _xlsx(
        ENCABEZADOS, [["F-1", "03/06/2024", "PNT", "Información pública", "Mis datos"]]
    )
    resultado = _importar(ayuntamiento, contenido)
    assert (resultado.cambiadas, resultado.sin_cambios) == (0, 1)
    assert _solicitud(ayuntamiento, "F-1").recibida == datetime(2024, 6, 3, 10, 45, tzinfo=CDMX)


def test_folio_repetido_dentro_del_archivo(ayuntamiento):
    filas = _filas(3)
    filas.append(list(filas[0]))
    resultado = _importar(ayuntamiento, _xlsx(ENCABEZADOS, filas))
    assert resultado.errores == [
        "Fila 5: el folio «201181924000001» está repetido: ya apareció en la fila 2."
    ]
    assert _cuantas(ayuntamiento) == 0


def test_el_mismo_folio_en_otro_ayuntamiento_es_otra_solicitud(ayuntamiento, ayuntamiento_ajeno):
    contenido = _xlsx(ENCABEZADOS, _filas(2))
    assert _importar(ayuntamiento_ajeno, contenido).nuevas == 2
    resultado = _importar(ayuntamiento, contenido)
    assert (resultado.nuevas, resultado.sin_cambios) == (2, 0)
    assert (_cuantas(ayuntamiento), _cuantas(ayuntamiento_ajeno)) == (2, 2)


def test_csv_con_bom_acentos_y_punto_y_coma(ayuntamiento):
    contenido = _csv(
        [
            "FOLIO",
            "Fecha de Presentacion",
            "Medio de recepción",
            "TIPO",
            "Información solicitada",
            "Género",
            "Área",
        ],
        [
            [
                "A-1",
                "03/06/2024 14:10",
                "Escrito",
                "Acceso a la información",
                "Nómina de señoras y señores regidores",
                "Mujer",
                "Tesorería",
            ],
            [
                "A-2",
                "2024-06-04T09:00:00",
                "Teléfono",
                "Oposición al tratamiento",
                "¿Quién tiene mis datos?",
                "H",
                "",
            ],
        ],
        separador=";",
    )
    resultado = _importar(ayuntamiento, contenido, formato="csv")

    assert resultado.errores == []
    assert resultado.ignoradas == ["Área"]
    assert resultado.nuevas == 2
    primera = _solicitud(ayuntamiento, "A-1")
    assert primera.descripcion == "Nómina de señoras y señores regidores"
    assert primera.recibida == datetime(2024, 6, 3, 14, 10, tzinfo=CDMX)
    assert primera.medio == MedioRecepcion.ESCRITO
    assert primera.sexo == Sexo.MUJER
    segunda = _solicitud(ayuntamiento, "A-2")
    assert segunda.medio == MedioRecepcion.TELEFONO
    assert (segunda.tipo, segunda.derecho_arco) == (TipoSolicitud.ARCO, DerechoArco.OPOSICION)
    assert segunda.sexo == Sexo.HOMBRE


@pytest.mark.parametrize(
    ("letras", "esperados"),
    [
        (("F", "M"), [Sexo.MUJER, Sexo.HOMBRE]),
        # Como en la CURP: H es hombre y entonces M es mujer.
        (("H", "M"), [Sexo.HOMBRE, Sexo.MUJER]),
    ],
)
def test_sexo_por_letra(ayuntamiento, letras, esperados):
    filas = [[*f, letra] for f, letra in zip(_filas(2), letras, strict=True)]
    _importar(ayuntamiento, _xlsx([*ENCABEZADOS, "Sexo"], filas))
    with scopes_disabled():
        sexos = list(Solicitud.objects.order_by("folio").values_list("sexo", flat=True))
    assert sexos == esperados


def test_csv_sin_bom_con_comas(ayuntamiento):
    contenido = _csv(ENCABEZADOS, _filas(2), bom=False)
    assert _importar(ayuntamiento, contenido, formato="csv").nuevas == 2


def test_csv_de_excel_en_windows_1252(ayuntamiento):
    texto = "Folio,Fecha de recepción,Descripción\r\nW-1,03/06/2024,Información de obras\r\n"
    resultado = _importar(ayuntamiento, texto.encode("cp1252"), formato="csv")
    assert resultado.errores == []
    assert _solicitud(ayuntamiento, "W-1").descripcion == "Información de obras"


@pytest.mark.parametrize(
    ("celda", "mensaje"),
    [
        ("21/06/2024", "Fila 2: la fecha de recepción «21/06/2024» está en el futuro."),
        ("", "Fila 2: falta la fecha de recepción."),
        ("ayer", "Fila 2: la fecha de recepción «ayer» no es válida (use dd/mm/aaaa)."),
        (
            "03/06/1924",
            "Fila 2: la fecha de recepción «03/06/1924» es anterior al año 2000; revise el año.",
        ),
    ],
)
def test_fechas_rechazadas(ayuntamiento, celda, mensaje):
    contenido = _xlsx(ENCABEZADOS, [["F-1", celda, "PNT", "", "Texto"]])
    assert _importar(ayuntamiento, contenido).errores == [mensaje]
    assert _cuantas(ayuntamiento) == 0


@pytest.mark.parametrize(
    ("celda", "esperada"),
    [
        ("03/06/2024 09:15", datetime(2024, 6, 3, 9, 15, tzinfo=CDMX)),
        ("2024-06-03", datetime(2024, 6, 3, tzinfo=CDMX)),
        ("2024-06-03 09:15:30", datetime(2024, 6, 3, 9, 15, 30, tzinfo=CDMX)),
        (date(2024, 6, 3), datetime(2024, 6, 3, tzinfo=CDMX)),
        # Un número de serie de Excel en una celda sin formato de fecha: 45446 = 3/6/2024.
        (45446, datetime(2024, 6, 3, tzinfo=CDMX)),
    ],
)
def test_formatos_de_fecha(ayuntamiento, celda, esperada):
    contenido = _xlsx(ENCABEZADOS, [["F-1", celda, "PNT", "", "Texto"]])
    assert _importar(ayuntamiento, contenido).errores == []
    assert _solicitud(ayuntamiento, "F-1").recibida == esperada


def test_errores_de_varias_filas_con_su_numero(ayuntamiento):
    filas = [
        ["", "03/06/2024", "PNT", "", "Sin folio"],
        ["F-2", "03/06/2024", "Fax", "", "Medio raro"],
        ["F-3", "03/06/2024", "PNT", "Queja", "Tipo raro"],
        ["F-4", "03/06/2024", "PNT", "", ""],
        ["F-5", "03/06/2024", "PNT", "", "Bien"],
    ]
    contenido = _xlsx(
        [*ENCABEZADOS, "Correo"],
        [[*f, "no-es-correo"] if f[0] == "F-5" else [*f, ""] for f in filas],
    )
    assert _importar(ayuntamiento, contenido).errores == [
        "Fila 2: falta el folio.",
        "Fila 3: el medio de recepción «Fax» no se reconoce (use PNT, correo electrónico, escrito, verbal, teléfono u otro).",
        "Fila 4: el tipo de solicitud «Queja» no se reconoce (use «Información pública» o un derecho ARCO: acceso, rectificación, cancelación, oposición, portabilidad).",
        "Fila 5: falta la descripción de la solicitud.",
        "Fila 6: correo del solicitante: introduzca una dirección de correo electrónico válida.",
    ]
    assert _cuantas(ayuntamiento) == 0


def test_filas_vacias_no_cuentan_pero_conservan_la_numeracion(ayuntamiento):
    filas = [*_filas(1), [None] * 5, ["F-9", "30/02/2024", "PNT", "", "Texto"], [None] * 5]
    resultado = _importar(ayuntamiento, _xlsx(ENCABEZADOS, filas), confirmar=False)
    assert resultado.errores == [
        "Fila 4: la fecha de recepción «30/02/2024» no es válida (use dd/mm/aaaa)."
    ]


def test_archivo_que_no_es_xlsx(ayuntamiento):
    resultado = _importar(ayuntamiento, b"%PDF-1.7 esto no es una hoja", formato="xlsx")
    assert resultado.errores[0].startswith("El archivo no es un XLSX válido")
    # Un ZIP cualquiera empieza igual que un XLSX, pero openpyxl no lo abre.
    zip_vacio = io.BytesIO()
    with zipfile.ZipFile(zip_vacio, "w") as archivo:
        archivo.writestr("hola.txt", "hola")
    resultado = _importar(ayuntamiento, zip_vacio.getvalue(), formato="xlsx")
    assert resultado.errores[0].startswith("El archivo no es un XLSX válido")
    resultado = _importar(ayuntamiento, _xlsx(ENCABEZADOS, _filas(1)), formato="csv")
    assert resultado.errores[0].startswith("El archivo no es un CSV de texto")


def test_archivo_sin_filas_de_datos(ayuntamiento):
    resultado = _importar(ayuntamiento, _xlsx(ENCABEZADOS, []))
    assert resultado.errores == ["El archivo no tiene filas de datos debajo de los encabezados."]


def test_columnas_repetidas(ayuntamiento):
    contenido = _xlsx([*ENCABEZADOS, "Solicitante", "Nombre del solicitante"], [])
    resultado = _importar(ayuntamiento, contenido)
    assert resultado.errores[0] == (
        "Las columnas «Solicitante» y «Nombre del solicitante» dicen lo mismo "
        "(Nombre del solicitante); deje sólo una."
    )


# --- Las vistas --------------------------------------------------------------------------------


def _url(ayuntamiento, nombre="importar") -> str:
    return reverse(f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug})


def _subir(cliente, ayuntamiento, contenido, nombre="pnt.xlsx"):
    return cliente.post(_url(ayuntamiento), {"archivo": SimpleUploadedFile(nombre, contenido)})


def _pendientes(ayuntamiento) -> list[str]:
    carpeta = f"importaciones/{ayuntamiento.pk}"
    return default_storage.listdir(carpeta)[1] if default_storage.exists(carpeta) else []


def test_vista_sube_muestra_y_confirma(cliente_de, personal, ayuntamiento):
    cliente = cliente_de(personal)
    pagina = cliente.get(_url(ayuntamiento))
    assert pagina.status_code == 200
    # La página documenta los encabezados aceptados.
    for nombre in ("«Fecha de ingreso»", "«Información solicitada»", "«Medio de entrega»"):
        assert nombre in pagina.content.decode()

    respuesta = _subir(cliente, ayuntamiento, _xlsx([*ENCABEZADOS, "Estatus"], _filas(3)))

    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert '<dd class="col-sm-9" id="nuevas">3</dd>' in html
    assert "Columnas ignoradas: «Estatus»." in html
    assert "Confirmar e importar" in html
    assert _cuantas(ayuntamiento) == 0
    confirmar = respuesta.context["confirmar"]
    clave = confirmar.initial["clave"]
    assert _pendientes(ayuntamiento) == [f"{clave}.xlsx"]

    respuesta = cliente.post(
        _url(ayuntamiento, "importar_confirmar"),
        {"clave": clave, "huella": confirmar.initial["huella"]},
    )

    assert respuesta.status_code == 302
    assert respuesta.url == reverse("solicitudes:lista", kwargs={"ayuntamiento": ayuntamiento.slug})
    assert [str(m) for m in get_messages(respuesta.wsgi_request)] == [
        "Importación terminada: 3 solicitudes nuevas, 0 actualizadas y 0 sin cambios."
    ]
    assert _cuantas(ayuntamiento) == 3
    assert _solicitud(ayuntamiento, "201181924000001").registrada_por == personal
    assert _pendientes(ayuntamiento) == []
    # La clave ya no sirve: el archivo se borró.
    otra_vez = cliente.post(
        _url(ayuntamiento, "importar_confirmar"),
        {"clave": clave, "huella": confirmar.initial["huella"]},
    )
    assert otra_vez.status_code == 404
    assert _cuantas(ayuntamiento) == 3


def test_vista_con_errores_no_ofrece_confirmar(cliente_de, titular, ayuntamiento):
    filas = _filas(39)
    filas[35][1] = "31/02/2024"
    respuesta = _subir(cliente_de(titular), ayuntamiento, _xlsx(ENCABEZADOS, filas))
    html = respuesta.content.decode()
    assert "Fila 37: la fecha de recepción «31/02/2024» no es válida (use dd/mm/aaaa)." in html
    assert "Confirmar e importar" not in html
    assert respuesta.context["confirmar"] is None
    assert _pendientes(ayuntamiento) == []


def test_confirmar_revalida_y_no_guarda_un_archivo_malo(cliente_de, titular, ayuntamiento):
    filas = _filas(39)
    filas[35][1] = "31/02/2024"
    clave = uuid.uuid4()
    default_storage.save(
        f"importaciones/{ayuntamiento.pk}/{clave}.xlsx", ContentFile(_xlsx(ENCABEZADOS, filas))
    )

    respuesta = cliente_de(titular).post(
        _url(ayuntamiento, "importar_confirmar"), {"clave": str(clave), "huella": "x"}
    )

    assert respuesta.status_code == 200
    assert "Fila 37: la fecha de recepción" in respuesta.content.decode()
    assert respuesta.context["confirmar"] is None
    assert _cuantas(ayuntamiento) == 0
    assert _pendientes(ayuntamiento) == []


def test_confirmar_cuando_la_base_cambio_desde_la_vista_previa(cliente_de, titular, ayuntamiento):
    filas = _filas(2)
    _importar(ayuntamiento, _xlsx(ENCABEZADOS, filas))
    filas[0][4] = "Texto del archivo"
    cliente = cliente_de(titular)
    respuesta = _subir(cliente, ayuntamiento, _xlsx(ENCABEZADOS, filas))
    confirmar = respuesta.context["confirmar"]
    # Entretanto alguien corrige a mano la otra solicitud: el archivo ahora también la cambiaría.
    with scopes_disabled():
        Solicitud.objects.filter(folio="201181924000002").update(descripcion="Editada a mano")

    respuesta = cliente.post(
        _url(ayuntamiento, "importar_confirmar"),
        {"clave": confirmar.initial["clave"], "huella": confirmar.initial["huella"]},
    )

    assert respuesta.status_code == 200
    assert respuesta.context["resultado"].desactualizada
    assert _solicitud(ayuntamiento, "201181924000001").descripcion == "Petición 1"
    assert _solicitud(ayuntamiento, "201181924000002").descripcion == "Editada a mano"
    assert "Editada a mano" in respuesta.content.decode()
    # La nueva vista previa puede confirmarse.
    nueva = respuesta.context["confirmar"]
    respuesta = cliente.post(
        _url(ayuntamiento, "importar_confirmar"),
        {"clave": nueva.initial["clave"], "huella": nueva.initial["huella"]},
    )
    assert respuesta.status_code == 302
    assert _solicitud(ayuntamiento, "201181924000002").descripcion == "Petición 2"


def test_vista_encabezado_equivocado(cliente_de, titular, ayuntamiento):
    respuesta = _subir(cliente_de(titular), ayuntamiento, _xlsx(["Folio", "Fecha"], _filas(1)))
    assert respuesta.status_code == 200
    assert (
        respuesta.context["form"]
        .errors["archivo"][0]
        .startswith("Faltan columnas obligatorias: «Fecha de recepción» y «Descripción».")
    )


def test_vista_rechaza_un_archivo_renombrado(cliente_de, titular, ayuntamiento):
    cliente = cliente_de(titular)
    respuesta = _subir(cliente, ayuntamiento, b"MZ\x90\x00 un ejecutable", "pnt.xlsx")
    assert (
        respuesta.context["form"].errors["archivo"][0].startswith("El archivo no es un XLSX válido")
    )
    respuesta = _subir(cliente, ayuntamiento, b"%PDF-1.7", "pnt.pdf")
    assert respuesta.context["form"].errors["archivo"] == [
        "Formato no admitido: suba un archivo .xlsx o .csv."
    ]
    assert _pendientes(ayuntamiento) == []


def test_vista_rechaza_un_archivo_demasiado_grande(cliente_de, titular, ayuntamiento, settings):
    settings.TAMANO_MAXIMO_ARCHIVO_MB = 1
    contenido = _csv(ENCABEZADOS, _filas(1)) + b"x" * (1024 * 1024)
    respuesta = _subir(cliente_de(titular), ayuntamiento, contenido, "pnt.csv")
    assert respuesta.context["form"].errors["archivo"] == [
        "El archivo pesa más de 1 MB, el máximo permitido."
    ]


@pytest.mark.parametrize("rol", ["consulta", "enlace", "usuario_garante"])
def test_solo_lectura_recibe_403(request, cliente_de, ayuntamiento, rol):
    cliente = cliente_de(request.getfixturevalue(rol))
    assert cliente.get(_url(ayuntamiento)).status_code == 403
    respuesta = _subir(cliente, ayuntamiento, _xlsx(ENCABEZADOS, _filas(1)))
    assert respuesta.status_code == 403
    respuesta = cliente.post(
        _url(ayuntamiento, "importar_confirmar"), {"clave": str(uuid.uuid4()), "huella": "x"}
    )
    assert respuesta.status_code == 403
    assert _cuantas(ayuntamiento) == 0


def test_confirmar_solo_por_post(cliente_de, titular, ayuntamiento):
    assert cliente_de(titular).get(_url(ayuntamiento, "importar_confirmar")).status_code == 405


def test_clave_inventada_o_de_otro_ayuntamiento_da_404(
    cliente_de, titular, ayuntamiento, ayuntamiento_ajeno
):
    cliente = cliente_de(titular)
    confirmar = _url(ayuntamiento, "importar_confirmar")
    assert cliente.post(confirmar, {"clave": str(uuid.uuid4()), "huella": "x"}).status_code == 404
    assert cliente.post(confirmar, {"clave": "../../etc/passwd", "huella": "x"}).status_code == 404
    # Un archivo pendiente de otro ayuntamiento no se alcanza con su clave.
    ajena = uuid.uuid4()
    default_storage.save(
        f"importaciones/{ayuntamiento_ajeno.pk}/{ajena}.xlsx",
        ContentFile(_xlsx(ENCABEZADOS, _filas(1))),
    )
    assert cliente.post(confirmar, {"clave": str(ajena), "huella": "x"}).status_code == 404
    assert (_cuantas(ayuntamiento), _cuantas(ayuntamiento_ajeno)) == (0, 0)
