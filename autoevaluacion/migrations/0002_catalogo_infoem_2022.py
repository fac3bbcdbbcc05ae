"""Catálogo del Modelo Regional de Transparencia Municipal tal como lo enumera el documento
inicial de Infoem (semilla 004): cinco dimensiones y sus herramientas, cada una con su
descripción y la temporalidad que el documento señala para su implementación.

El documento anuncia «17 herramientas» y encabeza Recursos con «Herramientas (3)», pero
enumera 18: cuatro en Recursos. Se cargan las 18 como las lista. Los nombres y las
descripciones se copian al pie de la letra, con sus erratas («a ciudadanía públicos»).
"""

from datetime import date

from django.db import migrations

EDICION = {
    "clave": "infoem-2022",
    "nombre": "Modelo Regional de Transparencia Municipal (Infoem, documento inicial 2022)",
    "publicada": date(2022, 11, 16),
    "vigente": True,
    "nota": (
        "Documento inicial para implementación del Modelo Regional de Transparencia Municipal, "
        "de la Dirección General de Transparencia, Acceso a la Información Pública y Gobierno "
        "Abierto del Infoem. El documento dice «17 herramientas» y «Recursos (3)», pero enumera "
        "18 (cuatro en Recursos); se cargan las 18."
    ),
}

# (clave, nombre, descripción, [herramientas])
# herramienta: (clave, nombre, nombre corto, descripción, temporalidad, meses,
#               vigencia indefinida, temporalidad según el documento)
DIMENSIONES = [
    (
        "estrategia",
        "Estrategia",
        "guía el actuar de los colaboradores, a través de una misión y visión compartida, "
        "conformada por herramientas para su cumplimiento.",
        [
            (
                "convenio-colaboracion",
                "Convenio de colaboración",
                "Convenio",
                "instrumento de compromiso entre la municipalidad y el órgano garante, a fin de "
                "estipular lo avances, mejoras y mecanismos de evaluación.",
                "meses",
                1,
                True,
                "1 mes para elaboración, vigencia indefinida.",
            ),
            (
                "politica-transparencia",
                "Política de Transparencia y Acceso a la Información Pública",
                "Política de transparencia",
                "formato que describe el alcance y las funciones principales desarrolladas por "
                "las municipalidades en los ámbitos de transparencia, acceso a la información y "
                "gestión documental, con referencia a su estructura de trabajo, responsables y "
                "reporte de resultados.",
                "meses",
                3,
                False,
                "3 meses de implementación",
            ),
            (
                "sistema-integridad",
                "Sistema de Integridad y Código de Ética",
                "Integridad y ética",
                "a) elaboración de un Código de Ética y b) formalización de sus canales de "
                "denuncia, de forma participativa con los funcionarios municipales.",
                "meses",
                6,
                True,
                "6 meses de implementación y vigencia indefinida",
            ),
            (
                "planes-proyectos",
                "Planes y Proyectos de Transparencia",
                "Planes y proyectos",
                "fichas de proyectos de transparencia, incorporando la descripción de sus "
                "objetivos esperados, las actividades principales, responsables, presupuestos y "
                "su integración con el plan estratégico de la municipalidad.",
                "proyecto",
                None,
                False,
                "Depende de la duración de cada proyecto",
            ),
        ],
    ),
    (
        "recursos",
        "Recursos",
        "pretende fortalecer aquellas capacidades institucionales necesarias para que el "
        "municipio pueda responder a las obligaciones que le impone la normativa, conformada "
        "por herramientas para su cumplimiento.",
        [
            (
                "perfiles-cargo",
                "Perfiles de Cargo",
                "Perfiles de cargo",
                "requisitos a considerar en la descripción de funciones y competencias de los "
                "responsables de transparencia: a) Oficial u Encargado de Transparencia, b) "
                "activa, c) pasiva y d) gestión documental.",
                "meses",
                3,
                False,
                "3 meses",
            ),
            (
                "capacitacion-funcionarios",
                "Plan anual de capacitación interna a funcionarios públicos",
                "Capacitación a funcionarios",
                "identificación de necesidades y propuesta de formato de plan de capacitación "
                "en transparencia y acceso a la información.",
                "anual",
                None,
                False,
                "Anual",
            ),
            (
                "capacitacion-ciudadania",
                "Plan anual de capacitación interna a ciudadanía públicos",
                "Capacitación a ciudadanía",
                "identificación de necesidades y propuesta de formato de plan de capacitación, "
                "en transparencia y acceso a la información.",
                "anual",
                None,
                False,
                "Anual",
            ),
            (
                "diagnostico-infraestructura",
                "Diagnóstico de la infraestructura asignada a los procesos de transparencia",
                "Diagnóstico de infraestructura",
                "recursos informáticos, condiciones de los depósitos documentales y oficinas de "
                "atención al público.",
                "meses",
                3,
                False,
                "3 meses",
            ),
        ],
    ),
    (
        "procesos",
        "Procesos",
        "forma en cómo se ejecuta la normativa al interior de la municipalidad y determinar el "
        "nivel de madurez de los procesos principales en materia de transparencia activa y "
        "transparencia pasiva, conformada por herramientas para su cumplimiento.",
        [
            (
                "formalizacion-procesos",
                "Formalización de procesos",
                "Formalización de procesos",
                "indagará en el nivel de documentación del proceso, si está diagramado, donde se "
                "establecen las distintas actividades y roles asociados, si está formalizada "
                "dicha documentación a través de un acto formal de la autoridad edilicia y si ha "
                "sido difundido al interior de la municipalidad.\n\n"
                "Los procesos de: Transparencia activa y Transparencia pasiva, incluyendo la "
                "debida referencia a sus plataformas digitales",
                "meses",
                6,
                False,
                "6 meses",
            ),
            (
                "automatizacion-procesos",
                "Automatización de procesos",
                "Automatización de procesos",
                "nivel de automatización desde un registro básico empleando para ello, hasta un "
                "sistema que automatiza la totalidad del proceso.",
                "meses",
                3,
                False,
                "3 meses",
            ),
        ],
    ),
    (
        "ciudadania",
        "Ciudadanía",
        "relación estrecha y cotidiana entre el municipio y la ciudadanía, se deben contemplar "
        "mecanismos expeditos para el ejercicio del derecho de acceso a la información pública, "
        "conformada por herramientas para su cumplimiento.",
        [
            (
                "plan-difusion",
                "Plan anual de difusión a la ciudadanía",
                "Plan de difusión",
                "definición de sus objetivos, metas, acciones, responsables y mecanismos de "
                "seguimiento.",
                "meses",
                3,
                False,
                "3 meses",
            ),
            (
                "canales-atencion",
                "Formalización de canales de atención",
                "Canales de atención",
                "elaboración de cartas de servicios, incluyendo responsables, condiciones de "
                "operación, plan de contingencia, entre otros.",
                "meses",
                3,
                False,
                "3 meses",
            ),
            (
                "transparencia-proactiva",
                "Transparencia Proactiva",
                "Transparencia proactiva",
                "guía metodológica para elaborar nuevos contenidos de información definidos con "
                "la misma ciudadanía y su formato de publicación, conforme a un proceso dinámico "
                "de identificación de necesidades según públicos objetivos metas.",
                "meses",
                4,
                False,
                "4 meses",
            ),
            (
                "datos-abiertos",
                "Política de datos abiertos",
                "Datos abiertos",
                "atributos y requisitos para la elaboración de la política de datos abiertos de "
                "la municipalidad, con incorporación de sus objetivos, procesos de trabajo, "
                "responsables, participantes, entre otros.",
                "meses",
                5,
                False,
                "5 meses",
            ),
        ],
    ),
    (
        "mejora-continua",
        "Mejora continua",
        "controlar y evaluar el funcionamiento, a través de indicadores de desempeño u otras "
        "evaluaciones que permitan un mejoramiento de los procesos de transparencia, conformada "
        "por herramientas para su cumplimiento.",
        [
            (
                "satisfaccion-usuaria",
                "Satisfacción usuaria",
                "Satisfacción usuaria",
                "instrumento de evaluación de satisfacción que permite conocer la satisfacción "
                "de los usuarios lograda a partir de los mecanismos de transparencia y acceso a "
                "la información pública implementados por las municipalidades.",
                "anual",
                None,
                False,
                "Anual",
            ),
            (
                "indicadores-desempeno",
                "Reporte de indicadores de desempeño",
                "Indicadores de desempeño",
                "indicadores para medir el desempeño de los mecanismos de transparencia y acceso "
                "a la información pública, y su formato de reportería de resultados.",
                "meses",
                3,
                False,
                "3 meses para la adopción de batería de indicadores de instalación",
            ),
            (
                "rendicion-cuentas",
                "Rendición de cuentas",
                "Rendición de cuentas",
                "proceso de rendición de cuentas de la municipalidad e incorporando los "
                "mecanismos de transparencia, y elaborar su informe con interacción de los "
                "ciudadanos.",
                "anual",
                None,
                False,
                "Anual",
            ),
            (
                "planes-mejora",
                "Planes de Mejora",
                "Planes de mejora",
                "formalizar y comprometer acciones que eleven los resultados de la transparencia "
                "y acceso a la información en la municipalidad.",
                "meses",
                3,
                False,
                "3 meses",
            ),
        ],
    ),
]


