"""Aislamiento entre ayuntamientos: ninguna vista de un ayuntamiento responde a quien no
pertenece a él (ni a su garante), y ninguna consulta de inquilino corre fuera de ámbito."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_scopes import ScopeError, scope, scopes_disabled

from documentos.models import ParrafoRespuesta, PlantillaDocumento
from documentos.servicios import documento_preparar
from documentos.textos import ClaveDocumento
from organizacion.models import Ambito, DiaInhabil, Membresia, Oficio, Sexo, UnidadAdministrativa
from organizacion.servicios import oficio_emitir
from solicitudes.models import Denuncia, RecursoRevision, Solicitud
from solicitudes.servicios import recurso_guardar, solicitud_registrar, solicitud_turnar
from tests.autoevaluacion.objetos import evidencia_de_prueba
from tests.capacitacion.objetos import (
    asesoria_de_prueba,
    evidencia_capacitacion_de_prueba,
    participante_de_prueba,
    sesion_de_prueba,
    tema_de_prueba,
)
from tests.capacitacion.objetos import plan_de_prueba as capacitacion_plan_de_prueba
from tests.conftest import sin_fichas_csrf
from tests.poa.objetos import (
    actividad_de_prueba,
    anexo_de_prueba,
    avance_de_prueba,
    objetivo_de_prueba,
)
from tests.poa.objetos import plan_de_prueba as poa_plan_de_prueba
from tests.reportes.objetos import destinatario_de_prueba, reporte_de_prueba


def _rutas_de_ayuntamiento(patrones=None, prefijo=""):
    """Todas las rutas con «<ayuntamiento>» del proyecto, leídas del resolvedor: una vista
    nueva queda cubierta sin tocar esta prueba."""
    patrones = get_resolver().url_patterns if patrones is None else patrones
    for patron in patrones:
        if isinstance(patron, URLResolver):
            espacio = f"{prefijo}{patron.namespace}:" if patron.namespace else prefijo
            yield from _rutas_de_ayuntamiento(patron.url_patterns, espacio)
        elif isinstance(patron, URLPattern) and patron.name:
            yield f"{prefijo}{patron.name}"


PK_PRUEBA = 987654
# Argumentos de ruta además del ayuntamiento y el pk: la tabla de un reporte, «clave.formato».
OTROS_ARGUMENTOS = {"clave": "solicitudes", "formato": "csv"}


def _argumentos(nombre: str) -> dict | None:
    """Los argumentos con que la ruta se resuelve (sin el ayuntamiento), o None."""
    for argumentos in ({}, {"pk": PK_PRUEBA}, {"pk": PK_PRUEBA, **OTROS_ARGUMENTOS}):
        try:
            reverse(nombre, kwargs={"ayuntamiento": "x", **argumentos})
        except NoReverseMatch:
            continue
        return argumentos
    return None


def _rutas_tenant():
    return sorted(
        {
            nombre
            for nombre in _rutas_de_ayuntamiento()
            if not nombre.startswith("admin:") and _argumentos(nombre) is not None
        }
    )


RUTAS = _rutas_tenant()


@pytest.fixture
def objetos(ayuntamiento, areas, titular):
    """Un objeto de cada colección con pk, por app y el segmento de ruta que lo precede
    («organizacion:areas/<int:pk>/» → "organizacion:areas")."""
    with scopes_disabled():
        dia = DiaInhabil.objects.create(
            ambito=Ambito.AYUNTAMIENTO,
            ayuntamiento=ayuntamiento,
            fecha_inicio=date(2024, 10, 12),
            fecha_fin=date(2024, 10, 12),
            motivo="Aniversario",
            acuerdo="Cabildo 1/2024",
        )
        oficio = oficio_emitir(
            ayuntamiento=ayuntamiento,
            fecha=date(2024, 7, 4),
            asunto="Reporte",
            destinatario="Titular",
        )
        membresia = Membresia.objects.get(usuario=titular)
    with scope(ayuntamiento=ayuntamiento):
        solicitud = solicitud_registrar(
            solicitud=Solicitud(
                ayuntamiento=ayuntamiento,
                folio="201181924000101",
                recibida=datetime(2024, 7, 1, 10, tzinfo=ZoneInfo("America/Mexico_City")),
                descripcion="Nómina de junio",
            ),
            archivos=[SimpleUploadedFile("escrito.pdf", b"%PDF-1.4 escrito")],
        )
        (turno,) = solicitud_turnar(solicitud=solicitud, areas=[areas[0]], fecha=date(2024, 7, 2))
        recurso = recurso_guardar(
            recurso=RecursoRevision(
                ayuntamiento=ayuntamiento,
                expediente="RR/101/2024",
                solicitud=solicitud,
                sexo=Sexo.MUJER,
                fecha_interposicion=date(2024, 8, 1),
            )
        )
        denuncia = Denuncia.objects.create(
            ayuntamiento=ayuntamiento,
            expediente="DI/12/2024",
            fecha=date(2024, 6, 10),
            sexo=Sexo.NO_IDENTIFICADO,
            articulo="70",
            fraccion="XXIX",
            descripcion="No publica informes",
        )
        adjunto = solicitud.adjuntos.get()
        documento = documento_preparar(
            clave=ClaveDocumento.ACUSE, fecha=date(2024, 7, 4), solicitud=solicitud
        )
        plantilla = PlantillaDocumento.objects.get(clave=ClaveDocumento.ACUSE)
        parrafo = ParrafoRespuesta.objects.create(
            ayuntamiento=ayuntamiento,
            clave=ClaveDocumento.RESPUESTA_PUBLICA,
            tema="Nómina",
            texto="La nómina se publica en la fracción VIII.",
        )
    participante = participante_de_prueba(ayuntamiento)
    return {
        "organizacion:areas": areas[0].pk,
        "organizacion:usuarios": membresia.pk,
        "organizacion:dias-inhabiles": dia.pk,
        "organizacion:oficios": oficio.pk,
        "solicitudes:solicitudes": solicitud.pk,
        "solicitudes:turnos": turno.pk,
        "solicitudes:recursos": recurso.pk,
        "solicitudes:denuncias": denuncia.pk,
        "solicitudes:adjuntos": adjunto.pk,
        "documentos:documentos": documento.pk,
        "documentos:plantillas": plantilla.pk,
        "documentos:parrafos": parrafo.pk,
        "autoevaluacion:evidencias": evidencia_de_prueba(ayuntamiento),
        "capacitacion:sesiones": sesion_de_prueba(ayuntamiento),
        "capacitacion:participantes": participante,
        "capacitacion:anexos": evidencia_capacitacion_de_prueba(ayuntamiento),
        "capacitacion:planes": capacitacion_plan_de_prueba(ayuntamiento),
        "capacitacion:temas": tema_de_prueba(ayuntamiento),
        "capacitacion:asesorias": asesoria_de_prueba(ayuntamiento),
        "reportes_constancias:constancias": participante,
        "poa:planes": poa_plan_de_prueba(ayuntamiento),
        "poa:objetivos": objetivo_de_prueba(ayuntamiento),
        "poa:actividades": actividad_de_prueba(ayuntamiento),
        "poa:avances": avance_de_prueba(ayuntamiento),
        "poa:anexos": anexo_de_prueba(ayuntamiento),
        "reportes:reportes": reporte_de_prueba(ayuntamiento),
        "reportes:destinatarios": destinatario_de_prueba(ayuntamiento),
    }


def _coleccion(nombre: str) -> str | None:
    """«app:segmento», el segmento que precede a <int:pk> en la ruta (dos apps pueden tener
    «planes»), o None si la ruta no lleva pk."""
    argumentos = _argumentos(nombre)
    if not argumentos:
        return None
    ruta = reverse(nombre, kwargs={"ayuntamiento": "x", **argumentos})
    segmentos = ruta.strip("/").split("/")
    return f"{nombre.split(':')[0]}:{segmentos[segmentos.index(str(PK_PRUEBA)) - 1]}"


def _url(nombre, ayuntamiento, objetos):
    argumentos = dict(_argumentos(nombre) or {})
    if argumentos:
        argumentos["pk"] = objetos[_coleccion(nombre)]
    return reverse(nombre, kwargs={"ayuntamiento": ayuntamiento.slug, **argumentos})


@pytest.mark.parametrize("nombre", RUTAS)
def test_cada_ruta_con_objeto_tiene_uno_de_prueba(nombre, objetos):
    coleccion = _coleccion(nombre)
    assert coleccion is None or coleccion in objetos, (
        f"Agregue un objeto «{coleccion}» a la fixture objetos para probar {nombre}"
    )


def test_se_encontraron_las_rutas_de_organizacion():
    assert "organizacion:tablero" in RUTAS
    assert "organizacion:oficio_archivo" in RUTAS
    assert "reportes:tabla" in RUTAS  # con argumentos además del pk
    assert len(RUTAS) >= 15


@pytest.mark.parametrize("nombre", RUTAS)
@pytest.mark.parametrize("metodo", ["get", "post"])
def test_usuario_de_otro_ayuntamiento_recibe_404(
    nombre, metodo, ayuntamiento, objetos, extrano, cliente_de
):
    respuesta = getattr(cliente_de(extrano), metodo)(_url(nombre, ayuntamiento, objetos))
    assert respuesta.status_code == 404


@pytest.mark.parametrize("nombre", RUTAS)
def test_garante_ajeno_recibe_404(nombre, ayuntamiento, objetos, usuario_otro_garante, cliente_de):
    assert (
        cliente_de(usuario_otro_garante).get(_url(nombre, ayuntamiento, objetos)).status_code == 404
    )


@pytest.mark.parametrize("nombre", RUTAS)
def test_anonimo_va_a_la_entrada(nombre, ayuntamiento, objetos, client):
    url = _url(nombre, ayuntamiento, objetos)
    respuesta = client.get(url)
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("login"))


def test_ayuntamiento_inexistente_e_inactivo_dan_404(ayuntamiento, titular, cliente_de):
    cliente = cliente_de(titular)
    assert cliente.get("/no-existe/").status_code == 404
    ayuntamiento.activo = False
    ayuntamiento.save()
    assert cliente.get(f"/{ayuntamiento.slug}/").status_code == 404


def test_el_404_no_revela_si_el_ayuntamiento_existe(ayuntamiento, extrano, cliente_de):
    cliente = cliente_de(extrano)
    existente = cliente.get(f"/{ayuntamiento.slug}/areas/")
    inexistente = cliente.get("/ayuntamiento-que-no-existe/areas/")
    assert existente.status_code == inexistente.status_code == 404
    assert sin_fichas_csrf(existente.content) == sin_fichas_csrf(inexistente.content)


def test_objeto_de_otro_ayuntamiento_da_404(ayuntamiento, ayuntamiento_ajeno, titular, cliente_de):
    with scopes_disabled():
        area_ajena = UnidadAdministrativa.objects.create(
            ayuntamiento=ayuntamiento_ajeno, nombre="Tesorería"
        )
    oficio_ajeno = oficio_emitir(
        ayuntamiento=ayuntamiento_ajeno, fecha=date(2024, 1, 8), asunto="x", destinatario="y"
    )
    cliente = cliente_de(titular)
    assert (
        cliente.get(
            reverse(
                "organizacion:area_editar",
                kwargs={"ayuntamiento": ayuntamiento.slug, "pk": area_ajena.pk},
            )
        ).status_code
        == 404
    )
    url = reverse(
        "organizacion:oficio_archivo",
        kwargs={"ayuntamiento": ayuntamiento.slug, "pk": oficio_ajeno.pk},
    )
    assert cliente.get(url).status_code == 404


def test_consulta_sin_ambito_lanza_error(ayuntamiento, areas):
    with pytest.raises(ScopeError):
        list(UnidadAdministrativa.objects.all())
    with pytest.raises(ScopeError):
        Oficio.objects.count()
    with pytest.raises(ScopeError):
        Membresia.objects.filter(ayuntamiento=ayuntamiento).exists()


def test_garante_lee_pero_no_escribe(ayuntamiento, usuario_garante, cliente_de):
    cliente = cliente_de(usuario_garante)
    slug = {"ayuntamiento": ayuntamiento.slug}
    assert (
        "Supervisión OGAIPO"
        in cliente.get(reverse("organizacion:tablero", kwargs=slug)).content.decode()
    )
    assert cliente.get(reverse("organizacion:plazos", kwargs=slug)).status_code == 200
    assert (
        cliente.post(reverse("organizacion:plazos", kwargs=slug), {"dias_respuesta": 1}).status_code
        == 403
    )
    assert cliente.get(reverse("organizacion:usuarios", kwargs=slug)).status_code == 403
    assert cliente.post(reverse("organizacion:oficio_nuevo", kwargs=slug)).status_code == 403


# Lo que cada rol ve del ayuntamiento, además de lo propio de cada rol.
_SOLICITUDES = {
    "Solicitudes",
    "Recursos de revisión",
    "Denuncias",
    "Autoevaluación",
    "Capacitación",
    "POA",
    "Reportes",
}
_UNIDAD = {
    "Inicio",
    "Oficios",
    "Documentos",
    "Áreas",
    "Días inhábiles",
    "Plazos legales",
} | _SOLICITUDES
NAVEGACION = {
    "titular": _UNIDAD | {"Usuarios", "Configuración"},
    "personal": _UNIDAD,
    "consulta": _UNIDAD,
    "enlace": {"Inicio", "Días inhábiles", "Mis turnos", "POA"},
    "usuario_garante": {"Inicio", "Días inhábiles", "Plazos legales"} | _SOLICITUDES,
}


@pytest.mark.parametrize("rol", sorted(NAVEGACION))
def test_cada_rol_ve_solo_su_navegacion(rol, request, ayuntamiento, cliente_de):
    usuario = request.getfixturevalue(rol)
    respuesta = cliente_de(usuario).get(
        reverse("organizacion:tablero", kwargs={"ayuntamiento": ayuntamiento.slug})
    )
    etiquetas = {entrada["etiqueta"] for entrada in respuesta.context["navegacion"]}
    assert etiquetas == NAVEGACION[rol]
    # Y cada entrada que ve, la puede abrir.
    cliente = cliente_de(usuario)
    for entrada in respuesta.context["navegacion"]:
        assert cliente.get(entrada["url"]).status_code == 200, entrada
