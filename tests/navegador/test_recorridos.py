"""Los recorridos de trabajo como los hace una persona: clics y tecleo reales en Chromium
contra el servidor en vivo, revisando lo que queda a la vista, la accesibilidad de cada
página visitada (axe-core) y, en uno, la pantalla de 375 px."""

import re
from datetime import timedelta

import pytest
from django_scopes import scope
from playwright.sync_api import Page, expect

from autoevaluacion.models import EstadoHerramienta
from organizacion.models import hoy_local
from reportes.servicios import reporte_emitir, reporte_solicitar
from reportes.tasks import generar_reporte
from tests.autoevaluacion.objetos import adhesion_de_prueba
from tests.conftest import pdf_valido
from tests.poa.objetos import crear_actividad, crear_objetivo, crear_plan

from .ayudantes import guardar_captura, revisar_accesibilidad, sin_desplazamiento_horizontal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = {"name": "evidencia.pdf", "mimeType": "application/pdf", "buffer": pdf_valido("evidencia")}
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


def _campo(page: Page, etiqueta: str):
    """El campo por su etiqueta exacta; los obligatorios la llevan con « *»."""
    return page.get_by_label(re.compile(rf"^{re.escape(etiqueta)}( \*)?$"))


def _ir(page: Page, url: str, *, angosta: bool = False) -> None:
    page.goto(url)
    revisar_accesibilidad(page)
    if angosta:
        sin_desplazamiento_horizontal(page)


def _revisar(page: Page, *, angosta: bool = False) -> None:
    """Después de un clic que navega: la página nueva también pasa axe (y el ancho)."""
    page.wait_for_load_state()
    revisar_accesibilidad(page)
    if angosta:
        sin_desplazamiento_horizontal(page)


# --- Solicitudes: del correo a la respuesta final ----------------------------------------


@pytest.mark.parametrize("ancho", [None, 375], ids=["escritorio", "375px"])
def test_solicitud_recibida_por_correo_turnada_respondida(
    pagina_de, ayuntamiento, areas, titular, enlace, ancho
):
    angosta = ancho is not None
    opciones = {"viewport": {"width": ancho, "height": 800}} if angosta else {}
    slug = ayuntamiento.slug
    ayer = hoy_local(ayuntamiento) - timedelta(days=1)

    # La Unidad registra la solicitud que llegó por correo.
    unidad = pagina_de(titular, **opciones)
    _ir(unidad, f"/{slug}/solicitudes/", angosta=angosta)
    _ir(unidad, f"/{slug}/solicitudes/nueva/", angosta=angosta)
    unidad.get_by_label("Medio de recepción").select_option(label="Correo electrónico")
    unidad.get_by_label("Fecha y hora de recepción").fill(f"{ayer:%Y-%m-%d}T10:30")
    unidad.get_by_label(re.compile("^Nombre")).fill("María López Ruiz")
    unidad.get_by_label(re.compile("^Información solicitada|^Descripci")).fill(
        "Copia de los contratos de obra pública de 2024."
    )
    unidad.get_by_role("button", name="Guardar").click()
    expect(unidad.get_by_role("status")).to_contain_text("Se registró la solicitud")
    encabezado = unidad.get_by_role("heading", level=1)
    expect(encabezado).to_contain_text("Solicitud")
    estado = unidad.locator("h1 + p")
    expect(estado).to_contain_text("Recibida")
    expect(estado.locator(".badge")).to_have_text("En tiempo")
    _revisar(unidad, angosta=angosta)
    detalle_url = unidad.url

    # La turna a Tesorería.
    unidad.get_by_text("Turnar a una o más áreas").click()
    unidad.get_by_label("Tesorería Municipal").check()
    unidad.get_by_role("button", name="Turnar").click()
    expect(unidad.get_by_role("status")).to_contain_text("Se turnó: Tesorería Municipal")
    expect(unidad.get_by_role("link", name="Tesorería Municipal")).to_be_visible()
    _revisar(unidad, angosta=angosta)

    # El enlace de Tesorería la ve en su bandeja y responde.
    area = pagina_de(enlace, **opciones)
    _ir(area, f"/{slug}/solicitudes/turnos/", angosta=angosta)
    area.locator("tbody").get_by_role("link").first.click()
    _revisar(area, angosta=angosta)
    area.get_by_label("Respuesta del área").fill("Se anexan los 12 contratos en versión pública.")
    area.get_by_label("Oficio de respuesta y anexos").set_input_files(PDF)
    area.get_by_role("button", name="Enviar respuesta").click()
    expect(area.get_by_role("status")).to_contain_text("Se registró la respuesta con el oficio")
    expect(area.get_by_role("button", name="Enviar respuesta")).to_have_count(0)
    _revisar(area, angosta=angosta)

    # La Unidad notifica la respuesta final: la solicitud queda respondida; como llegó por
    # correo, en el encabezado sigue su captura en la PNT (LGTAIP art. 125).
    unidad.goto(detalle_url)
    expect(unidad.get_by_text("Tesorería Municipal respondió")).to_be_visible()
    unidad.get_by_text("Un evento: prevención, respuesta final").click()
    unidad.get_by_label("Qué ocurrió").select_option(label="Respuesta notificada")
    unidad.get_by_label("Tipo de respuesta").select_option(label="Entrega total")
    unidad.get_by_label("Modalidad de entrega").select_option(label="Electrónica (PNT o correo)")
    unidad.get_by_role("button", name="Registrar evento").click()
    expect(unidad.get_by_role("status")).to_contain_text("Se registró «Respuesta notificada»")
    expect(estado).to_contain_text("Respondida")
    expect(estado).to_contain_text("en tiempo")
    expect(estado).to_contain_text("Capturar la solicitud en la PNT: vence el")
    expect(estado.locator(".badge")).to_have_text("En tiempo")
    _revisar(unidad, angosta=angosta)
    guardar_captura(unidad, f"02-solicitud-respondida{'-375' if angosta else ''}")