def cargar(apps, schema_editor):
    Edicion = apps.get_model("autoevaluacion", "Edicion")
    Dimension = apps.get_model("autoevaluacion", "Dimension")
    Herramienta = apps.get_model("autoevaluacion", "Herramienta")
    edicion, _ = Edicion.objects.update_or_create(
        clave=EDICION["clave"], defaults={k: v for k, v in EDICION.items() if k != "clave"}
    )
    for orden, (clave, nombre, descripcion, herramientas) in enumerate(DIMENSIONES, start=1):
        dimension, _ = Dimension.objects.update_or_create(
            edicion=edicion,
            clave=clave,
            defaults={"orden": orden, "nombre": nombre, "descripcion": descripcion},
        )
        for numero, (
            clave_h,
            nombre_h,
            corto,
            descripcion_h,
            temporalidad,
            meses,
            indefinida,
            texto,
        ) in enumerate(herramientas, start=1):
            Herramienta.objects.update_or_create(
                dimension=dimension,
                clave=clave_h,
                defaults={
                    "orden": numero,
                    "nombre": nombre_h,
                    "nombre_corto": corto,
                    "descripcion": descripcion_h,
                    "temporalidad": temporalidad,
                    "meses": meses,
                    "vigencia_indefinida": indefinida,
                    "temporalidad_texto": texto,
                },
            )


def quitar(apps, schema_editor):
    Edicion = apps.get_model("autoevaluacion", "Edicion")
    Herramienta = apps.get_model("autoevaluacion", "Herramienta")
    Dimension = apps.get_model("autoevaluacion", "Dimension")
    Herramienta.objects.filter(dimension__edicion__clave=EDICION["clave"]).delete()
    Dimension.objects.filter(edicion__clave=EDICION["clave"]).delete()
    Edicion.objects.filter(clave=EDICION["clave"]).delete()


class Migration(migrations.Migration):
    dependencies = [("autoevaluacion", "0001_initial")]

    operations = [migrations.RunPython(cargar, quitar)]
