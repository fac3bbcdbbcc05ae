"""Importación de sesiones y de listas de participantes desde XLSX: lo que se reconoce, los
errores con su número de fila, todo o nada, que volver a subir no duplique, y el flujo de
las vistas (subir → vista previa → confirmar)."""

import io
import uuid
from datetime import date, time

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from capacitacion.importacion import capacitaciones_importar, participantes_importar
from capacitacion.models import Capacitacion, Formato, Imparte, Modalidad, Participante, Publico
from organizacion.models import Sexo

from . import objetos

pytestmark = pytest.mark.django_db

SESIONES = [
    "Tema",
    "Fecha",
    "Hora",
    "Duración (minutos)",
    "Modalidad",
    "Formato",
    "Público",
    "Impartida por",
    "Sede",
    "Mujeres",
    "Hombres",
    "No identificado",
    "Áreas",
]
PARTICIPANTES = ["Nombre", "Sexo", "Área o institución", "Cargo", "Correo", "Asistió"]


def _xlsx(encabezados, filas) -> bytes:
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.append(encabezados)
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _sesiones(cuantas):
    return [
        [
            f"Sesión {n}",
            f"{n:02d}/04/2024",
            "10:30",
            90,
            "Presencial",
            "Taller",
            "Servidores públicos",
            "UT",
            "Sala de Cabildo",
            3,
            2,
            0,
            "",
        ]
        for n in range(1, cuantas + 1)
    ]


def _lista(cuantas):
    return [
        [f"Persona {n}", "Mujer" if n % 2 else "Hombre", "", "Auxiliar", "", "Sí"]
        for n in range(1, cuantas + 1)
    ]


def _cuantas(ayuntamiento) -> int:
    with scopes_disabled():
        return Capacitacion.objects.filter(ayuntamiento=ayuntamiento).count()


def _lista_de(sesion) -> list[str]:
    with scopes_disabled():
        return list(
            Participante.objects.filter(capacitacion=sesion).values_list("nombre", flat=True)
        )


def _sesion(pk) -> Capacitacion:
    with scopes_disabled():
        return Capacitacion.objects.get(pk=pk)


# --- Sesiones: el servicio --------------------------------------------------------------------


def test_importa_sesiones_con_sus_campos_y_areas(ayuntamiento, areas, titular):
    contenido = _xlsx(
        SESIONES,
        [
            [
                "Documento de seguridad",
                "16/04/2024",
                "10:30",
                90,
                "En línea",
                "Curso",
                "Enlaces de transparencia",
                "OGAIPO",
                "https://meet.example.org/abc",
                12,
                9,
                1,
                "Tesorería Municipal; obras publicas",
            ],
            [
                "Plática a estudiantes",
                date(2024, 4, 20),
                None,
                None,
                "",
                "plática",
                "Ciudadanía",
                "Universidad Regional",
                "Auditorio",
                30,
                25,
                None,
                None,
            ],
        ],
    )

    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento, contenido=contenido, confirmar=True, usuario=titular
    )

    assert resultado.errores == []
    assert resultado.guardado and resultado.nuevas == 2
    with scopes_disabled():
        primera = Capacitacion.objects.get(tema="Documento de seguridad")
        segunda = Capacitacion.objects.get(tema="Plática a estudiantes")
        assert set(primera.areas.all()) == set(areas)
    assert (primera.fecha, primera.hora, primera.duracion_minutos) == (
        date(2024, 4, 16),
        time(10, 30),
        90,
    )
    assert (primera.modalidad, primera.formato, primera.publico) == (
        Modalidad.EN_LINEA,
        Formato.CURSO,
        Publico.ENLACES,
    )
    assert (primera.impartida_por, primera.institucion) == (Imparte.GARANTE, "OGAIPO")
    assert (primera.liga, primera.sede) == ("https://meet.example.org/abc", "")
    assert (primera.mujeres, primera.hombres, primera.no_identificado) == (12, 9, 1)
    assert primera.registrada_por == titular
    assert (segunda.hora, segunda.duracion_minutos, segunda.modalidad) == (
        None,
        60,
        Modalidad.PRESENCIAL,
    )
    assert (segunda.impartida_por, segunda.institucion, segunda.sede) == (
        Imparte.OTRA,
        "Universidad Regional",
        "Auditorio",
    )
    assert (segunda.formato, segunda.no_identificado) == (Formato.PLATICA, 0)


