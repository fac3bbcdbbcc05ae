"""Las páginas de solicitudes del personal: lista con filtros, semáforo y exportación; alta y
edición; detalle con plazos explicados, historia, archivos y bitácora; y sus acciones
(evento, turno, resolución del Comité). Cada vista con su juego de pruebas: lo que hace,
método equivocado (405), rol de sólo lectura (403), objeto ajeno (404) e id inexistente (404).
"""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organizacion.models import Ambito, DiaInhabil, Oficio, Sexo, TipoOficio, UnidadAdministrativa
from solicitudes.models import (
    Adjunto,
    EstadoSolicitud,
    Evento,
    MedioRecepcion,
    RecursoRevision,
    ResolucionComite,
    Solicitud,
    TipoEvento,
    TipoSolicitud,
    Turno,
)
from solicitudes.servicios import (
    comite_resolver,
    evento_registrar,
    recurso_guardar,
    solicitud_registrar,
    solicitud_turnar,
    turno_responder,
)
from tests.conftest import pdf_valido

MX = ZoneInfo("America/Mexico_City")
PDF = pdf_valido()
# Miércoles 10 de julio de 2024, en horario de oficina.
HOY = datetime(2024, 7, 10, 10, tzinfo=MX)


def url(ayuntamiento, nombre="lista", **kw):
    return reverse(f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def registrar(ayuntamiento, folio, recibida, archivos=(), **campos):
    """Una solicitud registrada por el servicio, con archivos PDF de los nombres dados."""
    campos.setdefault("descripcion", f"Información de {folio}")
    with scope(ayuntamiento=ayuntamiento):
        return solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento, folio=folio, recibida=recibida, **campos
            ),
            archivos=[SimpleUploadedFile(nombre, PDF) for nombre in archivos],
        )


def contar(ayuntamiento, modelo):
    with scope(ayuntamiento=ayuntamiento):
        return modelo.objects.count()


def recargar(solicitud):
    with scope(ayuntamiento=solicitud.ayuntamiento):
        return Solicitud.objects.get(pk=solicitud.pk)


@pytest.fixture
def ajena(ayuntamiento_ajeno):
    """Una solicitud de otro ayuntamiento, con turno y archivo."""
    with scopes_disabled():
        area = UnidadAdministrativa.objects.create(ayuntamiento=ayuntamiento_ajeno, nombre="Obras")
    with scope(ayuntamiento=ayuntamiento_ajeno):
        solicitud = registrar(
            ayuntamiento_ajeno,
            "AJENA-1",
            datetime(2024, 7, 1, 10, tzinfo=MX),
            ["ajeno.pdf"],
            descripcion="De Puebla",
        )
        solicitud_turnar(solicitud=solicitud, areas=[area], fecha=date(2024, 7, 2))
    return solicitud


@pytest.fixture
def semaforo_de_tres(ayuntamiento):
    """Tres solicitudes abiertas, una de cada color el 10 de julio de 2024 (20 días hábiles,
    «por vencer» a 3 días hábiles): vence el 1, el 12 y el 29 de julio."""
    with time_machine.travel(HOY, tick=False):
        return {
            "vencida": registrar(ayuntamiento, "PNT-VENCIDA", datetime(2024, 6, 3, 10, tzinfo=MX)),
            "por_vencer": registrar(
                ayuntamiento,
                "PNT-PORVENCER",
                datetime(2024, 6, 14, 10, tzinfo=MX),
                nombre_solicitante="Rosa Díaz",
                sexo=Sexo.MUJER,
                medio=MedioRecepcion.CORREO,
                # Llegó por correo y se capturó en la PNT el mismo día (LGTAIP art. 125).
                capturada_pnt=date(2024, 6, 14),
            ),
            "en_tiempo": registrar(
                ayuntamiento,
                "PNT-ENTIEMPO",
                datetime(2024, 7, 1, 10, tzinfo=MX),
                tipo=TipoSolicitud.ARCO,
                derecho_arco="acceso",
                descripcion="Mi expediente laboral",
            ),
        }


def _folios(respuesta):
    return [s.folio for s, _, _ in respuesta.context["filas"]]


# --- Lista ---------------------------------------------------------------------------------


