from datetime import date

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.formats import date_format

register = template.Library()


@register.filter
def fecha_larga(valor: date | None) -> str:
    """Las fechas como se escriben en un oficio: «4 de julio de 2024»."""
    if not valor:
        return ""
    # En español los meses van con minúscula, aunque el formato regional los capitalice.
    return date_format(valor, r"j \d\e F \d\e Y").lower()


@register.filter
def control(campo: BoundField) -> str:
    """Dibuja el control de un campo con las clases de Bootstrap y, si tiene errores, los
    atributos que los lectores de pantalla necesitan para anunciarlos."""
    widget = campo.field.widget
    if isinstance(widget, forms.CheckboxInput):
        clase = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        clase = "form-select"
    else:
        clase = "form-control"
    atributos: dict[str, str | bool] = {"class": clase}
    descritos = []
    if campo.help_text:
        descritos.append(f"{campo.auto_id}_ayuda")
    if campo.errors:
        atributos["class"] = f"{clase} is-invalid"
        atributos["aria-invalid"] = "true"
        descritos.append(f"{campo.auto_id}_error")
    if descritos:
        atributos["aria-describedby"] = " ".join(descritos)
    return campo.as_widget(attrs=atributos)
