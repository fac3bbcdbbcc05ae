"""La configuración de gunicorn de la imagen y de docker-compose.yml
(`gunicorn -c python:transparencia.gunicorn transparencia.wsgi:application`). El número de
procesos lo toma gunicorn de WEB_CONCURRENCY; cualquier otra opción se cambia sin tocar este
archivo con GUNICORN_CMD_ARGS (p. ej. "--threads 8")."""

bind = "0.0.0.0:8000"
worker_tmp_dir = "/dev/shm"
accesslog = "-"
# La bitácora de accesos lleva la ruta sin su cadena de consulta (%(U)s) y sin el Referer: la
# búsqueda de solicitudes va por GET y dejaría ahí el nombre o el correo de quien solicita
# («?q=Rosalba…»), y el Referer de la página siguiente lo repetiría.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

# Hilos (gthread), no procesos síncronos: una descarga grande a un cliente lento (la
# evidencia de 20 MB por un enlace municipal) ocupa un hilo, y el proceso sigue avisando que
# vive. Con la clase sync, gunicorn lo mataba a los 30 s y cortaba el archivo con estado 200.
# `timeout` es entonces sólo el latido del proceso. Cada hilo abre su conexión a la base:
# procesos × hilos conexiones, como mucho (docs/escalamiento.md).
worker_class = "gthread"
threads = 4
timeout = 30
# Al detenerse (un despliegue), lo que está en curso tiene este tiempo para terminar;
# docker-compose.yml da a web un stop_grace_period mayor.
graceful_timeout = 30