@time_machine.travel(HOY, tick=False)
def test_lista_con_semaforo_fechas_y_conteo(ayuntamiento, semaforo_de_tres, consulta, cliente_de):
    respuesta = cliente_de(consulta).get(url(ayuntamiento))
    html = respuesta.content.decode()
    assert respuesta.context["conteo"] == {"vencida": 1, "por_vencer": 1, "en_tiempo": 1}
    assert _folios(respuesta) == ["PNT-ENTIEMPO", "PNT-PORVENCER", "PNT-VENCIDA"]
    colores = {s.folio: color for s, _, color in respuesta.context["filas"]}
    assert colores == {
        "PNT-VENCIDA": "vencida",
        "PNT-PORVENCER": "por_vencer",
        "PNT-ENTIEMPO": "en_tiempo",
    }
    assert "3 de junio de 2024" in html  # recibida
    assert "12 de julio de 2024" in html  # vence
    # El color lleva su nombre escrito, y cada cuenta es un enlace que filtra.
    assert '<span class="badge text-bg-danger">Vencida</span>' in html
    assert "?semaforo=vencida" in html
    assert "Registrar solicitud" not in html  # consulta no captura


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "consulta_get, esperados",
    [
        ("semaforo=vencida", ["PNT-VENCIDA"]),
        ("semaforo=por_vencer", ["PNT-PORVENCER"]),
        ("semaforo=en_tiempo", ["PNT-ENTIEMPO"]),
        ("q=rosa", ["PNT-PORVENCER"]),
        ("q=expediente+laboral", ["PNT-ENTIEMPO"]),
        ("q=pnt-venc", ["PNT-VENCIDA"]),
        ("tipo=arco", ["PNT-ENTIEMPO"]),
        ("medio=correo", ["PNT-PORVENCER"]),
        ("sexo=mujer", ["PNT-PORVENCER"]),
        ("estado=recibida", ["PNT-ENTIEMPO", "PNT-PORVENCER", "PNT-VENCIDA"]),
        ("estado=respondida", []),
        ("desde=2024-06-14&hasta=2024-06-14", ["PNT-PORVENCER"]),
        ("desde=2024-06-15", ["PNT-ENTIEMPO"]),
        ("hasta=2024-06-03", ["PNT-VENCIDA"]),
    ],
)
def test_filtros_de_la_lista(
    consulta_get, esperados, ayuntamiento, semaforo_de_tres, personal, cliente_de
):
    respuesta = cliente_de(personal).get(url(ayuntamiento) + "?" + consulta_get)
    assert _folios(respuesta) == esperados