# --- POA: un mes de avance con su evidencia ------------------------------------------------


def test_capturar_un_mes_del_poa_con_evidencia(pagina_de, ayuntamiento, titular):
    hoy = hoy_local(ayuntamiento)
    plan = crear_plan(ayuntamiento, anio=hoy.year)
    actividad = crear_actividad(crear_objetivo(plan))
    page = pagina_de(titular)
    _ir(page, f"/{ayuntamiento.slug}/poa/actividades/{actividad.pk}/")
    page.get_by_role("link", name="Capturar avance").click()
    _revisar(page)
    page.get_by_label(re.compile("^Valor alcanzado en el mes")).fill("54")
    page.get_by_label("Qué se hizo").fill("Se monitorearon 54 solicitudes en el SISAI 2.0.")
    page.get_by_label("Evidencia (archivo)").set_input_files(PDF)
    page.get_by_role("button", name="Guardar el avance").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Se guardó el avance de {MESES[hoy.month - 1]}"
    )
    expect(page).to_have_url(re.compile(rf"/poa/actividades/{actividad.pk}/$"))
    expect(page.get_by_role("link", name="evidencia.pdf")).to_be_visible()
    _revisar(page)
    guardar_captura(page, "03-poa-avance")


# --- Capacitación --------------------------------------------------------------------------


def test_registrar_una_capacitacion(pagina_de, ayuntamiento, areas, titular):
    hoy = hoy_local(ayuntamiento)
    page = pagina_de(titular)
    _ir(page, f"/{ayuntamiento.slug}/capacitacion/")
    _ir(page, f"/{ayuntamiento.slug}/capacitacion/nueva/")
    _campo(page, "Tema").fill("Clasificación de la información")
    _campo(page, "Fecha").fill(f"{hoy:%Y-%m-%d}")
    page.get_by_label("Obras Públicas").check()
    page.get_by_label("Mujeres").fill("7")
    page.get_by_label("Hombres").fill("5")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Se guardó la capacitación «Clasificación de la información»"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clasificación de la información")
    expect(page.get_by_text("Obras Públicas")).to_be_visible()
    _revisar(page)
    _ir(page, f"/{ayuntamiento.slug}/capacitacion/")
    expect(page.get_by_role("link", name="Clasificación de la información")).to_be_visible()
    guardar_captura(page, "04-capacitacion")


# --- Autoevaluación ------------------------------------------------------------------------


def test_marcar_una_herramienta_implementada_con_evidencia(pagina_de, ayuntamiento, titular):
    hoy = hoy_local(ayuntamiento)
    adhesion = adhesion_de_prueba(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        primera = (
            EstadoHerramienta.objects.filter(adhesion=adhesion)
            .select_related("herramienta")
            .order_by("herramienta__pk")
            .first()
        )
        assert primera is not None, "la adhesión crea el estado de cada herramienta"
        herramienta = primera.herramienta
    page = pagina_de(titular)
    _ir(page, f"/{ayuntamiento.slug}/autoevaluacion/")
    _ir(page, f"/{ayuntamiento.slug}/autoevaluacion/herramientas/{herramienta.clave}/")
    expect(page.get_by_text("Sin documentos comprobatorios.")).to_be_visible()
    _campo(page, "Estado").select_option(label="Implementada")
    page.get_by_label("Fecha de implementación").fill(f"{hoy:%Y-%m-%d}")
    page.get_by_label("Documento comprobatorio (archivo)").set_input_files(PDF)
    page.get_by_label("Descripción del documento").fill("Acta de instalación")
    page.get_by_label("Fecha del documento").fill(f"{hoy:%Y-%m-%d}")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("status")).to_contain_text(f"Se guardó «{herramienta}»")
    expect(page.locator("dd").filter(has_text="Implementada")).to_be_visible()
    expect(page.get_by_role("link", name="Descargar evidencia.pdf")).to_be_visible()
    _revisar(page)
    guardar_captura(page, "05-autoevaluacion")


