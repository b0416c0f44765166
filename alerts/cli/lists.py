"""`alerts lists ...`: the official sanctions lists screening uses (alerts/lists, storage/sanctions_lists.py)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from alerts.cli.app import ConfigOption, app, configure, console, err_console, open_store, reports_errors
from alerts.reports.table import desk_table, labelled, stacked

lists_app = typer.Typer(
    help="The official sanctions lists names are screened against: show, update, diff.", invoke_without_command=True
)
app.add_typer(lists_app, name="lists")


@lists_app.callback()
@reports_errors
def show_lists(ctx: typer.Context, config_file: ConfigOption = None) -> None:
    """Each configured list: its date, size and last update (the shipped OFAC snapshot is stored on first use)."""
    from alerts.lists.update import configured_lists, ensure_lists
    from storage.sanctions_lists import SanctionLists

    if ctx.invoked_subcommand is not None:
        return
    config = configure(config_file)
    with open_store(config, config_file) as store:
        ensure_lists(store, config.screening)
        versions = {v.list_name: v for v in SanctionLists(store).versions()}
    table = desk_table("sanctions lists", leading=1)
    table.add_column("list", no_wrap=True)
    table.add_column("title, size, dates, origin", overflow="fold", ratio=1)
    for source in configured_lists(config.screening):
        version = versions.get(source.name)
        if version is None:
            table.add_row(
                Text(source.name, style="bold"),
                stacked(source.label, labelled("updated", "never"), labelled("from", source.url or str(source.path))),
            )
            continue
        table.add_row(
            Text(source.name, style="bold"),
            stacked(
                version.title,
                labelled("size", f"{version.entity_count:,} entities, {version.name_count:,} names"),
                labelled("published", str(version.published or "-")),
                labelled("updated", f"{version.loaded_at:%Y-%m-%d %H:%M} UTC"),
                labelled("from", version.origin),
            ),
        )
    console.print(table)


@lists_app.command("update")
@reports_errors
def update(
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only this list (by name).")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Download (or read) each configured list, check it, and store it as a new version; exit 1 on a failure."""
    from alerts.lists.update import update_lists
    from storage import Store

    config = configure(config_file)
    failed = False
    with Store(config.database_url) as store:
        for result in update_lists(store, config.screening, source):
            if result.status == "failed":
                failed = True
                err_console.print(
                    f"{result.name}: failed, the version in use stays; {result.error}", highlight=False, markup=False
                )
                continue
            version = result.version
            assert version is not None
            console.print(
                f"{result.name}: {result.status}; published {version.published or 'undated'}, "
                f"{version.entity_count:,} entities, {version.name_count:,} names",
                highlight=False,
            )
    if failed:
        raise typer.Exit(1)


@lists_app.command("diff")
@reports_errors
def diff(
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only this list (by name).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Entities shown per side.")] = 50,
    config_file: ConfigOption = None,
) -> None:
    """What the last update of each list added and removed."""
    from alerts.lists.update import configured_lists
    from storage.sanctions_lists import SanctionLists

    config = configure(config_file)
    names = [s.name for s in configured_lists(config.screening) if source is None or s.name == source]
    if source is not None and not names:
        err_console.print(f"error: no list named {source!r} in the config", highlight=False)
        raise typer.Exit(2)
    with open_store(config, config_file) as store:
        lists = SanctionLists(store)
        for name in names:
            change = lists.diff(name)
            if change is None:
                console.print(f"{name}: never loaded", highlight=False)
                continue
            if change.older is None:
                console.print(
                    f"{name}: one version only ({change.newer.entity_count:,} entities, "
                    f"published {change.newer.published or 'undated'})",
                    highlight=False,
                )
                continue
            console.print(
                f"{name}: {change.older.published or 'undated'} -> {change.newer.published or 'undated'}: "
                f"{len(change.added):,} added, {len(change.removed):,} removed",
                highlight=False,
            )
            for sign, entities in (("+", change.added), ("-", change.removed)):
                for entity in entities[:limit]:
                    console.print(
                        f"  {sign} {entity.entity_id}  {entity.entity_type:<12}  {entity.name}",
                        highlight=False,
                        markup=False,
                    )
                if len(entities) > limit:
                    console.print(f"  {sign} ... and {len(entities) - limit:,} more", highlight=False)
