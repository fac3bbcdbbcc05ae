from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SitioAdmin(AdminSite):
    """La trastienda de los operadores de la plataforma: sólo superusuarios. El personal de
    los ayuntamientos trabaja en el portal, nunca aquí."""

    site_header = "Transparencia — administración de la plataforma"
    site_title = "Transparencia"
    index_title = "Operación de la plataforma"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class TransparenciaAdminConfig(AdminConfig):
    default_site = "transparencia.admin.SitioAdmin"
