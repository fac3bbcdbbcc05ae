"""La matriz de permisos: cada ruta del proyecto (leída del resolvedor) × cada tipo de
visitante × GET y POST, contra una tabla escrita a mano de lo que el código promete.

Una ruta nueva sin renglón en `ACCESOS` hace fallar la prueba: quien la agrega decide, por
escrito, quién puede abrirla. Los POST van vacíos: a quien tiene permiso se le vuelve a mostrar
el formulario con errores (200/400) o se le redirige (302), nunca un 500.

Para que sea rápida, cada ruta es una prueba: los objetos se crean una vez y se recorren todos
los visitantes; los POST corren dentro de un punto de guardado que se deshace, para que lo que
borra o cambia uno no altere lo que ve el siguiente.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from autoevaluacion.models import Evidencia
from capacitacion.models import Participante
from organizacion.models import Oficio
from poa.models import Actividad
from reportes.descargas import ficha_de
from reportes.models import Envio, EstadoReporte, Reporte
from solicitudes.models import Adjunto
from tests.organizacion.test_tenencia import (  # noqa: F401 (objetos es una fixture)
    RUTAS,
    _rutas_de_ayuntamiento,
    _url,
    objetos,
)

# --- Los visitantes ---------------------------------------------------------------------------

ANONIMO = "anonimo"
# El resto son nombres de fixtures de tests/conftest.py.
VISITANTES = (
    ANONIMO,
    "titular",
    "personal",
    "enlace",  # enlace del área del turno de prueba (areas[0])
    "enlace_otra_area",
    "consulta",
    "extrano",  # titular de otro ayuntamiento
    "usuario_garante",  # del garante del ayuntamiento
    "usuario_otro_garante",
)
EXTRANOS = frozenset({"extrano", "usuario_otro_garante"})

# Conjuntos de visitantes con nombre, paralelos a organizacion/permisos.py.
TITULAR = frozenset({"titular"})
CAPTURA = TITULAR | {"personal"}
UNIDAD = CAPTURA | {"consulta"}
GARANTE = frozenset({"usuario_garante"})
UNIDAD_Y_GARANTE = UNIDAD | GARANTE
ENLACES = frozenset({"enlace", "enlace_otra_area"})
CAPTURA_Y_ENLACES = CAPTURA | ENLACES  # responden turnos y capturan avances del POA
TODOS = UNIDAD_Y_GARANTE | ENLACES
CON_SESION = TODOS | EXTRANOS
NADIE = None  # el método no se atiende: 405

# Clases de ruta: de ayuntamiento (el middleware da 404 al extraño y manda al anónimo a la
# entrada), del garante (`/garante/<id>/…`: 404 a quien no es de ese garante), con sesión
# (cualquiera que entró) y pública.
DE_AYUNTAMIENTO = "ayuntamiento"
DEL_GARANTE = "garante"
CON_SESION_INICIADA = "con_sesion"
PUBLICA = "publica"


@dataclass(frozen=True)
class Acceso:
    """Quién obtiene una respuesta útil con cada método (los demás de adentro: 403)."""

    get: frozenset[str] | None
    post: frozenset[str] | None
    # El objeto es de un área: el enlace de otra área no lo encuentra (404), no un 403.
    del_area: bool = False
    clase: str = DE_AYUNTAMIENTO
    # Lo que recibe quien sí puede, si no es lo normal (GET 200; POST vacío 200/302/400).
    respuesta: frozenset[int] | None = None


def lee(roles, **opciones) -> Acceso:
    return Acceso(get=roles, post=NADIE, **opciones)


def escribe(roles, **opciones) -> Acceso:
    return Acceso(get=NADIE, post=roles, **opciones)


def formulario(get, post=None, **opciones) -> Acceso:
    """GET muestra, POST guarda; por omisión los mismos roles para ambos."""
    return Acceso(get=get, post=get if post is None else post, **opciones)


# Confirmar una importación sin nada pendiente en la sesión: «Importación desconocida».
NADA_PENDIENTE = frozenset({404})
# La entrada manda a cada quien a su ayuntamiento (302) o le muestra la lista (200).
REPARTE = frozenset({200, 302})

ACCESOS: dict[str, Acceso] = {
    # Cuentas (django.contrib.auth)
    "login": formulario(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "logout": escribe(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "password_reset": formulario(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "password_reset_done": lee(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "password_reset_confirm": formulario(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "password_reset_complete": lee(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "password_change": formulario(CON_SESION, clase=CON_SESION_INICIADA),
    "password_change_done": lee(CON_SESION, clase=CON_SESION_INICIADA),
    # Fuera de un ayuntamiento
    "organizacion:inicio": lee(CON_SESION, clase=CON_SESION_INICIADA, respuesta=REPARTE),
    "constancias:verificar": lee(CON_SESION | {ANONIMO}, clase=PUBLICA),
    # El enlace firmado del PDF enviado por correo: la firma es la llave (reportes/descargas.py).
    "descargas:descargar": lee(CON_SESION | {ANONIMO}, clase=PUBLICA),
    # Los estrados del ayuntamiento: públicos, sólo folios y fechas (documentos/estrados.py).
    "estrados:estrados": lee(CON_SESION | {ANONIMO}, clase=PUBLICA),
    "autoevaluacion_garante:matriz": lee(GARANTE, clase=DEL_GARANTE),
    "autoevaluacion_garante:exportar": lee(GARANTE, clase=DEL_GARANTE),
    "reportes_garante:lista": lee(GARANTE, clase=DEL_GARANTE),
    # organizacion
    "organizacion:tablero": lee(TODOS),
    "organizacion:ayuntamiento_editar": formulario(TITULAR),
    "organizacion:areas": lee(UNIDAD),
    "organizacion:area_nueva": formulario(TITULAR),
    "organizacion:area_editar": formulario(TITULAR),
    "organizacion:usuarios": lee(TITULAR),
    "organizacion:usuario_nuevo": formulario(TITULAR),
    "organizacion:usuario_editar": formulario(TITULAR),
    "organizacion:usuario_quitar": escribe(TITULAR),
    "organizacion:usuario_invitar": escribe(TITULAR),
    "organizacion:dias_inhabiles": lee(TODOS),
    "organizacion:dia_inhabil_nuevo": formulario(TITULAR),
    "organizacion:dia_inhabil_editar": formulario(TITULAR),
    "organizacion:dia_inhabil_eliminar": formulario(TITULAR),
    "organizacion:plazos": formulario(UNIDAD_Y_GARANTE, TITULAR),
    "organizacion:plazos_preset": escribe(TITULAR),
    "organizacion:oficios": lee(UNIDAD),
    "organizacion:oficio_nuevo": formulario(CAPTURA),
    "organizacion:oficio_archivo": lee(UNIDAD),
    # solicitudes
    "solicitudes:lista": lee(UNIDAD_Y_GARANTE),
    "solicitudes:nueva": formulario(CAPTURA),
    "solicitudes:detalle": lee(UNIDAD_Y_GARANTE),
    "solicitudes:editar": formulario(CAPTURA),
    "solicitudes:evento": escribe(CAPTURA),
    "solicitudes:turnar": escribe(CAPTURA),
    "solicitudes:comite": escribe(CAPTURA),
    "solicitudes:turnos": lee(TODOS),
    "solicitudes:turno_detalle": formulario(TODOS, CAPTURA_Y_ENLACES, del_area=True),
    "solicitudes:turno_retirar": escribe(CAPTURA),
    "solicitudes:adjunto": lee(TODOS, del_area=True),
    "solicitudes:adjunto_datos_personales": escribe(CAPTURA),
    "solicitudes:importar": formulario(CAPTURA),
    "solicitudes:importar_confirmar": escribe(CAPTURA, respuesta=NADA_PENDIENTE),
    "solicitudes:recursos": lee(UNIDAD_Y_GARANTE),
    "solicitudes:recurso_nuevo": formulario(CAPTURA),
    "solicitudes:recurso_detalle": lee(UNIDAD_Y_GARANTE),
    "solicitudes:recurso_editar": formulario(CAPTURA),
    "solicitudes:recurso_oficio": escribe(CAPTURA),
    "solicitudes:denuncias": lee(UNIDAD_Y_GARANTE),
    "solicitudes:denuncia_nueva": formulario(CAPTURA),
    "solicitudes:denuncia_detalle": lee(UNIDAD_Y_GARANTE),
    "solicitudes:denuncia_editar": formulario(CAPTURA),
    "solicitudes:denuncia_requerir": escribe(CAPTURA),
    # autoevaluacion
    "autoevaluacion:tablero": lee(UNIDAD_Y_GARANTE),
    "autoevaluacion:adhesion": formulario(CAPTURA),
    "autoevaluacion:imprimir": lee(UNIDAD_Y_GARANTE),
    "autoevaluacion:exportar": lee(UNIDAD_Y_GARANTE),
    "autoevaluacion:herramienta": formulario(UNIDAD_Y_GARANTE, CAPTURA),
    "autoevaluacion:evidencia": lee(UNIDAD_Y_GARANTE),
    "autoevaluacion:evidencia_quitar": escribe(CAPTURA),
    # capacitacion
    "capacitacion:lista": lee(UNIDAD_Y_GARANTE),
    "capacitacion:nueva": formulario(CAPTURA),
    "capacitacion:detalle": lee(UNIDAD_Y_GARANTE),
    "capacitacion:editar": formulario(CAPTURA),
    "capacitacion:participante_nuevo": formulario(CAPTURA),
    "capacitacion:evidencia_subir": escribe(CAPTURA),
    "capacitacion:convocar": formulario(CAPTURA),
    "capacitacion:importar_participantes": formulario(CAPTURA),
    "capacitacion:importar_participantes_confirmar": escribe(CAPTURA, respuesta=NADA_PENDIENTE),
    "capacitacion:importar": formulario(CAPTURA),
    "capacitacion:importar_confirmar": escribe(CAPTURA, respuesta=NADA_PENDIENTE),
    "capacitacion:participante_editar": formulario(CAPTURA),
    "capacitacion:participante_quitar": escribe(CAPTURA),
    "capacitacion:evidencia_descargar": lee(UNIDAD_Y_GARANTE),
    "capacitacion:evidencia_quitar": escribe(CAPTURA),
    "capacitacion:planes": lee(UNIDAD_Y_GARANTE),
    "capacitacion:plan_nuevo": formulario(CAPTURA),
    "capacitacion:plan": formulario(UNIDAD_Y_GARANTE, CAPTURA),
    "capacitacion:plan_editar": formulario(CAPTURA),
    "capacitacion:tema_editar": formulario(CAPTURA),
    "capacitacion:tema_quitar": escribe(CAPTURA),
    "capacitacion:asesorias": lee(UNIDAD_Y_GARANTE),
    "capacitacion:asesoria_capturar": formulario(CAPTURA),
    "capacitacion:asesoria_editar": formulario(CAPTURA),
    "capacitacion:asesoria_quitar": escribe(CAPTURA),
    # reportes
    "reportes_constancias:constancia": lee(UNIDAD_Y_GARANTE),
    "documentos:lista": lee(UNIDAD),
    "documentos:preparar": escribe(CAPTURA),
    "documentos:plantillas": lee(TITULAR),
    "documentos:plantilla": formulario(TITULAR),
    "documentos:documento": formulario(UNIDAD, CAPTURA),
    "documentos:agregar_parrafo": escribe(CAPTURA),
    "documentos:parrafos": formulario(UNIDAD, CAPTURA),
    "documentos:parrafo": formulario(CAPTURA),
    "documentos:parrafo_borrar": escribe(CAPTURA),
    "documentos:vista_previa": lee(UNIDAD),
    "documentos:emitir": escribe(CAPTURA),
    "documentos:notificado": escribe(CAPTURA),
    # El documento de prueba es un borrador: su PDF existe al emitirse (lo descarga
    # tests/documentos/test_vistas.py); aquí, 404 para quien puede y 403 para los demás.
    "documentos:pdf": lee(UNIDAD, respuesta=frozenset({404})),
    "reportes:lista": formulario(UNIDAD_Y_GARANTE, CAPTURA),
    "reportes:configuracion": formulario(TITULAR),
    "reportes:destinatario_quitar": escribe(TITULAR),
    "reportes:detalle": lee(UNIDAD_Y_GARANTE),
    "reportes:estado": lee(UNIDAD_Y_GARANTE),
    "reportes:descargar": lee(UNIDAD_Y_GARANTE),
    "reportes:regenerar": escribe(CAPTURA),
    "reportes:emitir": escribe(TITULAR),
    "reportes:enviar_ahora": escribe(CAPTURA),
    "reportes:tabla": lee(UNIDAD_Y_GARANTE),
    # poa
    "poa:planes": lee(TODOS),
    "poa:plan_nuevo": formulario(CAPTURA),
    "poa:plan_copiar": formulario(CAPTURA),
    "poa:plan": lee(TODOS),
    "poa:plan_editar": formulario(CAPTURA),
    "poa:plan_aprobar": escribe(TITULAR),
    "poa:plan_reabrir": escribe(TITULAR),
    "poa:cronograma": lee(TODOS),
    "poa:trimestre": lee(TODOS),
    "poa:importar": formulario(CAPTURA),
    "poa:importar_confirmar": escribe(CAPTURA, respuesta=NADA_PENDIENTE),
    "poa:plan_exportar": lee(TODOS),
    "poa:objetivo_nuevo": formulario(CAPTURA),
    "poa:actividad_nueva": formulario(CAPTURA),
    "poa:objetivo_editar": formulario(CAPTURA),
    "poa:actividad": lee(TODOS, del_area=True),
    "poa:actividad_editar": formulario(CAPTURA),
    "poa:capturar": formulario(CAPTURA_Y_ENLACES, del_area=True),
    "poa:recalcular": escribe(CAPTURA),
    "poa:justificar": escribe(CAPTURA_Y_ENLACES, del_area=True),
    "poa:devolver": escribe(TITULAR),
    "poa:anexo": lee(TODOS, del_area=True),
}


# --- Las rutas --------------------------------------------------------------------------------


def _parametros(patrones=None, prefijo="", heredados=frozenset()):
    """{nombre: parámetros de la ruta}, incluidos los de los `include` que la contienen."""
    patrones = get_resolver().url_patterns if patrones is None else patrones
    encontrados: dict[str, frozenset[str]] = {}
    for patron in patrones:
        propios = heredados | set(patron.pattern.converters)
        if isinstance(patron, URLResolver):
            espacio = f"{prefijo}{patron.namespace}:" if patron.namespace else prefijo
            encontrados |= _parametros(patron.url_patterns, espacio, propios)
        elif isinstance(patron, URLPattern) and patron.name:
            encontrados[f"{prefijo}{patron.name}"] = propios
    return encontrados


# El admin es sólo de superusuarios y tiene su propia prueba (tests/organizacion/test_admin.py).
EXCLUIDAS_PREFIJO = ("admin:",)
TODAS = sorted(
    nombre for nombre in _rutas_de_ayuntamiento() if not nombre.startswith(EXCLUIDAS_PREFIJO)
)
PARAMETROS = _parametros()


def test_toda_ruta_tiene_renglon_en_la_tabla():
    faltan = [nombre for nombre in TODAS if nombre not in ACCESOS]
    assert not faltan, (
        "Rutas sin renglón en ACCESOS de tests/test_permisos.py; agregue (con los roles del "
        "@rol_requerido y los métodos del require_* de la vista), p. ej.: "
        + ", ".join(f'"{nombre}": lee(UNIDAD_Y_GARANTE)' for nombre in faltan)
    )
    sobran = sorted(set(ACCESOS) - set(TODAS))
    assert not sobran, f"Renglones de ACCESOS sin ruta (quítelos): {sobran}"


def test_se_recorren_todas_las_clases_de_ruta():
    assert set(RUTAS) <= set(TODAS)
    assert {"login", "organizacion:inicio", "constancias:verificar"} <= set(TODAS)
    assert "autoevaluacion:herramienta" in TODAS  # lleva «clave», no pk
    assert len(TODAS) >= 110


# --- Lo esperado ------------------------------------------------------------------------------

ENTRADA = "entrada"  # 302 a la página de entrada
UTIL = {"GET": frozenset({200}), "POST": frozenset({200, 302, 400})}


def esperado(acceso: Acceso, metodo: str, visitante: str):
    """ENTRADA, o el conjunto de códigos aceptables."""
    roles = acceso.get if metodo == "GET" else acceso.post
    if acceso.clase == PUBLICA:
        return UTIL[metodo] if roles else frozenset({405})
    if visitante == ANONIMO:
        return ENTRADA
    if acceso.clase == DE_AYUNTAMIENTO and visitante in EXTRANOS:
        return frozenset({404})
    if roles is NADIE:
        return frozenset({405})
    if acceso.clase == DEL_GARANTE and visitante not in roles:
        return frozenset({404})
    if visitante not in roles:
        return frozenset({403})
    if acceso.del_area and visitante == "enlace_otra_area":
        return frozenset({404})
    return acceso.respuesta or UTIL[metodo]


@pytest.fixture
def direcciones(ayuntamiento, garante, areas, objetos):  # noqa: F811
    """La dirección de cada ruta, con los objetos de prueba completados para que quien puede
    reciba el objeto y no un 404: el oficio y el reporte con su archivo, la actividad del POA
    del área del enlace (como el turno de prueba) y el escrito sin datos personales."""
    with scopes_disabled():
        oficio = Oficio.objects.get(pk=objetos["organizacion:oficios"])
        oficio.archivo.save("oficio.pdf", ContentFile(b"%PDF-1.4 oficio"))
        reporte = Reporte.objects.get(pk=objetos["reportes:reportes"])
        reporte.estado = EstadoReporte.LISTO
        reporte.emitido = timezone.now()  # el garante sólo ve los emitidos
        reporte.archivo.save("reporte.pdf", ContentFile(b"%PDF-1.4 reporte"))
        envio = Envio.objects.create(
            ayuntamiento=ayuntamiento,
            tipo=reporte.tipo,
            anio=reporte.anio,
            periodo=reporte.periodo,
            correo="contraloria@oaxaca.gob.mx",
            reporte=reporte,
        )
        Actividad.objects.filter(pk=objetos["poa:actividades"]).update(
            unidad_administrativa=areas[0]
        )
        # El escrito sin datos personales: lo descargan el área turnada y el garante (con
        # datos personales sólo la Unidad; eso lo prueba tests/test_datos_personales.py).
        Adjunto.objects.filter(pk=objetos["solicitudes:adjuntos"]).update(datos_personales=False)
        evidencia = Evidencia.objects.select_related("estado__herramienta").get(
            pk=objetos["autoevaluacion:evidencias"]
        )
        codigo = Participante.objects.get(pk=objetos["capacitacion:participantes"]).codigo
    valores = {
        "ayuntamiento": ayuntamiento.slug,
        "garante": garante.pk,
        "clave": evidencia.estado.herramienta.clave,
        "codigo": codigo,
        "ficha": ficha_de(envio),
        "municipio": ayuntamiento.slug,
        "uidb64": "MQ",
        "token": "enlace-caducado",
    }

    def direccion(nombre: str) -> str:
        if nombre in RUTAS:
            return _url(nombre, ayuntamiento, objetos)
        kwargs = {parametro: valores[parametro] for parametro in PARAMETROS[nombre]}
        return reverse(nombre, kwargs=kwargs)

    return direccion


@pytest.fixture
def clientes(request, cliente_de):
    return {
        visitante: Client()
        if visitante == ANONIMO
        else cliente_de(request.getfixturevalue(visitante))
        for visitante in VISITANTES
    }


def _pedir(cliente: Client, metodo: str, url: str):
    """La respuesta, dentro de un punto de guardado que se deshace."""
    with transaction.atomic():
        try:
            return cliente.get(url) if metodo == "GET" else cliente.post(url, {})
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("nombre", [n for n in TODAS if n in ACCESOS])
def test_matriz_de_permisos(nombre, direcciones, clientes):
    url = direcciones(nombre)
    entrada = reverse("login")
    errores = []
    for visitante in VISITANTES:
        for metodo in ("GET", "POST"):
            espera = esperado(ACCESOS[nombre], metodo, visitante)
            try:
                respuesta = _pedir(clientes[visitante], metodo, url)
            except Exception as error:  # un 500: la prueba lo reporta con los demás
                errores.append(f"{visitante} {metodo}: excepción {error!r}")
                continue
            codigo = respuesta.status_code
            if espera == ENTRADA:
                if codigo != 302 or not respuesta["Location"].startswith(entrada):
                    errores.append(f"{visitante} {metodo}: {codigo}, se esperaba ir a la entrada")
            elif codigo not in espera:
                errores.append(f"{visitante} {metodo}: {codigo}, se esperaba {sorted(espera)}")
    assert not errores, f"{nombre} ({url}):\n" + "\n".join(errores)
