"""Las plantillas de los documentos de la Unidad: texto con variables, nunca HTML.

Un texto de plantilla es prosa con variables entre llaves, `{folio}`. Al generar, cada
variable se reemplaza por su valor del expediente y el resultado se imprime como texto: lo
que alguien escriba en una plantilla, en un dato de la solicitud o en el cuerpo de un caso
llega al PDF escapado por la plantilla de Django, nunca como marcado ni como CSS. Una llave
que no es una variable (`{x}` con mayúsculas, espacios o signos) se deja tal cual.

Los textos por omisión siguen los documentos reales de las Unidades de Transparencia
municipales (acuses del SISAI, oficios de turno, prevenciones y respuestas). Cada
ayuntamiento los puede cambiar en «Documentos › Plantillas»; un campo vacío vuelve al de
aquí."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

# Los campos de un documento que llevan variables.
CAMPOS_DE_TEXTO = ("asunto", "destinatario", "cargo_destinatario", "cuerpo")
VARIABLE = re.compile(r"\{([a-z_]+)\}")
# Se ve en la vista previa y en el borrador: el dato que falta no pasa inadvertido.
SIN_DATO = "[sin dato: {}]"


class Procedimiento(models.TextChoices):
    SOLICITUD = "solicitud", "Solicitud"
    TURNO = "turno", "Turno a un área"
    RECURSO = "recurso", "Recurso de revisión"
    DENUNCIA = "denuncia", "Denuncia"


class ClaveDocumento(models.TextChoices):
    ACUSE = "acuse", "Acuse de recibo"
    TURNO = "turno", "Oficio de turno al área"
    PREVENCION = "prevencion", "Requerimiento de información adicional (prevención)"
    AMPLIACION = "ampliacion", "Notificación de ampliación del plazo"
    RESPUESTA_ENTREGA = "respuesta_entrega", "Respuesta: entrega de la información"
    RESPUESTA_PARCIAL = "respuesta_parcial", "Respuesta: entrega parcial"
    RESPUESTA_INEXISTENCIA = "respuesta_inexistencia", "Respuesta: inexistencia"
    RESPUESTA_INCOMPETENCIA = "respuesta_incompetencia", "Respuesta: incompetencia"
    RESPUESTA_PUBLICA = "respuesta_publica", "Respuesta: información pública disponible"
    RESPUESTA_CLASIFICADA = "respuesta_clasificada", "Respuesta: información clasificada"
    RECURSO_INFORME = "recurso_informe", "Recurso: informe justificado y alegatos"
    RECURSO_CUMPLIMIENTO = "recurso_cumplimiento", "Recurso: informe de cumplimiento"
    DENUNCIA_INFORME = "denuncia_informe", "Denuncia: informe justificado"


@dataclass(frozen=True)
class Variable:
    nombre: str
    descripcion: str
    ejemplo: str


_COMUNES = (
    Variable("ayuntamiento", "Nombre del ayuntamiento", "Oaxaca de Juárez"),
    Variable("unidad", "Nombre de la Unidad de Transparencia", "Unidad de Transparencia"),
    Variable("fecha", "Fecha del documento", "4 de julio de 2024"),
)
_SOLICITUD = (
    Variable("folio", "Folio de la solicitud", "201181924000101"),
    Variable(
        "tipo_solicitud", "Acceso a la información o derechos ARCO", "Acceso a la información"
    ),
    Variable("solicitante", "Nombre de quien solicita (o «Persona solicitante»)", "C. Rosa Pérez"),
    Variable("fecha_recepcion", "Fecha en que llegó la solicitud", "1 de julio de 2024"),
    Variable("hora_recepcion", "Hora en que llegó, en la zona del ayuntamiento", "16:20"),
    Variable("medio", "Por dónde llegó", "Correo electrónico"),
    Variable(
        "fecha_recepcion_efectiva", "Fecha en que se tiene por recibida", "2 de julio de 2024"
    ),
    Variable(
        "motivo_recepcion",
        "Por qué se tiene por recibida ese día",
        "Llegó a las 16:20, a partir de la hora de cierre (15:00): se tiene por recibida el "
        "siguiente día hábil.",
    ),
    Variable("descripcion", "Lo que se pidió", "Nómina de junio de 2024"),
    Variable("modalidad", "Modalidad de entrega elegida", "Electrónica (PNT o correo)"),
    Variable("vence", "Fecha límite de respuesta", "30 de julio de 2024"),
    Variable(
        "plazos",
        "Cada plazo que corre para atender la solicitud, con su vencimiento y su artículo (un "
        "renglón por plazo)",
        "— Responder la solicitud: vence el 30 de julio de 2024 (LGTAIP, art. 134)",
    ),
    Variable("dias_recurso", "Días para interponer el recurso de revisión", "15"),
    Variable("fundamento_recurso", "Artículo del plazo del recurso", "LGTAIP, art. 144"),
    Variable("dias_prevencion", "Días para atender una prevención", "10"),
    Variable("fundamento_prevencion", "Artículo del plazo de la prevención", "LGTAIP, art. 130"),
    Variable("garante", "Nombre del órgano garante", "Órgano Garante de Oaxaca"),
    Variable(
        "resolucion_comite",
        "La resolución del Comité de Transparencia del caso (acta, fecha y sentido)",
        "acta CT/05/2024 del 15 de julio de 2024, que confirma",
    ),
    Variable("tipo_respuesta", "Tipo de la respuesta registrada", "Entrega total"),
)
_TURNO = (
    Variable("area", "Área a la que se turna", "Tesorería Municipal"),
    Variable("responsable_area", "Titular del área", "C.P. Juan López"),
    Variable("cargo_responsable_area", "Cargo del titular del área", "Tesorero Municipal"),
    Variable("fecha_turno", "Fecha del turno", "2 de julio de 2024"),
    Variable("vence_turno", "Plazo interno del área", "9 de julio de 2024"),
    Variable("instrucciones", "Instrucciones de la Unidad al área", "Remita la versión pública."),
)
_RECURSO = (
    Variable("expediente", "Número de expediente del garante", "RR/101/2024"),
    Variable("folio", "Folio de la solicitud recurrida", "201181924000101"),
    Variable("garante", "Nombre del órgano garante", "Órgano Garante de Oaxaca"),
    Variable("fecha_interposicion", "Fecha de interposición", "1 de agosto de 2024"),
    Variable("fecha_notificacion", "Notificación de la admisión", "5 de agosto de 2024"),
    Variable("vence_alegatos", "Vencimiento del plazo para alegatos", "14 de agosto de 2024"),
    Variable("resolucion", "Sentido de la resolución", "Modifica"),
    Variable("fecha_resolucion", "Fecha de la resolución", "30 de septiembre de 2024"),
    Variable("vence_cumplimiento", "Vencimiento del cumplimiento", "14 de octubre de 2024"),
)
_DENUNCIA = (
    Variable("expediente", "Número de expediente de la denuncia", "DI/12/2024"),
    Variable("garante", "Nombre del órgano garante", "Órgano Garante de Oaxaca"),
    Variable("articulo", "Artículo denunciado", "70"),
    Variable("fraccion", "Fracción denunciada", "XXIX"),
    Variable("incumplimiento", "El incumplimiento denunciado", "No publica los informes"),
    Variable("fecha_admision", "Fecha de admisión", "12 de junio de 2024"),
    Variable("vence_informe", "Vencimiento del informe justificado", "17 de junio de 2024"),
)

DATOS_PERSONALES = frozenset({"solicitante"})

VARIABLES: dict[str, tuple[Variable, ...]] = {
    Procedimiento.SOLICITUD: _COMUNES + _SOLICITUD,
    # El oficio de turno llega al enlace del área, que nunca ve los datos personales de quien
    # solicita (docs/seguridad.md): no tiene su nombre.
    Procedimiento.TURNO: _COMUNES
    + tuple(v for v in _SOLICITUD if v.nombre not in DATOS_PERSONALES)
    + _TURNO,
    Procedimiento.RECURSO: _COMUNES + _RECURSO,
    Procedimiento.DENUNCIA: _COMUNES + _DENUNCIA,
}


@dataclass(frozen=True)
class TextoPorOmision:
    procedimiento: str
    asunto: str
    destinatario: str
    cargo_destinatario: str
    cuerpo: str


_DERECHOS = """Si la respuesta no le satisface, o si no la recibe dentro del plazo, puede interponer un recurso de revisión ante el {garante} dentro de los {dias_recurso} días hábiles siguientes a la notificación de la respuesta o al vencimiento del plazo para darla ({fundamento_recurso}). El recurso se presenta por la Plataforma Nacional de Transparencia, por escrito ante el mismo órgano o ante esta Unidad."""

_RESPUESTA_INICIO = """En atención a su solicitud con folio {folio}, recibida el {fecha_recepcion} y que se tuvo por presentada el {fecha_recepcion_efectiva}, en la que pidió:

