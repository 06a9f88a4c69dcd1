"""roster: family lookups counted per key in one upsert; reconciliation cases know their
school and township

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 21:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roster_lookup_counter',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_roster_lookup_counter'))
    )
    with op.batch_alter_table('roster_lookup_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_lookup_counter_window_start'),
                              ['window_start'], unique=False)
    with op.batch_alter_table('roster_lookup_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_lookup_attempt_ip_at')
        batch_op.drop_index('ix_roster_lookup_attempt_key_at')
    op.drop_table('roster_lookup_attempt')
    with op.batch_alter_table('roster_recon_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('township_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_roster_recon_case_school_id_suite_school'),
                                    'suite_school', ['school_id'], ['id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_roster_recon_case_township_id_suite_township'),
            'suite_township', ['township_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('roster_recon_case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_roster_recon_case_township_id_suite_township'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_roster_recon_case_school_id_suite_school'),
                                 type_='foreignkey')
        batch_op.drop_column('township_id')
        batch_op.drop_column('school_id')
    op.create_table('roster_lookup_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('id_key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_lookup_attempt'))
    )
    with op.batch_alter_table('roster_lookup_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_roster_lookup_attempt_key_at', ['id_key', 'at'], unique=False)
        batch_op.create_index('ix_roster_lookup_attempt_ip_at', ['ip', 'at'], unique=False)
    with op.batch_alter_table('roster_lookup_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_lookup_counter_window_start'))
    op.drop_table('roster_lookup_counter')
