from django import forms
from django.core.exceptions import ValidationError

from organizacion.forms import FormularioDeAyuntamiento

from .models import Documento, MedioNotificacion, ParrafoRespuesta, PlantillaDocumento
from .textos import CAMPOS_DE_TEXTO, ClaveDocumento, validar_texto

# Los campos de texto de un documento, los mismos en la plantilla y en el borrador.
CAMPOS = ["asunto", "destinatario", "cargo_destinatario", "cuerpo", "firmante", "cargo_firmante"]
TEXTOS = {"cuerpo": forms.Textarea(attrs={"rows": 18})}


class DocumentoForm(forms.ModelForm):
    """El texto de un borrador, para este caso."""

    class Meta:
        model = Documento
        fields = CAMPOS
        widgets = TEXTOS
        help_texts = {"cuerpo": "Un renglón en blanco separa los párrafos."}


class PlantillaForm(forms.ModelForm):
    """El texto propio del ayuntamiento; vacío, el texto por omisión."""

    class Meta:
        model = PlantillaDocumento
        fields = CAMPOS
        widgets = TEXTOS
        help_texts = {
            "cuerpo": "Escriba las variables entre llaves, como {folio}. Vacío: el texto por "
            "omisión. Un renglón en blanco separa los párrafos."
        }

    def clean(self) -> dict:
        datos = super().clean() or {}
        for campo in CAMPOS_DE_TEXTO:
            try:
                validar_texto(datos.get(campo) or "", self.instance.clave)
            except ValidationError as error:
                self.add_error(campo, error)
        return datos


class PrepararForm(forms.Form):
    """Qué documento preparar y de qué expediente (los ids se buscan en el ámbito del
    ayuntamiento: uno ajeno no existe)."""

    clave = forms.ChoiceField(label="Documento", choices=ClaveDocumento.choices)
    # Un id fuera de un entero de 64 bits no se puede ni consultar (SQLite daría un 500).
    solicitud = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    turno = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    recurso = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    denuncia = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class ParrafoForm(FormularioDeAyuntamiento):
    class Meta:
        model = ParrafoRespuesta
        fields = ["clave", "tema", "texto"]
        widgets = {"texto": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"texto": "Puede llevar variables entre llaves, como {folio}."}

    def clean(self) -> dict:
        datos = super().clean() or {}
        if datos.get("clave") and datos.get("texto"):
            try:
                validar_texto(datos["texto"], datos["clave"])
            except ValidationError as error:
                self.add_error("texto", error)
        return datos


class AgregarParrafoForm(forms.Form):
    def __init__(self, *args, documento: Documento, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parrafo"] = forms.ModelChoiceField(
            label="Párrafo",
            queryset=ParrafoRespuesta.objects.filter(clave=documento.clave),
            error_messages={"invalid_choice": "Elija un párrafo de la lista."},
        )


class NotificacionForm(forms.Form):
    """Cuándo y cómo se notificó un documento que el sistema no notifica por sí mismo."""

    medio = forms.ChoiceField(
        label="Se notificó",
        choices=[
            (MedioNotificacion.PNT, "En la Plataforma Nacional de Transparencia"),
            (MedioNotificacion.PERSONAL, "En persona o en su domicilio"),
        ],
    )
    cuando = forms.DateTimeField(
        label="Fecha y hora",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