«{descripcion}»

"""

POR_OMISION: dict[str, TextoPorOmision] = {
    ClaveDocumento.ACUSE: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Acuse de recibo de la solicitud {folio}",
        "{solicitante}",
        "Presente",
        """La {unidad} del H. Ayuntamiento de {ayuntamiento} hace constar que recibió su solicitud de {tipo_solicitud}, con folio {folio}, el {fecha_recepcion} a las {hora_recepcion} horas, por {medio}.

Lo solicitado: «{descripcion}»

La solicitud se tiene por recibida el {fecha_recepcion_efectiva}. {motivo_recepcion} A partir de esa fecha corren los siguientes plazos, en días hábiles:

{plazos}

Si hiciera falta aclarar o completar su solicitud, esta Unidad se lo requerirá dentro del plazo legal; usted tendrá {dias_prevencion} días hábiles para atender el requerimiento ({fundamento_prevencion}).

La modalidad de entrega que eligió es: {modalidad}. La información se entrega sin costo cuando es electrónica; la reproducción y el envío, cuando los haya, se le informarán con la respuesta.

"""
        + _DERECHOS
        + """

Conserve este acuse: el folio identifica su solicitud en todo el procedimiento.""",
    ),
    ClaveDocumento.TURNO: TextoPorOmision(
        Procedimiento.TURNO,
        "Turno de la solicitud de información {folio}",
        "{responsable_area}",
        "{cargo_responsable_area}",
        """Por medio del presente le turno la solicitud de {tipo_solicitud} con folio {folio}, recibida por esta {unidad} el {fecha_recepcion}, en la que se pide:

