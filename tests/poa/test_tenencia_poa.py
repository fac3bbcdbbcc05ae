"""Cada ruta del POA, con un objeto de prueba de los ayudantes de `objetos.py`: el extraño y
el garante ajeno reciben 404; el anónimo va a la entrada. (La prueba general de tenencia
hace lo mismo con todas las apps una vez que su fixture incluye estas colecciones.)"""

import pytest
from django.urls import reverse

from poa import urls

from . import objetos

AYUDANTES = {
    "planes": objetos.plan_de_prueba,
    "objetivos": objetos.objetivo_de_prueba,
    "actividades": objetos.actividad_de_prueba,
    "avances": objetos.avance_de_prueba,
    "anexos": objetos.anexo_de_prueba,
}
CON_PK = {str(p.name): "<int:pk>" in str(p.pattern) for p in urls.urlpatterns}
RUTAS = sorted(CON_PK)


def _url(nombre, ayuntamiento):
    if not CON_PK[nombre]:
        return reverse(f"poa:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug})
    ruta = reverse(f"poa:{nombre}", kwargs={"ayuntamiento": "x", "pk": 987654})
    segmentos = ruta.strip("/").split("/")
    coleccion = segmentos[segmentos.index("987654") - 1]
    pk = AYUDANTES[coleccion](ayuntamiento)
    return reverse(f"poa:{nombre}", kwargs={"ayuntamiento": ayuntamiento.slug, "pk": pk})


@pytest.mark.parametrize("nombre", RUTAS)
def test_extrano_garante_ajeno_y_anonimo(
    nombre, ayuntamiento, extrano, usuario_otro_garante, cliente_de, client
):
    direccion = _url(nombre, ayuntamiento)
    assert cliente_de(extrano).get(direccion).status_code == 404
    assert cliente_de(extrano).post(direccion).status_code == 404
    assert cliente_de(usuario_otro_garante).get(direccion).status_code == 404
    respuesta = client.get(direccion)
    assert respuesta.status_code == 302 and respuesta["Location"].startswith(reverse("login"))
