"""Las páginas de reportes: pedir, seguir la generación (htmx), descargar, regenerar sin
tocar lo ya entregado, datos abiertos, configuración, y quién puede qué (la matriz de
permisos de la descarga: roles, extraños y garantes)."""

import csv
import hashlib
import io
from datetime import date

import pytest
import time_machine
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from organizacion.models import Oficio
from reportes.generacion import generar, oficio_de_remision
from reportes.models import (
    ConfiguracionReportes,
    Destinatario,
    EstadoReporte,
    RemisionReporte,
    Reporte,
)
from reportes.servicios import reporte_solicitar

from .objetos import reporte_pendiente
from .pdf import texto_del_pdf

HOY = "2024-07-10 12:00-06:00"


@pytest.fixture(autouse=True)
def _hoy():
    with time_machine.travel(HOY, tick=False):
        yield


def _url(ayuntamiento, resto: str = "") -> str:
    return f"/{ayuntamiento.slug}/reportes/{resto}"


def _pedir(cliente, ayuntamiento, capturar, **datos):
    with capturar(execute=True):
        return cliente.post(
            _url(ayuntamiento), {"tipo": "trimestral", "anio": 2024, "periodo": 2, **datos}
        )


@pytest.fixture
def listo(ayuntamiento, titular, django_capture_on_commit_callbacks) -> Reporte:
    """Un informe trimestral ya generado (Celery en modo ansioso, como en la demo)."""
    with scope(ayuntamiento=ayuntamiento), django_capture_on_commit_callbacks(execute=True):
        reporte = reporte_solicitar(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            anio=2024,
            periodo=2,
            hoy=date(2024, 7, 10),
            usuario=titular,
        )
    with scopes_disabled():
        reporte.refresh_from_db()
    return reporte


@pytest.fixture
def emitido(listo, ayuntamiento, titular, cliente_de, django_capture_on_commit_callbacks):
    """El mismo informe, emitido por la titular desde su página."""
    with django_capture_on_commit_callbacks(execute=True):
        cliente_de(titular).post(_url(ayuntamiento, f"{listo.pk}/emitir/"))
    with scopes_disabled():
        listo.refresh_from_db()
    assert listo.emitido is not None
    return listo


def test_pedir_un_reporte_lo_genera_y_lleva_a_su_pagina(
    ayuntamiento, titular, cliente_de, django_capture_on_commit_callbacks
):
    cliente = cliente_de(titular)
    respuesta = _pedir(cliente, ayuntamiento, django_capture_on_commit_callbacks)
    with scopes_disabled():
        reporte = Reporte.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == _url(ayuntamiento, f"{reporte.pk}/")
    assert reporte.estado == EstadoReporte.LISTO
    assert reporte.solicitado_por == titular
    assert (reporte.anio, reporte.periodo, reporte.version) == (2024, 2, 1)
    pagina = cliente.get(respuesta["Location"]).content.decode()
    assert "Descargar el borrador (PDF)" in pagina
    assert "Emitir con número de oficio" in pagina
    assert reporte.sha256 in pagina
    # Un borrador no gasta número de oficio.
    assert reporte.oficio_id is None and reporte.emitido is None
    # Terminado: el fragmento ya no vuelve a preguntar.
    assert "hx-get" not in pagina


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        ({"anio": 2024, "periodo": 4}, "El cuarto trimestre de 2024 aún no comienza"),
        ({"anio": 2025, "periodo": 1}, "aún no comienza"),
        ({"tipo": "mensual"}, "Seleccione una opción válida"),
        ({"tipo": "semestral", "periodo": 3}, "El semestre debe ser un número del 1 al 2."),
        ({"periodo": 5}, "menor o igual a 4"),
        ({"anio": "dos mil"}, "Introduzca un número entero"),
    ],
)
def test_un_periodo_o_tipo_invalido_se_explica_y_no_crea_nada(
    ayuntamiento, titular, cliente_de, django_capture_on_commit_callbacks, datos, mensaje
):
    respuesta = _pedir(
        cliente_de(titular), ayuntamiento, django_capture_on_commit_callbacks, **datos
    )
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    with scopes_disabled():
        assert not Reporte.objects.exists()
        assert not Oficio.objects.exists()


def test_los_anuales_no_piden_periodo(
    ayuntamiento, titular, cliente_de, django_capture_on_commit_callbacks
):
    with time_machine.travel("2025-01-15 12:00-06:00", tick=False):
        _pedir(
            cliente_de(titular),
            ayuntamiento,
            django_capture_on_commit_callbacks,
            tipo="datos_personales",
            periodo=3,
        )
    with scopes_disabled():
        assert Reporte.objects.get().periodo == 1


