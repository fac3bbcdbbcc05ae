"""La configuración de gunicorn de la imagen y de docker-compose.yml
(`gunicorn -c python:transparencia.gunicorn transparencia.wsgi:application`). El número de
procesos lo toma gunicorn de WEB_CONCURRENCY."""

bind = "0.0.0.0:8000"
worker_tmp_dir = "/dev/shm"
accesslog = "-"
# La bitácora de accesos lleva la ruta sin su cadena de consulta (%(U)s) y sin el Referer: la
# búsqueda de solicitudes va por GET y dejaría ahí el nombre o el correo de quien solicita
# («?q=Rosalba…»), y el Referer de la página siguiente lo repetiría.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