@time_machine.travel(HOY, tick=False)
def test_filtro_por_area_turnada(ayuntamiento, areas, semaforo_de_tres, titular, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        solicitud_turnar(
            solicitud=semaforo_de_tres["vencida"], areas=list(areas), fecha=date(2024, 6, 4)
        )
        solicitud_turnar(
            solicitud=semaforo_de_tres["en_tiempo"], areas=[areas[1]], fecha=date(2024, 7, 2)
        )
    cliente = cliente_de(titular)
    assert _folios(cliente.get(url(ayuntamiento) + f"?area={areas[0].pk}")) == ["PNT-VENCIDA"]
    assert _folios(cliente.get(url(ayuntamiento) + f"?area={areas[1].pk}")) == [
        "PNT-ENTIEMPO",
        "PNT-VENCIDA",
    ]


@time_machine.travel(HOY, tick=False)
def test_periodo_en_la_zona_del_ayuntamiento(ayuntamiento, personal, cliente_de):
    """Recibida el 30 de junio a las 23:30 en Cancún: en la Ciudad de México ya es 30 de
    junio 22:30, en UTC 1 de julio. El filtro usa el día del ayuntamiento."""
    ayuntamiento.zona_horaria = "America/Cancun"
    ayuntamiento.save()
    registrar(
        ayuntamiento, "CUN-1", datetime(2024, 6, 30, 23, 30, tzinfo=ZoneInfo("America/Cancun"))
    )
    cliente = cliente_de(personal)
    assert _folios(cliente.get(url(ayuntamiento) + "?desde=2024-06-30&hasta=2024-06-30")) == [
        "CUN-1"
    ]
    assert _folios(cliente.get(url(ayuntamiento) + "?desde=2024-07-01")) == []


@time_machine.travel(HOY, tick=False)
def test_filtros_invalidos_dan_mensaje_y_no_500(
    ayuntamiento, semaforo_de_tres, personal, cliente_de
):
    cliente = cliente_de(personal)
    respuesta = cliente.get(url(ayuntamiento) + "?desde=31-31-2024&semaforo=morado&pagina=zzz")
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Introduzca una fecha válida" in html
    assert "Seleccione una opción válida" in html
    assert len(_folios(respuesta)) == 3  # sin filtros válidos se muestran todas
    respuesta = cliente.get(url(ayuntamiento) + "?desde=2024-07-01&hasta=2024-06-01")
    assert "La fecha final no puede ser anterior a la inicial." in respuesta.content.decode()


def test_lista_paginada_de_50(ayuntamiento, personal, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        Solicitud.objects.bulk_create(
            Solicitud(
                ayuntamiento=ayuntamiento,
                folio=f"F{i:03d}",
                recibida=datetime(2024, 1, 2, 10, tzinfo=MX),
                descripcion="x",
            )
            for i in range(55)
        )
    cliente = cliente_de(personal)
    assert len(_folios(cliente.get(url(ayuntamiento)))) == 50
    segunda = cliente.get(url(ayuntamiento) + "?pagina=2")
    assert len(_folios(segunda)) == 5
    assert "Página 2 de 2" in segunda.content.decode()


@time_machine.travel(HOY, tick=False)
def test_exporta_xlsx_real_con_los_filtros(ayuntamiento, semaforo_de_tres, consulta, cliente_de):
    respuesta = cliente_de(consulta).get(url(ayuntamiento) + "?formato=xlsx&semaforo=vencida")
    assert respuesta.status_code == 200
    assert 'filename="solicitudes-oaxaca-de-juarez.xlsx"' in respuesta["Content-Disposition"]
    hoja = openpyxl.load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == "Folio"
    assert len(filas) == 2  # encabezado y la vencida
    assert filas[1][0] == "PNT-VENCIDA"
    assert filas[1][4] == datetime(2024, 6, 3, 10, 0)  # hora local
    assert filas[1][11] == "Vencida"


@time_machine.travel(HOY, tick=False)
def test_exporta_csv_con_areas_turnadas(ayuntamiento, areas, semaforo_de_tres, titular, cliente_de):
    with scope(ayuntamiento=ayuntamiento):
        solicitud_turnar(
            solicitud=semaforo_de_tres["en_tiempo"], areas=list(areas), fecha=date(2024, 7, 2)
        )
    respuesta = cliente_de(titular).get(url(ayuntamiento) + "?formato=csv&tipo=arco")
    texto = respuesta.content.decode("utf-8-sig")
    filas = list(csv.reader(io.StringIO(texto)))
    assert respuesta["Content-Type"].startswith("text/csv")
    assert filas[0][0] == "Folio" and filas[0][-1] == "Áreas turnadas"
    assert len(filas) == 2
    assert filas[1][0] == "PNT-ENTIEMPO"
    assert filas[1][2] == "Acceso"
    assert filas[1][-1] == "Tesorería Municipal, Obras Públicas"  # en el orden del turno


def test_formato_desconocido_da_404(ayuntamiento, personal, cliente_de):
    assert cliente_de(personal).get(url(ayuntamiento) + "?formato=pdf").status_code == 404


def test_lista_metodo_y_roles(ayuntamiento, personal, enlace, usuario_garante, cliente_de):
    assert cliente_de(personal).post(url(ayuntamiento)).status_code == 405
    assert cliente_de(enlace).get(url(ayuntamiento)).status_code == 403
    assert cliente_de(usuario_garante).get(url(ayuntamiento)).status_code == 200


def test_lista_no_muestra_solicitudes_ajenas(ayuntamiento, ajena, titular, cliente_de):
    respuesta = cliente_de(titular).get(url(ayuntamiento))
    assert _folios(respuesta) == []
    assert (
        "AJENA-1"
        not in cliente_de(titular).get(url(ayuntamiento) + "?formato=csv").content.decode()
    )


# --- Alta ----------------------------------------------------------------------------------


def datos_solicitud(**cambios):
    datos = {
        "tipo": "acceso",
        "derecho_arco": "",
        "folio": "201181924000150",
        "medio": "pnt",
        "recibida": "2024-07-08T16:30",
        "nombre_solicitante": "",
        "sexo": "no_identificado",
        "correo_solicitante": "",
        "domicilio_solicitante": "",
        "documento_identidad": "",
        "descripcion": "Contratos de obra 2024",
        "modalidad_entrega": "electronica",
    }
    datos.update(cambios)
    return datos


@time_machine.travel(HOY, tick=False)
def test_registrar_solicitud_con_archivos(ayuntamiento, personal, cliente_de):
    datos = datos_solicitud(
        archivos=[
            SimpleUploadedFile("escrito.pdf", PDF),
            SimpleUploadedFile("anexo.pdf", PDF),
        ]
    )
    respuesta = cliente_de(personal).post(url(ayuntamiento, "nueva"), datos)
    with scope(ayuntamiento=ayuntamiento):
        solicitud = Solicitud.objects.get()
        nombres = sorted(solicitud.adjuntos.values_list("nombre", flat=True))
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url(ayuntamiento, "detalle", pk=solicitud.pk)
    assert solicitud.folio == "201181924000150"
    assert solicitud.registrada_por == personal
    # Las 16:30 del lunes 8, después del cierre (15:00): el plazo ya se calculó.
    assert solicitud.recibida == datetime(2024, 7, 8, 16, 30, tzinfo=MX)
    assert solicitud.vence == date(2024, 8, 6)
    assert nombres == ["anexo.pdf", "escrito.pdf"]


@time_machine.travel(HOY, tick=False)
def test_la_hora_se_captura_en_la_zona_del_ayuntamiento(ayuntamiento, personal, cliente_de):
    ayuntamiento.zona_horaria = "America/Cancun"
    ayuntamiento.save()
    cliente_de(personal).post(
        url(ayuntamiento, "nueva"), datos_solicitud(recibida="2024-07-08T09:00")
    )
    with scope(ayuntamiento=ayuntamiento):
        solicitud = Solicitud.objects.get()
    assert solicitud.recibida == datetime(2024, 7, 8, 14, 0, tzinfo=ZoneInfo("UTC"))
    # Y al editar se muestra la misma hora local, no la del servidor.
    html = cliente_de(personal).get(url(ayuntamiento, "editar", pk=solicitud.pk)).content.decode()
    assert 'value="2024-07-08T09:00"' in html


@time_machine.travel(HOY, tick=False)
def test_sin_folio_por_escrito_recibe_folio_interno(ayuntamiento, personal, cliente_de):
    cliente = cliente_de(personal)
    for _ in range(2):
        cliente.post(url(ayuntamiento, "nueva"), datos_solicitud(folio="", medio="escrito"))
    with scope(ayuntamiento=ayuntamiento):
        folios = sorted(Solicitud.objects.values_list("folio", "folio_interno"))
    assert folios == [("INT-2024-00001", True), ("INT-2024-00002", True)]


@time_machine.travel(HOY, tick=False)
def test_registrar_arco_con_identidad(ayuntamiento, titular, cliente_de):
    cliente_de(titular).post(
        url(ayuntamiento, "nueva"),
        datos_solicitud(
            tipo="arco",
            derecho_arco="rectificacion",
            identidad_acreditada="on",
            documento_identidad="Credencial para votar",
            nombre_solicitante="Juan Pérez",
            sexo="hombre",
        ),
    )
    with scope(ayuntamiento=ayuntamiento):
        solicitud = Solicitud.objects.get()
    assert (solicitud.derecho_arco, solicitud.identidad_acreditada) == ("rectificacion", True)
    assert solicitud.documento_identidad == "Credencial para votar"


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "cambios, mensaje",
    [
        ({"folio": "YA-EXISTE"}, "Ya existe una solicitud con ese folio."),
        ({"recibida": "2024-07-11T09:00"}, "La fecha de recepción no puede estar en el futuro."),
        ({"tipo": "arco"}, "Indique qué derecho ARCO se ejerce."),
        (
            {"derecho_arco": "acceso"},
            "El derecho ARCO sólo se indica en solicitudes de derechos ARCO.",
        ),
        ({"folio": ""}, "Una solicitud recibida por la PNT lleva su folio."),
        ({"recibida": "ayer"}, "Introduzca una fecha/hora válida."),
        ({"descripcion": ""}, "Este campo es obligatorio."),
        (
            {"correo_solicitante": "no-es-correo"},
            "Introduzca una dirección de correo electrónico válida.",
        ),
        (
            {"archivos": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")]},
            "virus.pdf: El contenido del archivo no corresponde a un .pdf",
        ),
        ({"archivos": [SimpleUploadedFile("x.exe", b"MZ")]}, "Formato no admitido"),
    ],
)
def test_alta_con_errores_no_guarda_nada(cambios, mensaje, ayuntamiento, personal, cliente_de):
    registrar(ayuntamiento, "YA-EXISTE", datetime(2024, 7, 1, 10, tzinfo=MX))
    respuesta = cliente_de(personal).post(url(ayuntamiento, "nueva"), datos_solicitud(**cambios))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert mensaje in html
    assert html.count(mensaje) == 1  # una sola vez, en su lugar
    assert contar(ayuntamiento, Solicitud) == 1
    assert contar(ayuntamiento, Adjunto) == 0


def test_alta_archivo_demasiado_grande(ayuntamiento, personal, cliente_de, settings):
    settings.TAMANO_MAXIMO_ARCHIVO_MB = 1
    grande = SimpleUploadedFile("grande.pdf", PDF + b"0" * (1024 * 1024))
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "nueva"), datos_solicitud(recibida="2024-01-08T10:00", archivos=[grande])
    )
    assert "pesa más de 1 MB" in respuesta.content.decode()
    assert contar(ayuntamiento, Solicitud) == 0


