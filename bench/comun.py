"""Lo que comparten los benchmarks: arrancar Django desde un script suelto de bench/."""

import os
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def preparar_django(*, memoria: bool = False) -> None:
    """Configura Django con la base de DATABASE_URL, o con una SQLite en memoria ya migrada."""
    sys.path.insert(0, str(RAIZ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparencia.settings")
    if memoria:
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    if memoria:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
