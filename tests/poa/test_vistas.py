"""Las vistas del POA, al estilo healthchecks: lo que hacen, método equivocado (405), rol de
sólo lectura (403), objeto de otro ayuntamiento (404) e id inexistente (404)."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from poa.models import Avance, EstadoAvance, EstadoPlan

from .objetos import capturar, crear_actividad, crear_objetivo, crear_plan, pdf

pytestmark = pytest.mark.usefixtures("congelado")


def url(ayuntamiento, nombre, **kwargs):
    return reverse(f"poa:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


def test_resumen_del_plan_muestra_semaforo_y_cifras(ayuntamiento, plan, sisai, titular, cliente_de):
    respuesta = cliente_de(titular).get(url(ayuntamiento, "plan", pk=plan.pk))
    html = respuesta.content.decode()
    assert respuesta.context["trimestre"] == 2  # 4 de julio: el corte es el segundo trimestre
    assert "Monitoreo del SISAI 2.0" in html and "30.0 %" in html and "60.0 %" in html
    assert "● Rojo" in html  # sin captura del primer trimestre


def _consultas(cliente, direccion):
    with CaptureQueriesContext(connection) as contexto:
        assert cliente.get(direccion).status_code == 200
    return len(contexto)


def test_resumen_y_trimestre_con_consultas_constantes(
    ayuntamiento, plan, objetivo, titular, cliente_de
):
    cliente = cliente_de(titular)
    conteos = []
    for total in (5, 60):
        with scope(ayuntamiento=ayuntamiento):
            existentes = plan.actividades.count()
        for i in range(existentes, total):
            actividad = crear_actividad(objetivo, clave=f"A{i}")
            for mes in (1, 4, 7):
                capturar(actividad, mes, 5)
        conteos.append(
            (
                _consultas(cliente, url(ayuntamiento, "plan", pk=plan.pk)),
                _consultas(cliente, url(ayuntamiento, "trimestre", pk=plan.pk) + "?t=2"),
            )
        )
    assert conteos[0] == conteos[1]


def test_cronograma_marca_programados_capturados_y_mes_actual(
    ayuntamiento, plan, objetivo, consulta, cliente_de
):
    actividad = crear_actividad(
        objetivo, descripcion="Entrega de reportes semestrales", meses=[1, 7], meta_anual=D(2)
    )
    capturar(actividad, 1, 1)
    respuesta = cliente_de(consulta).get(url(ayuntamiento, "cronograma", pk=plan.pk))
    ((_fila, celdas),) = respuesta.context["renglones"]
    assert [m for m, programado, _ in celdas if programado] == [1, 7]
    assert [m for m, _, capturado in celdas if capturado] == [1]
    assert respuesta.context["mes_actual"] == 7
    html = respuesta.content.decode()
    assert 'aria-current="date"' in html and "@media print" in html


def test_vista_del_trimestre_y_exportaciones(
    ayuntamiento, plan, sisai, usuario_garante, cliente_de
):
    cliente = cliente_de(usuario_garante)
    respuesta = cliente.get(url(ayuntamiento, "trimestre", pk=plan.pk) + "?t=2")
    ((_fila, t, _justificacion),) = respuesta.context["renglones"]
    assert (t.alcanzado, t.programado) == (D(192), D(192))
    csv = cliente.get(
        url(ayuntamiento, "trimestre", pk=plan.pk) + "?t=2&formato=csv"
    ).content.decode("utf-8-sig")
    assert "Alcanzado T2" in csv and ",192," in csv and ",30," in csv
    xlsx = cliente.get(url(ayuntamiento, "cronograma", pk=plan.pk) + "?formato=xlsx")
    assert xlsx["Content-Disposition"].endswith('.xlsx"') and xlsx.content[:2] == b"PK"
    for nombre, kwargs in [
        ("planes", {}),
        ("plan", {"pk": plan.pk}),
        ("actividad", {"pk": sisai.pk}),
    ]:
        assert (
            "csv"
            in cliente.get(url(ayuntamiento, nombre, **kwargs) + "?formato=csv")["Content-Type"]
        )


def test_pagina_de_actividad_con_tabla_y_grafica(ayuntamiento, sisai, personal, cliente_de):
    respuesta = cliente_de(personal).get(url(ayuntamiento, "actividad", pk=sisai.pk))
    grafica = respuesta.context["grafica"]
    assert grafica["alcanzado"][3:6] == [66.0, 132.0, 192.0]
    assert grafica["alcanzado"][6] is None
    assert grafica["programado"][5] == 320.0
    assert "datos-grafica" in respuesta.content.decode()


@pytest.mark.parametrize(
    "ruta, consulta",
    [
        ("plan_exportar", "?formato=csv"),
        ("plan", "?formato=csv&trimestre=2"),
        ("trimestre", "?formato=csv&numero=2"),
        ("cronograma", "?formato=csv"),
    ],
)
def test_cada_exportacion_del_enlace_lleva_lo_que_su_pagina_muestra(
    ruta, consulta, ayuntamiento, sisai, de_otra_area, enlace, titular, cliente_de
):
    direccion = url(ayuntamiento, ruta, pk=sisai.plan_id) + consulta
    del_enlace = cliente_de(enlace).get(direccion).content.decode("utf-8-sig")
    assert "Monitoreo del SISAI 2.0" in del_enlace
    assert "Obligaciones de obras" not in del_enlace
    # La Unidad exporta el plan entero.
    assert "Obligaciones de obras" in cliente_de(titular).get(direccion).content.decode("utf-8-sig")


def test_enlace_captura_su_area_y_no_la_ajena(
    ayuntamiento, sisai, de_otra_area, enlace, cliente_de
):
    cliente = cliente_de(enlace)
    respuesta = cliente.post(
        url(ayuntamiento, "capturar", pk=sisai.pk) + "?mes=7",
        {"valor": "64", "narrativa": "Monitoreo de julio", "archivos": pdf()},
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        avance = Avance.objects.get(actividad=sisai, mes=7)
        assert avance.valor == D(64) and avance.anexos.count() == 1
        anexo = avance.anexos.get()
    assert cliente.get(url(ayuntamiento, "anexo", pk=anexo.pk)).status_code == 200
    assert (
        cliente.post(
            url(ayuntamiento, "capturar", pk=de_otra_area.pk) + "?mes=7", {"valor": "1"}
        ).status_code
        == 404
    )
    assert cliente.get(url(ayuntamiento, "actividad", pk=de_otra_area.pk)).status_code == 404
    # En el resumen sólo ve lo de su área.
    resumen = cliente.get(url(ayuntamiento, "plan", pk=sisai.plan_id))
    assert [f.actividad.pk for g in resumen.context["grupos"] for f in g.filas] == [sisai.pk]


def test_captura_invalida_muestra_el_error_y_no_guarda(ayuntamiento, sisai, personal, cliente_de):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "capturar", pk=sisai.pk) + "?mes=7", {"valor": "-5"}
    )
    assert respuesta.status_code == 200
    assert respuesta.context["form"].errors
    with scope(ayuntamiento=ayuntamiento):
        assert not Avance.objects.filter(mes=7).exists()


def test_titular_devuelve_una_captura_con_comentario(
    ayuntamiento, sisai, titular, consulta, cliente_de
):
    with scope(ayuntamiento=ayuntamiento):
        avance = Avance.objects.get(actividad=sisai, mes=4)
    direccion = url(ayuntamiento, "devolver", pk=avance.pk)
    assert cliente_de(consulta).post(direccion, {"comentario": "x"}).status_code == 403
    assert cliente_de(titular).get(direccion).status_code == 405
    cliente_de(titular).post(direccion, {"comentario": "Falta el oficio de evidencia"})
    avance.refresh_from_db()
    assert avance.estado == EstadoAvance.DEVUELTO and "oficio" in avance.comentario_revision


def test_aprobar_y_reabrir(ayuntamiento, plan, sisai, titular, personal, cliente_de):
    assert (
        cliente_de(personal).post(url(ayuntamiento, "plan_aprobar", pk=plan.pk)).status_code == 403
    )
    cliente = cliente_de(titular)
    cliente.post(url(ayuntamiento, "plan_aprobar", pk=plan.pk))
    plan.refresh_from_db()
    assert plan.estado == EstadoPlan.APROBADO
    respuesta = cliente.post(
        url(ayuntamiento, "actividad_editar", pk=sisai.pk), {"descripcion": "x"}
    )
    assert "aprobado" in respuesta.content.decode()
    cliente.post(
        url(ayuntamiento, "plan_reabrir", pk=plan.pk), {"motivo": "Ajuste de metas por Cabildo"}
    )
    plan.refresh_from_db()
    assert (
        plan.estado == EstadoPlan.BORRADOR
        and plan.motivo_reapertura == "Ajuste de metas por Cabildo"
    )


def test_crear_plan_objetivo_y_actividad_por_formularios(ayuntamiento, personal, cliente_de):
    cliente = cliente_de(personal)
    cliente.post(url(ayuntamiento, "plan_nuevo"), {"anio": 2024, "titulo": "POA 2024"})
    plan = crear_plan(ayuntamiento)
    assert plan.titulo == "POA 2024"
    cliente.post(
        url(ayuntamiento, "objetivo_nuevo", pk=plan.pk),
        {"orden": 1, "descripcion": "Transparencia proactiva"},
    )
    with scope(ayuntamiento=ayuntamiento):
        objetivo = plan.objetivos.get()
    respuesta = cliente.post(
        url(ayuntamiento, "actividad_nueva", pk=plan.pk),
        {
            "objetivo": objetivo.pk,
            "orden": 1,
            "descripcion": "Revisión de páginas del INAI y OGAIPO",
            "fecha_inicio": "2024-01-01",
            "fecha_fin": "2024-12-31",
            "meses": ["4", "5", "6"],
            "formula": "conteo",
            "meta_anual": "700",
            "unidad_medida": "revisiones",
            "frecuencia": "trimestral",
            "sentido": "ascendente",
            "fuente": "manual",
        },
    )
    assert respuesta.status_code == 302
    with scope(ayuntamiento=ayuntamiento):
        actividad = plan.actividades.get()
    assert actividad.meses == [4, 5, 6] and actividad.plan == plan


@pytest.mark.parametrize(
    ("nombre", "metodo"),
    [("plan_nuevo", "post"), ("plan_copiar", "post")],
)
def test_consulta_y_garante_no_escriben(
    ayuntamiento, consulta, usuario_garante, cliente_de, nombre, metodo
):
    for usuario in (consulta, usuario_garante):
        assert (
            getattr(cliente_de(usuario), metodo)(
                url(ayuntamiento, nombre), {"anio": 2024}
            ).status_code
            == 403
        )


def test_consulta_no_captura_ni_edita(ayuntamiento, plan, sisai, consulta, cliente_de):
    cliente = cliente_de(consulta)
    assert (
        cliente.post(url(ayuntamiento, "capturar", pk=sisai.pk), {"valor": "1"}).status_code == 403
    )
    assert cliente.post(url(ayuntamiento, "actividad_editar", pk=sisai.pk)).status_code == 403
    assert (
        cliente.post(url(ayuntamiento, "objetivo_editar", pk=sisai.objetivo_id)).status_code == 403
    )
    assert cliente.post(url(ayuntamiento, "plan_editar", pk=plan.pk)).status_code == 403
    assert (
        cliente.post(
            url(ayuntamiento, "justificar", pk=sisai.pk), {"trimestre": 2, "texto": "x"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("nombre", ["plan", "cronograma", "trimestre"])
def test_metodo_equivocado_da_405(ayuntamiento, plan, titular, cliente_de, nombre):
    assert cliente_de(titular).post(url(ayuntamiento, nombre, pk=plan.pk)).status_code == 405


@pytest.mark.parametrize("nombre", ["plan_aprobar", "plan_reabrir"])
def test_acciones_solo_por_post(ayuntamiento, plan, titular, cliente_de, nombre):
    assert cliente_de(titular).get(url(ayuntamiento, nombre, pk=plan.pk)).status_code == 405


def test_objetos_de_otro_ayuntamiento_y_ids_inexistentes_dan_404(
    ayuntamiento, ayuntamiento_ajeno, titular, cliente_de
):
    plan_ajeno = crear_plan(ayuntamiento_ajeno)
    actividad_ajena = crear_actividad(crear_objetivo(plan_ajeno))
    avance_ajeno = capturar(actividad_ajena, 2, 3)
    cliente = cliente_de(titular)
    for nombre, pk in [
        ("plan", plan_ajeno.pk),
        ("cronograma", plan_ajeno.pk),
        ("trimestre", plan_ajeno.pk),
        ("plan_editar", plan_ajeno.pk),
        ("objetivo_editar", actividad_ajena.objetivo_id),
        ("actividad", actividad_ajena.pk),
        ("capturar", actividad_ajena.pk),
        ("plan", 999999),
        ("actividad", 999999),
    ]:
        assert cliente.get(url(ayuntamiento, nombre, pk=pk)).status_code == 404, nombre
    for nombre, pk in [
        ("devolver", avance_ajeno.pk),
        ("plan_aprobar", plan_ajeno.pk),
        ("recalcular", actividad_ajena.pk),
    ]:
        assert (
            cliente.post(url(ayuntamiento, nombre, pk=pk), {"comentario": "x"}).status_code == 404
        ), nombre


def test_copiar_plan_por_formulario(ayuntamiento, plan, sisai, titular, cliente_de):
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "plan_copiar"), {"origen": plan.pk, "anio": 2025}
    )
    assert respuesta.status_code == 302
    respuesta = cliente_de(titular).post(
        url(ayuntamiento, "plan_copiar"), {"origen": plan.pk, "anio": 2025}
    )
    assert "Ya existe" in respuesta.content.decode()