def test_vista_previa_no_guarda(ayuntamiento):
    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento, contenido=_xlsx(SESIONES, _sesiones(3)), confirmar=False
    )
    assert resultado.por_guardar and resultado.nuevas == 3
    assert resultado.muestra[0] == (
        2,
        [
            "1 de abril de 2024",
            "10:30",
            "Sesión 1",
            "Taller",
            "Presencial",
            "Servidores públicos",
            "La Unidad de Transparencia",
            "3",
            "2",
            "0",
            "",
        ],
    )
    assert _cuantas(ayuntamiento) == 0


def test_una_fila_mala_no_guarda_nada(ayuntamiento):
    filas = _sesiones(8)
    filas[5][9] = -4  # la fila 7 de la hoja
    filas[2][4] = "Por radio"  # la fila 4
    filas[6][1] = "31/02/2024"  # la fila 8
    filas[7][12] = "Dirección inexistente"  # la fila 9

    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento, contenido=_xlsx(SESIONES, filas), confirmar=True
    )

    assert resultado.errores == [
        "Fila 4: la modalidad «Por radio» no es válida (use Presencial, En línea o Híbrida).",
        "Fila 7: el número de mujeres «-4» no es válido: los asistentes no pueden ser negativos.",
        "Fila 8: la fecha «31/02/2024» no es válida (use dd/mm/aaaa).",
        "Fila 9: el área «Dirección inexistente» no está registrada en el ayuntamiento (escriba "
        "su nombre o sus siglas como aparecen en Organización → Áreas; separe varias con «;»).",
    ]
    assert not resultado.guardado
    assert _cuantas(ayuntamiento) == 0


def test_faltan_columnas_obligatorias(ayuntamiento):
    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento,
        contenido=_xlsx(["Nombre del curso", "Mujeres"], [["Algo", 3]]),
        confirmar=True,
    )
    assert not resultado.leido
    assert resultado.errores[0].startswith("Faltan columnas obligatorias: «Tema» y «Fecha».")
    assert resultado.ignoradas == ["Nombre del curso"]
    assert _cuantas(ayuntamiento) == 0


def test_reimportar_sesiones_no_duplica(ayuntamiento):
    contenido = _xlsx(SESIONES, _sesiones(2))
    assert capacitaciones_importar(ayuntamiento=ayuntamiento, contenido=contenido, confirmar=True)
    assert _cuantas(ayuntamiento) == 2

    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento, contenido=contenido, confirmar=True
    )

    assert resultado.errores == [
        "Fila 2: la sesión «Sesión 1» el 1 de abril de 2024 a las 10:30 ya está registrada.",
        "Fila 3: la sesión «Sesión 2» el 2 de abril de 2024 a las 10:30 ya está registrada.",
    ]
    assert _cuantas(ayuntamiento) == 2


def test_sesion_repetida_dentro_del_archivo(ayuntamiento):
    filas = [*_sesiones(2), _sesiones(1)[0]]
    filas[2][0] = "  sesión   1 "
    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento, contenido=_xlsx(SESIONES, filas), confirmar=True
    )
    assert resultado.errores == [
        "Fila 4: la sesión «sesión 1» el 1 de abril de 2024 a las 10:30 ya aparece en la fila 2."
    ]
    assert _cuantas(ayuntamiento) == 0


def test_archivo_que_no_es_xlsx(ayuntamiento):
    resultado = capacitaciones_importar(
        ayuntamiento=ayuntamiento, contenido=b"Tema,Fecha\nUno,01/04/2024\n", confirmar=True
    )
    assert not resultado.leido
    assert resultado.errores[0].startswith("El archivo no es un XLSX válido")


# --- Participantes: el servicio ---------------------------------------------------------------


def test_lista_importada_da_los_totales_de_la_sesion(ayuntamiento, areas):
    sesion = objetos.sesion(ayuntamiento, mujeres=40, hombres=40)
    contenido = _xlsx(
        PARTICIPANTES,
        [
            ["Ana  López", "F", "tesoreria municipal", "Cajera", "ana@example.com", "Sí"],
            ["Luis Pérez", "Hombre", "Colegio de Notarios", "Notario", "", ""],
            ["Sofía Ruiz", "Mujer", "", "", "", "No"],
            ["Alex Díaz", "", "", "", "", "x"],
        ],
    )

    vista_previa = participantes_importar(capacitacion=sesion, contenido=contenido, confirmar=False)
    assert vista_previa.totales == {"Mujer": 1, "Hombre": 1, "No identificado": 1}
    resultado = participantes_importar(capacitacion=sesion, contenido=contenido, confirmar=True)

    assert resultado.errores == [] and resultado.guardado
    sesion = _sesion(sesion.pk)
    assert sesion.con_lista
    assert (sesion.mujeres, sesion.hombres, sesion.no_identificado) == (1, 1, 1)
    with scopes_disabled():
        ana = Participante.objects.get(nombre="Ana López")
        luis = Participante.objects.get(nombre="Luis Pérez")
        assert ana.history.count() == 1
    assert (ana.area, ana.institucion, ana.sexo, ana.cargo) == (
        areas[0],
        "",
        Sexo.MUJER,
        "Cajera",
    )
    assert (luis.area, luis.institucion) == (None, "Colegio de Notarios")
    assert ana.codigo and ana.codigo != luis.codigo


