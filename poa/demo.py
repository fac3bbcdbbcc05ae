"""Datos de demostración del POA, tomados de las semillas: el POA 2020 de Hecelchakán (000),
el POA 2013 de Puebla (001) y el plan 2024 de Oaxaca de Juárez con sus capturas de abril a
junio (003). Idempotente: un plan que ya existe (ayuntamiento y año) no se vuelve a cargar.

Los meses del cronograma de Hecelchakán se perdieron en la semilla: se eligieron meses
plausibles. Puebla sólo informa el acumulado al cuarto trimestre: se captura en el último
mes de cada producto, de modo que el acumulado reproduce las cifras de la semilla.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django_scopes import scope, scopes_disabled

from organizacion.models import Ayuntamiento

from .models import Actividad, Formula, Objetivo, Plan
from .servicios import (
    Captura,
    actividad_guardar,
    avance_capturar,
    objetivo_guardar,
    plan_aprobar,
    plan_guardar,
)

TODOS = list(range(1, 13))
TRIMESTRALES = [1, 4, 7, 10]

# (descripción, meses, objetivo, evidencia, población)
HECELCHAKAN = [
    (
        "Recibir y tramitar las solicitudes de información recibidas por vía INFOMEX, correo electrónico o ante la coordinación de transparencia",
        TODOS,
        "Dar respuesta a todas las solicitudes de información",
        "Resoluciones",
        "Dirección o coordinación a la que se le canaliza la información",
    ),
    (
        "Dar seguimiento al trámite interno de las solicitudes de información",
        TODOS,
        "Otorgar en tiempo y forma la resolución hacia las solicitudes de información",
        "Oficios de turno y respuesta",
        "Dirección o coordinación a la que se le canaliza la información",
    ),
    (
        "Capacitación a los funcionarios que se encargarán de subir información a la PNT",
        [2, 8],
        "Capacitar al personal encargado de subir información",
        "Llenado adecuadamente de los formatos en la PNT",
        "Todas las áreas de la administración",
    ),
    (
        "Recabar información entre las diferentes Direcciones y Coordinaciones que conforman el H. Ayuntamiento",
        TRIMESTRALES,
        "Actualización del Portal de Transparencia del Ayuntamiento",
        "Revisión portal",
        "Todas las áreas de la administración",
    ),
    (
        "Revisión de la información que presenta cada área y actualizar 1er, 2do, 3er y 4to trimestre",
        TRIMESTRALES,
        "Verificar que la información se encuentre actualizada",
        "Revisión portal",
        "Unidad de Transparencia y todas las áreas",
    ),
    (
        "Revisar que toda la información esté actualizada correctamente en tiempo y forma",
        [2, 5, 8, 11],
        "Verificar que la información se encuentre actualizada",
        "Revisión portal",
        "Unidad de Transparencia",
    ),
    (
        "Entrega de reportes del primer y segundo semestre de solicitudes de información a la COTAIPEC",
        [1, 7],
        "Rendir un informe semestral de las solicitudes de información recibidas",
        "Oficios de entrega de información y reportes",
        "Unidad de Transparencia",
    ),
    (
        "Revisión de las notificaciones electrónicas que emita la COTAIPEC",
        TODOS,
        "Dar trámite a las notificaciones que nos realice COTAIPEC",
        "Oficios enviados a la COTAIPEC",
        "Unidad de Transparencia",
    ),
    (
        "Entrega del Informe Anual de Datos Personales",
        [1],
        "Informar al Organismo Garante",
        "Informe enviado a la COTAIPEC",
        "Unidad de Transparencia y todas las áreas",
    ),
    (
        "Actualización del Portal del H. Ayuntamiento en lo concerniente al CONAC (Tesorería) de forma trimestral",
        TRIMESTRALES,
        "Cumplir con los lineamientos emitidos por el CONAC",
        "Portal del H. Ayuntamiento apartado CONAC, fracciones asignadas",
        "Unidad de Transparencia",
    ),
    (
        "Actualización del Portal del H. Ayuntamiento en lo concerniente al CONAC (Planeación)",
        TRIMESTRALES,
        "Cumplir con los lineamientos emitidos por el CONAC",
        "Portal del H. Ayuntamiento",
        "Unidad de Transparencia",
    ),
]

OBJ_PUEBLA = "Promover la transparencia hacia el interior y el exterior de la gestión municipal."
OBJ_MUJERES = "Fortalecer las capacidades y acceso a oportunidades para el ejercicio pleno de los derechos de las mujeres."
# (objetivo, línea de acción, producto, inicio, término, meta, unidad, avance (o num/den), indicador, etiquetas)
PUEBLA: list[tuple[str, str, str, date, date, int, str, int | tuple[int, int], str, str]] = [
    (
        OBJ_PUEBLA,
        "Promover la declaración del Día Municipal de la Transparencia y el Derecho de Acceso a la Información.",
        "Realización del evento denominado Día Municipal de la Transparencia, a fin de difundir la cultura de la transparencia.",
        date(2013, 7, 1),
        date(2013, 11, 29),
        1,
        "evento realizado",
        1,
        "Número de eventos realizados",
        "PROIGUALDAD",
    ),
    (
        OBJ_PUEBLA,
        "Realizar la Feria de la Transparencia y la Semana de la Transparencia.",
        "Organización del evento denominado Semana de la Transparencia, con la finalidad de promover la cultura de transparencia en el Municipio de Puebla.",
        date(2013, 4, 1),
        date(2013, 8, 9),
        300,
        "asistentes al evento",
        1022,
        "Número de Asistentes al evento",
        "PROIGUALDAD",
    ),
    (
        OBJ_PUEBLA,
        "Promover mecanismos electrónicos para que el ciudadano pueda solicitar información y reciba orientación para plantear sus sugerencias.",
        "Orientar a la ciudadanía en materia de transparencia a través de la operación del Sistema de Atención Inmediata en Línea (4 vías: Chat, correo electrónico, línea telefónica y personal).",
        date(2013, 1, 2),
        date(2013, 12, 20),
        100,
        "%",
        (480, 480),
        "% de personas atendidas|Número de personas atendidas por cualquiera de las 4 vías|Total de personas que requirieron la atención",
        "PROIGUALDAD",
    ),
    (
        OBJ_PUEBLA,
        "Responder con mayor asertividad reduciendo el tiempo de atención a las solicitudes de información formuladas a las dependencias y organismos del Ayuntamiento.",
        "Coordinar las actividades administrativas del Comité Ciudadano para la Transparencia a fin de que este órgano desempeñe óptimamente sus funciones",
        date(2013, 1, 2),
        date(2013, 12, 20),
        4,
        "sesiones realizadas",
        6,
        "Número de sesiones del Comité Ciudadano para la Transparencia",
        "",
    ),
    (
        OBJ_PUEBLA,
        "Realizar y promover talleres y actividades de formación, capacitación y difusión dirigidas a la población infantil, juvenil y amas de casa, priorizando el tema de protección de datos personales.",
        "Realización de talleres en instituciones públicas y/o privadas para difundir la Cultura de Transparencia, Acceso a la Información Pública y la Protección de Datos Personales entre la población infantil y juvenil del Municipio de Puebla.",
        date(2013, 1, 2),
        date(2013, 12, 6),
        1000,
        "participantes",
        2598,
        "Número de participantes en los Talleres",
        "PROIGUALDAD",
    ),
    (
        OBJ_PUEBLA,
        "Implementar campañas y proyectos de difusión de alto impacto para promover el derecho al acceso a la información, transparencia y rendición de cuentas.",
        "Promover las acciones que lleva a cabo la Coordinación General de Transparencia mediante su difusión en medios de comunicación, foros y eventos de contacto con la ciudadanía.",
        date(2013, 1, 7),
        date(2013, 12, 6),
        30,
        "acciones realizadas",
        38,
        "Número de acciones realizadas con la ciudadanía para difundir el derecho de acceso a la información",
        "PROIGUALDAD",
    ),
    # La semilla no trae fecha de inicio de este producto: se toma el 2 de enero.
    (
        OBJ_PUEBLA,
        "Coordinar actividades para la atención de solicitudes y publicación de información en el portal del Ayuntamiento.",
        "Actualizar la información recibida que se publica a través de la Sección de Transparencia del portal del Ayuntamiento.",
        date(2013, 1, 2),
        date(2013, 12, 20),
        95,
        "%",
        (250, 250),
        "% de información actualizada en el portal|No. de información actualizada en el portal|Total de información recibida para actualizar en el portal",
        "",
    ),
    # La fecha de inicio de la semilla está dañada («4127600%»): se toma el 2 de enero.
    (
        OBJ_PUEBLA,
        "Responder con mayor asertividad reduciendo el tiempo de atención a las solicitudes de información formuladas a las dependencias y organismos del Ayuntamiento.",
        "Monitorear y atender las solicitudes de información formuladas al Gobierno Municipal a través del Sistema INFOMEX para que se contesten de conformidad con los tiempos que establece la Ley.",
        date(2013, 1, 2),
        date(2013, 12, 20),
        94,
        "%",
        (71, 72),
        "% de atención a las solicitudes de información en tiempo conforme a la Ley|Número de solicitudes de información atendidas en tiempo conforme a la Ley|Total de solicitudes de información recibidas en el año + las pendientes del año anterior",
        "",
    ),
    (
        OBJ_PUEBLA,
        "Promover la capacitación de servidores públicos del Ayuntamiento en materia de transparencia y acceso a la información.",
        "Capacitar y asesorar, en coordinación con otras instancias, a servidores(as) públicos(as) involucrados(as) en la atención a las solicitudes de información.",
        date(2013, 1, 2),
        date(2013, 12, 20),
        720,
        "servidores asesorados",
        1753,
        "Número de servidores(as) públicos capacitados y/o asesorados",
        "",
    ),
    (
        OBJ_PUEBLA,
        "Realizar y promover talleres y actividades de formación, capacitación y difusión dirigidas a la población infantil, juvenil y amas de casa, priorizando el tema de protección de datos personales.",
        "Coordinar las acciones necesarias para la realización de la Cátedra Universitaria en Transparencia.",
        date(2013, 4, 1),
        date(2013, 12, 13),
        200,
        "asistentes",
        558,
        "Número de asistentes a la Cátedra Universitaria en Transparencia",
        "PROIGUALDAD",
    ),
    (
        OBJ_MUJERES,
        "Impulsar el Programa Municipal para la Igualdad entre Mujeres y Hombres, que promueva la equidad de género.",
        "Generar y entregar los informes trimestrales de los productos etiquetados como PROIGUALDAD al Instituto Municipal de las Mujeres con los datos desagregados por sexo",
        date(2013, 3, 15),
        date(2013, 10, 15),
        3,
        "reportes entregados",
        3,
        "Número de reportes entregados al IMM",
        "",
    ),
]

# Componente: (clave, descripción, [(clave, actividad, unidad, meta, {mes: (valor, narrativa, mujeres, hombres)})])
Capturas = dict[int, tuple[int, str, int | None, int | None]]
OAXACA: list[tuple[str, str, list[tuple[str, str, str, int, Capturas]]]] = [
    (
        "Componente 1",
        "Normativa en transparencia fortalecida",
        [
            (
                "1.1",
                "Difusión de los Derechos ARCOP en lengua indígena (traducción, video y carteles)",
                "acciones",
                10,
                {
                    4: (
                        1,
                        "Se recibió la traducción de forma oral con el fin de realizar un video de los Derechos ARCOP.",
                        None,
                        None,
                    ),
                    5: (
                        1,
                        "Mediante oficio número UT/0640/2024, se solicitó a Coordinación de Comunicación Social la grabación de un video de los Derechos ARCOP.",
                        None,
                        None,
                    ),
                    6: (1, "Seguimiento del diseño institucional de los carteles.", None, None),
                },
            ),
            (
                "1.2",
                "Monitoreo permanente del portal de Gobierno Abierto",
                "revisiones",
                700,
                {
                    4: (
                        77,
                        "Revisiones del portal Gobierno Abierto para verificar que la información publicada esté actualizada.",
                        None,
                        None,
                    ),
                    5: (
                        70,
                        "Se solicitaron actualizaciones mediante 6 oficios y un correo; se recibieron 5 correos y 15 llamadas.",
                        None,
                        None,
                    ),
                    6: (
                        64,
                        "Se pidieron 9 actualizaciones a la Dirección de Sistemas de Información.",
                        None,
                        None,
                    ),
                },
            ),
        ],
    ),
    (
        "Componente 2",
        "Promoción y difusión del derecho de acceso a la información y protección de datos personales",
        [
            (
                "2.1",
                "Asesorías en materia de datos personales",
                "asesorías",
                10,
                {
                    4: (1, "Asesoría en datos personales.", 1, 0),
                    5: (1, "Asesoría en datos personales.", 1, 0),
                    6: (1, "Asesoría en datos personales.", 1, 0),
                },
            ),
            (
                "2.2",
                "Monitoreo del SISAI 2.0 para la atención de solicitudes, derechos ARCOP y recursos de revisión",
                "monitoreos",
                640,
                {
                    4: (66, "Monitoreo del SISAI 2.0; 26 solicitudes recibidas.", None, None),
                    5: (66, "Monitoreo del SISAI 2.0; 13 solicitudes recibidas.", None, None),
                    6: (60, "Monitoreo del SISAI 2.0; 32 solicitudes recibidas.", None, None),
                },
            ),
            (
                "2.3",
                "Capacitación al funcionariado municipal en transparencia, acceso a la información y datos personales",
                "sesiones",
                20,
                {
                    4: (
                        4,
                        "4 sesiones los días 9, 11, 16 y 24 de abril; 58 hombres y 101 mujeres.",
                        101,
                        58,
                    ),
                    5: (
                        0,
                        "El OGAIPO notificó el calendario de capacitaciones de junio (oficio OGAIPO/DCCEADP/478/2024).",
                        0,
                        0,
                    ),
                    6: (
                        2,
                        "2 sesiones el 4 y el 27 de junio en el Auditorio del OGAIPO; 45 hombres y 60 mujeres.",
                        60,
                        45,
                    ),
                },
            ),
            (
                "2.5",
                "Monitoreo del correo electrónico de la Unidad para la atención de denuncias",
                "monitoreos",
                640,
                {
                    4: (66, "Monitoreo del correo de la Unidad.", None, None),
                    5: (66, "Monitoreo del correo de la Unidad.", None, None),
                    6: (
                        60,
                        "Se recibió una denuncia (fracción XXIX del artículo 70); 4 oficios de requerimiento.",
                        None,
                        None,
                    ),
                },
            ),
        ],
    ),
    (
        "Componente 3",
        "Estrategias de transparencia proactiva",
        [
            (
                "3.1",
                "Monitoreo de las páginas del INAI y OGAIPO para identificar convocatorias de transparencia proactiva",
                "revisiones",
                690,
                {
                    4: (77, "Revisión diaria de las páginas del INAI y OGAIPO.", None, None),
                    5: (66, "Revisión diaria de las páginas del INAI y OGAIPO.", None, None),
                    6: (64, "Revisión diaria de las páginas del INAI y OGAIPO.", None, None),
                },
            ),
        ],
    ),
]


def _meta(valor: int | float) -> Decimal:
    return Decimal(str(valor))


def _hecelchakan(ayuntamiento: Ayuntamiento) -> None:
    plan = plan_guardar(
        plan=Plan(
            ayuntamiento=ayuntamiento,
            anio=2020,
            titulo="POA 2020 Coordinación de Transparencia",
            mision="Proporcionar a los ciudadanos interesados, los elementos suficientes para que puedan ejercer su derecho de acceso a la información ante el H. Ayuntamiento de Hecelchakán.",
            vision="Lograr la cultura de la Transparencia en las personas, por medio del trato amable, digno y responsable hacia todo aquel ciudadano que acuda a nuestras oficinas a solicitar información.",
            objetivos_generales="Establecer el principio de la transparencia en la gestión de los entes públicos.\nGarantizar el derecho de acceso a la información.\nGarantizar la protección de datos personales.\nGarantizar los derechos ARCO.\nMejorar la organización y sistematización de documentos.\nDar respuesta a todas las solicitudes de información oportunamente.\nCumplir con los lineamientos emitidos.",
            metas="Que los ciudadanos del municipio de Hecelchakán y sus alrededores cuenten con la información de su interés.",
            estrategias="Una mejor transparencia en la administración.\nEspacio físico adecuado.\nCapacitación del personal por parte de la COTAIPEC.\nCapacitar al personal del H. Ayuntamiento.\nDisposición del personal.",
            procedimiento_interno="Vigilar el cumplimiento de los titulares de las direcciones y coordinaciones en el apego de los Lineamientos Técnicos Generales para la publicación de las obligaciones de transparencia en los portales de internet y en la PNT.",
        )
    )
    objetivos: dict[str, Objetivo] = {}
    for orden, (descripcion, meses, objetivo, evidencia, poblacion) in enumerate(HECELCHAKAN, 1):
        if objetivo not in objetivos:
            objetivos[objetivo] = objetivo_guardar(
                objetivo=Objetivo(
                    plan=plan,
                    ayuntamiento=ayuntamiento,
                    orden=len(objetivos) + 1,
                    descripcion=objetivo,
                )
            )
        actividad_guardar(
            actividad=Actividad(
                plan=plan,
                objetivo=objetivos[objetivo],
                ayuntamiento=ayuntamiento,
                orden=orden,
                descripcion=descripcion,
                fecha_inicio=date(2020, 1, 1),
                fecha_fin=date(2020, 12, 31),
                meses=meses,
                evidencia_esperada=evidencia,
                poblacion=poblacion,
            )
        )


def _puebla(ayuntamiento: Ayuntamiento) -> None:
    plan = plan_guardar(
        plan=Plan(
            ayuntamiento=ayuntamiento, anio=2013, titulo="Programa de Trabajo Anual (POA 2013)"
        )
    )
    objetivos: dict[str, Objetivo] = {}
    for orden, (
        objetivo,
        linea,
        producto,
        inicio,
        fin,
        meta,
        unidad,
        avance,
        indicador,
        etiquetas,
    ) in enumerate(PUEBLA, 1):
        if objetivo not in objetivos:
            objetivos[objetivo] = objetivo_guardar(
                objetivo=Objetivo(
                    plan=plan,
                    ayuntamiento=ayuntamiento,
                    orden=len(objetivos) + 1,
                    descripcion=objetivo,
                )
            )
        porcentaje = unidad == "%"
        nombre, numerador, denominador = [*indicador.split("|"), "", ""][:3]
        actividad = actividad_guardar(
            actividad=Actividad(
                plan=plan,
                objetivo=objetivos[objetivo],
                ayuntamiento=ayuntamiento,
                orden=orden,
                descripcion=producto,
                linea_accion=linea,
                producto=producto,
                fecha_inicio=inicio,
                fecha_fin=fin,
                formula=Formula.PORCENTAJE if porcentaje else Formula.CONTEO,
                meta_anual=_meta(meta),
                unidad_medida="" if porcentaje else unidad,
                indicador=nombre,
                numerador=numerador,
                denominador=denominador,
                etiquetas=etiquetas,
                por_sexo="PROIGUALDAD" in etiquetas,
            )
        )
        captura = (
            Captura(numerador=_meta(avance[0]), denominador=_meta(avance[1]))
            if isinstance(avance, tuple)
            else Captura(valor=_meta(avance))
        )
        captura.narrativa = "Avance acumulado al 4to. trimestre según la evaluación del POA 2013."
        avance_capturar(actividad=actividad, mes=fin.month, captura=captura, usuario=None)
    plan_aprobar(plan=plan, usuario=None)


def _oaxaca(ayuntamiento: Ayuntamiento) -> None:
    plan = plan_guardar(
        plan=Plan(
            ayuntamiento=ayuntamiento,
            anio=2024,
            titulo="Plan Estratégico Anual 2024 de la Unidad de Transparencia",
            programa_presupuestario="26 – Gobierno Transparente",
        )
    )
    for orden, (clave, descripcion, actividades) in enumerate(OAXACA, 1):
        objetivo = objetivo_guardar(
            objetivo=Objetivo(
                plan=plan,
                ayuntamiento=ayuntamiento,
                orden=orden,
                clave=clave,
                nivel_mir="componente",
                descripcion=descripcion,
            )
        )
        for orden_actividad, (clave_act, texto, unidad, meta, capturas) in enumerate(
            actividades, 1
        ):
            por_sexo = any(c[2] is not None for c in capturas.values())
            # El plan programa 20 %, 30 %, 30 % y 20 % de la meta por trimestre.
            actividad = actividad_guardar(
                actividad=Actividad(
                    plan=plan,
                    objetivo=objetivo,
                    ayuntamiento=ayuntamiento,
                    orden=orden_actividad,
                    clave=clave_act,
                    nivel_mir="actividad",
                    descripcion=texto,
                    fecha_inicio=date(2024, 1, 1),
                    fecha_fin=date(2024, 12, 31),
                    meta_anual=_meta(meta),
                    unidad_medida=unidad,
                    por_sexo=por_sexo,
                    programado_t1=_meta(meta * 0.2),
                    programado_t2=_meta(meta * 0.5),
                    programado_t3=_meta(meta * 0.8),
                    programado_t4=_meta(meta),
                    indicador=f"Número de {unidad}",
                )
            )
            for mes, (valor, narrativa, mujeres, hombres) in capturas.items():
                avance_capturar(
                    actividad=actividad,
                    mes=mes,
                    captura=Captura(
                        valor=_meta(valor), narrativa=narrativa, mujeres=mujeres, hombres=hombres
                    ),
                    usuario=None,
                )


@transaction.atomic
def cargar(salida) -> None:
    for slug, anio, funcion in [
        ("hecelchakan", 2020, _hecelchakan),
        ("puebla", 2013, _puebla),
        ("oaxaca-de-juarez", 2024, _oaxaca),
    ]:
        with scopes_disabled():
            ayuntamiento = Ayuntamiento.objects.filter(slug=slug).first()
        if ayuntamiento is None:
            continue
        with scope(ayuntamiento=ayuntamiento):
            if Plan.objects.filter(anio=anio, unidad_administrativa=None).exists():
                continue
            funcion(ayuntamiento)
    salida.write("POA de demostración: Hecelchakán 2020, Puebla 2013 y Oaxaca de Juárez 2024.\n")