def test_la_descarga_es_el_pdf_con_su_huella(listo, ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).get(_url(ayuntamiento, f"{listo.pk}/descargar/"))
    contenido = b"".join(respuesta.streaming_content)
    assert respuesta["Content-Type"] == "application/pdf"
    assert "attachment" in respuesta["Content-Disposition"]
    assert hashlib.sha256(contenido).hexdigest() == listo.sha256
    assert "Oaxaca de Juárez" in texto_del_pdf(contenido)


def test_emitir_toma_un_numero_y_lo_pone_en_el_pdf(
    emitido, ayuntamiento, titular, personal, cliente_de, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        oficio = Oficio.objects.get()
    assert emitido.oficio_id == oficio.pk and emitido.emitido_por == titular
    assert oficio.tipo == "informe" and oficio.asunto.startswith("Se remite informe trimestral")
    with emitido.archivo.open("rb") as archivo:
        contenido = archivo.read()
    assert hashlib.sha256(contenido).hexdigest() == emitido.sha256
    texto = texto_del_pdf(contenido)
    assert f"No. DE OFICIO: {oficio.folio}" in texto and "BORRADOR" not in texto
    pagina = cliente_de(personal).get(_url(ayuntamiento, f"{emitido.pk}/")).content.decode()
    assert f"Emitido: {oficio.folio}" in pagina and "Enviar ahora" in pagina
    # Sólo la titular emite; emitir otra vez no toma otro número.
    assert cliente_de(personal).post(_url(ayuntamiento, f"{emitido.pk}/emitir/")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        cliente_de(titular).post(_url(ayuntamiento, f"{emitido.pk}/emitir/"))
    with scopes_disabled():
        assert Oficio.objects.count() == 1


def test_un_borrador_que_se_sigue_generando_no_se_emite(ayuntamiento, titular, cliente_de):
    reporte = reporte_pendiente(ayuntamiento)
    pagina = cliente_de(titular).post(_url(ayuntamiento, f"{reporte.pk}/emitir/"), follow=True)
    assert "El borrador aún se está generando" in pagina.content.decode()
    with scopes_disabled():
        assert not Oficio.objects.exists()


def test_regenerar_crea_otra_version_sin_tocar_la_anterior(
    emitido, ayuntamiento, personal, cliente_de, django_capture_on_commit_callbacks
):
    listo = emitido
    archivo, huella, oficio = listo.archivo.name, listo.sha256, listo.oficio_id
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = cliente_de(personal).post(_url(ayuntamiento, f"{listo.pk}/regenerar/"))
    with scopes_disabled():
        nueva = Reporte.objects.get(version=2)
        listo.refresh_from_db()
    assert respuesta["Location"] == _url(ayuntamiento, f"{nueva.pk}/")
    assert nueva.estado == EstadoReporte.LISTO and nueva.solicitado_por == personal
    assert (listo.archivo.name, listo.sha256, listo.oficio_id) == (archivo, huella, oficio)
    # La versión nueva es un borrador: sin número hasta que se emita.
    assert nueva.archivo.name != archivo and nueva.oficio_id is None and nueva.emitido is None
    assert listo.archivo.storage.exists(archivo)
    pagina = cliente_de(personal).get(_url(ayuntamiento, f"{nueva.pk}/")).content.decode()
    assert "Versión 1" in pagina and "Versión 2" in pagina


def test_el_estado_se_consulta_por_htmx_mientras_se_genera(ayuntamiento, titular, cliente_de):
    reporte = reporte_pendiente(ayuntamiento)
    cliente = cliente_de(titular)
    fragmento = cliente.get(_url(ayuntamiento, f"{reporte.pk}/estado/"), HTTP_HX_REQUEST="true")
    texto = fragmento.content.decode()
    assert f'hx-get="{_url(ayuntamiento, f"{reporte.pk}/estado/")}"' in texto
    assert "En espera" in texto and "Descargar" not in texto
    with scopes_disabled():
        Reporte.objects.filter(pk=reporte.pk).update(
            estado=EstadoReporte.ERROR, error="No se pudo generar el reporte: prueba"
        )
    texto = cliente.get(_url(ayuntamiento, f"{reporte.pk}/estado/")).content.decode()
    assert "hx-get" not in texto
    assert "No se pudo generar el reporte: prueba" in texto


def test_un_reporte_sin_terminar_no_se_descarga(ayuntamiento, titular, cliente_de):
    reporte = reporte_pendiente(ayuntamiento)
    cliente = cliente_de(titular)
    assert cliente.get(_url(ayuntamiento, f"{reporte.pk}/descargar/")).status_code == 404
    assert (
        cliente.get(_url(ayuntamiento, f"{reporte.pk}/tablas/solicitudes.csv")).status_code == 404
    )


def test_las_tablas_se_descargan_en_csv_y_xlsx(listo, ayuntamiento, consulta, cliente_de):
    cliente = cliente_de(consulta)
    csv_ = cliente.get(_url(ayuntamiento, f"{listo.pk}/tablas/capacitaciones.csv"))
    filas = list(csv.reader(io.StringIO(csv_.content.decode("utf-8-sig"))))
    assert filas[0] == ["Mes", "Sesiones", "Hombres", "Mujeres", "N/I", "Asistentes"]
    assert [f[0] for f in filas[1:]] == ["Abril", "Mayo", "Junio", "Total"]
    xlsx = cliente.get(_url(ayuntamiento, f"{listo.pk}/tablas/capacitaciones.xlsx"))
    hoja = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in hoja[1]] == filas[0]
    assert hoja.cell(row=5, column=1).value == "Total"
    assert cliente.get(_url(ayuntamiento, f"{listo.pk}/tablas/no-existe.csv")).status_code == 404
    assert (
        cliente.get(_url(ayuntamiento, f"{listo.pk}/tablas/capacitaciones.pdf")).status_code == 404
    )


def test_sin_firmantes_el_pdf_trae_la_pagina_de_avisos_y_con_ellos_no(
    listo, ayuntamiento, titular, cliente_de, django_capture_on_commit_callbacks
):
    assert "Faltan los nombres y cargos" in texto_del_pdf(listo.archivo.read())
    cliente = cliente_de(titular)
    respuesta = cliente.post(
        _url(ayuntamiento, "configuracion/"),
        {
            "guardar_configuracion": "1",
            "lugar": "Oaxaca de Juárez, Oaxaca",
            "area": "Unidad de Transparencia Municipal",
            "destinatario": "Lic. Keyla Matus Meléndez",
            "cargo_destinatario": "Titular de la Unidad de Transparencia",
            "elaboro_nombre": "Lic. Fatima Anai Sanchez Carrasco",
            "elaboro_cargo": "Jefa de Departamento",
            "vobo_nombre": "Lic. Keyla Matus Meléndez",
            "vobo_cargo": "Titular de Unidad de Transparencia",
            "lemas": "POR UNA CIUDAD EDUCADORA",
            "dias_habiles_envio": 5,
            "tamano_maximo_adjunto_mb": 5,
        },
    )
    assert respuesta.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        cliente.post(_url(ayuntamiento, f"{listo.pk}/regenerar/"))
    with scopes_disabled():
        nueva = Reporte.objects.get(version=2)
    texto = texto_del_pdf(nueva.archivo.read())
    assert "Faltan los nombres" not in texto
    assert "Lic. Fatima Anai Sanchez Carrasco" in texto
    assert "POR UNA CIUDAD EDUCADORA" in texto
    assert nueva.avisos == []


def test_la_configuracion_invalida_se_explica(ayuntamiento, titular, cliente_de):
    cliente = cliente_de(titular)
    respuesta = cliente.post(
        _url(ayuntamiento, "configuracion/"),
        {
            "guardar_configuracion": "1",
            "area": "",
            "dias_habiles_envio": 90,
            "tamano_maximo_adjunto_mb": 0,
        },
    )
    assert respuesta.status_code == 400
    texto = respuesta.content.decode()
    assert "Este campo es obligatorio" in texto
    assert "menor o igual a 30" in texto
    with scopes_disabled():
        assert not ConfiguracionReportes.objects.exists()


def test_destinatarios_se_agregan_sin_repetir_y_se_quitan(ayuntamiento, titular, cliente_de):
    cliente = cliente_de(titular)
    datos = {
        "agregar_destinatario": "1",
        "destinatario-tipo": "trimestral",
        "destinatario-nombre": "OGAIPO",
        "destinatario-correo": "informes@ogaipo.org.mx",
        "destinatario-activo": "on",
    }
    assert cliente.post(_url(ayuntamiento, "configuracion/"), datos).status_code == 302
    repetido = cliente.post(_url(ayuntamiento, "configuracion/"), datos)
    assert repetido.status_code == 400
    assert "Ese correo ya recibe ese reporte." in repetido.content.decode()
    mal = cliente.post(
        _url(ayuntamiento, "configuracion/"), {**datos, "destinatario-correo": "no-es-correo"}
    )
    assert "Introduzca una dirección de correo electrónico válida" in mal.content.decode()
    with scopes_disabled():
        destinatario = Destinatario.objects.get()
    cliente.post(_url(ayuntamiento, f"destinatarios/{destinatario.pk}/quitar/"))
    with scopes_disabled():
        assert not Destinatario.objects.exists()


# --- Quién puede qué ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quien", "esperado"),
    [
        ("titular", 200),
        ("personal", 200),
        ("consulta", 200),
        ("usuario_garante", 200),
        ("enlace", 403),
        ("extrano", 404),
        ("usuario_otro_garante", 404),
    ],
)
def test_matriz_de_permisos_de_la_descarga(
    emitido, ayuntamiento, cliente_de, request, quien, esperado
):
    usuario = request.getfixturevalue(quien)
    respuesta = cliente_de(usuario).get(_url(ayuntamiento, f"{emitido.pk}/descargar/"))
    assert respuesta.status_code == esperado
    if esperado == 200:
        assert hashlib.sha256(b"".join(respuesta.streaming_content)).hexdigest() == emitido.sha256


