"""Inquilinos y personas: garantes, ayuntamientos, áreas, usuarios y sus roles, días
inhábiles, plazos legales configurables y el registro de oficios.

El inquilino es el Ayuntamiento. Todo modelo que le pertenece lleva una llave foránea
directa `ayuntamiento` y el `ScopedManager` de django-scopes, de modo que una consulta
fuera del ámbito de un ayuntamiento lanza una excepción en lugar de mezclar datos.
"""

import re
import string
from datetime import date, time
from typing import NamedTuple, cast
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords


class EntidadFederativa(models.TextChoices):
    AGUASCALIENTES = "AGS", "Aguascalientes"
    BAJA_CALIFORNIA = "BC", "Baja California"
    BAJA_CALIFORNIA_SUR = "BCS", "Baja California Sur"
    CAMPECHE = "CAM", "Campeche"
    CHIAPAS = "CHIS", "Chiapas"
    CHIHUAHUA = "CHIH", "Chihuahua"
    CIUDAD_DE_MEXICO = "CDMX", "Ciudad de México"
    COAHUILA = "COAH", "Coahuila"
    COLIMA = "COL", "Colima"
    DURANGO = "DGO", "Durango"
    ESTADO_DE_MEXICO = "MEX", "Estado de México"
    GUANAJUATO = "GTO", "Guanajuato"
    GUERRERO = "GRO", "Guerrero"
    HIDALGO = "HGO", "Hidalgo"
    JALISCO = "JAL", "Jalisco"
    MICHOACAN = "MICH", "Michoacán"
    MORELOS = "MOR", "Morelos"
    NAYARIT = "NAY", "Nayarit"
    NUEVO_LEON = "NL", "Nuevo León"
    OAXACA = "OAX", "Oaxaca"
    PUEBLA = "PUE", "Puebla"
    QUERETARO = "QRO", "Querétaro"
    QUINTANA_ROO = "QROO", "Quintana Roo"
    SAN_LUIS_POTOSI = "SLP", "San Luis Potosí"
    SINALOA = "SIN", "Sinaloa"
    SONORA = "SON", "Sonora"
    TABASCO = "TAB", "Tabasco"
    TAMAULIPAS = "TAMPS", "Tamaulipas"
    TLAXCALA = "TLAX", "Tlaxcala"
    VERACRUZ = "VER", "Veracruz"
    YUCATAN = "YUC", "Yucatán"
    ZACATECAS = "ZAC", "Zacatecas"


ZONAS_HORARIAS_MEXICO = [
    ("America/Mexico_City", "Centro (Ciudad de México)"),
    ("America/Cancun", "Sureste (Quintana Roo)"),
    ("America/Merida", "Centro (Mérida)"),
    ("America/Monterrey", "Centro (Monterrey)"),
    ("America/Matamoros", "Noreste fronterizo (Matamoros)"),
    ("America/Chihuahua", "Centro (Chihuahua)"),
    ("America/Ciudad_Juarez", "Noroeste fronterizo (Ciudad Juárez)"),
    ("America/Ojinaga", "Noreste fronterizo (Ojinaga)"),
    ("America/Mazatlan", "Pacífico (Mazatlán)"),
    ("America/Bahia_Banderas", "Centro (Bahía de Banderas)"),
    ("America/Hermosillo", "Pacífico sin horario de verano (Sonora)"),
    ("America/Tijuana", "Noroeste (Baja California)"),
]

# Primeros segmentos de URL que pertenecen al sitio y no pueden ser el slug de un ayuntamiento.
SLUGS_RESERVADOS = frozenset(
    {
        "admin",
        "cuentas",
        "static",
        "archivos",
        "constancias",
        "descargas",
        "estrados",
        "garante",
        "api",
        "salud",
    }
)


class Garante(models.Model):
    """Órgano u autoridad garante estatal: supervisa a los ayuntamientos de su entidad."""

    nombre = models.CharField(max_length=200, unique=True)
    siglas = models.CharField(max_length=30)
    estado = models.CharField("entidad federativa", max_length=5, choices=EntidadFederativa)
    correo = models.EmailField("correo institucional", blank=True)
    marco_legal = models.ForeignKey(
        "PresetPlazos",
        verbose_name="marco legal por omisión",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Los plazos con que empiezan los ayuntamientos nuevos de este garante.",
    )

    class Meta:
        ordering = ["nombre"]
        verbose_name = "garante"
        verbose_name_plural = "garantes"

    def __str__(self) -> str:
        return f"{self.siglas} ({self.get_estado_display()})"


# Lo que un número de oficio lleva además de sus campos: letras, dígitos, espacios y los
# separadores de costumbre. El folio se imprime en oficios, PDF y hojas de cálculo: ni saltos
# de línea, ni comillas, ni llaves, ni nada que otro formato interprete.
_TEXTO_DE_OFICIO = re.compile(r"[A-Za-z0-9 /._\-]*")
# {numero}, {numero:4d}, {numero:04d}, {anio:d}: sólo ancho y relleno con ceros.
_ESPECIFICACION = re.compile(r"0?[1-9]?d?")


