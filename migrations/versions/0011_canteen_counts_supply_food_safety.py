"""canteen meal counts, supplied meals and food-safety logs

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 03:34:10.051424
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('canteen_disinfection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=40), nullable=False),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_canteen_disinfection_meal')),
    sa.CheckConstraint("method IN ('steam', 'boiling', 'cabinet', 'chemical')", name=op.f('ck_canteen_disinfection_method')),
    sa.CheckConstraint('minutes > 0', name=op.f('ck_canteen_disinfection_minutes')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_disinfection_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_disinfection'))
    )
    with op.batch_alter_table('canteen_disinfection', schema=None) as batch_op:
        batch_op.create_index('ix_canteen_disinfection_school_day', ['school_id', 'day'], unique=False)

    op.create_table('canteen_supply_contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('age_band', sa.String(length=5), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('price_per_serving', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('contract_no', sa.String(length=60), nullable=False),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_canteen_supply_contract_meal')),
    sa.CheckConstraint('price_per_serving > 0', name=op.f('ck_canteen_supply_contract_price')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_supply_contract_school_id_suite_school')),
    sa.ForeignKeyConstraint(['supplier_id'], ['procurement_supplier.id'], name=op.f('fk_canteen_supply_contract_supplier_id_procurement_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_supply_contract'))
    )
    with op.batch_alter_table('canteen_supply_contract', schema=None) as batch_op:
        batch_op.create_index('ix_canteen_supply_contract_school', ['school_id', 'start_date'], unique=False)

    op.create_table('canteen_worker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('health_certificate_expiry', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_worker_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_worker'))
    )
    with op.batch_alter_table('canteen_worker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canteen_worker_school_id'), ['school_id'], unique=False)

    op.create_table('canteen_accompanied_meal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('leader', sa.String(length=40), nullable=False),
    sa.Column('companions', sa.String(length=200), nullable=False),
    sa.Column('quality', sa.String(length=10), nullable=False),
    sa.Column('hygiene', sa.String(length=10), nullable=False),
    sa.Column('dining_order', sa.String(length=10), nullable=False),
    sa.Column('service', sa.String(length=10), nullable=False),
    sa.Column('reactions', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("dining_order IN ('excellent', 'good', 'fair', 'poor')", name=op.f('ck_canteen_accompanied_meal_dining_order')),
    sa.CheckConstraint("hygiene IN ('excellent', 'good', 'fair', 'poor')", name=op.f('ck_canteen_accompanied_meal_hygiene')),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_canteen_accompanied_meal_meal')),
    sa.CheckConstraint("quality IN ('excellent', 'good', 'fair', 'poor')", name=op.f('ck_canteen_accompanied_meal_quality')),
    sa.CheckConstraint("service IN ('excellent', 'good', 'fair', 'poor')", name=op.f('ck_canteen_accompanied_meal_service')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_canteen_accompanied_meal_created_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_accompanied_meal_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_accompanied_meal')),
    sa.UniqueConstraint('school_id', 'day', 'meal', name=op.f('uq_canteen_accompanied_meal_school_id_day_meal'))
    )
    op.create_table('canteen_health_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('temperature_c', sa.Numeric(precision=3, scale=1), nullable=True),
    sa.Column('hands_ok', sa.Boolean(), nullable=False),
    sa.Column('symptoms', sa.String(length=200), nullable=False),
    sa.Column('fit', sa.Boolean(), nullable=False),
    sa.Column('checked_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_health_check_school_id_suite_school')),
    sa.ForeignKeyConstraint(['worker_id'], ['canteen_worker.id'], name=op.f('fk_canteen_health_check_worker_id_canteen_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_health_check')),
    sa.UniqueConstraint('worker_id', 'day', name=op.f('uq_canteen_health_check_worker_id_day'))
    )
    with op.batch_alter_table('canteen_health_check', schema=None) as batch_op:
        batch_op.create_index('ix_canteen_health_check_school_day', ['school_id', 'day'], unique=False)

    op.create_table('canteen_supplied_meal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('slip_no', sa.String(length=60), nullable=False),
    sa.Column('servings', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_canteen_supplied_meal_meal')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_canteen_supplied_meal_created_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_supplied_meal_school_id_suite_school')),
    sa.ForeignKeyConstraint(['supplier_id'], ['procurement_supplier.id'], name=op.f('fk_canteen_supplied_meal_supplier_id_procurement_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_supplied_meal')),
    sa.UniqueConstraint('school_id', 'day', 'meal', name=op.f('uq_canteen_supplied_meal_school_id_day_meal'))
    )
    op.create_table('canteen_meal_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('students', sa.Integer(), nullable=False),
    sa.Column('plan_students', sa.Integer(), nullable=False),
    sa.Column('teachers', sa.Integer(), nullable=False),
    sa.Column('menu_id', sa.Integer(), nullable=True),
    sa.Column('menu_changed', sa.Boolean(), nullable=False),
    sa.Column('menu_revised', sa.Boolean(), nullable=False),
    sa.Column('change_note', sa.String(length=200), nullable=False),
    sa.Column('make_up_reason', sa.String(length=200), nullable=False),
    sa.Column('repeat_confirmed', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_canteen_meal_count_meal')),
    sa.CheckConstraint('students >= 0 AND plan_students >= 0 AND teachers >= 0 AND plan_students <= students', name=op.f('ck_canteen_meal_count_counts')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_canteen_meal_count_created_by_suite_user')),
    sa.ForeignKeyConstraint(['menu_id'], ['menus_week.id'], name=op.f('fk_canteen_meal_count_menu_id_menus_week')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_meal_count_school_id_suite_school')),
    sa.ForeignKeyConstraint(['updated_by'], ['suite_user.id'], name=op.f('fk_canteen_meal_count_updated_by_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_meal_count')),
    sa.UniqueConstraint('school_id', 'day', 'meal', name=op.f('uq_canteen_meal_count_school_id_day_meal'))
    )
    with op.batch_alter_table('canteen_meal_count', schema=None) as batch_op:
        batch_op.create_index('ix_canteen_meal_count_day', ['day'], unique=False)

    op.create_table('canteen_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('dish_id', sa.Integer(), nullable=True),
    sa.Column('dish_name', sa.String(length=60), nullable=False),
    sa.Column('grams', sa.Numeric(precision=7, scale=1), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_by', sa.String(length=40), nullable=False),
    sa.Column('disposed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('disposed_by', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_canteen_sample_meal')),
    sa.CheckConstraint('grams > 0', name=op.f('ck_canteen_sample_grams')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_canteen_sample_created_by_suite_user')),
    sa.ForeignKeyConstraint(['dish_id'], ['menus_dish.id'], name=op.f('fk_canteen_sample_dish_id_menus_dish')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_sample_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_sample'))
    )
    with op.batch_alter_table('canteen_sample', schema=None) as batch_op:
        batch_op.create_index('ix_canteen_sample_school_day', ['school_id', 'day'], unique=False)

    op.create_table('canteen_supplied_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplied_meal_id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.String(length=5), nullable=False),
    sa.Column('servings', sa.Integer(), nullable=False),
    sa.Column('price_per_serving', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("age_band IN ('6-8', '9-11', '12-14', '15-17')", name=op.f('ck_canteen_supplied_line_age_band')),
    sa.CheckConstraint('servings >= 0', name=op.f('ck_canteen_supplied_line_servings')),
    sa.ForeignKeyConstraint(['contract_id'], ['canteen_supply_contract.id'], name=op.f('fk_canteen_supplied_line_contract_id_canteen_supply_contract')),
    sa.ForeignKeyConstraint(['supplied_meal_id'], ['canteen_supplied_meal.id'], name=op.f('fk_canteen_supplied_line_supplied_meal_id_canteen_supplied_meal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_supplied_line')),
    sa.UniqueConstraint('supplied_meal_id', 'age_band', name=op.f('uq_canteen_supplied_line_supplied_meal_id_age_band'))
    )
    op.create_table('canteen_grade_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meal_count_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('students', sa.Integer(), nullable=False),
    sa.Column('plan_students', sa.Integer(), nullable=False),
    sa.CheckConstraint('grade BETWEEN 1 AND 9', name=op.f('ck_canteen_grade_count_grade')),
    sa.CheckConstraint('students >= 0 AND plan_students >= 0 AND plan_students <= students', name=op.f('ck_canteen_grade_count_counts')),
    sa.ForeignKeyConstraint(['meal_count_id'], ['canteen_meal_count.id'], name=op.f('fk_canteen_grade_count_meal_count_id_canteen_meal_count')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_grade_count')),
    sa.UniqueConstraint('meal_count_id', 'grade', name=op.f('uq_canteen_grade_count_meal_count_id_grade'))
    )
    op.create_table('canteen_residue_test',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('delivery_line_id', sa.Integer(), nullable=False),
    sa.Column('sample', sa.String(length=60), nullable=False),
    sa.Column('inhibition_rate', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('result', sa.String(length=4), nullable=False),
    sa.Column('tested_by', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("result IN ('pass', 'fail')", name=op.f('ck_canteen_residue_test_result')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_canteen_residue_test_created_by_suite_user')),
    sa.ForeignKeyConstraint(['delivery_line_id'], ['procurement_delivery_line.id'], name=op.f('fk_canteen_residue_test_delivery_line_id_procurement_delivery_line')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_canteen_residue_test_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_residue_test'))
    )
    with op.batch_alter_table('canteen_residue_test', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canteen_residue_test_delivery_line_id'), ['delivery_line_id'], unique=False)
        batch_op.create_index('ix_canteen_residue_test_school_day', ['school_id', 'day'], unique=False)

    op.create_table('canteen_served_dish',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meal_count_id', sa.Integer(), nullable=False),
    sa.Column('dish_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dish_id'], ['menus_dish.id'], name=op.f('fk_canteen_served_dish_dish_id_menus_dish')),
    sa.ForeignKeyConstraint(['meal_count_id'], ['canteen_meal_count.id'], name=op.f('fk_canteen_served_dish_meal_count_id_canteen_meal_count')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canteen_served_dish')),
    sa.UniqueConstraint('meal_count_id', 'dish_id', name=op.f('uq_canteen_served_dish_meal_count_id_dish_id'))
    )


def downgrade() -> None:
    op.drop_table('canteen_served_dish')
    with op.batch_alter_table('canteen_residue_test', schema=None) as batch_op:
        batch_op.drop_index('ix_canteen_residue_test_school_day')
        batch_op.drop_index(batch_op.f('ix_canteen_residue_test_delivery_line_id'))

    op.drop_table('canteen_residue_test')
    op.drop_table('canteen_grade_count')
    op.drop_table('canteen_supplied_line')
    with op.batch_alter_table('canteen_sample', schema=None) as batch_op:
        batch_op.drop_index('ix_canteen_sample_school_day')

    op.drop_table('canteen_sample')
    with op.batch_alter_table('canteen_meal_count', schema=None) as batch_op:
        batch_op.drop_index('ix_canteen_meal_count_day')

    op.drop_table('canteen_meal_count')
    op.drop_table('canteen_supplied_meal')
    with op.batch_alter_table('canteen_health_check', schema=None) as batch_op:
        batch_op.drop_index('ix_canteen_health_check_school_day')

    op.drop_table('canteen_health_check')
    op.drop_table('canteen_accompanied_meal')
    with op.batch_alter_table('canteen_worker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canteen_worker_school_id'))

    op.drop_table('canteen_worker')
    with op.batch_alter_table('canteen_supply_contract', schema=None) as batch_op:
        batch_op.drop_index('ix_canteen_supply_contract_school')

    op.drop_table('canteen_supply_contract')
    with op.batch_alter_table('canteen_disinfection', schema=None) as batch_op:
        batch_op.drop_index('ix_canteen_disinfection_school_day')

    op.drop_table('canteen_disinfection')