«{descripcion}»

Por ser {area} el área que, por sus atribuciones, puede tener la información, le pido buscarla en sus archivos y remitir a esta Unidad, a más tardar el {vence_turno}, lo siguiente:

1. La información solicitada, en la modalidad elegida ({modalidad}), o su versión pública si contiene datos reservados o confidenciales, con la propuesta de clasificación fundada y motivada para el Comité de Transparencia.
2. Si la información no existe en sus archivos, la declaración de inexistencia con la búsqueda exhaustiva que realizó, para someterla al Comité.
3. Si el asunto no es de su competencia, dígalo de inmediato, para que esta Unidad oriente a quien solicita dentro del plazo legal.

{instrucciones}

La respuesta se registra en el sistema Transparencia (Turnos › Responder) con su oficio y sus anexos. El plazo legal de respuesta a quien solicita vence el {vence}; el plazo interno permite revisar la información y, si hace falta, sesionar el Comité.""",
    ),
    ClaveDocumento.PREVENCION: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Requerimiento de información adicional, solicitud {folio}",
        "{solicitante}",
        "Presente",
        """En relación con su solicitud con folio {folio}, recibida el {fecha_recepcion}, en la que pidió:

«{descripcion}»

los datos que proporcionó no son suficientes para localizar la información (o son erróneos). Con fundamento en {fundamento_prevencion}, le requiero que, dentro de los {dias_prevencion} días hábiles siguientes a la notificación de este requerimiento, precise o complete su solicitud en lo siguiente:

