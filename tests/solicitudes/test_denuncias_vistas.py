"""Páginas de denuncias: lista (filtros, exportación, consultas constantes), alta y edición
con validación de fechas, detalle con oficios e historial, y requerimiento a las áreas."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organizacion.models import Oficio, Sexo, TipoOficio, UnidadAdministrativa
from solicitudes.models import Denuncia, ResolucionDenuncia
from solicitudes.servicios import denuncia_requerir

MEXICO = ZoneInfo("America/Mexico_City")
HOY = datetime(2024, 7, 4, 12, tzinfo=MEXICO)


@pytest.fixture(autouse=True)
def _hoy():
    with time_machine.travel(HOY, tick=False):
        yield


def url(ayuntamiento, nombre="denuncias", **kw):
    return reverse(f"solicitudes:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kw})


def crear(ayuntamiento, expediente="DI/0012/2024", **campos) -> Denuncia:
    datos = {
        "fecha": date(2024, 6, 10),
        "sexo": Sexo.NO_IDENTIFICADO,
        "articulo": "70",
        "fraccion": "XXIX",
        "descripcion": "No publica los informes de la fracción XXIX",
    } | campos
    with scopes_disabled():
        return Denuncia.objects.create(ayuntamiento=ayuntamiento, expediente=expediente, **datos)


@pytest.fixture
def denuncia(ayuntamiento) -> Denuncia:
    return crear(ayuntamiento)


@pytest.fixture
def denuncia_ajena(ayuntamiento_ajeno) -> Denuncia:
    return crear(ayuntamiento_ajeno, "DI/0099/2024")


def _datos(**cambios) -> dict:
    return {
        "expediente": "DI/0030/2024",
        "fecha": "2024-06-03",
        "sexo": Sexo.MUJER,
        "articulo": "70",
        "fraccion": "IX",
        "descripcion": "No publica gastos de representación",
        "fecha_informe": "",
        "resolucion": "",
        "fecha_resolucion": "",
        "fecha_cumplimiento": "",
    } | cambios


def _expedientes(ayuntamiento) -> list[str]:
    with scopes_disabled():
        return sorted(
            Denuncia.objects.filter(ayuntamiento=ayuntamiento).values_list("expediente", flat=True)
        )


# --- Lista ---------------------------------------------------------------------------------


@pytest.fixture
def varias(ayuntamiento, areas):
    crear(ayuntamiento, "DI/2023/1", fecha=date(2023, 11, 6))
    fundada = crear(
        ayuntamiento,
        "DI/2024/2",
        fecha=date(2024, 2, 5),
        fecha_informe=date(2024, 2, 12),
        resolucion=ResolucionDenuncia.FUNDADA,
        fecha_resolucion=date(2024, 3, 4),
        sexo=Sexo.MUJER,
    )
    crear(
        ayuntamiento,
        "DI/2024/3",
        fecha=date(2024, 5, 6),
        resolucion=ResolucionDenuncia.INFUNDADA,
        fecha_resolucion=date(2024, 6, 3),
    )
    with scopes_disabled():
        fundada.areas.set(areas)


def _lista(respuesta) -> list[str]:
    return [d.expediente for d in respuesta.context["pagina"]]


@pytest.mark.parametrize(
    "consulta_get, esperadas",
    [
        ("", ["DI/2024/3", "DI/2024/2", "DI/2023/1"]),
        ("?anio=2024", ["DI/2024/3", "DI/2024/2"]),
        ("?resolucion=fundada", ["DI/2024/2"]),
        ("?resolucion=sin", ["DI/2023/1"]),
        ("?anio=2023&resolucion=infundada", []),
        ("?q=2024/3", ["DI/2024/3"]),
    ],
)
def test_lista_y_filtros(ayuntamiento, varias, consulta, cliente_de, consulta_get, esperadas):
    assert _lista(cliente_de(consulta).get(url(ayuntamiento) + consulta_get)) == esperadas


def test_lista_muestra_estado_y_areas(ayuntamiento, varias, usuario_garante, cliente_de):
    html = cliente_de(usuario_garante).get(url(ayuntamiento)).content.decode()
    assert "En cumplimiento" in html  # la fundada, sin cumplimiento aún
    assert (
        "Tesorería Municipal; Obras Públicas" in html
        or "Obras Públicas; Tesorería Municipal" in html
    )
    assert "Registrar denuncia" not in html


def test_filtro_invalido_no_truena(ayuntamiento, varias, personal, cliente_de):
    respuesta = cliente_de(personal).get(url(ayuntamiento) + "?resolucion=rara&anio=1800")
    assert respuesta.status_code == 200
    assert "una opción válida" in respuesta.content.decode()
    assert len(_lista(respuesta)) == 3


def test_lista_405_y_403_enlace(ayuntamiento, personal, enlace, cliente_de):
    assert cliente_de(personal).post(url(ayuntamiento)).status_code == 405
    assert cliente_de(enlace).get(url(ayuntamiento)).status_code == 403


def test_lista_con_consultas_constantes(ayuntamiento, areas, personal, cliente_de):
    cliente = cliente_de(personal)

    def agregar(desde: int, hasta: int) -> None:
        for i in range(desde, hasta):
            denuncia = crear(ayuntamiento, f"DI/{i}/2024")
            with scopes_disabled():
                denuncia.areas.set(areas)

    def consultas() -> int:
        with CaptureQueriesContext(connection) as capturadas:
            assert cliente.get(url(ayuntamiento)).status_code == 200
        return len(capturadas)

    agregar(0, 3)
    con_tres = consultas()
    agregar(3, 30)
    assert consultas() == con_tres


def test_exporta_xlsx_y_csv(ayuntamiento, varias, consulta, cliente_de):
    cliente = cliente_de(consulta)
    xlsx = cliente.get(url(ayuntamiento) + "?formato=xlsx&anio=2024")
    assert xlsx["Content-Disposition"] == 'attachment; filename="denuncias.xlsx"'
    filas = list(
        openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    )
    assert filas[0][0] == "Expediente" and filas[0][-1] == "Estado"
    fundada = next(f for f in filas if f[0] == "DI/2024/2")
    assert fundada[1].date() == date(2024, 2, 5)
    assert fundada[2] == "Mujer"
    assert set(fundada[6].split("; ")) == {"Tesorería Municipal", "Obras Públicas"}
    assert (fundada[8], fundada[-1]) == ("Fundada", "En cumplimiento")
    assert len(filas) == 3

    texto = cliente.get(url(ayuntamiento) + "?formato=csv&resolucion=sin").content
    filas_csv = list(csv.reader(io.StringIO(texto.decode("utf-8-sig"))))
    assert filas_csv[1][:5] == ["DI/2023/1", "2023-11-06", "No identificado", "70", "XXIX"]
    assert filas_csv[1][-1] == "En trámite"
    assert len(filas_csv) == 2


# --- Alta y edición ------------------------------------------------------------------------


def test_personal_registra_una_denuncia(ayuntamiento, personal, cliente_de):
    respuesta = cliente_de(personal).post(url(ayuntamiento, "denuncia_nueva"), _datos())
    with scopes_disabled():
        denuncia = Denuncia.objects.get(ayuntamiento=ayuntamiento)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url(ayuntamiento, "denuncia_detalle", pk=denuncia.pk)
    assert (denuncia.expediente, denuncia.sexo, denuncia.fraccion) == (
        "DI/0030/2024",
        Sexo.MUJER,
        "IX",
    )
    assert denuncia.estado == "En trámite"


@pytest.mark.parametrize(
    "cambios, campo, mensaje",
    [
        ({"expediente": "di/0012/2024"}, "expediente", "Ya existe una denuncia con ese número"),
        ({"fecha": "2024-07-05"}, "fecha", "La fecha de la denuncia no puede estar en el futuro."),
        (
            {"fecha_informe": "2024-06-01"},
            "fecha_informe",
            "La fecha del informe justificado no puede ser anterior a la de la denuncia.",
        ),
        (
            {"resolucion": "fundada", "fecha_resolucion": "2024-05-31"},
            "fecha_resolucion",
            "La fecha de la resolución no puede ser anterior a la de la denuncia.",
        ),
        (
            {
                "resolucion": "fundada",
                "fecha_resolucion": "2024-06-20",
                "fecha_cumplimiento": "2024-06-19",
            },
            "fecha_cumplimiento",
            "La fecha del cumplimiento no puede ser anterior a la de la resolución.",
        ),
        (
            {"resolucion": "fundada", "fecha_resolucion": "2024-07-10"},
            "fecha_resolucion",
            "no puede estar en el futuro",
        ),
        ({"resolucion": "fundada"}, "fecha_resolucion", "Indique la fecha de la resolución."),
        ({"fecha_resolucion": "2024-06-20"}, "resolucion", "Indique el sentido de la resolución."),
        ({"fecha_cumplimiento": "2024-06-20"}, "fecha_cumplimiento", "El cumplimiento va después"),
        ({"articulo": ""}, "articulo", "Este campo es obligatorio."),
    ],
)
def test_errores_se_muestran_y_no_se_guarda_nada(
    ayuntamiento, denuncia, personal, cliente_de, cambios, campo, mensaje
):
    respuesta = cliente_de(personal).post(url(ayuntamiento, "denuncia_nueva"), _datos(**cambios))
    assert respuesta.status_code == 200
    assert any(mensaje in e for e in respuesta.context["form"].errors[campo])
    assert mensaje in respuesta.content.decode()
    assert _expedientes(ayuntamiento) == ["DI/0012/2024"]


@pytest.mark.parametrize("quien", ["consulta", "usuario_garante", "enlace"])
def test_solo_captura_registra(ayuntamiento, quien, request, cliente_de):
    cliente = cliente_de(request.getfixturevalue(quien))
    assert cliente.get(url(ayuntamiento, "denuncia_nueva")).status_code == 403
    assert cliente.post(url(ayuntamiento, "denuncia_nueva"), _datos()).status_code == 403
    assert _expedientes(ayuntamiento) == []


def test_alta_rechaza_delete(ayuntamiento, personal, cliente_de):
    assert cliente_de(personal).delete(url(ayuntamiento, "denuncia_nueva")).status_code == 405


def test_editar_registra_resolucion(ayuntamiento, denuncia, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "denuncia_editar", pk=denuncia.pk),
        _datos(
            expediente="DI/0012/2024",
            fecha="2024-06-10",
            fecha_informe="2024-06-14",
            resolucion="parcialmente_fundada",
            fecha_resolucion="2024-07-01",
        ),
    )
    assert respuesta.status_code == 302
    with scopes_disabled():
        denuncia.refresh_from_db()
    assert denuncia.estado == "En cumplimiento"
    assert denuncia.fecha_informe == date(2024, 6, 14)
    assert _expedientes(ayuntamiento) == ["DI/0012/2024"]


def test_editar_404_ajena_e_inexistente_y_403_consulta(
    ayuntamiento, denuncia, denuncia_ajena, titular, consulta, cliente_de
):
    cliente = cliente_de(titular)
    assert (
        cliente.get(url(ayuntamiento, "denuncia_editar", pk=denuncia_ajena.pk)).status_code == 404
    )
    assert cliente.get(url(ayuntamiento, "denuncia_editar", pk=777777)).status_code == 404
    respuesta = cliente_de(consulta).post(
        url(ayuntamiento, "denuncia_editar", pk=denuncia.pk), _datos(expediente="OTRO")
    )
    assert respuesta.status_code == 403
    assert _expedientes(ayuntamiento) == ["DI/0012/2024"]


# --- Detalle y requerimiento ---------------------------------------------------------------


def test_detalle_con_oficios_e_historial(ayuntamiento, denuncia, areas, personal, cliente_de):
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "denuncia_requerir", pk=denuncia.pk),
        {"areas": [areas[0].pk, areas[1].pk], "fecha": "2024-06-12"},
    )
    assert respuesta.status_code == 302
    cliente.post(
        url(ayuntamiento, "denuncia_editar", pk=denuncia.pk),
        _datos(expediente="DI/0012/2024", fecha="2024-06-10", fecha_informe="2024-06-17"),
    )
    detalle = cliente.get(url(ayuntamiento, "denuncia_detalle", pk=denuncia.pk))
    html = detalle.content.decode()
    assert [o.folio for o in detalle.context["oficios"]] == ["UT/0001/2024", "UT/0002/2024"]
    assert all(o.tipo == TipoOficio.REQUERIMIENTO for o in detalle.context["oficios"])
    assert "Requerimiento por la denuncia DI/0012/2024" in html
    assert "Informe justificado rendido" in html
    assert "17 de junio de 2024" in html
    cambios = [campo for cambio in detalle.context["historial"] for campo in cambio.campos]
    assert ("Informe justificado", "—", "17 de junio de 2024") in cambios
    assert ("Áreas requeridas", "—", "Obras Públicas") in cambios
    assert ("Oficios", "—", "UT/0001/2024") in cambios
    assert detalle.context["historial"][0].usuario == str(personal)


def test_detalle_lo_lee_el_garante_sin_acciones(
    ayuntamiento, denuncia, usuario_garante, cliente_de
):
    respuesta = cliente_de(usuario_garante).get(
        url(ayuntamiento, "denuncia_detalle", pk=denuncia.pk)
    )
    html = respuesta.content.decode()
    assert "DI/0012/2024" in html and "Artículo 70, fracción XXIX" in html
    assert "Emitir oficios de requerimiento" not in html
    assert respuesta.context["requerir_form"] is None


def test_detalle_404_405_403(ayuntamiento, denuncia, denuncia_ajena, personal, enlace, cliente_de):
    cliente = cliente_de(personal)
    assert (
        cliente.get(url(ayuntamiento, "denuncia_detalle", pk=denuncia_ajena.pk)).status_code == 404
    )
    assert cliente.get(url(ayuntamiento, "denuncia_detalle", pk=123456)).status_code == 404
    assert cliente.post(url(ayuntamiento, "denuncia_detalle", pk=denuncia.pk)).status_code == 405
    assert (
        cliente_de(enlace).get(url(ayuntamiento, "denuncia_detalle", pk=denuncia.pk)).status_code
        == 403
    )


@pytest.mark.parametrize(
    "datos, mensaje",
    [
        ({"fecha": "2024-06-12"}, "Elija al menos un área."),
        (
            {"areas": "AREA0", "fecha": "2024-06-07"},
            "El requerimiento no puede ser anterior a la denuncia.",
        ),
        ({"areas": "AREA0", "fecha": "2024-07-05"}, "no puede estar en el futuro"),
        ({"areas": "AREA0"}, "Este campo es obligatorio."),
    ],
)
def test_requerir_invalido_no_emite(
    ayuntamiento, denuncia, areas, personal, cliente_de, datos, mensaje
):
    if datos.get("areas") == "AREA0":
        datos = datos | {"areas": [areas[0].pk]}
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "denuncia_requerir", pk=denuncia.pk), datos
    )
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    with scopes_disabled():
        assert not Oficio.objects.exists()
        assert not denuncia.areas.exists()


def test_requerir_area_de_otro_ayuntamiento_se_rechaza(
    ayuntamiento, ayuntamiento_ajeno, denuncia, personal, cliente_de
):
    with scopes_disabled():
        ajena = UnidadAdministrativa.objects.create(ayuntamiento=ayuntamiento_ajeno, nombre="Ajena")
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "denuncia_requerir", pk=denuncia.pk),
        {"areas": [ajena.pk], "fecha": "2024-06-12"},
    )
    assert "una opción válida" in respuesta.content.decode()
    with scopes_disabled():
        assert not Oficio.objects.exists()


def test_requerir_405_403_404(
    ayuntamiento, denuncia, denuncia_ajena, areas, personal, consulta, usuario_garante, cliente_de
):
    datos = {"areas": [areas[0].pk], "fecha": "2024-06-12"}
    requerir = url(ayuntamiento, "denuncia_requerir", pk=denuncia.pk)
    assert cliente_de(personal).get(requerir).status_code == 405
    assert cliente_de(consulta).post(requerir, datos).status_code == 403
    assert cliente_de(usuario_garante).post(requerir, datos).status_code == 403
    cliente = cliente_de(personal)
    assert (
        cliente.post(
            url(ayuntamiento, "denuncia_requerir", pk=denuncia_ajena.pk), datos
        ).status_code
        == 404
    )
    assert cliente.post(url(ayuntamiento, "denuncia_requerir", pk=99999), datos).status_code == 404
    with scopes_disabled():
        assert not Oficio.objects.exists()


def test_requerir_servicio_liga_oficios_y_areas(ayuntamiento, denuncia, areas):
    with scope(ayuntamiento=ayuntamiento):
        oficios = denuncia_requerir(denuncia=denuncia, areas=[areas[1]], fecha=date(2024, 6, 12))
        assert list(denuncia.oficios.all()) == oficios
        assert list(denuncia.areas.all()) == [areas[1]]