@pytest.mark.parametrize("rol", ["consulta", "enlace", "usuario_garante"])
def test_alta_solo_para_quien_captura(rol, request, ayuntamiento, cliente_de):
    cliente = cliente_de(request.getfixturevalue(rol))
    assert cliente.get(url(ayuntamiento, "nueva")).status_code == 403
    assert cliente.post(url(ayuntamiento, "nueva"), datos_solicitud()).status_code == 403
    assert contar(ayuntamiento, Solicitud) == 0


def test_alta_metodo_equivocado(ayuntamiento, personal, cliente_de):
    assert cliente_de(personal).put(url(ayuntamiento, "nueva")).status_code == 405


# --- Edición -------------------------------------------------------------------------------


@time_machine.travel(HOY, tick=False)
def test_editar_recalcula_plazos_y_queda_en_la_bitacora(ayuntamiento, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    assert solicitud.vence == date(2024, 7, 29)
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "editar", pk=solicitud.pk),
        datos_solicitud(folio="PNT-1", recibida="2024-07-08T10:00", descripcion="Nueva redacción"),
    )
    assert respuesta.status_code == 302
    solicitud = recargar(solicitud)
    assert solicitud.descripcion == "Nueva redacción"
    assert solicitud.vence == date(2024, 8, 5)
    assert solicitud.registrada_por is None  # la edición no cambia quién la registró
    html = cliente.get(url(ayuntamiento, "detalle", pk=solicitud.pk)).content.decode()
    assert "Bitácora de cambios" in html
    assert "Fátima Sánchez Carrasco" in html
    assert "Información solicitada: «Información de PNT-1» → «Nueva redacción»" in html
    assert (
        "Fecha y hora de recepción: «1 de julio de 2024, 10:00» → «8 de julio de 2024, 10:00»"
        in html
    )


