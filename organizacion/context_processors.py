from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse


def navegacion(request: HttpRequest) -> dict:
    """El menú del ayuntamiento: cada app declara sus entradas en su AppConfig
    (`navegacion = [(etiqueta, nombre_de_url, roles)]`) y aquí se filtran por el rol."""
    ayuntamiento = getattr(request, "ayuntamiento", None)
    rol = getattr(request, "rol", None)
    if ayuntamiento is None or rol is None:
        return {}
    entradas = []
    for config in apps.get_app_configs():
        for etiqueta, nombre_url, roles in getattr(config, "navegacion", ()):
            if rol in roles:
                url = reverse(nombre_url, kwargs={"ayuntamiento": ayuntamiento.slug})
                entradas.append({"etiqueta": etiqueta, "url": url, "activa": False})
    # Activa es la entrada más específica que contiene la página: en «/slug/solicitudes/
    # recursos/3/» es «Recursos», no «Solicitudes» ni la portada.
    contenedoras = [e for e in entradas if request.path.startswith(e["url"])]
    if contenedoras:
        max(contenedoras, key=lambda e: len(e["url"]))["activa"] = True
    return {"navegacion": entradas}