def test_sexo_invalido_en_la_fila_7_no_guarda_nada(ayuntamiento):
    sesion = objetos.sesion(ayuntamiento, mujeres=5)
    filas = _lista(8)
    filas[5][1] = "X"
    filas[6][4] = "no es un correo"

    resultado = participantes_importar(
        capacitacion=sesion, contenido=_xlsx(PARTICIPANTES, filas), confirmar=True
    )

    assert resultado.errores == [
        "Fila 7: el sexo «X» no es válido (use Mujer, Hombre o No identificado).",
        "Fila 8: correo electrónico: introduzca una dirección de correo electrónico válida.",
    ]
    assert _lista_de(sesion) == []
    sesion = _sesion(sesion.pk)
    assert (sesion.con_lista, sesion.mujeres) == (False, 5)


def test_participante_repetido_en_el_archivo_y_en_la_lista(ayuntamiento):
    sesion = objetos.sesion(ayuntamiento)
    objetos.participante(sesion, "Ana López")
    filas = [*_lista(3), ["ANA LÓPEZ", "Mujer", "", "", "", ""], ["persona  2", "Hombre"]]

    resultado = participantes_importar(
        capacitacion=sesion, contenido=_xlsx(PARTICIPANTES, filas), confirmar=True
    )

    assert resultado.errores == [
        "Fila 5: «ANA LÓPEZ» ya está en la lista de esta sesión (para corregir sus datos, "
        "edítela en la sesión).",
        "Fila 6: «persona 2» está repetida: ya aparece en la fila 3.",
    ]
    assert _lista_de(sesion) == ["Ana López"]


def test_reimportar_la_misma_lista_se_rechaza_sin_duplicar(ayuntamiento):
    sesion = objetos.sesion(ayuntamiento)
    contenido = _xlsx(PARTICIPANTES, _lista(3))
    assert participantes_importar(capacitacion=sesion, contenido=contenido, confirmar=True).guardado

    resultado = participantes_importar(capacitacion=sesion, contenido=contenido, confirmar=True)

    assert not resultado.guardado
    assert [e.split(":")[0] for e in resultado.errores] == ["Fila 2", "Fila 3", "Fila 4"]
    assert len(_lista_de(sesion)) == 3
    assert (_sesion(sesion.pk).mujeres, _sesion(sesion.pk).hombres) == (2, 1)


def test_lista_sin_columna_sexo(ayuntamiento):
    sesion = objetos.sesion(ayuntamiento)
    resultado = participantes_importar(
        capacitacion=sesion, contenido=_xlsx(["Nombre", "Cargo"], [["Ana", "X"]]), confirmar=True
    )
    assert resultado.errores[0].startswith("Faltan columnas obligatorias: «Sexo».")
    assert _lista_de(sesion) == []


# --- Las vistas -------------------------------------------------------------------------------


