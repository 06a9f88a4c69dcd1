"""gunicorn settings for the suite: `gunicorn -c deploy/gunicorn.conf.py 'suite:create_app()'`.

Each setting can be overridden from the environment (PORT, BIND, WORKERS, TIMEOUT)."""
import multiprocessing
import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '5000')}"
# cores x 2 + 1: a worker waiting on the database or a PDF leaves the core to another
workers = int(os.environ.get("WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# a county's month PDF takes seconds; a minute and a half leaves room on a slow machine
timeout = int(os.environ.get("TIMEOUT") or 90)
graceful_timeout = 30
keepalive = 5
# a worker is replaced after a while, so no slow leak lives long
max_requests = 2000
max_requests_jitter = 200
# the app is loaded once and forked: a worker that dies is replaced in milliseconds, and the
# workers share its memory; each starts with an empty connection pool (suite.db)
preload_app = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# behind nginx on the same machine; X-Forwarded-* from anyone else is not believed
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190


def when_ready(server):
    """Every page template compiled once in the master, before it forks: each worker, and each
    one that max_requests puts in place of an old one, starts with them (a new process's first
    planner page cost 390 ms of CPU compiling, 165 ms with them compiled, then about 20 ms)."""
    env = server.app.wsgi().jinja_env
    for name in env.list_templates(extensions=("html",)):
        env.get_template(name)
