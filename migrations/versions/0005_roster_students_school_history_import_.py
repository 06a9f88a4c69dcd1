"""roster: students, school history, import runs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 01:26:15.938733
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roster_import_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_roster_import_run_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_import_run'))
    )
    op.create_table('roster_student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_no', sa.String(length=19), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('ethnicity', sa.String(length=20), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('class_name', sa.String(length=20), nullable=False),
    sa.Column('boarding', sa.Boolean(), nullable=False),
    sa.Column('household_township', sa.String(length=40), nullable=False),
    sa.Column('household_village', sa.String(length=40), nullable=False),
    sa.Column('guardian_name', sa.String(length=40), nullable=False),
    sa.Column('guardian_phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_date', sa.Date(), nullable=True),
    sa.Column('import_run_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("sex IN ('M', 'F')", name=op.f('ck_roster_student_sex')),
    sa.CheckConstraint("status IN ('enrolled', 'transferred', 'graduated', 'left')", name=op.f('ck_roster_student_status')),
    sa.CheckConstraint('grade BETWEEN 1 AND 9', name=op.f('ck_roster_student_grade')),
    sa.ForeignKeyConstraint(['import_run_id'], ['roster_import_run.id'], name=op.f('fk_roster_student_import_run_id_roster_import_run')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_roster_student_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_student')),
    sa.UniqueConstraint('id_number', name=op.f('uq_roster_student_id_number')),
    sa.UniqueConstraint('student_no', name=op.f('uq_roster_student_student_no'))
    )
    with op.batch_alter_table('roster_student', schema=None) as batch_op:
        batch_op.create_index('ix_roster_student_school_status', ['school_id', 'status'], unique=False)

    op.create_table('roster_school_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_roster_school_history_school_id_suite_school')),
    sa.ForeignKeyConstraint(['student_id'], ['roster_student.id'], name=op.f('fk_roster_school_history_student_id_roster_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_school_history'))
    )
    with op.batch_alter_table('roster_school_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_school_history_student_id'), ['student_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('roster_school_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_school_history_student_id'))

    op.drop_table('roster_school_history')
    with op.batch_alter_table('roster_student', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_student_school_status')

    op.drop_table('roster_student')
    op.drop_table('roster_import_run')
