"""Páginas de recursos de revisión: lista (filtros, semáforo, exportación, consultas
constantes), alta y edición, detalle (plazos explicados, oficios, historial) y oficios."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organizacion.models import Ambito, DiaInhabil, Oficio, Sexo, TipoOficio
from organizacion.servicios import oficio_emitir
from solicitudes.models import EstadoSolicitud, RecursoRevision, ResolucionRecurso, Solicitud
from solicitudes.servicios import recurso_guardar, recurso_oficio_emitir, solicitud_registrar

MEXICO = ZoneInfo("America/Mexico_City")
HOY = datetime(2024, 4, 10, 12, tzinfo=MEXICO)  # miércoles


@pytest.fixture(autouse=True)
def _hoy():
    with time_machine.travel(HOY, tick=False):
        yield


def url(ayuntamiento, nombre="recursos", **kw):
    return reverse(f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def crear(ayuntamiento, expediente="RR/0001/2024", **campos) -> RecursoRevision:
    datos = {"sexo": Sexo.MUJER, "fecha_interposicion": date(2024, 3, 1)} | campos
    with scope(ayuntamiento=ayuntamiento):
        return recurso_guardar(
            recurso=RecursoRevision(ayuntamiento=ayuntamiento, expediente=expediente, **datos)
        )


@pytest.fixture
def solicitud(ayuntamiento) -> Solicitud:
    with scope(ayuntamiento=ayuntamiento):
        return solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000077",
                recibida=datetime(2024, 2, 1, 10, tzinfo=MEXICO),
                sexo=Sexo.HOMBRE,
                descripcion="Padrón de proveedores",
            )
        )


@pytest.fixture
def recurso(ayuntamiento, solicitud) -> RecursoRevision:
    return crear(
        ayuntamiento, solicitud=solicitud, sexo=Sexo.HOMBRE, fecha_notificacion=date(2024, 4, 1)
    )


@pytest.fixture
def recurso_ajeno(ayuntamiento_ajeno) -> RecursoRevision:
    return crear(ayuntamiento_ajeno, expediente="RR/0099/2024")


def _datos(**cambios) -> dict:
    return {
        "expediente": "RR/0150/2024",
        "folio_solicitud": "",
        "sexo": Sexo.MUJER,
        "fecha_interposicion": "2024-03-01",
        "fecha_notificacion": "",
        "fecha_alegatos": "",
        "resolucion": "",
        "fecha_resolucion": "",
        "fecha_cumplimiento": "",
        "notas": "",
    } | cambios


def _recursos(ayuntamiento):
    with scopes_disabled():
        return list(RecursoRevision.objects.filter(ayuntamiento=ayuntamiento))


# --- Lista ---------------------------------------------------------------------------------


@pytest.fixture
def varios(ayuntamiento, solicitud):
    """Un recurso por situación del semáforo, al miércoles 10 de abril de 2024 (por vencer
    = vence de hoy al lunes 15, tres días hábiles después)."""
    crear(ayuntamiento, "RR/A-HOY", fecha_notificacion=date(2024, 4, 1), solicitud=solicitud)
    crear(ayuntamiento, "RR/B-VENCIDO", fecha_notificacion=date(2024, 3, 19))
    crear(ayuntamiento, "RR/C-EN-TIEMPO", fecha_notificacion=date(2024, 4, 9))
    crear(
        ayuntamiento,
        "RR/D-CUMPLIR",
        fecha_interposicion=date(2024, 2, 1),
        resolucion=ResolucionRecurso.REVOCA,
        fecha_resolucion=date(2024, 4, 8),
        fecha_notificacion_resolucion=date(2024, 4, 8),
    )
    crear(
        ayuntamiento,
        "RR/E-CONCLUIDO",
        fecha_interposicion=date(2023, 11, 6),
        resolucion=ResolucionRecurso.CONFIRMA,
        fecha_resolucion=date(2024, 1, 15),
        fecha_cumplimiento=date(2024, 1, 20),
    )


def _filas(respuesta):
    return {
        f["recurso"].expediente: (
            (f["proximo"].nombre, f["proximo"].vence) if f["proximo"] else None,
            f["color"],
        )
        for f in respuesta.context["filas"]
    }


def test_lista_muestra_proximo_plazo_con_semaforo(ayuntamiento, varios, consulta, cliente_de):
    respuesta = cliente_de(consulta).get(url(ayuntamiento))
    assert _filas(respuesta) == {
        "RR/A-HOY": (("Presentar alegatos", date(2024, 4, 10)), "por_vencer"),
        "RR/B-VENCIDO": (("Presentar alegatos", date(2024, 3, 28)), "vencida"),
        "RR/C-EN-TIEMPO": (("Presentar alegatos", date(2024, 4, 18)), "en_tiempo"),
        "RR/D-CUMPLIR": (("Cumplir la resolución", date(2024, 4, 22)), "en_tiempo"),
        "RR/E-CONCLUIDO": (None, None),
    }
    html = respuesta.content.decode()
    assert "Presentar alegatos: 10 de abril de 2024" in html
    assert "Vencida</span>" in html
    assert "201181924000077" in html
    assert "Registrar recurso" not in html  # consulta sólo lee


@pytest.mark.parametrize(
    "consulta_get, esperados",
    [
        ("?estado=admitido", {"RR/A-HOY", "RR/B-VENCIDO", "RR/C-EN-TIEMPO"}),
        ("?estado=en_cumplimiento", {"RR/D-CUMPLIR"}),
        ("?estado=concluido", {"RR/E-CONCLUIDO"}),
        ("?estado=resuelto", set()),
        ("?anio=2023", {"RR/E-CONCLUIDO"}),
        ("?q=vencido", {"RR/B-VENCIDO"}),
        ("?q=000077", {"RR/A-HOY"}),  # por el folio de la solicitud
        ("?estado=admitido&q=tiempo", {"RR/C-EN-TIEMPO"}),
    ],
)
def test_filtros_y_busqueda(ayuntamiento, varios, personal, cliente_de, consulta_get, esperados):
    respuesta = cliente_de(personal).get(url(ayuntamiento) + consulta_get)
    assert set(_filas(respuesta)) == esperados


def test_filtro_invalido_no_truena(ayuntamiento, varios, personal, cliente_de):
    respuesta = cliente_de(personal).get(url(ayuntamiento) + "?estado=inventado&anio=dos&pagina=x")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "una opción válida" in html
    assert len(_filas(respuesta)) == 5  # sin filtro válido, la lista completa


def test_paginacion(ayuntamiento, personal, cliente_de):
    for i in range(52):
        crear(ayuntamiento, f"RR/{i:04d}/2024")
    cliente = cliente_de(personal)
    assert len(_filas(cliente.get(url(ayuntamiento)))) == 50
    assert len(_filas(cliente.get(url(ayuntamiento) + "?pagina=2"))) == 2


def test_garante_lee_la_lista_y_el_enlace_no(
    ayuntamiento, varios, usuario_garante, enlace, cliente_de
):
    assert len(_filas(cliente_de(usuario_garante).get(url(ayuntamiento)))) == 5
    assert cliente_de(enlace).get(url(ayuntamiento)).status_code == 403


def test_lista_rechaza_post(ayuntamiento, personal, cliente_de):
    assert cliente_de(personal).post(url(ayuntamiento)).status_code == 405


def test_lista_con_consultas_constantes(ayuntamiento, solicitud, personal, cliente_de):
    cliente = cliente_de(personal)

    def consultas() -> int:
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = cliente.get(url(ayuntamiento))
        assert respuesta.status_code == 200
        return len(capturadas)

    for i in range(3):
        crear(
            ayuntamiento, f"RR/{i}/2024", solicitud=solicitud, fecha_notificacion=date(2024, 4, 1)
        )
    con_tres = consultas()
    for i in range(3, 30):
        crear(
            ayuntamiento, f"RR/{i}/2024", solicitud=solicitud, fecha_notificacion=date(2024, 4, 1)
        )
    assert consultas() == con_tres


def test_exporta_xlsx_con_los_filtros(ayuntamiento, varios, consulta, cliente_de):
    respuesta = cliente_de(consulta).get(url(ayuntamiento) + "?formato=xlsx&estado=admitido")
    assert respuesta["Content-Disposition"] == 'attachment; filename="recursos-de-revision.xlsx"'
    hoja = openpyxl.load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:6] == (
        "Expediente",
        "Folio de la solicitud",
        "Sexo del recurrente",
        "Interposición",
        "Notificación",
        "Vencimiento de alegatos",
    )
    por_expediente = {fila[0]: fila for fila in filas[1:]}
    assert set(por_expediente) == {"RR/A-HOY", "RR/B-VENCIDO", "RR/C-EN-TIEMPO"}
    fila = por_expediente["RR/A-HOY"]
    assert fila[1] == "201181924000077"
    assert fila[2] == "Mujer"
    assert fila[5].date() == date(2024, 4, 10)
    assert fila[-1] == "Admitido"


def test_exporta_csv(ayuntamiento, varios, consulta, cliente_de):
    respuesta = cliente_de(consulta).get(url(ayuntamiento) + "?formato=csv&q=cumplir")
    filas = list(csv.reader(io.StringIO(respuesta.content.decode("utf-8-sig"))))
    assert filas[0][0] == "Expediente"
    assert filas[1][0] == "RR/D-CUMPLIR"
    assert filas[1][7] == "Revoca"
    assert filas[1][9] == "2024-04-22"
    assert filas[1][-1] == "En cumplimiento"
    assert len(filas) == 2


def test_formato_desconocido_da_404(ayuntamiento, consulta, cliente_de):
    assert cliente_de(consulta).get(url(ayuntamiento) + "?formato=pdf").status_code == 404


# --- Alta y edición ------------------------------------------------------------------------


def test_personal_registra_con_folio_y_el_sexo_sale_de_la_solicitud(
    ayuntamiento, solicitud, personal, cliente_de
):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "recurso_nuevo"),
        _datos(
            folio_solicitud=" 201181924000077 ",
            sexo="",
            fecha_notificacion="2024-03-15",
            # Los vencimientos no se teclean: se ignoran aunque lleguen.
            vence_alegatos="2030-01-01",
        ),
    )
    (recurso,) = _recursos(ayuntamiento)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url(ayuntamiento, "recurso_detalle", pk=recurso.pk)
    assert recurso.solicitud_id == solicitud.pk
    assert recurso.sexo == Sexo.HOMBRE
    assert recurso.vence_alegatos == date(2024, 3, 27)
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_RECURSO


def test_el_formulario_no_ofrece_los_vencimientos(ayuntamiento, titular, cliente_de):
    respuesta = cliente_de(titular).get(url(ayuntamiento, "recurso_nuevo"))
    campos = set(respuesta.context["form"].fields)
    assert "vence_alegatos" not in campos and "vence_cumplimiento" not in campos
    assert 'name="vence_alegatos"' not in respuesta.content.decode()


@pytest.mark.parametrize(
    "cambios, mensaje",
    [
        ({"expediente": "rr/0001/2024"}, "Ya existe un recurso con ese número de expediente."),
        ({"folio_solicitud": "NO-EXISTE"}, "No hay una solicitud con el folio «NO-EXISTE»"),
        ({"sexo": ""}, "Indique el sexo del recurrente"),
        ({"fecha_interposicion": ""}, "Este campo es obligatorio"),
        (
            {"fecha_notificacion": "2024-03-15", "fecha_alegatos": "2024-03-10"},
            "La fecha de los alegatos no puede ser anterior a la de la notificación.",
        ),
        ({"fecha_notificacion": "2024-04-11"}, "no puede estar en el futuro"),
        ({"resolucion": "revoca"}, "Indique la fecha de la resolución."),
    ],
)
def test_errores_se_muestran_y_no_se_guarda_nada(
    ayuntamiento, personal, cliente_de, cambios, mensaje
):
    crear(ayuntamiento, "RR/0001/2024")
    respuesta = cliente_de(personal).post(url(ayuntamiento, "recurso_nuevo"), _datos(**cambios))
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert [r.expediente for r in _recursos(ayuntamiento)] == ["RR/0001/2024"]


def test_folio_de_otro_ayuntamiento_no_se_encuentra(
    ayuntamiento, ayuntamiento_ajeno, personal, cliente_de
):
    with scope(ayuntamiento=ayuntamiento_ajeno):
        solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento_ajeno,
                folio="PUEBLA-1",
                recibida=datetime(2024, 2, 1, 10, tzinfo=MEXICO),
                descripcion="x",
            )
        )
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "recurso_nuevo"), _datos(folio_solicitud="PUEBLA-1")
    )
    assert "No hay una solicitud con el folio «PUEBLA-1» en este ayuntamiento." in (
        respuesta.content.decode()
    )
    assert _recursos(ayuntamiento) == []


@pytest.mark.parametrize("quien", ["consulta", "usuario_garante", "enlace"])
def test_solo_captura_registra(ayuntamiento, quien, request, cliente_de):
    cliente = cliente_de(request.getfixturevalue(quien))
    assert cliente.get(url(ayuntamiento, "recurso_nuevo")).status_code == 403
    assert cliente.post(url(ayuntamiento, "recurso_nuevo"), _datos()).status_code == 403
    assert _recursos(ayuntamiento) == []


def test_alta_rechaza_put(ayuntamiento, personal, cliente_de):
    assert cliente_de(personal).put(url(ayuntamiento, "recurso_nuevo")).status_code == 405


def test_editar_registra_alegatos_y_resolucion(ayuntamiento, recurso, titular, cliente_de):
    cliente = cliente_de(titular)
    formulario = cliente.get(url(ayuntamiento, "recurso_editar", pk=recurso.pk))
    assert formulario.context["form"]["folio_solicitud"].value() == "201181924000077"
    respuesta = cliente.post(
        url(ayuntamiento, "recurso_editar", pk=recurso.pk),
        _datos(
            expediente="RR/0001/2024",
            folio_solicitud="201181924000077",
            sexo=Sexo.HOMBRE,
            fecha_notificacion="2024-04-01",
            fecha_alegatos="2024-04-05",
            resolucion="ordena",
            fecha_resolucion="2024-04-09",
            fecha_notificacion_resolucion="2024-04-09",
        ),
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        recurso.refresh_from_db()
    assert recurso.estado == "en_cumplimiento"
    assert recurso.vence_cumplimiento == date(2024, 4, 23)
    assert _recursos(ayuntamiento) == [recurso]


def test_editar_error_de_servicio_no_cambia_nada(ayuntamiento, recurso, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "recurso_editar", pk=recurso.pk),
        _datos(expediente="RR/0001/2024", fecha_notificacion="2024-02-01"),
    )
    assert "no puede ser anterior a la de la interposición" in respuesta.content.decode()
    with scopes_disabled():
        assert RecursoRevision.objects.get(pk=recurso.pk).fecha_notificacion == date(2024, 4, 1)


def test_editar_404_ajeno_e_inexistente_y_403_consulta(
    ayuntamiento, recurso, recurso_ajeno, titular, consulta, cliente_de
):
    cliente = cliente_de(titular)
    assert cliente.get(url(ayuntamiento, "recurso_editar", pk=recurso_ajeno.pk)).status_code == 404
    assert cliente.get(url(ayuntamiento, "recurso_editar", pk=999999)).status_code == 404
    respuesta = cliente_de(consulta).post(
        url(ayuntamiento, "recurso_editar", pk=recurso.pk), _datos(expediente="X")
    )
    assert respuesta.status_code == 403


# --- Detalle -------------------------------------------------------------------------------


def test_detalle_explica_el_plazo_de_alegatos(ayuntamiento, garante, consulta, cliente_de):
    DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 3, 20),
        fecha_fin=date(2024, 3, 22),
        motivo="Periodo vacacional del órgano garante",
        acuerdo="Acuerdo OGAIPO/CG/009/2024",
    )
    recurso = crear(ayuntamiento, fecha_notificacion=date(2024, 3, 15))
    respuesta = cliente_de(consulta).get(url(ayuntamiento, "recurso_detalle", pk=recurso.pk))
    (plazo,) = respuesta.context["plazos"]
    assert (plazo.fila.vence, plazo.fila.dias, plazo.color) == (date(2024, 4, 1), 7, "vencida")
    assert [d.fecha.day for d in plazo.omitidos] == [16, 17, 18, 20, 21, 22, 23, 24, 30, 31]
    html = respuesta.content.decode()
    assert "¿Cómo se calculó?" in html
    assert "vence el 1 de abril de 2024" in html
    assert "18 de marzo de 2024: " in html and "Ley Federal del Trabajo, art. 74" in html
    assert "Periodo vacacional del órgano garante" in html
    assert "Acuerdo OGAIPO/CG/009/2024 (ámbito garante)" in html
    assert "Emitir un oficio" not in html  # consulta no emite


def test_detalle_muestra_oficios_e_historial(ayuntamiento, recurso, personal, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        con_archivo = recurso_oficio_emitir(
            recurso=recurso,
            tipo=TipoOficio.RESPUESTA,
            fecha=date(2024, 4, 5),
            asunto="Alegatos",
            destinatario="OGAIPO",
        )
        con_archivo.archivo.save("alegatos.pdf", ContentFile(b"%PDF-1.4 alegatos"))
    cliente = cliente_de(personal)
    cliente.post(
        url(ayuntamiento, "recurso_editar", pk=recurso.pk),
        _datos(
            expediente="RR/0001/2024",
            folio_solicitud="201181924000077",
            sexo=Sexo.HOMBRE,
            fecha_notificacion="2024-04-01",
            fecha_alegatos="2024-04-05",
        ),
    )
    respuesta = cliente.get(url(ayuntamiento, "recurso_detalle", pk=recurso.pk))
    html = respuesta.content.decode()
    assert "UT/0001/2024" in html and "Oficio de respuesta" in html
    assert f'href="{url(ayuntamiento, "detalle", pk=recurso.solicitud_id)}">201181924000077' in html
    descarga = reverse(
        "organizacion:oficio_archivo",
        kwargs={"ayuntamiento": ayuntamiento.slug, "pk": con_archivo.pk},
    )
    assert descarga in html
    ultimo = respuesta.context["historial"][0]
    assert ultimo.usuario == str(personal)
    assert ("Alegatos presentados", "—", "5 de abril de 2024") in ultimo.campos
    oficios_agregados = [
        (antes, despues)
        for cambio in respuesta.context["historial"]
        for campo, antes, despues in cambio.campos
        if campo == "Oficios"
    ]
    assert oficios_agregados == [("—", "UT/0001/2024")]
    assert "Fátima Sánchez Carrasco" in html
    assert "Alegatos presentados: «—» → «5 de abril de 2024»" in html


def test_detalle_lo_lee_el_garante(ayuntamiento, recurso, usuario_garante, cliente_de):
    respuesta = cliente_de(usuario_garante).get(url(ayuntamiento, "recurso_detalle", pk=recurso.pk))
    assert respuesta.context["recurso"] == recurso
    assert "Editar" not in respuesta.content.decode()


def test_detalle_404_405_403(ayuntamiento, recurso, recurso_ajeno, personal, enlace, cliente_de):
    cliente = cliente_de(personal)
    assert cliente.get(url(ayuntamiento, "recurso_detalle", pk=recurso_ajeno.pk)).status_code == 404
    assert cliente.get(url(ayuntamiento, "recurso_detalle", pk=424242)).status_code == 404
    assert cliente.post(url(ayuntamiento, "recurso_detalle", pk=recurso.pk)).status_code == 405
    detalle = url(ayuntamiento, "recurso_detalle", pk=recurso.pk)
    assert cliente_de(enlace).get(detalle).status_code == 403


# --- Oficios del recurso -------------------------------------------------------------------


def _oficio(**cambios) -> dict:
    return {
        "tipo": "notificacion",
        "fecha": "2024-04-08",
        "asunto": "Notificación de cumplimiento",
        "destinatario": "OGAIPO",
    } | cambios


def test_emitir_oficio_lo_liga_al_recurso(ayuntamiento, recurso, personal, cliente_de):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "recurso_oficio", pk=recurso.pk), _oficio()
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        (oficio,) = recurso.oficios.all()
    assert (oficio.folio, oficio.tipo, oficio.emitido_por) == (
        "UT/0001/2024",
        TipoOficio.NOTIFICACION,
        personal,
    )


@pytest.mark.parametrize(
    "cambios, mensaje",
    [
        ({"tipo": "circular"}, "una opción válida"),
        ({"fecha": "2024-04-11"}, "no puede estar en el futuro"),
        ({"fecha": "2024-02-01"}, "no puede ser anterior a la interposición"),
        ({"asunto": ""}, "Este campo es obligatorio"),
    ],
)
def test_oficio_invalido_no_emite(ayuntamiento, recurso, personal, cliente_de, cambios, mensaje):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "recurso_oficio", pk=recurso.pk), _oficio(**cambios)
    )
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    with scopes_disabled():
        assert not Oficio.objects.exists()


def test_oficio_405_403_404(
    ayuntamiento, recurso, recurso_ajeno, personal, consulta, usuario_garante, cliente_de
):
    assert (
        cliente_de(personal).get(url(ayuntamiento, "recurso_oficio", pk=recurso.pk)).status_code
        == 405
    )
    for lector in (consulta, usuario_garante):
        respuesta = cliente_de(lector).post(
            url(ayuntamiento, "recurso_oficio", pk=recurso.pk), _oficio()
        )
        assert respuesta.status_code == 403
    cliente = cliente_de(personal)
    assert (
        cliente.post(
            url(ayuntamiento, "recurso_oficio", pk=recurso_ajeno.pk), _oficio()
        ).status_code
        == 404
    )
    assert cliente.post(url(ayuntamiento, "recurso_oficio", pk=31337), _oficio()).status_code == 404
    with scopes_disabled():
        assert not Oficio.objects.filter(ayuntamiento=ayuntamiento).exists()


def test_oficio_con_fecha_anterior_no_afecta_numeracion_de_otros(
    ayuntamiento, recurso, personal, cliente_de
):
    """El oficio del recurso entra al mismo registro que los demás: toma el número que
    sigue en la serie del ayuntamiento."""
    oficio_emitir(ayuntamiento=ayuntamiento, fecha=date(2024, 1, 8), asunto="x", destinatario="y")
    cliente_de(personal).post(url(ayuntamiento, "recurso_oficio", pk=recurso.pk), _oficio())
    with scope(ayuntamiento=ayuntamiento):
        assert [o.folio for o in recurso.oficios.all()] == ["UT/0002/2024"]
