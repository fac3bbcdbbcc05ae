"""Entrada hostil en cada formulario e importación del proyecto, con hypothesis.

Los formularios se descubren, no se enumeran: cada ruta que acepta POST (leída del resolvedor,
con los roles de tests/test_permisos.py) se abre como el titular (y como el enlace, si el enlace
también puede enviarla), se leen de su HTML los campos de los <form> que apuntan a ella, y se
envían valores hostiles: textos larguísimos, unicode de derecha a izquierda y emoji, HTML y
JavaScript, fórmulas de hoja de cálculo, números negativos y enormes, fechas imposibles y
archivos que no son lo que dice su extensión.

Lo que se promete: nunca un 500; si se rechaza, un error en español junto al campo o arriba del
formulario y nada guardado (ni renglones ni archivos); si se acepta, lo capturado se muestra
escapado, nunca como HTML. Cada ejemplo corre dentro de un punto de guardado que se deshace,
para que lo que uno guarda o borra no cambie lo que ve el siguiente.
"""

# ruff: noqa: F811 (las fixtures importadas, objetos y direcciones, son argumentos de las pruebas)
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.entrada_hostil import (
    ARCHIVO,
    FIJOS,
    HOSTIL,
    MARCAS_DE_ERROR,
    XSS,
    XSS_ATRIBUTO,
    Campo,
    Formulario,
    conteos,
    crudo_en,
    diferencias,
    formularios_de,
    ingles_en,
    libro_xlsx,
    ruta_de,
)
from tests.organizacion.test_tenencia import objetos  # noqa: F401 (fixture)
from tests.poa.objetos import crear_plan
from tests.test_permisos import (  # noqa: F401 (direcciones es una fixture)
    ACCESOS,
    ANONIMO,
    NADA_PENDIENTE,
    NADIE,
    PUBLICA,
    TODAS,
    direcciones,
)

