"""roster: aid, payments, household ledger, visits, lookups, policies, reconciliation

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 01:31:54.163016
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roster_aid_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_aid_category')),
    sa.UniqueConstraint('code', name=op.f('uq_roster_aid_category_code'))
    )
    op.create_table('roster_aid_program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('rates', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_aid_program')),
    sa.UniqueConstraint('code', name=op.f('uq_roster_aid_program_code'))
    )
    op.create_table('roster_difficulty_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_difficulty_level')),
    sa.UniqueConstraint('code', name=op.f('uq_roster_difficulty_level_code'))
    )
    op.create_table('roster_lookup_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('id_key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_lookup_attempt'))
    )
    with op.batch_alter_table('roster_lookup_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_roster_lookup_attempt_ip_at', ['ip', 'at'], unique=False)
        batch_op.create_index('ix_roster_lookup_attempt_key_at', ['id_key', 'at'], unique=False)

    op.create_table('roster_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_policy'))
    )
    op.create_table('roster_household_child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('village', sa.String(length=40), nullable=False),
    sa.Column('household_head', sa.String(length=40), nullable=False),
    sa.Column('household_kind', sa.String(length=30), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('location', sa.String(length=12), nullable=False),
    sa.Column('school_name', sa.String(length=120), nullable=False),
    sa.Column('aided', sa.Boolean(), nullable=True),
    sa.Column('aid_program', sa.String(length=60), nullable=False),
    sa.Column('aid_amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('confirmed_by', sa.String(length=60), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('supplementary', sa.Boolean(), nullable=False),
    sa.CheckConstraint("location IN ('county', 'city', 'outside')", name=op.f('ck_roster_household_child_location')),
    sa.CheckConstraint("stage IN ('preschool', 'compulsory', 'senior_high', 'vocational', 'higher')", name=op.f('ck_roster_household_child_stage')),
    sa.ForeignKeyConstraint(['township_id'], ['suite_township.id'], name=op.f('fk_roster_household_child_township_id_suite_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_household_child'))
    )
    with op.batch_alter_table('roster_household_child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_household_child_id_number'), ['id_number'], unique=False)
        batch_op.create_index('ix_roster_household_child_township', ['township_id', 'year'], unique=False)

    op.create_table('roster_ledger_signoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('signed_by', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('children', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['signed_by'], ['suite_user.id'], name=op.f('fk_roster_ledger_signoff_signed_by_suite_user')),
    sa.ForeignKeyConstraint(['township_id'], ['suite_township.id'], name=op.f('fk_roster_ledger_signoff_township_id_suite_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_ledger_signoff'))
    )
    with op.batch_alter_table('roster_ledger_signoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_ledger_signoff_township_id'), ['township_id'], unique=False)

    op.create_table('roster_recon_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('left', sa.String(length=20), nullable=False),
    sa.Column('right', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_roster_recon_run_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_recon_run'))
    )
    op.create_table('roster_recon_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.CheckConstraint("kind IN ('matched', 'only_left', 'only_right', 'duplicate', 'conflict')", name=op.f('ck_roster_recon_case_kind')),
    sa.ForeignKeyConstraint(['resolved_by'], ['suite_user.id'], name=op.f('fk_roster_recon_case_resolved_by_suite_user')),
    sa.ForeignKeyConstraint(['run_id'], ['roster_recon_run.id'], name=op.f('fk_roster_recon_case_run_id_roster_recon_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_recon_case'))
    )
    with op.batch_alter_table('roster_recon_case', schema=None) as batch_op:
        batch_op.create_index('ix_roster_recon_case_run_kind', ['run_id', 'kind'], unique=False)

    op.create_table('roster_aid_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('card_tail', sa.String(length=4), nullable=False),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_roster_aid_payment_amount')),
    sa.ForeignKeyConstraint(['program_id'], ['roster_aid_program.id'], name=op.f('fk_roster_aid_payment_program_id_roster_aid_program')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_roster_aid_payment_school_id_suite_school')),
    sa.ForeignKeyConstraint(['student_id'], ['roster_student.id'], name=op.f('fk_roster_aid_payment_student_id_roster_student')),
    sa.ForeignKeyConstraint(['term_id'], ['suite_term.id'], name=op.f('fk_roster_aid_payment_term_id_suite_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_aid_payment'))
    )
    with op.batch_alter_table('roster_aid_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_aid_payment_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_roster_aid_payment_term_student', ['term_id', 'student_id'], unique=False)

    op.create_table('roster_home_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('visitors', sa.String(length=120), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('conclusion', sa.String(length=16), nullable=False),
    sa.Column('recover_amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.CheckConstraint("conclusion IN ('confirmed', 'level_changed', 'aid_withdrawn')", name=op.f('ck_roster_home_visit_conclusion')),
    sa.ForeignKeyConstraint(['student_id'], ['roster_student.id'], name=op.f('fk_roster_home_visit_student_id_roster_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_home_visit'))
    )
    with op.batch_alter_table('roster_home_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_home_visit_student_id'), ['student_id'], unique=False)

    op.create_table('roster_plan_exclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['roster_student.id'], name=op.f('fk_roster_plan_exclusion_student_id_roster_student')),
    sa.ForeignKeyConstraint(['term_id'], ['suite_term.id'], name=op.f('fk_roster_plan_exclusion_term_id_suite_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_plan_exclusion'))
    )
    with op.batch_alter_table('roster_plan_exclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_plan_exclusion_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_plan_exclusion_term_id'), ['term_id'], unique=False)

    op.create_table('roster_student_aid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('evidence', sa.String(length=200), nullable=False),
    sa.Column('confirmed_by', sa.String(length=60), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdraw_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['roster_aid_category.id'], name=op.f('fk_roster_student_aid_category_id_roster_aid_category')),
    sa.ForeignKeyConstraint(['level_id'], ['roster_difficulty_level.id'], name=op.f('fk_roster_student_aid_level_id_roster_difficulty_level')),
    sa.ForeignKeyConstraint(['student_id'], ['roster_student.id'], name=op.f('fk_roster_student_aid_student_id_roster_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_student_aid'))
    )
    with op.batch_alter_table('roster_student_aid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_student_aid_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_student_aid_student_id'), ['student_id'], unique=False)


    _seed()



def _seed() -> None:
    """Aid categories and difficulty levels (DOMAIN.md section 3), and the living subsidy for
    compulsory-education pupils with its date-effective yearly rates; all editable."""
    categories = [
        ("poverty_alleviated", "脱贫家庭学生"), ("monitored", "防止返贫监测对象"),
        ("dibao", "最低生活保障家庭学生"), ("tekun", "特困供养学生"), ("orphan", "孤儿"),
        ("disabled_student", "家庭经济困难残疾学生"), ("disabled_parent", "家庭经济困难残疾人子女"),
        ("martyr", "烈士子女"), ("left_behind", "留守儿童"), ("other", "其他"),
    ]
    op.bulk_insert(sa.table("roster_aid_category", sa.column("code", sa.String),
                            sa.column("name", sa.String), sa.column("active", sa.Boolean),
                            sa.column("position", sa.Integer)),
                   [{"code": c, "name": n, "active": True, "position": i}
                    for i, (c, n) in enumerate(categories)])
    op.bulk_insert(sa.table("roster_difficulty_level", sa.column("code", sa.String),
                            sa.column("name", sa.String), sa.column("position", sa.Integer)),
                   [{"code": c, "name": n, "position": i} for i, (c, n) in enumerate(
                       [("special", "特别困难"), ("relative", "比较困难"), ("general", "一般困难")])])
    op.bulk_insert(sa.table("roster_aid_program", sa.column("code", sa.String),
                            sa.column("name", sa.String), sa.column("rates", sa.JSON)),
                   [{"code": "living_subsidy", "name": "家庭经济困难寄宿生生活补助", "rates": [
                       {"from": "2019-09-01", "boarding_primary": 1000, "boarding_junior": 1250,
                        "day_primary": 500, "day_junior": 625},
                       {"from": "2024-03-01", "boarding_primary": 1250, "boarding_junior": 1500,
                        "day_primary": 625, "day_junior": 750}]}])


def downgrade() -> None:
    with op.batch_alter_table('roster_student_aid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_student_aid_student_id'))
        batch_op.drop_index(batch_op.f('ix_roster_student_aid_category_id'))

    op.drop_table('roster_student_aid')
    with op.batch_alter_table('roster_plan_exclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_plan_exclusion_term_id'))
        batch_op.drop_index(batch_op.f('ix_roster_plan_exclusion_student_id'))

    op.drop_table('roster_plan_exclusion')
    with op.batch_alter_table('roster_home_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_home_visit_student_id'))

    op.drop_table('roster_home_visit')
    with op.batch_alter_table('roster_aid_payment', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_aid_payment_term_student')
        batch_op.drop_index(batch_op.f('ix_roster_aid_payment_school_id'))

    op.drop_table('roster_aid_payment')
    with op.batch_alter_table('roster_recon_case', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_recon_case_run_kind')

    op.drop_table('roster_recon_case')
    op.drop_table('roster_recon_run')
    with op.batch_alter_table('roster_ledger_signoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_ledger_signoff_township_id'))

    op.drop_table('roster_ledger_signoff')
    with op.batch_alter_table('roster_household_child', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_household_child_township')
        batch_op.drop_index(batch_op.f('ix_roster_household_child_id_number'))

    op.drop_table('roster_household_child')
    op.drop_table('roster_policy')
    with op.batch_alter_table('roster_lookup_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_lookup_attempt_key_at')
        batch_op.drop_index('ix_roster_lookup_attempt_ip_at')

    op.drop_table('roster_lookup_attempt')
    op.drop_table('roster_difficulty_level')
    op.drop_table('roster_aid_program')
    op.drop_table('roster_aid_category')