def test_el_garante_no_ve_los_borradores(
    listo, ayuntamiento, consulta, usuario_garante, cliente_de
):
    garante, unidad = cliente_de(usuario_garante), cliente_de(consulta)
    for resto in ("", "descargar/", "estado/", "tablas/capacitaciones.csv"):
        assert garante.get(_url(ayuntamiento, f"{listo.pk}/{resto}")).status_code == 404
    assert unidad.get(_url(ayuntamiento, f"{listo.pk}/descargar/")).status_code == 200
    assert f"{listo.pk}/" not in garante.get(_url(ayuntamiento)).content.decode()
    assert _url(ayuntamiento, f"{listo.pk}/") in unidad.get(_url(ayuntamiento)).content.decode()


def test_sin_sesion_la_descarga_pide_entrar(listo, ayuntamiento, client):
    respuesta = client.get(_url(ayuntamiento, f"{listo.pk}/descargar/"))
    assert respuesta.status_code == 302 and respuesta["Location"].startswith("/cuentas/login/")


def test_el_reporte_de_otro_ayuntamiento_es_404_aunque_se_adivine_el_numero(
    listo, ayuntamiento_ajeno, extrano, cliente_de
):
    # El extraño es titular en su ayuntamiento: pide el reporte ajeno con SU slug.
    respuesta = cliente_de(extrano).get(_url(ayuntamiento_ajeno, f"{listo.pk}/descargar/"))
    assert respuesta.status_code == 404