def validar_formato_oficio(formato: str) -> None:
    """Sólo admite los campos {serie}, {numero} y {anio}, sin atributos ni índices, con
    texto de caracteres seguros alrededor, y exige {numero}: de otro modo todos los oficios
    tendrían el mismo folio."""
    campos = set()
    try:
        for literal, nombre, especificacion, conversion in string.Formatter().parse(formato):
            if not _TEXTO_DE_OFICIO.fullmatch(literal):
                raise ValueError(
                    "fuera de los campos sólo van letras sin acentos, números, espacios y "
                    "los signos / . _ -"
                )
            if nombre is None:
                continue
            if nombre not in {"serie", "numero", "anio"}:
                raise ValueError(f"campo desconocido {{{nombre}}}")
            if conversion or not _ESPECIFICACION.fullmatch(especificacion or ""):
                raise ValueError(f"especificación no admitida «{especificacion}»")
            campos.add(nombre)
        ejemplo = formato.format(serie="UT", numero=99999, anio=2024)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            f"El formato del número de oficio no es válido ({error}); use sólo {{serie}}, "
            "{numero} y {anio}, por ejemplo {serie}/{numero:04d}/{anio}."
        ) from error
    if "numero" not in campos:
        raise ValidationError(
            "El formato debe incluir {numero}, por ejemplo {serie}/{numero:04d}/{anio}."
        )
    if len(ejemplo) > 60:
        raise ValidationError("El número de oficio resultante sería demasiado largo.")


def validar_slug(slug: str) -> None:
    if slug in SLUGS_RESERVADOS:
        raise ValidationError(f"«{slug}» es una dirección reservada del sistema; elija otra.")


class Ayuntamiento(models.Model):
    """El inquilino: un gobierno municipal con su Unidad de Transparencia."""

    nombre = models.CharField(max_length=200)
    slug = models.SlugField(
        "identificador en la dirección",
        max_length=60,
        unique=True,
        validators=[validar_slug],
        error_messages={"unique": "Ya existe un ayuntamiento con ese identificador."},
    )
    estado = models.CharField("entidad federativa", max_length=5, choices=EntidadFederativa)
    garante = models.ForeignKey(Garante, on_delete=models.PROTECT, related_name="ayuntamientos")
    logo = models.ImageField(upload_to="logos/", blank=True)
    leyenda_oficial = models.CharField(
        "leyenda oficial del año",
        max_length=300,
        blank=True,
        help_text="Se imprime en el encabezado de oficios y reportes, p. ej. «2024, Bicentenario…».",
    )
    hora_cierre = models.TimeField(
        "hora de cierre de la oficina",
        default=time(15, 0),
        help_text="Lo recibido a esta hora en punto o después se tiene por recibido el "
        "siguiente día hábil.",
    )
    zona_horaria = models.CharField(
        max_length=40, choices=ZONAS_HORARIAS_MEXICO, default="America/Mexico_City"
    )
    formato_oficio = models.CharField(
        "formato del número de oficio",
        max_length=60,
        default="{serie}/{numero:04d}/{anio}",
        validators=[validar_formato_oficio],
    )
    serie_oficio = models.CharField("serie de oficios por omisión", max_length=20, default="UT")
    activo = models.BooleanField(default=True)

    class Meta:
        ordering = ["nombre"]
        verbose_name = "ayuntamiento"
        verbose_name_plural = "ayuntamientos"

    def __str__(self) -> str:
        return self.nombre

    @property
    def lugar(self) -> str:
        """Lugar como se escribe al pie de un oficio: «Oaxaca de Juárez, Oaxaca»."""
        return f"{self.nombre}, {self.get_estado_display()}"

    def clean(self) -> None:
        if self.zona_horaria not in available_timezones():
            raise ValidationError({"zona_horaria": "Zona horaria desconocida."})

    def numero_oficio(self, *, serie: str, numero: int, anio: int) -> str:
        return self.formato_oficio.format(serie=serie, numero=numero, anio=anio)


