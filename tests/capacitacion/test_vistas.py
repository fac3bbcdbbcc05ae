"""Vistas de capacitación: lo que hacen, método equivocado (405), rol de sólo lectura
(403), enlace (403), objeto de otro ayuntamiento (404) e id inexistente (404)."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from capacitacion.models import Asesoria, Capacitacion, EvidenciaCapacitacion, Participante
from organizacion.models import Oficio, TipoOficio

from . import objetos


def url(ayuntamiento, nombre, **kwargs):
    return reverse(f"capacitacion:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, **kwargs})


@pytest.fixture
def sesion(ayuntamiento):
    return objetos.sesion(ayuntamiento, mujeres=3, hombres=2)


# --- Permisos por vista ------------------------------------------------------------------

LECTURA = ["lista", "planes", "asesorias"]
ESCRITURA_GET = ["nueva", "plan_nuevo", "asesoria_capturar"]


@pytest.mark.parametrize("nombre", LECTURA)
def test_lectura_para_unidad_y_garante_no_para_enlace(
    nombre, ayuntamiento, consulta, usuario_garante, enlace, cliente_de
):
    assert cliente_de(consulta).get(url(ayuntamiento, nombre)).status_code == 200
    assert cliente_de(usuario_garante).get(url(ayuntamiento, nombre)).status_code == 200
    assert cliente_de(enlace).get(url(ayuntamiento, nombre)).status_code == 403
    assert cliente_de(consulta).post(url(ayuntamiento, nombre)).status_code == 405


@pytest.mark.parametrize("nombre", ESCRITURA_GET)
def test_escritura_solo_captura(
    nombre, ayuntamiento, personal, consulta, usuario_garante, enlace, cliente_de
):
    assert cliente_de(personal).get(url(ayuntamiento, nombre)).status_code == 200
    for lector in (consulta, usuario_garante, enlace):
        assert cliente_de(lector).post(url(ayuntamiento, nombre), {}).status_code == 403
    assert cliente_de(personal).put(url(ayuntamiento, nombre)).status_code == 405


# --- Sesiones --------------------------------------------------------------------------------


def test_registrar_sesion(ayuntamiento, areas, personal, cliente_de):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "nueva"),
        {
            "tema": "Documento de seguridad",
            "fecha": "2024-04-16",
            "hora": "10:30",
            "duracion_minutos": 90,
            "modalidad": "presencial",
            "formato": "sesion",
            "publico": "servidores",
            "impartida_por": "unidad",
            "areas": [areas[0].pk, areas[1].pk],
            "mujeres": 12,
            "hombres": 9,
            "no_identificado": 0,
        },
    )
    with scopes_disabled():
        capacitacion = Capacitacion.objects.get()
        assert capacitacion.areas.count() == 2
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url(ayuntamiento, "detalle", pk=capacitacion.pk)
    assert capacitacion.asistentes == 21
    assert capacitacion.registrada_por == personal


def test_asistentes_negativos_en_el_formulario(ayuntamiento, personal, cliente_de):
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "nueva"),
        {
            "tema": "x",
            "fecha": "2024-04-16",
            "duracion_minutos": 60,
            "modalidad": "presencial",
            "formato": "sesion",
            "publico": "servidores",
            "impartida_por": "unidad",
            "mujeres": -4,
            "hombres": 0,
            "no_identificado": 0,
        },
    )
    assert respuesta.status_code == 200
    assert respuesta.context["form"].errors["mujeres"]
    with scopes_disabled():
        assert not Capacitacion.objects.exists()


def test_sesion_fuera_del_anio_del_plan_en_el_formulario(ayuntamiento, personal, cliente_de):
    tema = objetos.tema(objetos.plan(ayuntamiento, 2024), 4)
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "nueva"),
        {
            "tema": "x",
            "fecha": "2025-01-16",
            "duracion_minutos": 60,
            "modalidad": "presencial",
            "formato": "sesion",
            "publico": "servidores",
            "impartida_por": "unidad",
            "mujeres": 1,
            "hombres": 0,
            "no_identificado": 0,
            "tema_planeado": tema.pk,
        },
    )
    assert "plan 2024" in str(respuesta.context["form"].errors["tema_planeado"])


def test_con_lista_los_totales_no_se_pueden_escribir(ayuntamiento, personal, cliente_de):
    capacitacion = objetos.sesion(ayuntamiento)
    objetos.participante(capacitacion, "Ana López")
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "editar", pk=capacitacion.pk),
        {
            "tema": "Nuevo tema",
            "fecha": "2024-04-09",
            "duracion_minutos": 60,
            "modalidad": "presencial",
            "formato": "sesion",
            "publico": "servidores",
            "impartida_por": "unidad",
            "mujeres": 50,
            "hombres": 50,
            "no_identificado": 0,
        },
    )
    assert respuesta.status_code == 302
    with scopes_disabled():
        capacitacion.refresh_from_db()
    # El campo está deshabilitado: el valor del navegador se ignora.
    assert (capacitacion.tema, capacitacion.mujeres, capacitacion.hombres) == ("Nuevo tema", 1, 0)


def test_detalle(ayuntamiento, sesion, consulta, cliente_de):
    objetos.participante(sesion, "Ana López")
    respuesta = cliente_de(consulta).get(url(ayuntamiento, "detalle", pk=sesion.pk))
    contenido = respuesta.content.decode()
    assert "Ana López" in contenido
    assert "1 mujeres, 0 hombres" in contenido
    # Consulta lee pero no ve acciones de escritura.
    assert url(ayuntamiento, "editar", pk=sesion.pk) not in contenido


def test_objeto_ajeno_e_id_inexistente(ayuntamiento, ayuntamiento_ajeno, titular, cliente_de):
    ajena = objetos.sesion(ayuntamiento_ajeno)
    cliente = cliente_de(titular)
    assert cliente.get(url(ayuntamiento, "detalle", pk=ajena.pk)).status_code == 404
    assert cliente.get(url(ayuntamiento, "editar", pk=ajena.pk)).status_code == 404
    assert cliente.get(url(ayuntamiento, "detalle", pk=999999)).status_code == 404
    ajeno = objetos.participante(ajena, "Ajeno")
    assert cliente.post(url(ayuntamiento, "participante_quitar", pk=ajeno.pk)).status_code == 404
    with scopes_disabled():
        assert Participante.objects.filter(pk=ajeno.pk).exists()


def test_lista_filtra_y_exporta(ayuntamiento, consulta, cliente_de):
    objetos.sesion(ayuntamiento, tema="SISAI 2.0", fecha=date(2024, 4, 24), mujeres=1)
    objetos.sesion(ayuntamiento, tema="Lineamientos técnicos", fecha=date(2024, 6, 27), hombres=4)
    cliente = cliente_de(consulta)
    respuesta = cliente.get(url(ayuntamiento, "lista"), {"mes": 6})
    assert [s.tema for s in respuesta.context["pagina"]] == ["Lineamientos técnicos"]
    xlsx = cliente.get(url(ayuntamiento, "lista"), {"anio": 2024, "formato": "xlsx"})
    hoja = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][2] == "Tema"
    assert {fila[2] for fila in filas[1:]} == {"SISAI 2.0", "Lineamientos técnicos"}
    csv = cliente.get(url(ayuntamiento, "lista"), {"formato": "csv"}).content.decode("utf-8-sig")
    assert "SISAI 2.0" in csv
    assert cliente.get(url(ayuntamiento, "lista"), {"formato": "pdf"}).status_code == 404
    assert cliente.get(url(ayuntamiento, "lista"), {"anio": "dos mil"}).status_code == 200


# --- Participantes ---------------------------------------------------------------------------


def test_agregar_participante_y_duplicado(
    ayuntamiento, areas, sesion, personal, consulta, cliente_de
):
    cliente = cliente_de(personal)
    datos = {"nombre": "Ana López", "sexo": "mujer", "area": areas[0].pk, "asistio": "on"}
    respuesta = cliente.post(url(ayuntamiento, "participante_nuevo", pk=sesion.pk), datos)
    assert respuesta.status_code == 302
    repetido = cliente.post(
        url(ayuntamiento, "participante_nuevo", pk=sesion.pk), {**datos, "nombre": "ANA LÓPEZ"}
    )
    assert "ya está en la lista" in repetido.content.decode()
    with scopes_disabled():
        sesion.refresh_from_db()
        assert Participante.objects.count() == 1
    assert (sesion.con_lista, sesion.mujeres, sesion.hombres) == (True, 1, 0)
    assert (
        cliente_de(consulta)
        .post(url(ayuntamiento, "participante_nuevo", pk=sesion.pk), datos)
        .status_code
        == 403
    )


def test_quitar_participante(ayuntamiento, sesion, personal, cliente_de):
    ana = objetos.participante(sesion, "Ana López")
    cliente = cliente_de(personal)
    assert cliente.get(url(ayuntamiento, "participante_quitar", pk=ana.pk)).status_code == 405
    assert cliente.post(url(ayuntamiento, "participante_quitar", pk=ana.pk)).status_code == 302
    with scopes_disabled():
        sesion.refresh_from_db()
        assert not Participante.objects.exists()
    assert not sesion.con_lista


# --- Evidencia y convocatoria ------------------------------------------------------------------


def test_evidencia_subir_descargar_y_validar(
    ayuntamiento, ayuntamiento_ajeno, sesion, personal, consulta, cliente_de
):
    cliente = cliente_de(personal)
    cliente.post(
        url(ayuntamiento, "evidencia_subir", pk=sesion.pk),
        {"tipo": "ficha", "archivo": objetos.pdf()},
    )
    falso = objetos.pdf("foto.jpg")  # contenido de PDF con nombre de JPG
    respuesta = cliente.post(
        url(ayuntamiento, "evidencia_subir", pk=sesion.pk),
        {"tipo": "fotografia", "archivo": falso},
        follow=True,
    )
    assert "no corresponde a un .jpg" in respuesta.content.decode()
    with scopes_disabled():
        (evidencia,) = EvidenciaCapacitacion.objects.all()
    descarga = cliente_de(consulta).get(url(ayuntamiento, "evidencia_descargar", pk=evidencia.pk))
    assert b"".join(descarga.streaming_content).startswith(b"%PDF")
    assert (
        cliente_de(consulta)
        .post(url(ayuntamiento, "evidencia_subir", pk=sesion.pk), {})
        .status_code
        == 403
    )
    ajena = objetos.evidencia_capacitacion_de_prueba(ayuntamiento_ajeno)
    assert cliente.get(url(ayuntamiento, "evidencia_descargar", pk=ajena)).status_code == 404
    assert cliente.get(url(ayuntamiento, "evidencia_quitar", pk=evidencia.pk)).status_code == 405
    assert (
        cliente_de(consulta)
        .post(url(ayuntamiento, "evidencia_quitar", pk=evidencia.pk))
        .status_code
        == 403
    )
    assert cliente.post(url(ayuntamiento, "evidencia_quitar", pk=evidencia.pk)).status_code == 302
    with scopes_disabled():
        assert not EvidenciaCapacitacion.objects.filter(ayuntamiento=ayuntamiento).exists()


def test_convocar_emite_circular(ayuntamiento, sesion, personal, consulta, cliente_de):
    assert cliente_de(consulta).post(url(ayuntamiento, "convocar", pk=sesion.pk)).status_code == 403
    respuesta = cliente_de(personal).post(
        url(ayuntamiento, "convocar", pk=sesion.pk),
        {
            "fecha": "2024-04-02",
            "destinatario": "Titulares",
            "asunto": "Calendario de capacitaciones",
        },
    )
    assert respuesta.status_code == 302
    with scopes_disabled():
        sesion.refresh_from_db()
        oficio = Oficio.objects.get()
    assert sesion.oficio == oficio
    assert (oficio.tipo, oficio.folio) == (TipoOficio.CIRCULAR, "UT/0001/2024")


# --- Planes --------------------------------------------------------------------------------


def test_plan_crear_tema_y_cobertura(ayuntamiento, personal, consulta, cliente_de):
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "plan_nuevo"), {"anio": 2024, "publico": "servidores"}
    )
    with scopes_disabled():
        from capacitacion.models import PlanCapacitacion

        plan = PlanCapacitacion.objects.get()
    assert respuesta["Location"] == url(ayuntamiento, "plan", pk=plan.pk)
    duplicado = cliente.post(
        url(ayuntamiento, "plan_nuevo"), {"anio": 2024, "publico": "servidores"}
    )
    assert "Ya existe el plan" in duplicado.content.decode()
    cliente.post(
        url(ayuntamiento, "plan", pk=plan.pk),
        {"tema": "Datos personales", "mes": 4, "publico": "servidores", "meta_asistentes": 40},
    )
    with scopes_disabled():
        tema = plan.temas.get()
    objetos.sesion(ayuntamiento, fecha=date(2024, 4, 9), tema_planeado=tema, mujeres=20, hombres=10)
    pagina = cliente_de(consulta).get(url(ayuntamiento, "plan", pk=plan.pk))
    abril = pagina.context["cobertura"][3]
    assert (
        abril["nombre"],
        abril["temas"],
        abril["meta"],
        abril["sesiones"],
        abril["asistentes"],
    ) == ("Abril", 1, 40, 1, 30)
    assert (
        cliente_de(consulta)
        .post(
            url(ayuntamiento, "plan", pk=plan.pk),
            {"tema": "x", "mes": 5, "publico": "servidores", "meta_asistentes": 1},
        )
        .status_code
        == 403
    )
    negativo = cliente.post(
        url(ayuntamiento, "plan", pk=plan.pk),
        {"tema": "x", "mes": 5, "publico": "servidores", "meta_asistentes": -1},
    )
    assert negativo.context["form"].errors["meta_asistentes"]
    assert cliente.post(url(ayuntamiento, "tema_quitar", pk=tema.pk)).status_code == 302
    with scopes_disabled():
        assert not plan.temas.exists()


# --- Asesorías -------------------------------------------------------------------------------


def test_captura_rapida_conserva_fecha_y_tema(ayuntamiento, personal, cliente_de):
    cliente = cliente_de(personal)
    respuesta = cliente.post(
        url(ayuntamiento, "asesoria_capturar"),
        {
            "fecha": "2024-04-10",
            "tema": "datos_personales",
            "publico": "enlace",
            "sexo": "mujer",
            "medio": "telefono",
        },
    )
    assert respuesta.status_code == 302
    siguiente = cliente.get(respuesta["Location"])
    form = siguiente.context["form"]
    assert str(form["fecha"].value()) == "2024-04-10"
    assert form["tema"].value() == "datos_personales"
    assert form["publico"].value() == "enlace"
    assert "Datos personales" in siguiente.content.decode()
    malo = cliente.post(
        url(ayuntamiento, "asesoria_capturar"),
        {
            "fecha": "2024-04-10",
            "tema": "chismes",
            "publico": "enlace",
            "sexo": "mujer",
            "medio": "telefono",
        },
    )
    assert malo.status_code == 200 and malo.context["form"].errors["tema"]
    with scope(ayuntamiento=ayuntamiento):
        assert Asesoria.objects.count() == 1


def test_asesorias_lista_exporta_y_quita(
    ayuntamiento, ayuntamiento_ajeno, personal, consulta, cliente_de
):
    objetos.asesoria(ayuntamiento, nota="Consulta sobre aviso de privacidad")
    ajena = objetos.asesoria(ayuntamiento_ajeno)
    csv = (
        cliente_de(consulta)
        .get(url(ayuntamiento, "asesorias"), {"formato": "csv"})
        .content.decode("utf-8-sig")
    )
    assert "aviso de privacidad" in csv and csv.count("\n") == 2
    assert (
        cliente_de(personal).post(url(ayuntamiento, "asesoria_quitar", pk=ajena.pk)).status_code
        == 404
    )
    with scopes_disabled():
        propia = Asesoria.objects.get(ayuntamiento=ayuntamiento)
    assert (
        cliente_de(consulta).post(url(ayuntamiento, "asesoria_quitar", pk=propia.pk)).status_code
        == 403
    )
    assert (
        cliente_de(personal).post(url(ayuntamiento, "asesoria_quitar", pk=propia.pk)).status_code
        == 302
    )
    with scopes_disabled():
        assert Asesoria.objects.count() == 1