@pytest.mark.parametrize("quien", ["consulta", "usuario_garante", "enlace"])
def test_solo_titular_y_personal_piden_y_regeneran(
    listo, ayuntamiento, cliente_de, request, quien, django_capture_on_commit_callbacks
):
    cliente = cliente_de(request.getfixturevalue(quien))
    assert _pedir(cliente, ayuntamiento, django_capture_on_commit_callbacks).status_code == 403
    assert cliente.post(_url(ayuntamiento, f"{listo.pk}/regenerar/")).status_code == 403
    with scopes_disabled():
        assert Reporte.objects.count() == 1


@pytest.mark.parametrize("quien", ["personal", "consulta", "usuario_garante", "enlace"])
def test_solo_la_persona_titular_configura(ayuntamiento, cliente_de, request, quien):
    cliente = cliente_de(request.getfixturevalue(quien))
    assert cliente.get(_url(ayuntamiento, "configuracion/")).status_code == 403


def test_el_garante_ve_los_reportes_emitidos_de_sus_ayuntamientos(
    emitido, ayuntamiento, ayuntamiento_ajeno, garante, usuario_garante, cliente_de
):
    listo = emitido
    with scope(ayuntamiento=ayuntamiento_ajeno):
        ajeno = Reporte.objects.create(
            ayuntamiento=ayuntamiento_ajeno,
            tipo="trimestral",
            anio=2024,
            periodo=2,
            estado=EstadoReporte.LISTO,
        )
    pendiente = reporte_pendiente(ayuntamiento, "semestral", periodo=1)
    with scopes_disabled():
        borrador = Reporte.objects.create(
            ayuntamiento=ayuntamiento, tipo="trimestral", anio=2024, periodo=1,
            estado=EstadoReporte.LISTO,
        )  # fmt: skip
    pagina = cliente_de(usuario_garante).get(f"/garante/{garante.pk}/reportes/").content.decode()
    assert _url(ayuntamiento, f"{listo.pk}/descargar/") in pagina
    assert listo.oficio.folio in pagina
    assert f"/{ayuntamiento_ajeno.slug}/reportes/{ajeno.pk}/" not in pagina
    assert _url(ayuntamiento, f"{pendiente.pk}/descargar/") not in pagina
    assert _url(ayuntamiento, f"{borrador.pk}/descargar/") not in pagina
    assert "1 reporte emitido" in pagina