@time_machine.travel(HOY, tick=False)
def test_editar_conserva_el_folio_interno(ayuntamiento, personal, cliente_de):
    solicitud = registrar(
        ayuntamiento, "", datetime(2024, 7, 1, 10, tzinfo=MX), medio=MedioRecepcion.ESCRITO
    )
    cliente_de(personal).post(
        url(ayuntamiento, "editar", pk=solicitud.pk),
        datos_solicitud(folio="", medio="escrito", recibida="2024-07-01T10:00"),
    )
    assert recargar(solicitud).folio == "INT-2024-00001"


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "cambios, mensaje",
    [
        ({"folio": "PNT-2"}, "Ya existe una solicitud con ese folio."),
        ({"recibida": "2024-07-05T10:00"}, "tiene hechos registrados desde el 03/07/2024"),
        ({"recibida": "2025-01-01T10:00"}, "no puede estar en el futuro"),
    ],
)
def test_editar_con_errores_no_guarda(cambios, mensaje, ayuntamiento, areas, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    registrar(ayuntamiento, "PNT-2", datetime(2024, 7, 1, 11, tzinfo=MX))
    with scope(ayuntamiento=ayuntamiento):
        solicitud_turnar(solicitud=solicitud, areas=[areas[0]], fecha=date(2024, 7, 3))
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "editar", pk=solicitud.pk),
        datos_solicitud(**{"folio": "PNT-1", "recibida": "2024-07-01T10:00", **cambios}),
    )
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    guardada = recargar(solicitud)
    assert (guardada.folio, guardada.recibida) == ("PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))


def test_editar_roles_ajena_e_inexistente(ayuntamiento, ajena, consulta, titular, cliente_de):
    propia = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    assert cliente_de(consulta).get(url(ayuntamiento, "editar", pk=propia.pk)).status_code == 403
    assert cliente_de(consulta).post(url(ayuntamiento, "editar", pk=propia.pk)).status_code == 403
    cliente = cliente_de(titular)
    assert cliente.get(url(ayuntamiento, "editar", pk=ajena.pk)).status_code == 404
    assert (
        cliente.post(url(ayuntamiento, "editar", pk=ajena.pk), datos_solicitud()).status_code == 404
    )
    assert cliente.get(url(ayuntamiento, "editar", pk=999999)).status_code == 404
    assert cliente.delete(url(ayuntamiento, "editar", pk=propia.pk)).status_code == 405
    with scopes_disabled():
        assert Solicitud.objects.get(pk=ajena.pk).descripcion == "De Puebla"


# --- Detalle -------------------------------------------------------------------------------


@time_machine.travel(datetime(2024, 3, 27, 10, tzinfo=MX), tick=False)
def test_detalle_explica_el_plazo_recibida_despues_del_cierre(
    ayuntamiento, garante, consulta, cliente_de
):
    """Viernes 15 de marzo de 2024 a las 16:00 (cierre 15:00); el lunes 18 es día de
    descanso (tercer lunes de marzo, LFT art. 74): se tiene por recibida el martes 19; el
    día 1 es el miércoles 20. Semana Santa inhábil por acuerdo del garante."""
    DiaInhabil.objects.create(
        ambito=Ambito.GARANTE,
        garante=garante,
        fecha_inicio=date(2024, 3, 25),
        fecha_fin=date(2024, 3, 29),
        motivo="Periodo vacacional de Semana Santa",
        acuerdo="Acuerdo OGAIPO/CG/05/2024",
    )
    solicitud = registrar(ayuntamiento, "PNT-MARZO", datetime(2024, 3, 15, 16, tzinfo=MX))
    respuesta = cliente_de(consulta).get(url(ayuntamiento, "detalle", pk=solicitud.pk))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "¿Cómo se calculó?" in html
    assert "Llegó a las 16:00, a partir de la hora de cierre (15:00)" in html
    assert "Recepción efectiva: 19 de marzo de 2024" in html
    assert "El día 1 es el 20 de marzo de 2024" in html
    assert "25 de marzo de 2024: Periodo vacacional de Semana Santa" in html
    assert "Acuerdo OGAIPO/CG/05/2024 (ámbito garante)" in html
    assert "Sábado <small" in html and "Fin de semana" in html
    respuesta_plazo = next(p for p in respuesta.context["plazos"] if p.fila.clave == "respuesta")
    assert respuesta_plazo.fila.vence == date(2024, 4, 23)
    assert "23 de abril de 2024" in html
    assert "Registrar evento" not in html and "Editar datos" not in html  # consulta sólo lee


@time_machine.travel(HOY, tick=False)
def test_detalle_recibida_en_dia_inhabil(ayuntamiento, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-SAB", datetime(2024, 7, 6, 11, tzinfo=MX))
    html = cliente_de(personal).get(url(ayuntamiento, "detalle", pk=solicitud.pk)).content.decode()
    assert "en día inhábil (Sábado; Fin de semana)" in html
    assert "se tiene por recibida el 8 de julio de 2024" in html
    assert "Registrar evento" in html and "Turnar" in html  # el personal captura desde aquí


@time_machine.travel(datetime(2024, 8, 20, 10, tzinfo=MX), tick=False)
def test_detalle_historia_turnos_archivos_comite_y_recursos(
    ayuntamiento, areas, personal, enlace, usuario_garante, cliente_de
):
    with scope(ayuntamiento=ayuntamiento):
        solicitud = registrar(
            ayuntamiento,
            "PNT-HIST",
            datetime(2024, 7, 1, 10, tzinfo=MX),
            ["escrito.pdf"],
            descripcion="Nómina",
        )
        (turno,) = solicitud_turnar(solicitud=solicitud, areas=[areas[0]], fecha=date(2024, 7, 2))
        turno_responder(
            turno=turno,
            fecha=date(2024, 7, 5),
            respuesta="Se adjunta la nómina",
            respondido_por=enlace,
            archivos=[SimpleUploadedFile("nomina.pdf", PDF)],
        )
        comite_resolver(
            solicitud=solicitud,
            sesion="Tercera extraordinaria",
            numero_acta="CT/03/2024",
            tipo="ampliacion",
            sentido="confirma",
            fecha=date(2024, 7, 22),
        )
        evento_registrar(
            solicitud=solicitud,
            tipo=TipoEvento.RESPUESTA,
            fecha=date(2024, 8, 1),
            tipo_respuesta="entrega_parcial",
            detalle="Se entrega versión pública",
        )
        recurso = recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente="RR/77/2024",
                solicitud=solicitud,
                sexo=Sexo.MUJER,
                fecha_interposicion=date(2024, 8, 9),
            )
        )
    respuesta = cliente_de(usuario_garante).get(url(ayuntamiento, "detalle", pk=solicitud.pk))
    html = respuesta.content.decode()
    titulos = [m.titulo for m in respuesta.context["historia"]]
    assert titulos == [
        "Solicitud recibida (PNT / SISAI)",
        "Turnada a Tesorería Municipal",
        "Tesorería Municipal respondió",
        "Comité de Transparencia: Ampliación de plazo",
        "Respuesta notificada",
        "Recurso de revisión RR/77/2024 interpuesto",
    ]
    assert "Entrega parcial · Se entrega versión pública" in html
    assert "UT/0001/2024" in html  # oficio de turno
    assert url(ayuntamiento, "recurso_detalle", pk=recurso.pk) in html
    assert "escrito.pdf" in html and "nomina.pdf" in html
    assert "respuesta de Tesorería Municipal" in html
    assert "Tercera extraordinaria, acta CT/03/2024" in html
    assert "En recurso de revisión" in html
    # El plazo ampliado y el de respuesta se explican; la respuesta se dio en tiempo.
    claves = {p.fila.clave: p for p in respuesta.context["plazos"]}
    assert claves["ampliacion"].fila.en_tiempo is True
    assert claves["ampliacion"].fila.base == "el vencimiento del plazo original"
    # El plazo original ya no corre: no se pinta como vencido.
    assert (claves["respuesta"].fila.estado, claves["respuesta"].color) == ("sustituido", None)
    assert "Se amplió: lo sustituye el siguiente." in html
    # El garante lee, pero no ve los formularios de captura.
    assert "evento_form" not in respuesta.context


