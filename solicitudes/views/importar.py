"""Rutas pendientes de llenar en esta sesión."""

rutas: list = []
