"""subsidy month close flag notes inspections

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 04:47:21.323542
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('subsidy_flag_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('record_key', sa.String(length=80), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('explained_by', sa.Integer(), nullable=True),
    sa.Column('explained_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['explained_by'], ['suite_user.id'], name=op.f('fk_subsidy_flag_note_explained_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_subsidy_flag_note_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_flag_note')),
    sa.UniqueConstraint('school_id', 'year', 'month', 'code', 'record_key', name=op.f('uq_subsidy_flag_note_school_id_year_month_code_record_key'))
    )
    op.create_table('subsidy_inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('scopes', sa.String(length=80), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('special', 'spot', 'self', 'cross')", name=op.f('ck_subsidy_inspection_kind')),
    sa.CheckConstraint("status IN ('open', 'rectified', 'closed')", name=op.f('ck_subsidy_inspection_status')),
    sa.ForeignKeyConstraint(['closed_by'], ['suite_user.id'], name=op.f('fk_subsidy_inspection_closed_by_suite_user')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_subsidy_inspection_created_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_subsidy_inspection_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_inspection'))
    )
    with op.batch_alter_table('subsidy_inspection', schema=None) as batch_op:
        batch_op.create_index('ix_subsidy_inspection_school_day', ['school_id', 'day'], unique=False)

    op.create_table('subsidy_month_close',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopen_reason', sa.String(length=200), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'submitted', 'closed')", name=op.f('ck_subsidy_month_close_status')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_subsidy_month_close_month')),
    sa.ForeignKeyConstraint(['closed_by'], ['suite_user.id'], name=op.f('fk_subsidy_month_close_closed_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_subsidy_month_close_school_id_suite_school')),
    sa.ForeignKeyConstraint(['submitted_by'], ['suite_user.id'], name=op.f('fk_subsidy_month_close_submitted_by_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_month_close')),
    sa.UniqueConstraint('school_id', 'year', 'month', name=op.f('uq_subsidy_month_close_school_id_year_month'))
    )
    op.create_table('subsidy_inspection_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['subsidy_inspection.id'], name=op.f('fk_subsidy_inspection_member_inspection_id_subsidy_inspection')),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_subsidy_inspection_member_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_inspection_member')),
    sa.UniqueConstraint('inspection_id', 'user_id', name=op.f('uq_subsidy_inspection_member_inspection_id_user_id'))
    )
    op.create_table('subsidy_rectification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['subsidy_inspection.id'], name=op.f('fk_subsidy_rectification_inspection_id_subsidy_inspection')),
    sa.ForeignKeyConstraint(['recorded_by'], ['suite_user.id'], name=op.f('fk_subsidy_rectification_recorded_by_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_rectification'))
    )
    with op.batch_alter_table('subsidy_rectification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_rectification_inspection_id'), ['inspection_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('subsidy_rectification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subsidy_rectification_inspection_id'))

    op.drop_table('subsidy_rectification')
    op.drop_table('subsidy_inspection_member')
    op.drop_table('subsidy_month_close')
    with op.batch_alter_table('subsidy_inspection', schema=None) as batch_op:
        batch_op.drop_index('ix_subsidy_inspection_school_day')

    op.drop_table('subsidy_inspection')
    op.drop_table('subsidy_flag_note')