class UnidadAdministrativa(models.Model):
    """Un área del ayuntamiento (Tesorería, Obras Públicas…). Sus enlaces son las
    membresías con rol «enlace» que apuntan a ella."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="areas")
    nombre = models.CharField(max_length=200)
    siglas = models.CharField(max_length=20, blank=True)
    responsable = models.CharField("titular del área", max_length=200, blank=True)
    cargo_responsable = models.CharField("cargo del titular", max_length=200, blank=True)
    activa = models.BooleanField(default=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        ordering = ["nombre"]
        verbose_name = "unidad administrativa"
        verbose_name_plural = "unidades administrativas"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "nombre"],
                name="area_nombre_unico",
                violation_error_message="Ya existe un área con ese nombre en este ayuntamiento.",
            )
        ]

    def __str__(self) -> str:
        return self.nombre


class UsuarioManager(BaseUserManager["Usuario"]):
    def create_user(self, email: str, password: str | None = None, **campos) -> "Usuario":
        if not email:
            raise ValueError("El correo electrónico es obligatorio.")
        usuario = self.model(email=self.normalize_email(email).lower(), **campos)
        usuario.set_password(password)
        usuario.save(using=self._db)
        return usuario

    def get_by_natural_key(self, email: str | None) -> "Usuario":
        # Nadie distingue mayúsculas en su correo: la entrada tampoco.
        return self.get(email__iexact=(email or "").strip())

    def create_superuser(self, email: str, password: str | None = None, **campos) -> "Usuario":
        campos.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **campos)


class Usuario(AbstractBaseUser, PermissionsMixin):
    """Persona que entra al sistema con su correo."""

    email = models.EmailField(
        "correo electrónico",
        unique=True,
        error_messages={"unique": "Ya existe un usuario con ese correo."},
    )
    nombre = models.CharField("nombre completo", max_length=200)
    cargo = models.CharField(max_length=200, blank=True, help_text="Se usa en las firmas.")
    is_active = models.BooleanField("activo", default=True)
    is_staff = models.BooleanField("acceso al admin", default=False)
    date_joined = models.DateTimeField("alta", default=timezone.now)

    objects = UsuarioManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nombre"]

    class Meta:
        ordering = ["nombre"]
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"

    def __str__(self) -> str:
        return self.nombre or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self) -> str:
        return self.nombre

    def get_short_name(self) -> str:
        return self.nombre.split(" ")[0] if self.nombre else self.email


class Rol(models.TextChoices):
    TITULAR = "titular", "Titular de la Unidad de Transparencia"
    PERSONAL = "personal", "Personal de la Unidad"
    ENLACE = "enlace", "Enlace de área"
    CONSULTA = "consulta", "Consulta (sólo lectura)"


# Los meses como opciones de un campo (cronogramas, planes de capacitación).
MESES = [
    (1, "Enero"),
    (2, "Febrero"),
    (3, "Marzo"),
    (4, "Abril"),
    (5, "Mayo"),
    (6, "Junio"),
    (7, "Julio"),
    (8, "Agosto"),
    (9, "Septiembre"),
    (10, "Octubre"),
    (11, "Noviembre"),
    (12, "Diciembre"),
]


class Sexo(models.TextChoices):
    """Toda estadística se desglosa por sexo; quien no lo declara cuenta como no identificado."""

    MUJER = "mujer", "Mujer"
    HOMBRE = "hombre", "Hombre"
    NO_IDENTIFICADO = "no_identificado", "No identificado"


# El usuario de un garante no tiene membresía en el ayuntamiento: lee todo y no modifica nada.
ROL_GARANTE = "garante"


class Membresia(models.Model):
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membresias"
    )
    ayuntamiento = models.ForeignKey(
        Ayuntamiento, on_delete=models.CASCADE, related_name="membresias"
    )
    rol = models.CharField(max_length=10, choices=Rol)
    unidad_administrativa = models.ForeignKey(
        UnidadAdministrativa,
        verbose_name="área",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enlaces",
        help_text="Sólo para enlaces: el área cuyos turnos y actividades atiende.",
    )
    creada = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["usuario__nombre"]
        verbose_name = "membresía"
        verbose_name_plural = "membresías"
        constraints = [
            models.UniqueConstraint(
                fields=["usuario", "ayuntamiento"],
                name="membresia_unica",
                violation_error_message="Esa persona ya pertenece a este ayuntamiento.",
            ),
            models.CheckConstraint(
                condition=Q(rol=Rol.ENLACE, unidad_administrativa__isnull=False)
                | (~Q(rol=Rol.ENLACE) & Q(unidad_administrativa__isnull=True)),
                name="membresia_area_solo_enlace",
                violation_error_message="Un enlace debe tener un área, y sólo los enlaces la tienen.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.usuario} — {self.get_rol_display()} en {self.ayuntamiento}"

    def clean(self) -> None:
        if self.rol == Rol.ENLACE and not self.unidad_administrativa_id:
            raise ValidationError({"unidad_administrativa": "Indique el área de la que es enlace."})
        if self.rol != Rol.ENLACE:
            self.unidad_administrativa = None
        elif (
            self.unidad_administrativa is not None
            and self.unidad_administrativa.ayuntamiento_id != self.ayuntamiento_id
        ):
            raise ValidationError(
                {"unidad_administrativa": "El área no pertenece a este ayuntamiento."}
            )


class MembresiaGarante(models.Model):
    """Acceso de sólo lectura a todos los ayuntamientos de un garante."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membresias_garante"
    )
    garante = models.ForeignKey(Garante, on_delete=models.CASCADE, related_name="membresias")
    creada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membresía de garante"
        verbose_name_plural = "membresías de garante"
        constraints = [
            models.UniqueConstraint(fields=["usuario", "garante"], name="membresia_garante_unica")
        ]

    def __str__(self) -> str:
        return f"{self.usuario} en {self.garante}"