def _url(ayuntamiento, nombre, **kwargs) -> str:
    return reverse(f"capacitacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


def _subir(cliente, url, contenido, nombre="hoja.xlsx"):
    return cliente.post(url, {"archivo": SimpleUploadedFile(nombre, contenido)})


def _pendientes(ayuntamiento) -> list[str]:
    carpeta = f"importaciones/{ayuntamiento.pk}/capacitacion"
    return default_storage.listdir(carpeta)[1] if default_storage.exists(carpeta) else []


def test_vista_sesiones_sube_muestra_y_confirma(cliente_de, personal, ayuntamiento):
    cliente = cliente_de(personal)
    pagina = cliente.get(_url(ayuntamiento, "importar"))
    assert "«Sin sexo identificado»" in pagina.content.decode()

    respuesta = _subir(cliente, _url(ayuntamiento, "importar"), _xlsx(SESIONES, _sesiones(3)))

    html = respuesta.content.decode()
    assert '<dd class="col-sm-9" id="nuevas">3</dd>' in html
    assert "Confirmar e importar" in html
    assert _cuantas(ayuntamiento) == 0
    clave = respuesta.context["confirmar"].initial["clave"]
    assert _pendientes(ayuntamiento) == [f"sesiones-{clave}.xlsx"]

    respuesta = cliente.post(_url(ayuntamiento, "importar_confirmar"), {"clave": clave})

    assert respuesta.status_code == 302
    assert respuesta.url == _url(ayuntamiento, "lista")
    assert [str(m) for m in get_messages(respuesta.wsgi_request)] == ["Se importaron 3 sesiones."]
    assert _cuantas(ayuntamiento) == 3
    assert _pendientes(ayuntamiento) == []
    otra_vez = cliente.post(_url(ayuntamiento, "importar_confirmar"), {"clave": clave})
    assert otra_vez.status_code == 404
    assert _cuantas(ayuntamiento) == 3


def test_vista_con_fila_mala_no_ofrece_confirmar(cliente_de, titular, ayuntamiento):
    filas = _sesiones(6)
    filas[5][10] = -1
    respuesta = _subir(cliente_de(titular), _url(ayuntamiento, "importar"), _xlsx(SESIONES, filas))
    html = respuesta.content.decode()
    assert "Fila 7: el número de hombres «-1» no es válido" in html
    assert respuesta.context["confirmar"] is None
    assert _pendientes(ayuntamiento) == []


def test_confirmar_revalida_un_archivo_malo(cliente_de, titular, ayuntamiento):
    """Al confirmar se vuelve a validar todo: un archivo malo (o que dejó de ser válido) no
    guarda nada, tampoco las filas buenas."""
    filas = _sesiones(6)
    filas[5][0] = ""
    clave = uuid.uuid4()
    default_storage.save(
        f"importaciones/{ayuntamiento.pk}/capacitacion/sesiones-{clave}.xlsx",
        ContentFile(_xlsx(SESIONES, filas)),
    )

    respuesta = cliente_de(titular).post(
        _url(ayuntamiento, "importar_confirmar"), {"clave": str(clave)}
    )

    assert respuesta.status_code == 200
    assert "Fila 7: falta el tema." in respuesta.content.decode()
    assert _cuantas(ayuntamiento) == 0
    assert _pendientes(ayuntamiento) == []


def test_vista_columnas_faltantes_y_tipo_de_archivo(cliente_de, titular, ayuntamiento):
    cliente = cliente_de(titular)
    url = _url(ayuntamiento, "importar")
    respuesta = _subir(cliente, url, _xlsx(["Tema", "Hora"], [["Uno", "10:00"]]))
    assert (
        respuesta.context["form"]
        .errors["archivo"][0]
        .startswith("Faltan columnas obligatorias: «Fecha».")
    )
    respuesta = _subir(cliente, url, b"Tema,Fecha\n", "sesiones.csv")
    assert respuesta.context["form"].errors["archivo"] == [
        "Formato no admitido: suba un libro de Excel (.xlsx)."
    ]
    respuesta = _subir(cliente, url, b"%PDF-1.7 renombrado", "sesiones.xlsx")
    assert (
        respuesta.context["form"].errors["archivo"][0].startswith("El archivo no es un XLSX válido")
    )
    assert _pendientes(ayuntamiento) == []


def test_vista_participantes_sube_muestra_y_confirma(cliente_de, personal, ayuntamiento):
    sesion = objetos.sesion(ayuntamiento, mujeres=9)
    cliente = cliente_de(personal)
    url = _url(ayuntamiento, "importar_participantes", pk=sesion.pk)
    assert "«Área o institución»" in cliente.get(url).content.decode()

    respuesta = _subir(cliente, url, _xlsx(PARTICIPANTES, _lista(3)))

    assert respuesta.context["resultado"].totales == {
        "Mujer": 2,
        "Hombre": 1,
        "No identificado": 0,
    }
    clave = respuesta.context["confirmar"].initial["clave"]
    assert _pendientes(ayuntamiento) == [f"participantes-{sesion.pk}-{clave}.xlsx"]
    assert _lista_de(sesion) == []

    respuesta = cliente.post(
        _url(ayuntamiento, "importar_participantes_confirmar", pk=sesion.pk), {"clave": clave}
    )

    assert respuesta.status_code == 302
    assert respuesta.url == _url(ayuntamiento, "detalle", pk=sesion.pk)
    assert len(_lista_de(sesion)) == 3
    assert (_sesion(sesion.pk).mujeres, _sesion(sesion.pk).hombres) == (2, 1)
    assert _pendientes(ayuntamiento) == []


def test_vista_participantes_fila_7_mala_al_confirmar(cliente_de, titular, ayuntamiento):
    sesion = objetos.sesion(ayuntamiento, mujeres=9)
    filas = _lista(8)
    filas[5][1] = "X"
    clave = uuid.uuid4()
    default_storage.save(
        f"importaciones/{ayuntamiento.pk}/capacitacion/participantes-{sesion.pk}-{clave}.xlsx",
        ContentFile(_xlsx(PARTICIPANTES, filas)),
    )

    respuesta = cliente_de(titular).post(
        _url(ayuntamiento, "importar_participantes_confirmar", pk=sesion.pk), {"clave": str(clave)}
    )

    assert respuesta.status_code == 200
    assert (
        "Fila 7: el sexo «X» no es válido (use Mujer, Hombre o No identificado)."
        in respuesta.content.decode()
    )
    assert _lista_de(sesion) == []
    assert (_sesion(sesion.pk).con_lista, _sesion(sesion.pk).mujeres) == (False, 9)


def test_clave_de_otra_sesion_o_inventada_da_404(
    cliente_de, titular, ayuntamiento, ayuntamiento_ajeno
):
    sesion = objetos.sesion(ayuntamiento)
    otra = objetos.sesion(ayuntamiento, tema="Otra sesión")
    cliente = cliente_de(titular)
    confirmar = _url(ayuntamiento, "importar_participantes_confirmar", pk=sesion.pk)
    # El archivo pendiente es de la otra sesión: con la clave no se alcanza desde ésta.
    clave = uuid.uuid4()
    default_storage.save(
        f"importaciones/{ayuntamiento.pk}/capacitacion/participantes-{otra.pk}-{clave}.xlsx",
        ContentFile(_xlsx(PARTICIPANTES, _lista(2))),
    )
    assert cliente.post(confirmar, {"clave": str(clave)}).status_code == 404
    assert cliente.post(confirmar, {"clave": str(uuid.uuid4())}).status_code == 404
    assert cliente.post(confirmar, {"clave": "../../etc/passwd"}).status_code == 404
    # Una importación de sesiones pendiente de otro ayuntamiento tampoco.
    ajena = uuid.uuid4()
    default_storage.save(
        f"importaciones/{ayuntamiento_ajeno.pk}/capacitacion/sesiones-{ajena}.xlsx",
        ContentFile(_xlsx(SESIONES, _sesiones(1))),
    )
    assert (
        cliente.post(_url(ayuntamiento, "importar_confirmar"), {"clave": str(ajena)}).status_code
        == 404
    )
    assert _lista_de(sesion) == _lista_de(otra) == []
    assert (_cuantas(ayuntamiento), _cuantas(ayuntamiento_ajeno)) == (2, 0)


def test_sesion_de_otro_ayuntamiento_o_inexistente_da_404(
    cliente_de, titular, ayuntamiento, ayuntamiento_ajeno
):
    ajena = objetos.sesion(ayuntamiento_ajeno)
    cliente = cliente_de(titular)
    for pk in (ajena.pk, 987654):
        assert cliente.get(_url(ayuntamiento, "importar_participantes", pk=pk)).status_code == 404
        respuesta = _subir(
            cliente,
            _url(ayuntamiento, "importar_participantes", pk=pk),
            _xlsx(PARTICIPANTES, _lista(1)),
        )
        assert respuesta.status_code == 404
    assert _lista_de(ajena) == []


@pytest.mark.parametrize("rol", ["consulta", "enlace", "usuario_garante"])
def test_solo_captura_importa(request, cliente_de, ayuntamiento, rol):
    sesion = objetos.sesion(ayuntamiento)
    cliente = cliente_de(request.getfixturevalue(rol))
    for nombre, kwargs, hoja in (
        ("importar", {}, _xlsx(SESIONES, _sesiones(1))),
        ("importar_participantes", {"pk": sesion.pk}, _xlsx(PARTICIPANTES, _lista(1))),
    ):
        assert cliente.get(_url(ayuntamiento, nombre, **kwargs)).status_code == 403
        assert _subir(cliente, _url(ayuntamiento, nombre, **kwargs), hoja).status_code == 403
        confirmar = _url(ayuntamiento, f"{nombre}_confirmar", **kwargs)
        assert cliente.post(confirmar, {"clave": str(uuid.uuid4())}).status_code == 403
    assert (_cuantas(ayuntamiento), _lista_de(sesion)) == (1, [])


def test_metodos_no_permitidos(cliente_de, titular, ayuntamiento):
    sesion = objetos.sesion(ayuntamiento)
    cliente = cliente_de(titular)
    assert cliente.get(_url(ayuntamiento, "importar_confirmar")).status_code == 405
    assert (
        cliente.get(
            _url(ayuntamiento, "importar_participantes_confirmar", pk=sesion.pk)
        ).status_code
        == 405
    )
    assert cliente.put(_url(ayuntamiento, "importar")).status_code == 405