def test_detalle_roles_ajena_inexistente_y_metodo(ayuntamiento, ajena, enlace, titular, cliente_de):
    propia = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    cliente = cliente_de(titular)
    assert cliente.get(url(ayuntamiento, "detalle", pk=ajena.pk)).status_code == 404
    assert cliente.get(url(ayuntamiento, "detalle", pk=999999)).status_code == 404
    assert cliente.post(url(ayuntamiento, "detalle", pk=propia.pk)).status_code == 405
    # El enlace trabaja desde sus turnos, no abre solicitudes.
    assert cliente_de(enlace).get(url(ayuntamiento, "detalle", pk=propia.pk)).status_code == 403


# --- Acciones del detalle ------------------------------------------------------------------


@time_machine.travel(HOY, tick=False)
def test_registrar_prevencion_y_respuesta(ayuntamiento, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 8, 10, tzinfo=MX))
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "evento", pk=solicitud.pk),
        {
            "evento-tipo": "prevencion",
            "evento-fecha": "2024-07-09",
            "evento-detalle": "Precise el periodo",
        },
    )
    assert respuesta.status_code == 302
    assert recargar(solicitud).estado == EstadoSolicitud.PREVENIDA
    cliente.post(
        url(ayuntamiento, "evento", pk=solicitud.pk),
        {"evento-tipo": "prevencion_atendida", "evento-fecha": "2024-07-10"},
    )
    respuesta = cliente.post(
        url(ayuntamiento, "evento", pk=solicitud.pk),
        {
            "evento-tipo": "respuesta",
            "evento-fecha": "2024-07-10",
            "evento-tipo_respuesta": "entrega_total",
            "evento-modalidad_entrega": "electronica",
            "evento-detalle": "Se entrega",
            "evento-archivos": [SimpleUploadedFile("respuesta.pdf", PDF)],
        },
    )
    assert respuesta.status_code == 302
    solicitud = recargar(solicitud)
    assert (solicitud.estado, solicitud.tipo_respuesta, solicitud.en_tiempo) == (
        EstadoSolicitud.RESPONDIDA,
        "entrega_total",
        True,
    )
    with scope(ayuntamiento=ayuntamiento):
        adjunto = Adjunto.objects.select_related("evento").get()
        assert adjunto.evento is not None and adjunto.evento.tipo == TipoEvento.RESPUESTA
        assert adjunto.subido_por == personal


