"""roster: who may receive each aid programme (boarders only, stage, required categories)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 21:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('roster_aid_program', schema=None) as batch_op:
        batch_op.add_column(sa.Column('boarders_only', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('stage', sa.String(length=10), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('category_codes', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.create_check_constraint(op.f('ck_roster_aid_program_stage'),
                                         "stage IN ('', 'primary', 'junior')")
    # The boarding living subsidy (家庭经济困难寄宿生生活补助) is for boarders only.
    program = sa.table('roster_aid_program', sa.column('code', sa.String),
                       sa.column('boarders_only', sa.Boolean))
    op.execute(program.update().where(program.c.code == 'living_subsidy')
               .values(boarders_only=True))


def downgrade() -> None:
    with op.batch_alter_table('roster_aid_program', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_roster_aid_program_stage'), type_='check')
        batch_op.drop_column('category_codes')
        batch_op.drop_column('stage')
        batch_op.drop_column('boarders_only')
