"""host: org model, accounts, audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 00:14:46.998563
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suite_county',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('nutrition_standard', sa.String(length=40), nullable=False),
    sa.Column('second_approver_required', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_county')),
    sa.UniqueConstraint('code', name=op.f('uq_suite_county_code'))
    )
    op.create_table('suite_login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_login_failure'))
    )
    with op.batch_alter_table('suite_login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_suite_login_failure_username_at', ['username', 'at'], unique=False)

    op.create_table('suite_subsidy_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_suite_subsidy_rate_amount')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_suite_subsidy_rate_dates')),
    sa.ForeignKeyConstraint(['county_id'], ['suite_county.id'], name=op.f('fk_suite_subsidy_rate_county_id_suite_county')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_subsidy_rate'))
    )
    with op.batch_alter_table('suite_subsidy_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_subsidy_rate_county_id'), ['county_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suite_subsidy_rate_start_date'), ['start_date'], unique=False)

    op.create_table('suite_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_suite_term_dates')),
    sa.ForeignKeyConstraint(['county_id'], ['suite_county.id'], name=op.f('fk_suite_term_county_id_suite_county')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_term'))
    )
    with op.batch_alter_table('suite_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_term_county_id'), ['county_id'], unique=False)

    op.create_table('suite_township',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['county_id'], ['suite_county.id'], name=op.f('fk_suite_township_county_id_suite_county')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_township')),
    sa.UniqueConstraint('code', name=op.f('uq_suite_township_code'))
    )
    with op.batch_alter_table('suite_township', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_township_county_id'), ['county_id'], unique=False)

    op.create_table('suite_school',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('rural', sa.Boolean(), nullable=False),
    sa.Column('boarding', sa.Boolean(), nullable=False),
    sa.Column('supply_mode', sa.String(length=20), nullable=False),
    sa.Column('in_plan', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('primary', 'junior', 'nine_year', 'teaching_point')", name=op.f('ck_suite_school_kind')),
    sa.CheckConstraint("supply_mode IN ('canteen', 'company', 'family')", name=op.f('ck_suite_school_supply_mode')),
    sa.ForeignKeyConstraint(['township_id'], ['suite_township.id'], name=op.f('fk_suite_school_township_id_suite_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_school')),
    sa.UniqueConstraint('code', name=op.f('uq_suite_school_code'))
    )
    with op.batch_alter_table('suite_school', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_school_township_id'), ['township_id'], unique=False)

    op.create_table('suite_term_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=80), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'makeup')", name=op.f('ck_suite_term_day_kind')),
    sa.ForeignKeyConstraint(['term_id'], ['suite_term.id'], name=op.f('fk_suite_term_day_term_id_suite_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_term_day')),
    sa.UniqueConstraint('term_id', 'day', name=op.f('uq_suite_term_day_term_id_day'))
    )
    with op.batch_alter_table('suite_term_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_term_day_term_id'), ['term_id'], unique=False)

    op.create_table('suite_enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.String(length=5), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('student_count', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.CheckConstraint("age_band IN ('6-8', '9-11', '12-14', '15-17')", name=op.f('ck_suite_enrolment_age_band')),
    sa.CheckConstraint("sex IN ('M', 'F')", name=op.f('ck_suite_enrolment_sex')),
    sa.CheckConstraint('grade BETWEEN 1 AND 12', name=op.f('ck_suite_enrolment_grade')),
    sa.CheckConstraint('student_count >= 0', name=op.f('ck_suite_enrolment_student_count')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_suite_enrolment_school_id_suite_school')),
    sa.ForeignKeyConstraint(['term_id'], ['suite_term.id'], name=op.f('fk_suite_enrolment_term_id_suite_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_enrolment')),
    sa.UniqueConstraint('school_id', 'term_id', 'grade', 'age_band', 'sex', name=op.f('uq_suite_enrolment_school_id_term_id_grade_age_band_sex'))
    )
    with op.batch_alter_table('suite_enrolment', schema=None) as batch_op:
        batch_op.create_index('ix_suite_enrolment_term_school', ['term_id', 'school_id'], unique=False)

    op.create_table('suite_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('display_name', sa.String(length=60), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_suite_user_school_id_suite_school')),
    sa.ForeignKeyConstraint(['township_id'], ['suite_township.id'], name=op.f('fk_suite_user_township_id_suite_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_user')),
    sa.UniqueConstraint('username', name=op.f('uq_suite_user_username'))
    )
    with op.batch_alter_table('suite_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_user_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suite_user_township_id'), ['township_id'], unique=False)

    op.create_table('suite_api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_suite_api_token_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_suite_api_token_token_hash'))
    )
    with op.batch_alter_table('suite_api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('suite_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('record_type', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.String(length=40), nullable=False),
    sa.Column('old_values', sa.JSON(), nullable=True),
    sa.Column('new_values', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_suite_audit_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_audit'))
    )
    with op.batch_alter_table('suite_audit', schema=None) as batch_op:
        batch_op.create_index('ix_suite_audit_at', ['at'], unique=False)
        batch_op.create_index('ix_suite_audit_record', ['record_type', 'record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suite_audit_user_id'), ['user_id'], unique=False)

    _seed_national_rates()


def _seed_national_rates() -> None:
    """The national meal subsidy per student per school day (DOMAIN.md section 2). The exact
    first days are the start of the autumn terms and 2014-11-01; administrators can edit them."""
    from datetime import date
    from decimal import Decimal
    table = sa.table("suite_subsidy_rate", sa.column("county_id", sa.Integer),
                     sa.column("start_date", sa.Date), sa.column("end_date", sa.Date),
                     sa.column("amount", sa.Numeric(12, 2)), sa.column("note", sa.String))
    op.bulk_insert(table, [
        {"county_id": None, "start_date": date(2011, 9, 1), "end_date": date(2014, 10, 31),
         "amount": Decimal("3.00"), "note": "国家基础标准（2011年秋季学期起）"},
        {"county_id": None, "start_date": date(2014, 11, 1), "end_date": date(2021, 8, 31),
         "amount": Decimal("4.00"), "note": "国家基础标准（2014年11月起）"},
        {"county_id": None, "start_date": date(2021, 9, 1), "end_date": None,
         "amount": Decimal("5.00"), "note": "国家基础标准（2021年秋季学期起）"},
    ])


def downgrade() -> None:
    with op.batch_alter_table('suite_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_audit_user_id'))
        batch_op.drop_index('ix_suite_audit_record')
        batch_op.drop_index('ix_suite_audit_at')

    op.drop_table('suite_audit')
    with op.batch_alter_table('suite_api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_api_token_user_id'))

    op.drop_table('suite_api_token')
    with op.batch_alter_table('suite_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_user_township_id'))
        batch_op.drop_index(batch_op.f('ix_suite_user_school_id'))

    op.drop_table('suite_user')
    with op.batch_alter_table('suite_enrolment', schema=None) as batch_op:
        batch_op.drop_index('ix_suite_enrolment_term_school')

    op.drop_table('suite_enrolment')
    with op.batch_alter_table('suite_term_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_term_day_term_id'))

    op.drop_table('suite_term_day')
    with op.batch_alter_table('suite_school', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_school_township_id'))

    op.drop_table('suite_school')
    with op.batch_alter_table('suite_township', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_township_county_id'))

    op.drop_table('suite_township')
    with op.batch_alter_table('suite_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_term_county_id'))

    op.drop_table('suite_term')
    with op.batch_alter_table('suite_subsidy_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_subsidy_rate_start_date'))
        batch_op.drop_index(batch_op.f('ix_suite_subsidy_rate_county_id'))

    op.drop_table('suite_subsidy_rate')
    with op.batch_alter_table('suite_login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_suite_login_failure_username_at')

    op.drop_table('suite_login_failure')
    op.drop_table('suite_county')
