from datetime import date
from typing import Any

from django import forms

from organizacion.forms import FormularioDeAyuntamiento

from .models import ConfiguracionReportes, Destinatario, RemisionReporte, TipoReporte
from .periodos import PERIODICIDAD, PERIODOS_POR_ANIO, periodo_de


class ReporteForm(forms.Form):
    """Qué reporte pedir: tipo, año y periodo (el trimestre, el semestre o 1 si es anual)."""

    tipo = forms.ChoiceField(choices=TipoReporte.choices)
    anio = forms.IntegerField(label="Año", min_value=2000, max_value=2100)
    periodo = forms.IntegerField(
        min_value=1,
        max_value=4,
        help_text="Trimestre (1 a 4) o semestre (1 o 2); en los reportes anuales, 1.",
    )

    def __init__(self, *args: Any, hoy: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hoy = hoy

    def clean(self) -> dict[str, Any]:
        datos = super().clean() or {}
        if self.errors:
            return datos
        tipo, anio = datos["tipo"], datos["anio"]
        numero = datos["periodo"]
        if PERIODOS_POR_ANIO[PERIODICIDAD[tipo]] == 1:
            numero = datos["periodo"] = 1  # en los anuales el periodo no se elige
        periodo_de(tipo, anio, numero).validar_iniciado(self.hoy)
        return datos


class ConfiguracionForm(forms.ModelForm):
    class Meta:
        model = ConfiguracionReportes
        fields = [
            "lugar",
            "area",
            *ConfiguracionReportes.CAMPOS,
            "lemas",
            "dias_habiles_envio",
            "tamano_maximo_adjunto_mb",
        ]
        widgets = {"lemas": forms.Textarea(attrs={"rows": 3})}


class DestinatarioForm(FormularioDeAyuntamiento):
    class Meta:
        model = Destinatario
        fields = ["tipo", "nombre", "correo", "activo"]


class RemisionForm(forms.ModelForm):
    """A quién va y quién firma un tipo de reporte. Guardar sobre el mismo tipo lo cambia
    (`reportes.views.configuracion` busca la fila de ese tipo)."""

    class Meta:
        model = RemisionReporte
        fields = ["tipo", *RemisionReporte.CAMPOS]
        help_texts = {"tipo": "Los campos que deje vacíos toman los de la configuración general."}

    def validate_unique(self) -> None:
        # La fila de ese tipo, si existe, es la que se edita (la vista la elige por tipo).
        pass
