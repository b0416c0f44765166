"""Reprocessing and the task queue: `vanished_at` marks, the `reprocesses` table, Procrastinate's schema.

- `indicators`, `alert_articles` and `alerts` get `vanished_at`: a reprocess that no longer finds an indicator
  or a match marks it rather than deleting it, so alert history and triage stay intact.
- `reprocesses` records each `alerts reprocess`; `articles.reprocessed_by` points at the one that last
  re-analysed an article, which makes a reprocess resumable and its progress one indexed count.
- On PostgreSQL only, the schema of the task queue (Procrastinate's own `schema.sql`, of the pinned version)
  is created beside ours, so `alerts db upgrade` is the one command a deployment runs. SQLite has no queue.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from importlib import resources

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Everything Procrastinate's schema.sql creates, for the downgrade (it ships no uninstall script).
QUEUE_TABLES = ("procrastinate_periodic_defers", "procrastinate_events", "procrastinate_jobs", "procrastinate_workers")
QUEUE_TYPES = ("procrastinate_job_to_defer_v1", "procrastinate_job_status", "procrastinate_job_event_type")


def upgrade() -> None:
    op.create_table('reprocesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.CheckConstraint("mode IN ('extract', 'rules')", name=op.f('ck_reprocesses_mode')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reprocesses'))
    )
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('reprocessed_by', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_articles_reprocessed_by'), ['reprocessed_by'])
    for table in ('indicators', 'alert_articles', 'alerts'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('vanished_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        schema = resources.files('procrastinate.sql').joinpath('schema.sql').read_text(encoding='utf-8')
        # Straight to psycopg without parameters: the script's own '%' must not be read as placeholders.
        dbapi = op.get_bind().connection.dbapi_connection
        assert dbapi is not None  # a live connection inside a migration
        cursor = dbapi.cursor()
        try:
            cursor.execute(schema)
        finally:
            cursor.close()


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in QUEUE_TABLES:
            op.execute(f'DROP TABLE IF EXISTS {table} CASCADE')
        op.execute(
            "DO $$ DECLARE f record; BEGIN FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p "
            "WHERE p.proname LIKE 'procrastinate%' AND p.pronamespace = current_schema()::regnamespace "
            "LOOP EXECUTE 'DROP FUNCTION ' || f.sig || ' CASCADE'; END LOOP; END $$"
        )
        for kind in QUEUE_TYPES:
            op.execute(f'DROP TYPE IF EXISTS {kind}')
    for table in ('alerts', 'alert_articles', 'indicators'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('vanished_at')
    with op.batch_alter_table('articles') as batch:
        batch.drop_index(batch.f('ix_articles_reprocessed_by'))
        batch.drop_column('reprocessed_by')
    op.drop_table('reprocesses')
