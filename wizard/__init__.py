"""The portal's application factory."""
from collections.abc import Mapping

from flask import Flask

from wizard.config import ROOT, config_for


def create_app(config: str | Mapping | None = None) -> Flask:
    """Build the app from a config name ("development", "production", "test") or a mapping over "test"."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    if isinstance(config, Mapping):
        app.config.from_object(config_for("test"))
        app.config.update(config)
    else:
        app.config.from_object(config_for(config))
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY no está definida: configúrela en el entorno para producción.")

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from wizard.routing import IdConverter

    app.url_map.converters["int"] = IdConverter

    from wizard import acting, arrival, cli, compression, errors, security, storage
    from wizard.extensions import csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    from wizard import attachments

    app.before_request(attachments.allow_files)  # before CSRFProtect's hook reads (and size-checks) the form
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    storage.init_app(app)
    acting.init_app(app)
    arrival.init_app(app)
    login_manager.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    if app.config["OUTBOX_WORKER"] and app.config.get("MAIL_SERVER"):
        from wizard.mail import start_worker

        # Started by the first request a serving process handles, so `flask db upgrade` and other commands
        # start no thread, and each gunicorn worker (forked, even with --preload) gets its own.
        app.before_request(lambda: start_worker(app))
    return app


def _register_blueprints(app: Flask) -> None:
    from wizard import (access, accounts, auth, circulars, contracts, desk, files, main, payments, profile,
                        registration)

    for package in (main, auth, registration, accounts, access, desk, files, profile, contracts, payments,
                    circulars):
        app.register_blueprint(package.bp)
    if app.config["DEV_MAILBOX"]:
        from wizard import devmail

        app.register_blueprint(devmail.bp)


def _register_template_helpers(app: Flask) -> None:
    from wizard import formatting, links, text

    app.jinja_env.globals["id_url"] = links.id_url
    app.jinja_env.filters["pesos"] = formatting.pesos
    app.jinja_env.filters["fecha"] = formatting.local_datetime
    app.jinja_env.filters["fecha_larga"] = formatting.long_date
    app.jinja_env.globals["zone_label"] = formatting.zone_label
    app.jinja_env.filters["sentence"] = text.sentence