class Procedimiento(models.TextChoices):
    """Los procedimientos cuyos plazos cuenta el calendario. Una suspensión de plazos puede
    valer sólo para algunos."""

    SOLICITUDES = "solicitudes", "Solicitudes de información y ARCO (y sus turnos)"
    RECURSOS = "recursos", "Recursos de revisión"
    DENUNCIAS = "denuncias", "Denuncias por incumplimiento"


class Ambito(models.TextChoices):
    NACIONAL = "nacional", "Nacional"
    GARANTE = "garante", "Garante"
    AYUNTAMIENTO = "ayuntamiento", "Ayuntamiento"


class DiaInhabilQuerySet(models.QuerySet["DiaInhabil"]):
    def aplicables_a(self, ayuntamiento: Ayuntamiento) -> "DiaInhabilQuerySet":
        """Los días que cuentan para un ayuntamiento: nacionales, de su garante y propios."""
        return self.filter(
            Q(ambito=Ambito.NACIONAL)
            | Q(ambito=Ambito.GARANTE, garante_id=ayuntamiento.garante_id)
            | Q(ambito=Ambito.AYUNTAMIENTO, ayuntamiento=ayuntamiento)
        )


class DiaInhabil(models.Model):
    """Un día o periodo inhábil declarado por un acuerdo (vacaciones, suspensión de plazos,
    días festivos locales). Los de la LFT art. 74 no se capturan: vienen de `holidays`.

    No usa ScopedManager porque los días nacionales y del garante no pertenecen a un solo
    ayuntamiento; se consulta siempre por `aplicables_a(ayuntamiento)`.
    """

    ambito = models.CharField(max_length=12, choices=Ambito, default=Ambito.AYUNTAMIENTO)
    garante = models.ForeignKey(
        Garante, on_delete=models.CASCADE, null=True, blank=True, related_name="dias_inhabiles"
    )
    ayuntamiento = models.ForeignKey(
        Ayuntamiento, on_delete=models.CASCADE, null=True, blank=True, related_name="dias_inhabiles"
    )
    fecha_inicio = models.DateField("desde")
    fecha_fin = models.DateField("hasta")
    motivo = models.CharField(max_length=200, help_text="Por ejemplo: «Vacaciones de verano».")
    acuerdo = models.CharField(
        max_length=300, help_text="El acuerdo que lo declaró, con su número y fecha."
    )
    # Vacío: vale para todos los procedimientos.
    procedimientos = models.JSONField(
        "vale para",
        default=list,
        blank=True,
        help_text="Déjelo vacío si suspende todos los plazos; si no, marque a cuáles aplica.",
    )
    creado = models.DateTimeField(auto_now_add=True)

    objects = DiaInhabilQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["fecha_inicio"]
        verbose_name = "día inhábil"
        verbose_name_plural = "días inhábiles"
        constraints = [
            models.CheckConstraint(
                condition=Q(fecha_fin__gte=models.F("fecha_inicio")),
                name="dia_inhabil_rango_valido",
                violation_error_message="La fecha final no puede ser anterior a la inicial.",
            ),
            models.CheckConstraint(
                condition=Q(ambito=Ambito.NACIONAL, garante__isnull=True, ayuntamiento__isnull=True)
                | Q(ambito=Ambito.GARANTE, garante__isnull=False, ayuntamiento__isnull=True)
                | Q(ambito=Ambito.AYUNTAMIENTO, garante__isnull=True, ayuntamiento__isnull=False),
                name="dia_inhabil_ambito_coherente",
                violation_error_message="El ámbito no corresponde al garante o ayuntamiento indicado.",
            ),
        ]

    def __str__(self) -> str:
        if self.fecha_inicio == self.fecha_fin:
            return f"{self.fecha_inicio:%d/%m/%Y}: {self.motivo}"
        return f"{self.fecha_inicio:%d/%m/%Y}–{self.fecha_fin:%d/%m/%Y}: {self.motivo}"

    def aplica_a(self, procedimiento: str | None) -> bool:
        return (
            not self.procedimientos
            or procedimiento is None
            or (procedimiento in self.procedimientos)
        )

    @property
    def alcance(self) -> str:
        """Para qué procedimientos vale, como se dice en una explicación."""
        if not self.procedimientos:
            return ""
        nombres = [Procedimiento(p).label.lower() for p in self.procedimientos]
        return "sólo " + ", ".join(nombres)

    def clean(self) -> None:
        if set(self.procedimientos or []) - set(Procedimiento.values):
            raise ValidationError({"procedimientos": "Procedimiento desconocido."})
        if self.fecha_inicio and self.fecha_fin and self.fecha_fin < self.fecha_inicio:
            raise ValidationError(
                {"fecha_fin": "La fecha final no puede ser anterior a la inicial."}
            )
        if self.fecha_inicio and self.fecha_fin and (self.fecha_fin - self.fecha_inicio).days > 366:
            raise ValidationError({"fecha_fin": "Un periodo inhábil no puede pasar de un año."})