[Indique aquí qué debe aclarar: el periodo, el área, el documento o el dato que falta.]

Este requerimiento interrumpe el plazo de respuesta, que volverá a correr desde el día hábil siguiente a que usted lo atienda. Si no lo atiende en el plazo, la solicitud se tendrá por no presentada; podrá presentarla de nuevo cuando lo desee.""",
    ),
    ClaveDocumento.AMPLIACION: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Ampliación del plazo de respuesta, solicitud {folio}",
        "{solicitante}",
        "Presente",
        """En relación con su solicitud con folio {folio}, recibida el {fecha_recepcion}, le informo que el plazo para responderla se amplía, por única vez, por así haberlo aprobado el Comité de Transparencia de este H. Ayuntamiento en su {resolucion_comite}.

Las razones de la ampliación: [Exponga aquí las razones fundadas y motivadas: el volumen de la información, su búsqueda en varias áreas o archivos, su versión pública.]

Con la ampliación, los plazos que corren son:

{plazos}

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RESPUESTA_ENTREGA: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Respuesta a la solicitud {folio}",
        "{solicitante}",
        "Presente",
        _RESPUESTA_INICIO
        + """le informo que el área competente localizó la información y se le entrega completa, en la modalidad que eligió ({modalidad}):

[Describa aquí los documentos que se entregan o los anexos.]

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RESPUESTA_PARCIAL: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Respuesta a la solicitud {folio}",
        "{solicitante}",
        "Presente",
        _RESPUESTA_INICIO
        + """le entrego la información que localizó el área competente, en la modalidad que eligió ({modalidad}). Una parte de lo solicitado no se entrega, por lo siguiente:

[Indique qué parte no se entrega y por qué: inexistente, clasificada o fuera de la competencia del ayuntamiento, con la resolución del Comité cuando la haya: {resolucion_comite}.]

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RESPUESTA_INEXISTENCIA: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Respuesta a la solicitud {folio}: inexistencia de la información",
        "{solicitante}",
        "Presente",
        _RESPUESTA_INICIO
        + """le informo que, después de una búsqueda exhaustiva en los archivos de las áreas que pueden tenerla, la información no fue localizada. El Comité de Transparencia de este H. Ayuntamiento confirmó la declaración de inexistencia en su {resolucion_comite}, que se anexa, con las circunstancias de tiempo, modo y lugar de la búsqueda.

[Indique aquí las áreas consultadas y, si procede, por qué la información no se generó.]

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RESPUESTA_INCOMPETENCIA: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Respuesta a la solicitud {folio}: incompetencia",
        "{solicitante}",
        "Presente",
        _RESPUESTA_INICIO
        + """le informo que este H. Ayuntamiento no es competente para atenderla, porque la información corresponde a las atribuciones de:

[Nombre del sujeto obligado competente, y dónde y cómo presentarle la solicitud.]

Le oriento a presentar su solicitud ante ese sujeto obligado, por la Plataforma Nacional de Transparencia o en su Unidad de Transparencia.

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RESPUESTA_PUBLICA: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Respuesta a la solicitud {folio}: información pública disponible",
        "{solicitante}",
        "Presente",
        _RESPUESTA_INICIO
        + """le informo que la información que solicita ya está publicada y disponible. Puede consultarla, reproducirla o adquirirla en:

[Dirección electrónica exacta o lugar, y los pasos para llegar al documento.]

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RESPUESTA_CLASIFICADA: TextoPorOmision(
        Procedimiento.SOLICITUD,
        "Respuesta a la solicitud {folio}: información clasificada",
        "{solicitante}",
        "Presente",
        _RESPUESTA_INICIO
        + """le informo que la información solicitada está clasificada, por lo que no puede entregarse [o: se entrega en versión pública]. El Comité de Transparencia de este H. Ayuntamiento confirmó la clasificación en su {resolucion_comite}, que se anexa.