def test_la_pagina_del_garante_es_404_para_otros(
    garante, usuario_otro_garante, titular, cliente_de, client
):
    assert (
        cliente_de(usuario_otro_garante).get(f"/garante/{garante.pk}/reportes/").status_code == 404
    )
    assert cliente_de(titular).get(f"/garante/{garante.pk}/reportes/").status_code == 404
    assert client.get(f"/garante/{garante.pk}/reportes/").status_code == 302


def test_cada_tipo_de_reporte_tiene_su_destinatario_y_sus_firmas(
    ayuntamiento, garante, titular, cliente_de
):
    cliente = cliente_de(titular)
    with scopes_disabled():
        ConfiguracionReportes.objects.create(
            ayuntamiento=ayuntamiento,
            destinatario="Lic. Keyla Matus Meléndez",
            cargo_destinatario="Titular de la Unidad de Transparencia",
            elaboro_nombre="Lic. Fatima Anai Sanchez Carrasco",
            elaboro_cargo="Jefa de Departamento",
            vobo_nombre="Lic. Keyla Matus Meléndez",
            vobo_cargo="Titular de Unidad de Transparencia",
        )
    # Sin remisión propia, el semestral va al garante; el trimestral, a lo general.
    pagina = cliente.get(_url(ayuntamiento, "configuracion/")).content.decode()
    assert f"<td>Informe semestral de solicitudes</td><td>{garante.nombre}</td>" in pagina
    assert "<td>Informe trimestral</td><td>Lic. Keyla Matus Meléndez, Titular" in pagina

    datos = {
        "guardar_remision": "1",
        "remision-tipo": "semestral",
        "remision-destinatario": "Mtra. Ana López <b>Ruiz</b>",
        "remision-cargo_destinatario": "Comisionada Presidenta",
        "remision-vobo_nombre": "C. Presidente Municipal",
    }
    assert cliente.post(_url(ayuntamiento, "configuracion/"), datos).status_code == 302
    # Guardar otra vez el mismo tipo lo cambia, no crea otra fila.
    datos["remision-cargo_destinatario"] = "Comisionada Presidenta del Pleno"
    assert cliente.post(_url(ayuntamiento, "configuracion/"), datos).status_code == 302
    malo = cliente.post(_url(ayuntamiento, "configuracion/"), {**datos, "remision-tipo": "mensual"})
    assert malo.status_code == 400 and "Seleccione una opción válida" in malo.content.decode()

    with scope(ayuntamiento=ayuntamiento):
        assert RemisionReporte.objects.count() == 1
        semestral = Reporte.objects.create(
            ayuntamiento=ayuntamiento, tipo="semestral", anio=2024, periodo=1
        )
        trimestral = Reporte.objects.create(
            ayuntamiento=ayuntamiento, tipo="trimestral", anio=2024, periodo=2
        )
        oficio_de_remision(semestral, hoy=date(2024, 7, 10), usuario=titular)
        texto_semestral = " ".join(texto_del_pdf(generar(semestral)).split())
        texto_trimestral = " ".join(texto_del_pdf(generar(trimestral)).split())
    assert semestral.oficio is not None
    assert semestral.oficio.destinatario == "Mtra. Ana López <b>Ruiz</b>"
    assert "MTRA. ANA LÓPEZ <B>RUIZ</B> COMISIONADA PRESIDENTA DEL PLENO" in texto_semestral
    # Los campos vacíos toman lo general: elaboró sigue igual, el Vo. Bo. es el propio.
    assert "Lic. Fatima Anai Sanchez Carrasco" in texto_semestral
    assert "C. Presidente Municipal" in texto_semestral
    assert "Lic. Keyla Matus Meléndez" not in texto_semestral.split("PRESENTE")[0]
    assert "LIC. KEYLA MATUS MELÉNDEZ TITULAR DE LA UNIDAD" in texto_trimestral
    assert "C. Presidente Municipal" not in texto_trimestral
