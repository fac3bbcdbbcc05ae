from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django_scopes import scopes_disabled

from .archivos import validar_archivo
from .colas import entregar_al_confirmar
from .models import (
    GRUPOS_DE_TERMINOS,
    TERMINOS,
    Ayuntamiento,
    ConfiguracionPlazos,
    DiaInhabil,
    Membresia,
    PresetPlazos,
    Procedimiento,
    Rol,
    TipoOficio,
    UnidadAdministrativa,
)
from .tasks import enviar_restablecimiento

FECHA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validar_serie(serie: str) -> str:
    serie = serie.strip().upper()
    if serie and not serie.replace("-", "").replace(".", "").isalnum():
        raise ValidationError("La serie sólo puede tener letras, números, guiones y puntos.")
    return serie


def errores_al_formulario(form: forms.BaseForm, error: ValidationError) -> None:
    """Muestra en el formulario el error de un servicio: en su campo si el formulario lo
    tiene; si no, arriba del formulario."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for campo, mensajes in error.message_dict.items():
        form.add_error(campo if campo in form.fields else None, mensajes)


class FormularioDeAyuntamiento(forms.ModelForm):
    """ModelForm de un modelo de inquilino: fija el ayuntamiento y valida también las
    restricciones que lo incluyen (Django omite las de campos que no están en el formulario,
    y entonces un nombre repetido llegaría a la base como IntegrityError)."""

    def __init__(self, *args, ayuntamiento, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.ayuntamiento = ayuntamiento

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            # Sin los campos que ya tienen error: su valor no pasó la validación (un número
            # fuera de rango haría fallar la consulta de la restricción con un 500).
            self.instance.validate_constraints(exclude=set(self._errors or ()))  # type: ignore[attr-defined]
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class SeleccionMultiple(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField que rechaza con su mensaje un id fuera del rango de un entero
    de 64 bits antes de consultarlo: SQLite no puede ni compararlo y daría un 500."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                numero = int(str(pk))
            except ValueError:
                continue  # no es un número: lo rechaza la validación de Django
            if not -(2**63) <= numero < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class AreaForm(FormularioDeAyuntamiento):
    class Meta:
        model = UnidadAdministrativa
        fields = ["nombre", "siglas", "responsable", "cargo_responsable", "activa"]


class MembresiaForm(forms.Form):
    """Alta de una persona en el ayuntamiento: si el correo no existe, se crea el usuario."""

    email = forms.EmailField(label="Correo electrónico")
    nombre = forms.CharField(
        label="Nombre completo",
        max_length=200,
        help_text="Si la persona ya tiene cuenta en Transparencia, conserva el nombre y el "
        "cargo de su cuenta.",
    )
    cargo = forms.CharField(label="Cargo", max_length=200, required=False)
    rol = forms.ChoiceField(label="Rol", choices=Rol.choices)
    unidad_administrativa: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Área (sólo enlaces)", queryset=UnidadAdministrativa.objects.none(), required=False
    )

    def __init__(self, *args, ayuntamiento, membresia: Membresia | None = None, **kwargs):
        self.ayuntamiento = ayuntamiento
        self.membresia = membresia
        if membresia is not None:
            kwargs.setdefault(
                "initial",
                {
                    "email": membresia.usuario.email,
                    "nombre": membresia.usuario.nombre,
                    "cargo": membresia.usuario.cargo,
                    "rol": membresia.rol,
                    "unidad_administrativa": membresia.unidad_administrativa_id,
                },
            )
        super().__init__(*args, **kwargs)
        campo_area = cast(forms.ModelChoiceField, self.fields["unidad_administrativa"])
        campo_area.queryset = UnidadAdministrativa.objects.filter(activa=True)
        if membresia is not None:
            self.fields["email"].disabled = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.membresia is None:
            with scopes_disabled():
                ya_es_miembro = Membresia.objects.filter(
                    usuario__email=email, ayuntamiento=self.ayuntamiento
                ).exists()
            if ya_es_miembro:
                raise ValidationError("Esa persona ya pertenece a este ayuntamiento.")
        return email

    def clean(self) -> dict:
        datos = super().clean() or {}
        rol, area = datos.get("rol"), datos.get("unidad_administrativa")
        if rol == Rol.ENLACE and area is None:
            self.add_error("unidad_administrativa", "Indique el área de la que es enlace.")
        if rol != Rol.ENLACE:
            datos["unidad_administrativa"] = None
        return datos


class DiaInhabilForm(FormularioDeAyuntamiento):
    procedimientos = forms.MultipleChoiceField(
        label="Vale sólo para",
        choices=Procedimiento.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Sin marcar nada, suspende los plazos de todos los procedimientos.",
    )

    class Meta:
        model = DiaInhabil
        fields = ["fecha_inicio", "fecha_fin", "motivo", "acuerdo", "procedimientos"]
        widgets = {"fecha_inicio": FECHA, "fecha_fin": FECHA}


class PlazosForm(forms.ModelForm):
    class Meta:
        model = ConfiguracionPlazos
        fields = [t.campo for t in TERMINOS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # El campo del modelo es «positivo» (≥ 0); un plazo de cero días no tiene sentido.
        for termino in TERMINOS:
            self.fields[termino.campo] = forms.IntegerField(
                label=termino.etiqueta,
                min_value=1,
                max_value=termino.maximo,
                help_text=self.instance.fundamento(termino.campo),
            )

    def grupos(self) -> list[tuple[str, list]]:
        """Los campos por grupo (solicitudes, ARCO, recursos…), para la página."""
        return [
            (grupo, [self[t.campo] for t in TERMINOS if t.grupo == grupo])
            for grupo in GRUPOS_DE_TERMINOS
        ]


class AplicarPresetForm(forms.Form):
    preset = forms.ModelChoiceField(
        label="Marco legal", queryset=PresetPlazos.objects.all(), empty_label=None
    )


class OficioForm(forms.Form):
    fecha = forms.DateField(widget=FECHA)
    serie = forms.CharField(
        max_length=20, help_text="Déjelo vacío para usar la serie del ayuntamiento.", required=False
    )
    tipo = forms.ChoiceField(choices=TipoOficio.choices)
    asunto = forms.CharField(max_length=300)
    destinatario = forms.CharField(max_length=200)
    cargo_destinatario = forms.CharField(
        label="Cargo del destinatario", max_length=200, required=False
    )
    archivo = forms.FileField(required=False, validators=[validar_archivo])

    def clean_serie(self) -> str:
        return validar_serie(self.cleaned_data["serie"])


class AyuntamientoForm(forms.ModelForm):
    """Lo que la titular ajusta de su ayuntamiento: leyenda del año, horario, zona horaria,
    numeración de oficios y logotipo. Nombre, slug y garante los fija la plataforma."""

    class Meta:
        model = Ayuntamiento
        fields = [
            "leyenda_oficial",
            "hora_cierre",
            "zona_horaria",
            "formato_oficio",
            "serie_oficio",
            "logo",
        ]
        widgets = {"hora_cierre": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 2 * 1024 * 1024:
            raise ValidationError("El logotipo no puede pesar más de 2 MB.")
        return logo

    def clean_serie_oficio(self) -> str:
        return validar_serie(self.cleaned_data["serie_oficio"]) or self.instance.serie_oficio


class FiltroOficiosForm(forms.Form):
    anio = forms.IntegerField(label="Año", required=False, min_value=2000, max_value=2100)
    serie = forms.CharField(required=False, max_length=20)
    q = forms.CharField(label="Buscar", required=False, max_length=100)


class FormularioArchivoImportacion(forms.Form):
    """La hoja de una importación: no más pesada que el máximo y con una extensión de
    `formatos` (el contenido lo revisa la lectura, por su firma). Cada importación dice sus
    formatos y sus textos."""

    formatos: tuple[str, ...] = ("xlsx",)
    etiqueta = "Hoja de cálculo"
    ayuda = ""
    no_admitido = "Formato no admitido: suba un libro de Excel (.xlsx)."

    archivo = forms.FileField(widget=forms.ClearableFileInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["archivo"]
        campo.label = self.etiqueta
        campo.help_text = self.ayuda
        campo.widget.attrs["accept"] = ",".join(f".{formato}" for formato in self.formatos)

    def clean_archivo(self) -> UploadedFile:
        archivo: UploadedFile = self.cleaned_data["archivo"]
        maximo = settings.TAMANO_MAXIMO_ARCHIVO_MB
        if archivo.size and archivo.size > maximo * 1024 * 1024:
            raise ValidationError(f"El archivo pesa más de {maximo} MB, el máximo permitido.")
        if self.formato_de(archivo.name or "") is None:
            raise ValidationError(self.no_admitido)
        return archivo

    def formato_de(self, nombre: str) -> str | None:
        extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
        return extension if extension in self.formatos else None


class FormularioConfirmarImportacion(forms.Form):
    """La clave del archivo que espera confirmación (ver `hojas.ArchivosPendientes`)."""

    clave = forms.UUIDField(widget=forms.HiddenInput)


class FormularioConfirmarConHuella(FormularioConfirmarImportacion):
    """Con la huella de lo que mostró la vista previa, para no guardar otra cosa si la base
    cambió entretanto."""

    huella = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RestablecerContrasenaForm(PasswordResetForm):
    """«Olvidé mi contraseña»: el correo lo busca y lo envía un worker, después de
    responder. La petición hace lo mismo exista o no la cuenta, y el SMTP no la retrasa."""

    def save(self, *args, **kwargs) -> None:  # type: ignore[override]
        # Si el broker no responde no hay correo (queda en la bitácora) y la página dice lo
        # mismo: reintentarlo no delata si la cuenta existe.
        entregar_al_confirmar(enviar_restablecimiento, self.cleaned_data["email"])
