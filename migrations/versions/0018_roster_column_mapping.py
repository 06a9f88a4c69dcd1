"""roster: column mappings an officer chose, remembered per county and file shape

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 14:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roster_column_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=False),
    sa.Column('shape', sa.String(length=64), nullable=False),
    sa.Column('header', sa.JSON(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['county_id'], ['suite_county.id'],
                            name=op.f('fk_roster_column_mapping_county_id_suite_county')),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'],
                            name=op.f('fk_roster_column_mapping_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_column_mapping')),
    sa.UniqueConstraint('county_id', 'shape', name='uq_roster_column_mapping_county_shape')
    )


def downgrade() -> None:
    op.drop_table('roster_column_mapping')