# --- Reportes ------------------------------------------------------------------------------


def test_pedir_un_reporte_trimestral_y_descargarlo(pagina_de, ayuntamiento, titular):
    hoy = hoy_local(ayuntamiento)
    page = pagina_de(titular)
    _ir(page, f"/{ayuntamiento.slug}/reportes/")
    _campo(page, "Tipo").select_option(label="Informe trimestral")
    page.get_by_label("Año").fill(str(hoy.year))
    page.get_by_label("Periodo").fill(str((hoy.month - 1) // 3 + 1))
    page.get_by_role("button", name="Generar PDF").click()
    expect(page.get_by_role("status").first).to_contain_text("Se está generando")
    # En pruebas Celery corre al confirmarse la petición: al llegar, el borrador ya está listo.
    expect(
        page.locator("#estado-reporte").get_by_role("link", name="Descargar el borrador (PDF)")
    ).to_be_visible()
    _revisar(page)
    # La titular lo emite: toma su número de oficio y se genera otra vez con él.
    page.get_by_role("button", name="Emitir con número de oficio").click()
    expect(
        page.locator("#estado-reporte").get_by_text(re.compile(r"^Emitido: UT/"))
    ).to_be_visible()
    descarga = page.locator("#estado-reporte").get_by_role("link", name="Descargar PDF")
    expect(descarga).to_be_visible()
    expect(page.get_by_role("button", name="Emitir con número de oficio")).to_have_count(0)
    with page.expect_download() as espera:
        descarga.click()
    archivo = espera.value
    assert archivo.suggested_filename.endswith(".pdf")
    with open(archivo.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    guardar_captura(page, "06-reporte")


def test_el_estado_del_reporte_se_actualiza_solo(pagina_de, ayuntamiento, titular):
    """Sin recargar: htmx consulta el fragmento de estado y cambia al terminar el PDF."""
    hoy = hoy_local(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        reporte = reporte_solicitar(
            ayuntamiento=ayuntamiento,
            tipo="trimestral",
            anio=hoy.year,
            periodo=(hoy.month - 1) // 3 + 1,
            hoy=hoy,
            usuario=titular,
            encolar=False,
        )
    page = pagina_de(titular)
    _ir(page, f"/{ayuntamiento.slug}/reportes/{reporte.pk}/")
    estado = page.locator("#estado-reporte")
    # Sin encolar (como si el broker no hubiera respondido): la página lo dice y sigue
    # preguntando.
    expect(estado).to_contain_text("En espera del servicio de tareas")
    borrador = estado.get_by_role("link", name="Descargar el borrador (PDF)")
    expect(borrador).to_have_count(0)
    page.evaluate("window.__sin_recargar = true")

    generar_reporte.apply(args=[reporte.pk])

    expect(borrador).to_be_visible(timeout=15_000)
    # La misma página (no se recargó): el cambio llegó por htmx.
    assert page.evaluate("window.__sin_recargar === true")
    revisar_accesibilidad(page)
    with page.expect_download() as espera:
        borrador.click()
    with open(espera.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    guardar_captura(page, "06-reporte-htmx")


# --- Garante -------------------------------------------------------------------------------


def test_garante_ve_la_matriz_y_descarga_un_reporte(
    pagina_de, garante, ayuntamiento, titular, usuario_garante
):
    hoy = hoy_local(ayuntamiento)
    adhesion_de_prueba(ayuntamiento)
    with scope(ayuntamiento=ayuntamiento):
        # Fuera de una transacción, Celery (en modo inmediato) lo genera al volver.
        reporte = reporte_solicitar(
            ayuntamiento=ayuntamiento, tipo="trimestral", anio=hoy.year,
            periodo=(hoy.month - 1) // 3 + 1, hoy=hoy, usuario=titular,
        )  # fmt: skip
        # El garante sólo ve lo emitido; al emitirse se genera otra vez, con su número.
        reporte_emitir(reporte_id=reporte.pk, usuario=titular, hoy=hoy)
    page = pagina_de(usuario_garante)
    _ir(page, f"/garante/{garante.pk}/autoevaluacion/")
    expect(page.get_by_role("rowheader", name=ayuntamiento.nombre)).to_be_visible()
    _ir(page, f"/garante/{garante.pk}/reportes/")
    fila = page.get_by_role("row").filter(has_text=ayuntamiento.nombre)
    expect(fila).to_contain_text("Informe trimestral")
    with page.expect_download() as espera:
        fila.get_by_role("link", name=re.compile("^Descargar PDF")).click()
    archivo = espera.value
    assert archivo.suggested_filename == f"{ayuntamiento.slug}-{reporte.nombre_archivo}"
    with open(archivo.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    guardar_captura(page, "07-garante")
