"""gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py -w 4 wsgi:app` (the README's command).

gunicorn also reads this file by itself when started from the repository's folder. Before any worker starts it
refuses a setup whose rate limits would not be shared by the workers (wizard/serving.py).
"""
import os
import sys


def on_starting(server):
    from wizard.serving import limits_problem

    problem = limits_problem(server.cfg.workers, os.environ)
    if problem:
        server.log.error(problem)
        print(problem, file=sys.stderr)
        sys.exit(1)
