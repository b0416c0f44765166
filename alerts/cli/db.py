"""`alerts db ...`: schema migrations (Alembic) for the configured database."""

from __future__ import annotations

import typer

from alerts.cli.app import ConfigOption, app, configure, console, reports_errors

db_app = typer.Typer(help="Database schema management.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
@reports_errors
def db_upgrade(config_file: ConfigOption = None) -> None:
    """Create or migrate the schema to the newest version (safe to run repeatedly)."""
    from storage import upgrade

    config = configure(config_file)
    upgrade(config.database_url)
    console.print(f"database at newest schema: {_redacted(config.database_url)}", highlight=False)


def _redacted(url: str) -> str:
    """The URL without its password, fit to print."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