@time_machine.travel(datetime(2024, 7, 20, 10, tzinfo=MX), tick=False)
@pytest.mark.parametrize(
    "datos, mensaje",
    [
        (
            {"evento-tipo": "prevencion", "evento-fecha": "2024-07-16"},
            "La prevención debe enviarse dentro de los primeros 5 días hábiles "
            "(a más tardar el 15/07/2024).",
        ),
        (
            {"evento-tipo": "respuesta", "evento-fecha": "2024-07-16"},
            "Indique el tipo de respuesta.",
        ),
        (
            {"evento-tipo": "entrega", "evento-fecha": "2024-07-16"},
            "Primero registre la respuesta.",
        ),
        (
            {"evento-tipo": "prevencion", "evento-fecha": "2024-07-01"},
            "no puede ser anterior a la recepción",
        ),
        (
            {"evento-tipo": "prevencion", "evento-fecha": "2024-07-21"},
            "no puede estar en el futuro",
        ),
        ({"evento-tipo": "otro", "evento-fecha": "2024-07-16"}, "Seleccione una opción válida"),
        (
            {
                "evento-tipo": "respuesta",
                "evento-fecha": "2024-07-16",
                "evento-tipo_respuesta": "entrega_total",
                "evento-archivos": [SimpleUploadedFile("r.docx", b"no es zip")],
            },
            "r.docx: El contenido del archivo no corresponde a un .docx",
        ),
    ],
)
def test_evento_con_error_se_muestra_y_no_guarda(
    datos, mensaje, ayuntamiento, personal, cliente_de
):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 8, 10, tzinfo=MX))
    respuesta = cliente_de(personal).post(url(ayuntamiento, "evento", pk=solicitud.pk), datos)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert mensaje in html
    assert respuesta.context["evento_form"].errors
    assert '<details class="border rounded p-2 mb-2" open>' in html  # el formulario queda abierto
    assert contar(ayuntamiento, Evento) == 0
    assert contar(ayuntamiento, Adjunto) == 0
    assert recargar(solicitud).estado == EstadoSolicitud.RECIBIDA


@time_machine.travel(HOY, tick=False)
def test_turnar_a_dos_areas(ayuntamiento, areas, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 8, 10, tzinfo=MX))
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "turnar", pk=solicitud.pk),
        {
            "turno-areas": [areas[0].pk, areas[1].pk],
            "turno-fecha": "2024-07-09",
            "turno-instrucciones": "Responder en 5 días",
        },
        follow=True,
    )
    html = respuesta.content.decode()
    with scope(ayuntamiento=ayuntamiento):
        turnos = list(
            Turno.objects.order_by("oficio__numero").values_list(
                "unidad_administrativa__nombre", "oficio__folio", "vence", "instrucciones"
            )
        )
        assert Oficio.objects.filter(tipo=TipoOficio.TURNO).count() == 2
    assert {t[1] for t in turnos} == {"UT/0001/2024", "UT/0002/2024"}
    assert {t[2] for t in turnos} == {date(2024, 7, 16)}
    assert "Se turnó:" in html
    assert recargar(solicitud).estado == EstadoSolicitud.EN_TRAMITE


@time_machine.travel(HOY, tick=False)
@pytest.mark.parametrize(
    "datos, mensaje",
    [
        ({"turno-fecha": "2024-07-09"}, "Elija al menos un área."),
        ({"turno-areas": ["0"], "turno-fecha": "2024-07-09"}, "Seleccione una opción válida"),
        ({"turno-areas": ["primera"], "turno-fecha": "2024-07-09"}, "no es un valor válido"),
        (
            {"turno-areas": ["AREA0"], "turno-fecha": "2024-07-01"},
            "no puede ser anterior a la recepción",
        ),
        ({"turno-areas": ["AREA0"], "turno-fecha": "09/07/2024x"}, "Introduzca una fecha válida"),
    ],
)
def test_turnar_con_error_no_guarda(datos, mensaje, ayuntamiento, areas, personal, cliente_de):
    datos = {
        k: [str(areas[0].pk) if v == "AREA0" else v for v in valor]
        if isinstance(valor, list)
        else valor
        for k, valor in datos.items()
    }
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 8, 10, tzinfo=MX))
    respuesta = cliente_de(personal).post(url(ayuntamiento, "turnar", pk=solicitud.pk), datos)
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert contar(ayuntamiento, Turno) == 0
    assert contar(ayuntamiento, Oficio) == 0


@time_machine.travel(HOY, tick=False)
def test_turnar_dos_veces_a_la_misma_area(ayuntamiento, areas, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 8, 10, tzinfo=MX))
    cliente = cliente_de(personal)
    datos = {"turno-areas": [areas[0].pk], "turno-fecha": "2024-07-09"}
    cliente.post(url(ayuntamiento, "turnar", pk=solicitud.pk), datos)
    respuesta = cliente.post(url(ayuntamiento, "turnar", pk=solicitud.pk), datos)
    assert "La solicitud ya se turnó a: Tesorería Municipal." in respuesta.content.decode()
    assert contar(ayuntamiento, Oficio) == 1


