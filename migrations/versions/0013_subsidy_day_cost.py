"""subsidy: the ledger's figures of each school's day

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 11:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('subsidy_day_cost',
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('plan_students', sa.Integer(), nullable=False),
    sa.Column('meals', sa.Integer(), nullable=False),
    sa.Column('issued_fen', sa.BigInteger(), nullable=False),
    sa.Column('supplied_fen', sa.BigInteger(), nullable=False),
    sa.Column('teacher_fen', sa.BigInteger(), nullable=False),
    sa.Column('net_fen', sa.BigInteger(), nullable=False),
    sa.Column('adjust_fen', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_subsidy_day_cost_school_id_suite_school')),
    sa.PrimaryKeyConstraint('school_id', 'day', name=op.f('pk_subsidy_day_cost'))
    )
    # a database in use gets every day worked out from its records by revision 0023, once the
    # table has all the columns the app writes


def downgrade() -> None:
    op.drop_table('subsidy_day_cost')