# --- Plazos legales como datos -------------------------------------------------------------


class Termino(NamedTuple):
    """Un plazo configurable: su campo, su etiqueta, el máximo razonable (todos en días
    hábiles y mayores que cero), dónde lo fija la Ley General y a quién obliga."""

    campo: str
    etiqueta: str
    maximo: int
    fundamento: str
    grupo: str


SOLICITUDES = "Solicitudes de acceso a la información"
ARCO = "Derechos ARCO"
RECURSOS = "Recursos de revisión"
DENUNCIAS = "Denuncias por incumplimiento"
INTERNOS = "Plazos internos y avisos"
LGTAIP = "LGTAIP 2025"
LGPDPPSO = "LGPDPPSO 2025"

TERMINOS = [
    Termino("dias_prevencion", "Prevenir a quien solicita", 15, f"{LGTAIP}, art. 130", SOLICITUDES),
    Termino(
        "dias_respuesta_prevencion",
        "Quien solicita atiende la prevención",
        30,
        f"{LGTAIP}, art. 130",
        SOLICITUDES,
    ),
    Termino(
        "dias_incompetencia",
        "Notificar la notoria incompetencia",
        15,
        f"{LGTAIP}, art. 138",
        SOLICITUDES,
    ),
    Termino(
        "dias_orientacion",
        "Orientar a información pública disponible",
        15,
        f"{LGTAIP}, art. 132",
        SOLICITUDES,
    ),
    Termino(
        "dias_captura_pnt",
        "Capturar en la PNT lo recibido por otro medio",
        15,
        f"{LGTAIP}, art. 125",
        SOLICITUDES,
    ),
    Termino("dias_respuesta", "Responder una solicitud", 60, f"{LGTAIP}, art. 134", SOLICITUDES),
    Termino(
        "dias_ampliacion",
        "Ampliación del plazo de respuesta (Comité)",
        30,
        f"{LGTAIP}, art. 134",
        SOLICITUDES,
    ),
    Termino("dias_pago", "Quien solicita paga los costos", 60, f"{LGTAIP}, art. 137", SOLICITUDES),
    Termino(
        "dias_disponibilidad",
        "Tener la información disponible después del pago",
        120,
        f"{LGTAIP}, art. 137",
        SOLICITUDES,
    ),
    Termino(
        "dias_recurso", "Interponer un recurso de revisión", 60, f"{LGTAIP}, art. 144", SOLICITUDES
    ),
    Termino(
        "dias_arco_prevencion", "Prevenir a la persona titular", 15, f"{LGPDPPSO}, art. 46", ARCO
    ),
    Termino(
        "dias_arco_respuesta_prevencion",
        "La persona titular atiende la prevención",
        30,
        f"{LGPDPPSO}, art. 46",
        ARCO,
    ),
    Termino(
        "dias_arco_incompetencia",
        "Notificar la incompetencia (ARCO)",
        15,
        f"{LGPDPPSO}, art. 47",
        ARCO,
    ),
    Termino(
        "dias_arco_tramite",
        "Informar del trámite específico (ARCO)",
        15,
        f"{LGPDPPSO}, art. 48",
        ARCO,
    ),
    Termino(
        "dias_arco_respuesta", "Responder una solicitud ARCO", 60, f"{LGPDPPSO}, art. 45", ARCO
    ),
    Termino(
        "dias_arco_ampliacion",
        "Ampliación de una solicitud ARCO (con razones)",
        30,
        f"{LGPDPPSO}, art. 45",
        ARCO,
    ),
    Termino(
        "dias_arco_efectivo", "Hacer efectivo el derecho ARCO", 30, f"{LGPDPPSO}, art. 45", ARCO
    ),
    Termino(
        "dias_arco_recurso",
        "Interponer un recurso de revisión (ARCO)",
        60,
        f"{LGPDPPSO}, arts. 86 y 95",
        ARCO,
    ),
    Termino("dias_alegatos", "Alegatos en un recurso", 30, f"{LGTAIP}, art. 153, fr. II", RECURSOS),
    Termino(
        "dias_resolucion_recurso",
        "El garante resuelve el recurso",
        90,
        f"{LGTAIP}, art. 148",
        RECURSOS,
    ),
    Termino(
        "dias_ampliacion_recurso",
        "Ampliación del plazo para resolver el recurso",
        60,
        f"{LGTAIP}, art. 148",
        RECURSOS,
    ),
    Termino(
        "dias_cumplimiento_resolucion",
        "Cumplir la resolución del recurso",
        30,
        f"{LGTAIP}, art. 154",
        RECURSOS,
    ),
    Termino(
        "dias_prorroga_cumplimiento",
        "Pedir la ampliación del plazo de cumplimiento",
        15,
        f"{LGTAIP}, art. 191",
        RECURSOS,
    ),
    Termino(
        "dias_informe_cumplimiento",
        "Informar al garante el cumplimiento",
        15,
        f"{LGTAIP}, art. 156",
        RECURSOS,
    ),
    Termino(
        "dias_denuncia_admision",
        "El garante admite la denuncia",
        15,
        f"{LGTAIP}, art. 93",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_notificacion",
        "El garante notifica la denuncia admitida",
        15,
        f"{LGTAIP}, art. 96",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_informe",
        "Rendir el informe justificado",
        15,
        f"{LGTAIP}, art. 97",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_complementario",
        "Responder un informe complementario",
        15,
        f"{LGTAIP}, art. 97",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_resolucion",
        "El garante resuelve la denuncia",
        60,
        f"{LGTAIP}, art. 98",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_notificacion_resolucion",
        "El garante notifica la resolución de la denuncia",
        15,
        f"{LGTAIP}, art. 99",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_cumplimiento",
        "Cumplir la resolución de la denuncia",
        30,
        f"{LGTAIP}, art. 99",
        DENUNCIAS,
    ),
    Termino(
        "dias_denuncia_superior",
        "El superior jerárquico hace cumplir la resolución",
        30,
        f"{LGTAIP}, art. 100",
        DENUNCIAS,
    ),
    Termino(
        "dias_turno_area",
        "El área responde un turno",
        30,
        "Plazo interno del ayuntamiento (la ley no lo fija)",
        INTERNOS,
    ),
    Termino(
        "dias_aviso_vencimiento",
        "Días antes del vencimiento para marcar «por vencer»",
        15,
        "Configuración del ayuntamiento",
        INTERNOS,
    ),
]
GRUPOS_DE_TERMINOS = [SOLICITUDES, ARCO, RECURSOS, DENUNCIAS, INTERNOS]
FUNDAMENTO_GENERAL = {t.campo: t.fundamento for t in TERMINOS}