[Indique si es reservada (con la prueba de daño y el plazo de reserva) o confidencial (con el fundamento), y qué partes se testaron en la versión pública.]

"""
        + _DERECHOS,
    ),
    ClaveDocumento.RECURSO_INFORME: TextoPorOmision(
        Procedimiento.RECURSO,
        "Informe justificado y alegatos, recurso {expediente}",
        "{garante}",
        "Presente",
        """En atención al acuerdo de admisión del recurso de revisión {expediente}, interpuesto el {fecha_interposicion} contra la respuesta a la solicitud con folio {folio} y notificado a este sujeto obligado el {fecha_notificacion}, dentro del plazo que vence el {vence_alegatos} rindo el informe justificado y formulo los siguientes alegatos:

I. Antecedentes. [La solicitud, su trámite, los turnos y la respuesta, con sus fechas.]

II. Informe. [Por qué la respuesta se ajustó a la ley; las pruebas que se ofrecen y se anexan.]

III. Alegatos. [Lo que se alega sobre cada agravio del recurrente.]

Por lo expuesto, pido tener por rendido en tiempo este informe y, en su momento, confirmar la respuesta impugnada.""",
    ),
    ClaveDocumento.RECURSO_CUMPLIMIENTO: TextoPorOmision(
        Procedimiento.RECURSO,
        "Informe de cumplimiento, recurso {expediente}",
        "{garante}",
        "Presente",
        """En cumplimiento de la resolución del {fecha_resolucion} dictada en el recurso de revisión {expediente}, relativo a la solicitud con folio {folio}, cuyo sentido fue «{resolucion}», dentro del plazo que vence el {vence_cumplimiento} informo lo siguiente:

[Describa lo que se hizo para cumplir: la nueva búsqueda, la entrega, la versión pública, la sesión del Comité, con sus fechas.]

Se anexan las constancias de la notificación al recurrente. Pido tener por cumplida la resolución.""",
    ),
    ClaveDocumento.DENUNCIA_INFORME: TextoPorOmision(
        Procedimiento.DENUNCIA,
        "Informe justificado, denuncia {expediente}",
        "{garante}",
        "Presente",
        """En atención a la denuncia {expediente} por incumplimiento de las obligaciones de transparencia, admitida el {fecha_admision}, sobre el artículo {articulo}, fracción {fraccion} («{incumplimiento}»), dentro del plazo que vence el {vence_informe} rindo el informe justificado:

[Indique si la información está publicada y actualizada en la Plataforma Nacional y en el portal del ayuntamiento, desde cuándo, y las ligas y capturas que lo prueban; o lo que se hizo para publicarla.]

Por lo expuesto, pido declarar infundada la denuncia [o: tener por atendido el incumplimiento].""",
    ),
}


def variables_de(clave: str) -> tuple[Variable, ...]:
    return VARIABLES[POR_OMISION[clave].procedimiento]


def validar_texto(texto: str, clave: str) -> None:
    """ValidationError en español si el texto usa variables que no existen para ese
    documento (un error de dedo se ve al guardar, no en el PDF)."""
    conocidas = {v.nombre for v in variables_de(clave)}
    desconocidas = sorted({n for n in VARIABLE.findall(texto)} - conocidas)
    if desconocidas:
        raise ValidationError(
            "Estas variables no existen para este documento: "
            + ", ".join(f"{{{n}}}" for n in desconocidas)
            + ". Las disponibles están en la lista de la derecha."
        )


def sustituir(texto: str, valores: dict[str, str]) -> str:
    """El texto con cada variable reemplazada por su valor; la que no tiene dato queda
    marcada «[sin dato: …]». El resultado es texto: quien lo imprime lo escapa."""

    def valor(coincidencia: re.Match) -> str:
        nombre = coincidencia.group(1)
        if nombre not in valores:
            return coincidencia.group(0)
        return valores[nombre] or SIN_DATO.format(nombre)

    return VARIABLE.sub(valor, texto)