@time_machine.travel(HOY, tick=False)
def test_resolucion_del_comite_amplia_el_plazo(ayuntamiento, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "comite", pk=solicitud.pk),
        {
            "comite-sesion": "Primera extraordinaria",
            "comite-numero_acta": "CT/01/2024",
            "comite-tipo": "ampliacion",
            "comite-sentido": "confirma",
            "comite-fecha": "2024-07-10",
        },
    )
    assert respuesta.status_code == 302
    solicitud = recargar(solicitud)
    assert (solicitud.estado, solicitud.vence) == (EstadoSolicitud.AMPLIADA, date(2024, 8, 12))


@time_machine.travel(datetime(2024, 8, 5, 10, tzinfo=MX), tick=False)
def test_ampliacion_despues_del_vencimiento_se_rechaza(ayuntamiento, personal, cliente_de):
    solicitud = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "comite", pk=solicitud.pk),
        {
            "comite-sesion": "Segunda ordinaria",
            "comite-numero_acta": "CT/02/2024",
            "comite-tipo": "ampliacion",
            "comite-sentido": "confirma",
            "comite-fecha": "2024-07-30",
        },
    )
    assert respuesta.status_code == 200
    assert (
        "La ampliación debe notificarse antes de que venza el plazo original (29/07/2024)."
        in respuesta.content.decode()
    )
    assert contar(ayuntamiento, ResolucionComite) == 0
    assert recargar(solicitud).con_ampliacion is False


@pytest.mark.parametrize("accion", ["evento", "turnar", "comite"])
def test_acciones_metodo_roles_ajena_e_inexistente(
    accion, ayuntamiento, ajena, consulta, usuario_garante, titular, cliente_de
):
    propia = registrar(ayuntamiento, "PNT-1", datetime(2024, 7, 1, 10, tzinfo=MX))
    assert cliente_de(titular).get(url(ayuntamiento, accion, pk=propia.pk)).status_code == 405
    for lector in (consulta, usuario_garante):
        assert cliente_de(lector).post(url(ayuntamiento, accion, pk=propia.pk)).status_code == 403
    assert cliente_de(titular).post(url(ayuntamiento, accion, pk=ajena.pk)).status_code == 404
    assert cliente_de(titular).post(url(ayuntamiento, accion, pk=999999)).status_code == 404


# --- Archivos ------------------------------------------------------------------------------


@pytest.fixture
def con_archivos(ayuntamiento, areas, enlace, enlace_otra_area):
    """Una solicitud con su escrito, turnada a las dos áreas; cada área respondió con un
    archivo. Y otra solicitud, no turnada a nadie, con su escrito."""
    with time_machine.travel(HOY, tick=False), scope(ayuntamiento=ayuntamiento):
        solicitud = registrar(
            ayuntamiento,
            "PNT-ARCH",
            datetime(2024, 7, 1, 10, tzinfo=MX),
            ["escrito.pdf"],
            descripcion="x",
        )
        tesoreria, obras = solicitud_turnar(
            solicitud=solicitud, areas=list(areas), fecha=date(2024, 7, 2)
        )
        for turno, quien in ((tesoreria, enlace), (obras, enlace_otra_area)):
            turno_responder(
                turno=turno,
                fecha=date(2024, 7, 3),
                respuesta="Listo",
                respondido_por=quien,
                archivos=[SimpleUploadedFile(f"{turno.unidad_administrativa.nombre}.pdf", PDF)],
            )
        otra = registrar(
            ayuntamiento,
            "PNT-OTRA",
            datetime(2024, 7, 1, 10, tzinfo=MX),
            ["otra.pdf"],
            descripcion="y",
        )
        return {
            "escrito": solicitud.adjuntos.get(nombre="escrito.pdf").pk,
            "tesoreria": tesoreria.adjuntos.get().pk,
            "obras": obras.adjuntos.get().pk,
            "otra": otra.adjuntos.get().pk,
        }


def test_descarga_de_archivos(ayuntamiento, con_archivos, consulta, cliente_de):
    respuesta = cliente_de(consulta).get(url(ayuntamiento, "adjunto", pk=con_archivos["escrito"]))
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"] == 'attachment; filename="escrito.pdf"'
    assert b"".join(respuesta.streaming_content) == PDF


def test_el_enlace_solo_descarga_lo_de_su_area(ayuntamiento, con_archivos, enlace, cliente_de):
    cliente = cliente_de(enlace)
    estados = {
        nombre: cliente.get(url(ayuntamiento, "adjunto", pk=pk)).status_code
        for nombre, pk in con_archivos.items()
    }
    # El escrito lleva los datos de quien solicita (marcado al subirse): sólo la Unidad.
    assert estados == {"escrito": 404, "tesoreria": 200, "obras": 404, "otra": 404}


def test_descarga_metodo_ajena_e_inexistente(
    ayuntamiento, ajena, con_archivos, titular, cliente_de
):
    cliente = cliente_de(titular)
    with scopes_disabled():
        ajeno = Adjunto.objects.get(solicitud=ajena).pk
    assert cliente.get(url(ayuntamiento, "adjunto", pk=ajeno)).status_code == 404
    assert cliente.get(url(ayuntamiento, "adjunto", pk=999999)).status_code == 404
    assert cliente.post(url(ayuntamiento, "adjunto", pk=con_archivos["escrito"])).status_code == 405