class TerminosPlazos(models.Model):
    """Los plazos de la ley como datos, con el artículo que fija cada uno. Se comparte entre
    los preajustes por marco legal y la configuración propia de cada ayuntamiento."""

    dias_prevencion = models.PositiveSmallIntegerField(default=5)
    dias_respuesta_prevencion = models.PositiveSmallIntegerField(default=10)
    dias_incompetencia = models.PositiveSmallIntegerField(default=3)
    dias_orientacion = models.PositiveSmallIntegerField(default=5)
    dias_captura_pnt = models.PositiveSmallIntegerField(default=5)
    dias_respuesta = models.PositiveSmallIntegerField(default=20)
    dias_ampliacion = models.PositiveSmallIntegerField(default=10)
    dias_pago = models.PositiveSmallIntegerField(default=30)
    dias_disponibilidad = models.PositiveSmallIntegerField(default=60)
    dias_recurso = models.PositiveSmallIntegerField(default=15)
    dias_arco_prevencion = models.PositiveSmallIntegerField(default=5)
    dias_arco_respuesta_prevencion = models.PositiveSmallIntegerField(default=10)
    dias_arco_incompetencia = models.PositiveSmallIntegerField(default=3)
    dias_arco_tramite = models.PositiveSmallIntegerField(default=5)
    dias_arco_respuesta = models.PositiveSmallIntegerField(default=20)
    dias_arco_ampliacion = models.PositiveSmallIntegerField(default=10)
    dias_arco_efectivo = models.PositiveSmallIntegerField(default=15)
    dias_arco_recurso = models.PositiveSmallIntegerField(default=15)
    dias_alegatos = models.PositiveSmallIntegerField(default=7)
    dias_resolucion_recurso = models.PositiveSmallIntegerField(default=40)
    dias_ampliacion_recurso = models.PositiveSmallIntegerField(default=20)
    dias_cumplimiento_resolucion = models.PositiveSmallIntegerField(default=10)
    dias_prorroga_cumplimiento = models.PositiveSmallIntegerField(default=3)
    dias_informe_cumplimiento = models.PositiveSmallIntegerField(default=3)
    dias_denuncia_admision = models.PositiveSmallIntegerField(default=3)
    dias_denuncia_notificacion = models.PositiveSmallIntegerField(default=7)
    dias_denuncia_informe = models.PositiveSmallIntegerField(default=5)
    dias_denuncia_complementario = models.PositiveSmallIntegerField(default=3)
    dias_denuncia_resolucion = models.PositiveSmallIntegerField(default=20)
    dias_denuncia_notificacion_resolucion = models.PositiveSmallIntegerField(default=3)
    dias_denuncia_cumplimiento = models.PositiveSmallIntegerField(default=15)
    dias_denuncia_superior = models.PositiveSmallIntegerField(default=7)
    dias_turno_area = models.PositiveSmallIntegerField(default=5)
    dias_aviso_vencimiento = models.PositiveSmallIntegerField(default=3)
    # {campo: «LGTAIP 2025, art. 134»}: el artículo del marco legal que fija cada plazo. Lo
    # que falta aquí se rige por la Ley General (FUNDAMENTO_GENERAL).
    fundamentos = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{t.campo}__gte": 1, f"{t.campo}__lte": t.maximo}),
                name=f"%(class)s_{t.campo}_rango",
            )
            for t in TERMINOS
        ]

    def terminos(self) -> dict[str, int]:
        return {t.campo: getattr(self, t.campo) for t in TERMINOS}

    def fundamento(self, campo: str) -> str:
        return (self.fundamentos or {}).get(campo) or FUNDAMENTO_GENERAL[campo]