EJEMPLOS = 12
AJUSTES = settings(
    max_examples=EJEMPLOS,
    deadline=None,
    derandomize=True,  # la misma corrida en CI y en la laptop: una falla se reproduce
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Cerrar la sesión no tiene campos (y dejaría al cliente fuera).
NO_SE_PRUEBAN = {"logout"}
# Sólo existen después de una vista previa; sin ella se envían campos al azar.
SIN_FORMULARIO_PREVIO = {
    nombre for nombre, acceso in ACCESOS.items() if acceso.respuesta == NADA_PENDIENTE
}
# Botones de una página (sólo POST) que aparecen según el estado del objeto; y el cambio de
# contraseña con un enlace caducado, que no muestra formulario.
SOLO_UN_BOTON = {nombre for nombre, acceso in ACCESOS.items() if acceso.get is NADIE} | {
    "password_reset_confirm"
}
# El enlace del área del turno de prueba responde turnos y captura avances del POA.
CASOS = sorted(
    (nombre, visitante)
    for nombre in TODAS
    if nombre in ACCESOS and ACCESOS[nombre].post is not NADIE and nombre not in NO_SE_PRUEBAN
    for visitante in (
        [ANONIMO]
        if ACCESOS[nombre].clase == PUBLICA
        else ["titular"] + (["enlace"] if "enlace" in (ACCESOS[nombre].post or ()) else [])
    )
)


def test_se_prueban_los_formularios_de_todas_las_apps():
    nombres = {nombre for nombre, _ in CASOS}
    for app in ("organizacion", "solicitudes", "poa", "capacitacion", "autoevaluacion"):
        assert any(n.startswith(f"{app}:") for n in nombres), app
    assert {"reportes:configuracion", "login", "solicitudes:turno_detalle"} <= nombres
    assert ("solicitudes:turno_detalle", "enlace") in CASOS
    assert len(CASOS) >= 60


# --- Descubrir el formulario de una ruta ------------------------------------------------------


def _cliente(visitante: str, request) -> Client:
    cliente = Client()
    if visitante != ANONIMO:
        cliente.force_login(request.getfixturevalue(visitante))
    return cliente


def _paginas_que_lo_muestran(nombre: str, visitante: str) -> list[str]:
    """La ruta misma si se puede abrir; si sólo acepta POST (un botón en una página de
    detalle), las páginas de su app que el visitante puede abrir."""

    def puede_ver(ruta: str) -> bool:
        roles = ACCESOS[ruta].get
        return roles is not NADIE and (visitante in roles or ACCESOS[ruta].clase == PUBLICA)

    if puede_ver(nombre):
        return [nombre]
    app = nombre.split(":")[0]
    return [r for r in TODAS if r.startswith(f"{app}:") and r in ACCESOS and puede_ver(r)]


def _formularios(nombre: str, visitante: str, cliente: Client, direccion) -> list[Formulario]:
    encontrados = []
    for pagina in _paginas_que_lo_muestran(nombre, visitante):
        url = direccion(pagina)
        respuesta = cliente.get(url)
        if "html" not in respuesta.get("Content-Type", "") or respuesta.status_code != 200:
            continue
        encontrados += [
            f
            for f in formularios_de(url, respuesta.content.decode())
            if ruta_de(f.accion) == nombre
        ]
    return encontrados


# --- Los valores de un campo ------------------------------------------------------------------

_VALIDOS_POR_TIPO = {
    "date": st.sampled_from(["2024-07-15", "15/07/2024"]),
    "time": st.just("10:30"),
    "datetime-local": st.just("2024-07-15T10:30"),
    "number": st.integers(min_value=0, max_value=20).map(str),
    "email": st.just("persona@oaxaca.gob.mx"),
}


def _valor(campo: Campo) -> st.SearchStrategy:
    """Lo que trae el campo (o uno de sus valores válidos) o algo hostil."""
    if campo.tipo == "file":
        return st.one_of(st.none(), ARCHIVO)
    if campo.tipo == "checkbox":
        return st.one_of(st.none(), st.sampled_from(campo.opciones), HOSTIL)
    if campo.tipo in {"select", "radio"}:
        opciones = [o for o in campo.opciones] or [""]
        elegida = st.sampled_from(opciones)
        if campo.multiple:
            return st.one_of(st.lists(elegida, max_size=3), st.lists(HOSTIL, max_size=2))
        return st.one_of(elegida, HOSTIL)
    if campo.tipo == "number":
        return st.one_of(st.just(campo.valor), _VALIDOS_POR_TIPO["number"], NUMEROS, HOSTIL)
    propio = st.just(campo.valor) if campo.valor else _VALIDOS_POR_TIPO.get(campo.tipo, st.just(""))
    return st.one_of(propio, _VALIDOS_POR_TIPO.get(campo.tipo, propio), HOSTIL)


# Números que un campo numérico debe rechazar en español (y que SQLite no sabe guardar o leer).
NUMEROS = st.sampled_from(
    [
        "-1",
        "-999999999999999999999",
        "99999999999999999999999999",
        "10000000000",
        "2147483648",
        "9223372036854775808",
        "1e309",
        "NaN",
        "-inf",
        "0.001",
        "1,5",
    ]
)


@st.composite
def _datos(draw, formularios: list[Formulario]) -> dict:
    """Los datos de un envío: de uno de los formularios de la ruta, cada campo con su valor
    o con uno hostil (a veces uno solo, para que lo demás sea válido y se acepte)."""
    if not any(f.campos or f.botones for f in formularios):  # sin vista previa, o un botón
        return draw(st.dictionaries(st.sampled_from(["clave", "huella", "x"]), HOSTIL, max_size=3))
    formulario = draw(st.sampled_from(formularios))
    campos = [c for c in formulario.campos.values() if c.nombre != "csrfmiddlewaretoken"]
    uno_solo = draw(st.booleans()) and campos
    blanco = draw(st.sampled_from(campos)) if uno_solo else None
    # Como un navegador: el token de CSRF va siempre (el cliente de prueba no lo exige, pero
    # sin él un POST sin archivo llegaría vacío y la vista lo tomaría por un GET).
    datos: dict = {
        c.nombre: c.valor for c in formulario.campos.values() if c.nombre == "csrfmiddlewaretoken"
    }
    for campo in campos:
        if blanco is not None and campo is not blanco:
            if campo.tipo == "file":
                continue
            if campo.tipo == "checkbox" and not campo.marcado:
                continue
            valor = campo.valor if campo.tipo != "select" or not campo.multiple else []
            datos[campo.nombre] = valor or (
                draw(_VALIDOS_POR_TIPO[campo.tipo]) if campo.tipo in _VALIDOS_POR_TIPO else ""
            )
            continue
        valor = draw(_valor(campo))
        if valor is not None:
            datos[campo.nombre] = valor
    if formulario.botones:
        nombre, valor = draw(st.sampled_from(formulario.botones))
        datos.setdefault(nombre, valor)
    return datos


def _para_enviar(datos: dict) -> dict:
    """Los archivos se crean en cada envío: un SimpleUploadedFile ya leído llega vacío."""
    return {
        clave: SimpleUploadedFile(valor[0], valor[1], content_type=valor[2])
        if isinstance(valor, tuple)
        else valor
        for clave, valor in datos.items()
    }


# --- Lo que se promete ------------------------------------------------------------------------

RESPUESTAS = frozenset({200, 302, 400})


def _revisar(respuesta, cliente: Client, antes: dict, esperados: frozenset[int]):
    codigo = respuesta.status_code
    assert codigo in esperados, f"respuesta {codigo}"
    texto = (
        respuesta.content.decode(errors="replace")
        if "html" in respuesta.get("Content-Type", "")
        else ""
    )
    assert not ingles_en(texto), f"mensajes de Django en inglés: {ingles_en(texto)}"
    assert not crudo_en(texto), f"HTML del usuario sin escapar: {crudo_en(texto)}"
    rechazado = codigo == 400 or (codigo == 200 and any(m in texto for m in MARCAS_DE_ERROR))
    event("rechazado" if rechazado else f"aceptado ({codigo})")
    if codigo == 400:
        assert any(m in texto for m in MARCAS_DE_ERROR), "400 sin un error visible"
    if rechazado:
        cambios = diferencias(antes, conteos())
        assert not cambios, f"rechazado pero se guardó algo: {cambios}"
    if codigo == 302:
        # Aceptado: la página a la que lleva muestra lo capturado escapado.
        destino = cliente.get(respuesta["Location"])
        if "html" in destino.get("Content-Type", ""):
            pagina = destino.content.decode()
            assert not crudo_en(pagina), f"{respuesta['Location']} sin escapar: {crudo_en(pagina)}"
            assert not ingles_en(pagina), f"{respuesta['Location']} en inglés"


@pytest.mark.parametrize(("nombre", "visitante"), CASOS)
def test_formulario_con_entrada_hostil(nombre, visitante, request, direcciones):
    url = direcciones(nombre)
    formularios = _formularios(nombre, visitante, _cliente(visitante, request), direcciones)
    if nombre in SOLO_UN_BOTON and not formularios:
        # El botón no aparece con los objetos de prueba (p. ej. «Quitar» a uno mismo): se
        # envía sin campos o con campos al azar.
        formularios = [Formulario(accion=url)]
    elif nombre not in SIN_FORMULARIO_PREVIO:
        assert formularios, f"No se encontró en ninguna página un formulario que envíe a {nombre}"
        assert any(f.campos or f.botones for f in formularios)
    esperados = RESPUESTAS | (NADA_PENDIENTE if nombre in SIN_FORMULARIO_PREVIO else frozenset())

    @AJUSTES
    @given(datos=_datos(formularios))
    def enviar(datos):
        with transaction.atomic():
            try:
                cliente = _cliente(visitante, request)
                antes = conteos()
                try:
                    respuesta = cliente.post(url, _para_enviar(datos))
                except Exception as error:  # un 500
                    raise AssertionError(f"{nombre}: excepción {error!r}") from error
                _revisar(respuesta, cliente, antes, esperados)
            finally:
                transaction.set_rollback(True)

    enviar()


# --- Los 500 que encontró hypothesis, fijos ----------------------------------------------------

REGRESIONES = [
    # Un entero más allá de 64 bits llegaba a la consulta de la restricción del modelo
    # (FormularioDeAyuntamiento._post_clean): OverflowError en SQLite.
    (
        "capacitacion:nueva",
        "titular",
        {
            "fecha": "2024-07-15",
            "hora": "10:30",
            "duracion_minutos": "60",
            "modalidad": "presencial",
            "formato": "curso",
            "publico": "servidores",
            "impartida_por": "unidad",
            "mujeres": "0",
            "hombres": "0",
            "no_identificado": "99999999999999999999999999",
        },
    ),
    # El id de un área fuera de 64 bits en una selección múltiple: OverflowError en SQLite.
    ("solicitudes:turnar", "titular", {"turno-areas": "-999999999999999999999"}),
    ("solicitudes:denuncia_requerir", "titular", {"areas": "99999999999999999999"}),
    # Un valor con más dígitos que la columna se guardaba (SQLite no lo impide) y la página
    # de la actividad fallaba al leerlo.
    ("poa:capturar", "enlace", {"valor": "10000000000"}),
    ("poa:capturar", "titular", {"valor": "10000000000"}),
]


@pytest.mark.parametrize(("nombre", "visitante", "datos"), REGRESIONES)
def test_lo_que_daba_500_ahora_es_un_error_en_espanol(
    nombre,
    visitante,
    datos,
    request,
    direcciones,
):
    cliente = _cliente(visitante, request)
    antes = conteos()
    respuesta = cliente.post(direcciones(nombre), {"turno-fecha": "2024-07-02", **datos})
    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    assert "invalid-feedback" in texto, _errores(texto)
    assert not ingles_en(texto)
    assert not diferencias(antes, conteos())


# --- Lo aceptado se muestra escapado -----------------------------------------------------------

ESCAPADOS = (
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
)


@pytest.mark.parametrize(
    ("nombre", "datos", "pagina"),
    [
        ("organizacion:area_nueva", {"nombre": XSS_ATRIBUTO}, "organizacion:areas"),
        ("organizacion:area_editar", {"nombre": XSS}, "organizacion:areas"),
    ],
)
def test_lo_aceptado_se_muestra_escapado(nombre, datos, pagina, request, direcciones):
    cliente = _cliente("titular", request)
    (formulario, *_) = _formularios(nombre, "titular", cliente, direcciones)
    completos = {c.nombre: c.valor for c in formulario.campos.values() if c.tipo != "checkbox"}
    respuesta = cliente.post(direcciones(nombre), {**completos, **datos})
    assert respuesta.status_code == 302
    texto = cliente.get(direcciones(pagina)).content.decode()
    assert not crudo_en(texto)
    assert any(escapado in texto for escapado in ESCAPADOS)


# --- Las importaciones ------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (ruta, columnas de una hoja, una fila válida en todo salvo las fechas imposibles). Las
# columnas son las de docs/importar-solicitudes.md, docs/poa-importar.md y
# docs/capacitacion-importar.md.
IMPORTACIONES = {
    "solicitudes:importar": (
        ["Folio", "Fecha de recepción", "Medio", "Tipo de solicitud", "Descripción"],
        lambda fecha, texto: ["201181924000999", fecha, "PNT", "Información pública", texto],
    ),
    "poa:importar": (
        ["OBJETIVO", "LÍNEA DE ACCIÓN", "PRODUCTO", "INICIO", "TÉRMINO", "META ANUAL"],
        lambda fecha, texto: [texto, "Línea", "Producto", fecha, "31/12/2024", "10 informes"],
    ),
    "capacitacion:importar": (
        ["Tema", "Fecha", "Hora", "Duración (minutos)", "Modalidad", "Formato", "Público"],
        lambda fecha, texto: [
            texto,
            fecha,
            "10:30",
            90,
            "Presencial",
            "Taller",
            "Servidores públicos",
        ],
    ),
    "capacitacion:importar_participantes": (
        ["Nombre", "Sexo", "Área o institución", "Cargo", "Correo", "Asistió"],
        lambda fecha, texto: [texto, "Mujer", "", fecha, "no-es-correo", "Tal vez"],
    ),
}
FECHAS_IMPOSIBLES = ["2024-02-30", "31/04/2024", "30/02/2024", "2023-02-29", "00/00/0000"]


def _hoja_con_fechas_imposibles(nombre: str, texto: str) -> bytes:
    encabezados, fila = IMPORTACIONES[nombre]
    return libro_xlsx([encabezados] + [fila(f, texto) for f in FECHAS_IMPOSIBLES])


def _csv_hostil(nombre: str) -> bytes:
    encabezados, fila = IMPORTACIONES[nombre]
    filas = [encabezados, fila("=cmd|' /C calc'!A0", "+1+1")]
    filas.append(fila("99999999999999999999999999", '=HYPERLINK("http://x")'))
    filas.append(fila("-1", XSS))
    texto = io.StringIO()
    for renglon in filas:
        texto.write(",".join(f'"{c!s}"' for c in renglon) + "\r\n")
    return texto.getvalue().encode()


def _url_importacion(nombre: str, direccion, ayuntamiento) -> str:
    """El plan de prueba ya tiene avances (no admite importar): el POA se importa en uno
    nuevo."""
    if nombre == "poa:importar":
        plan = crear_plan(ayuntamiento, anio=2031)
        return reverse(nombre, kwargs={"ayuntamiento": ayuntamiento.slug, "pk": plan.pk})
    return direccion(nombre)


def _subir(cliente, url, nombre_archivo, contenido, tipo=XLSX):
    return cliente.post(url, {"archivo": SimpleUploadedFile(nombre_archivo, contenido, tipo)})


ARCHIVOS_ILEGIBLES = [
    ("vacio.xlsx", b""),
    ("azar.xlsx", bytes(range(256)) * 16),
    ("pdf.xlsx", b"%PDF-1.4\n%%EOF"),
    ("zip.xlsx", b"PK\x03\x04" + b"\x00" * 100),
    ("sin-extension", libro_xlsx([["a"]])),
    (f"{XSS_ATRIBUTO}.xlsx", b"no es un libro"),
]


def _errores(texto: str) -> list[str]:
    """Los mensajes de error de la página, para el mensaje de una prueba que falla."""
    return re.findall(
        r'class="(?:invalid-feedback|alert alert-\w+)[^"]*"[^>]*>(.*?)</', texto, re.S
    )


def _sin_confirmar(texto: str) -> None:
    """La vista previa de un archivo con errores no ofrece confirmar."""
    assert 'name="clave"' not in texto


@pytest.mark.parametrize("nombre", sorted(IMPORTACIONES))
@pytest.mark.parametrize(("archivo", "contenido"), ARCHIVOS_ILEGIBLES)
def test_importar_un_archivo_ilegible(
    nombre,
    archivo,
    contenido,
    request,
    direcciones,
    ayuntamiento,
):
    cliente = _cliente("titular", request)
    url = _url_importacion(nombre, direcciones, ayuntamiento)
    antes = conteos()
    respuesta = _subir(cliente, url, archivo, contenido)
    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    assert "invalid-feedback" in texto  # junto al campo del archivo
    assert not ingles_en(texto) and not crudo_en(texto)
    _sin_confirmar(texto)
    assert not diferencias(antes, conteos())


@pytest.mark.parametrize("nombre", sorted(IMPORTACIONES))
def test_importar_fechas_imposibles_lista_las_filas(
    nombre,
    request,
    direcciones,
    ayuntamiento,
):
    cliente = _cliente("titular", request)
    url = _url_importacion(nombre, direcciones, ayuntamiento)
    antes = conteos()
    contenido = _hoja_con_fechas_imposibles(nombre, XSS)
    respuesta = _subir(cliente, url, "fechas.xlsx", contenido)
    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    assert "El archivo tiene errores: no se guardará nada" in texto, _errores(texto)
    # Una fila por fecha imposible, con su número (la 1 es la de los encabezados).
    for fila in range(2, 2 + len(FECHAS_IMPOSIBLES)):
        assert f"ila {fila}" in texto, f"falta la fila {fila}"
    assert not ingles_en(texto) and not crudo_en(texto)
    _sin_confirmar(texto)
    assert not diferencias(antes, conteos())


@pytest.mark.parametrize("nombre", sorted(IMPORTACIONES))
def test_importar_csv_con_formulas_y_numeros_enormes(nombre, request, direcciones, ayuntamiento):
    """Solicitudes lee CSV y rechaza sus filas; el POA y la capacitación sólo leen XLSX."""
    cliente = _cliente("titular", request)
    url = _url_importacion(nombre, direcciones, ayuntamiento)
    antes = conteos()
    respuesta = _subir(cliente, url, "hostil.csv", _csv_hostil(nombre), "text/csv")
    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    if nombre == "solicitudes:importar":
        assert "El archivo tiene errores: no se guardará nada" in texto, _errores(texto)
        assert "Fila 2" in texto or "fila 2" in texto, _errores(texto)
    else:
        assert "Formato no admitido" in texto and "invalid-feedback" in texto, _errores(texto)
    assert not ingles_en(texto) and not crudo_en(texto)
    _sin_confirmar(texto)
    assert not diferencias(antes, conteos())


@pytest.mark.parametrize("nombre", sorted(IMPORTACIONES))
def test_importar_hojas_al_azar(nombre, request, direcciones, ayuntamiento):
    """Celdas hostiles al azar (fechas, números, textos) bajo los encabezados correctos: la
    vista previa nunca falla, y lo que rechaza lo dice en español, por fila, sin guardar."""
    url = _url_importacion(nombre, direcciones, ayuntamiento)
    encabezados, _ = IMPORTACIONES[nombre]
    celda = st.one_of(
        st.sampled_from(FIJOS),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.dates(),
        st.none(),
    )
    fila = st.lists(celda, min_size=len(encabezados), max_size=len(encabezados))

    @AJUSTES
    @given(filas=st.lists(fila, min_size=1, max_size=5))
    def subir(filas):
        with transaction.atomic():
            try:
                cliente = _cliente("titular", request)
                antes = conteos()
                try:
                    contenido = libro_xlsx([encabezados, *filas])
                except Exception:  # openpyxl no escribe algunos caracteres de control
                    return
                try:
                    respuesta = _subir(cliente, url, "azar.xlsx", contenido)
                except Exception as error:
                    raise AssertionError(f"{nombre}: excepción {error!r}") from error
                assert respuesta.status_code == 200
                texto = respuesta.content.decode()
                assert not ingles_en(texto) and not crudo_en(texto)
                # La vista previa nunca guarda nada en la base; si ofrece confirmar, deja el
                # archivo en espera (uno solo).
                despues = conteos()
                assert not {k for k in diferencias(antes, despues) if k != "archivos"}
                if "alert-danger" in texto:
                    _sin_confirmar(texto)
                    assert despues["archivos"] == antes["archivos"]
            finally:
                transaction.set_rollback(True)

    subir()


def test_las_importaciones_estan_todas():
    """Cada ruta «…importar…» que recibe un archivo está en IMPORTACIONES."""
    rutas = {n for n in TODAS if "importar" in n and not n.endswith("confirmar")}
    assert rutas == set(IMPORTACIONES)
