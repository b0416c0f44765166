"""Official sanctions lists: versions, their entities and the entities' names (see storage/models.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sanction_list_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('entity_count', sa.Integer(), nullable=False),
    sa.Column('name_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction_list_versions'))
    )
    op.create_index(op.f('ix_sanction_list_versions_list_name_loaded_at'), 'sanction_list_versions',
                    ['list_name', 'loaded_at'], unique=False)
    op.create_table('sanction_entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('entity_type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('programs', sa.JSON(), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('imo', sa.String(length=20), nullable=True),
    sa.Column('mmsi', sa.String(length=20), nullable=True),
    sa.Column('call_sign', sa.String(length=50), nullable=True),
    sa.Column('flag', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['sanction_list_versions.id'],
                            name=op.f('fk_sanction_entities_version_id_sanction_list_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction_entities')),
    sa.UniqueConstraint('version_id', 'entity_id', name=op.f('uq_sanction_entities_version_id_entity_id'))
    )
    op.create_table('sanction_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('weak', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['sanction_list_versions.id'],
                            name=op.f('fk_sanction_names_version_id_sanction_list_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction_names'))
    )
    op.create_index(op.f('ix_sanction_names_version_id_entity_id'), 'sanction_names',
                    ['version_id', 'entity_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sanction_names_version_id_entity_id'), table_name='sanction_names')
    op.drop_table('sanction_names')
    op.drop_table('sanction_entities')
    op.drop_index(op.f('ix_sanction_list_versions_list_name_loaded_at'), table_name='sanction_list_versions')
    op.drop_table('sanction_list_versions')