# Etiquetas y validadores de rango sobre los campos heredados, desde la tabla TERMINOS.
for _termino in TERMINOS:
    _f = cast(models.Field, TerminosPlazos._meta.get_field(_termino.campo))
    _f.verbose_name = _termino.etiqueta
    _f.validators = [
        MinValueValidator(1, "El plazo debe ser de al menos un día hábil."),
        MaxValueValidator(
            _termino.maximo, f"El plazo no puede pasar de {_termino.maximo} días hábiles."
        ),
    ]


class PresetPlazos(TerminosPlazos):
    """Plazos de un marco legal (Ley General, Estado de México…), cargados por migración."""

    nombre = models.CharField(max_length=100, unique=True)
    descripcion = models.TextField(blank=True)

    class Meta(TerminosPlazos.Meta):
        ordering = ["nombre"]
        verbose_name = "preajuste de plazos"
        verbose_name_plural = "preajustes de plazos"

    def __str__(self) -> str:
        return self.nombre


class ConfiguracionPlazos(TerminosPlazos):
    """Los plazos vigentes de un ayuntamiento, creados desde un preajuste y editables."""

    ayuntamiento = models.OneToOneField(
        Ayuntamiento, on_delete=models.CASCADE, related_name="configuracion_plazos"
    )
    preset = models.ForeignKey(
        PresetPlazos,
        verbose_name="marco legal de origen",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    actualizada = models.DateTimeField(auto_now=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta(TerminosPlazos.Meta):
        verbose_name = "configuración de plazos"
        verbose_name_plural = "configuraciones de plazos"

    def __str__(self) -> str:
        return f"Plazos de {self.ayuntamiento}"

    def aplicar_preset(self, preset: PresetPlazos) -> None:
        for campo, valor in preset.terminos().items():
            setattr(self, campo, valor)
        self.fundamentos = dict(preset.fundamentos)
        self.preset = preset


# --- Registro de oficios -------------------------------------------------------------------


class TipoOficio(models.TextChoices):
    TURNO = "turno", "Oficio de turno"
    RESPUESTA = "respuesta", "Oficio de respuesta"
    NOTIFICACION = "notificacion", "Notificación"
    REQUERIMIENTO = "requerimiento", "Requerimiento"
    CIRCULAR = "circular", "Circular"
    INFORME = "informe", "Informe o reporte"
    OTRO = "otro", "Otro"


class ContadorOficio(models.Model):
    """Último número emitido por ayuntamiento, año y serie. Se bloquea su fila al emitir
    para que dos oficios simultáneos nunca compartan ni salten número."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE)
    anio = models.PositiveSmallIntegerField("año")
    serie = models.CharField(max_length=20)
    ultimo = models.PositiveIntegerField(default=0)

    objects = ScopedManager(ayuntamiento="ayuntamiento")

    class Meta:
        verbose_name = "contador de oficios"
        verbose_name_plural = "contadores de oficios"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "anio", "serie"], name="contador_oficio_unico"
            )
        ]

    def __str__(self) -> str:
        return f"{self.serie} {self.anio}: {self.ultimo}"


class Oficio(models.Model):
    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="oficios")
    anio = models.PositiveSmallIntegerField("año")
    serie = models.CharField(max_length=20)
    numero = models.PositiveIntegerField("número")
    folio = models.CharField("número de oficio", max_length=80)
    fecha = models.DateField()
    tipo = models.CharField(max_length=15, choices=TipoOficio, default=TipoOficio.OTRO)
    asunto = models.CharField(max_length=300)
    destinatario = models.CharField(max_length=200)
    cargo_destinatario = models.CharField("cargo del destinatario", max_length=200, blank=True)
    archivo = models.FileField(upload_to="oficios/%Y/", blank=True)
    emitido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    creado = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-anio", "serie", "-numero"]
        verbose_name = "oficio"
        verbose_name_plural = "oficios"
        constraints = [
            models.UniqueConstraint(
                fields=["ayuntamiento", "anio", "serie", "numero"], name="oficio_numero_unico"
            )
        ]
        indexes = [models.Index(fields=["ayuntamiento", "fecha"])]

    def __str__(self) -> str:
        return self.folio


# --- Plazos de los expedientes ------------------------------------------------------------


class TipoExpediente(models.TextChoices):
    SOLICITUD = "solicitud", "Solicitud"
    TURNO = "turno", "Turno"
    RECURSO = "recurso", "Recurso de revisión"
    DENUNCIA = "denuncia", "Denuncia"


class EstadoPlazo(models.TextChoices):
    CORRE = "corre", "Corre"
    CUMPLIDO = "cumplido", "Cumplido"
    SUSTITUIDO = "sustituido", "Sustituido por la ampliación"
    SIN_EFECTO = "sin_efecto", "Sin efecto"


class ACargo(models.TextChoices):
    """Quién debe actuar dentro del plazo: el semáforo y los avisos miden a la Unidad y a las
    áreas; los de quien solicita y los del garante sólo se informan."""

    UNIDAD = "unidad", "Unidad de Transparencia"
    AREA = "area", "Área"
    SOLICITANTE = "solicitante", "Quien solicita"
    GARANTE = "garante", "Garante"


A_CARGO_DEL_AYUNTAMIENTO = frozenset({ACargo.UNIDAD, ACargo.AREA})


class PlazoQuerySet(models.QuerySet["Plazo"]):
    def corriendo(self) -> "PlazoQuerySet":
        """Lo que «un plazo que corre» significa en todo el sistema: no se cumplió ni quedó
        sin efecto (puede estar vencido)."""
        return self.filter(estado=EstadoPlazo.CORRE)

    def del_ayuntamiento(self) -> "PlazoQuerySet":
        """Los que obligan a la Unidad o a un área: los que cuentan en el semáforo, el
        tablero y los avisos (no las opciones, como prevenir)."""
        return self.filter(a_cargo__in=A_CARGO_DEL_AYUNTAMIENTO, opcional=False)


PlazoManager = models.Manager.from_queryset(PlazoQuerySet)


class Plazo(models.Model):
    """Un plazo legal de un expediente tal como lo calculó la derivación de su procedimiento,
    con los días que omitió y por qué. Es la única fuente de lo que se muestra, se cuenta y se
    avisa; sólo lo escribe `organizacion.plazos.plazos_guardar`.

    Un plazo que ya no corre (cumplido, sustituido o sin efecto) queda congelado: se juzgó con
    el calendario y los plazos vigentes cuando concluyó y ningún cambio posterior lo mueve."""

    ayuntamiento = models.ForeignKey(Ayuntamiento, on_delete=models.CASCADE, related_name="+")
    expediente_tipo = models.CharField(max_length=10, choices=TipoExpediente)
    expediente_id = models.PositiveBigIntegerField()
    clave = models.CharField(max_length=30)
    nombre = models.CharField(max_length=200)
    # El campo de `TerminosPlazos` que dio sus días («dias_respuesta»): dice qué plazos toca
    # un cambio en «Plazos».
    regla = models.CharField(max_length=50, blank=True)
    fundamento = models.CharField(max_length=200, blank=True)
    base = models.CharField(
        "desde cuándo corre", max_length=200, help_text="P. ej. «la notificación de la respuesta»."
    )
    desde = models.DateField()
    dias = models.PositiveSmallIntegerField()
    vence = models.DateField()
    cumplido = models.DateField(null=True, blank=True)
    estado = models.CharField(max_length=10, choices=EstadoPlazo, default=EstadoPlazo.CORRE)
    a_cargo = models.CharField(max_length=12, choices=ACargo)
    # Un plazo para algo que se puede hacer y no se debe (prevenir, declarar la incompetencia,
    # pedir una ampliación): se informa, no cuenta en el semáforo ni en los avisos.
    opcional = models.BooleanField(default=False)
    # Días hábiles de `desde` a `cumplido`, contados con el calendario de cuando se cumplió.
    dias_usados = models.SmallIntegerField(null=True, blank=True)
    # [{"fecha": "2024-07-15", "motivo": …, "fundamento": …}]: «¿cómo se calculó?».
    omitidos = models.JSONField(default=list, blank=True)
    orden = models.PositiveSmallIntegerField(default=0)
    actualizado = models.DateTimeField(auto_now=True)

    objects = ScopedManager(ayuntamiento="ayuntamiento", _manager_class=PlazoManager)

    class Meta:
        ordering = ["orden", "pk"]
        verbose_name = "plazo"
        verbose_name_plural = "plazos"
        constraints = [
            models.UniqueConstraint(
                fields=["expediente_tipo", "expediente_id", "clave"], name="plazo_unico"
            )
        ]
        indexes = [
            models.Index(fields=["ayuntamiento", "estado", "vence"]),
            models.Index(fields=["expediente_tipo", "expediente_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.nombre}: vence el {self.vence:%d/%m/%Y}"

    @property
    def concluido(self) -> bool:
        return self.estado != EstadoPlazo.CORRE

    @property
    def en_tiempo(self) -> bool | None:
        return None if self.cumplido is None else self.cumplido <= self.vence


def hoy_local(ayuntamiento: Ayuntamiento) -> date:
    """La fecha de hoy en la zona horaria del ayuntamiento (Quintana Roo va una hora adelante)."""
    return timezone.now().astimezone(ZoneInfo(ayuntamiento.zona_horaria)).date()
