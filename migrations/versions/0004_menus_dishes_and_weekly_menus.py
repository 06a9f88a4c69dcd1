"""menus: dishes and weekly menus

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:57:08.969520
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('menus_dish',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('cooking_method', sa.String(length=60), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('base_band', sa.String(length=5), nullable=False),
    sa.Column('band_factors', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("category IN ('staple', 'meat', 'vegetable', 'soup', 'egg', 'milk', 'fruit', 'other')", name=op.f('ck_menus_dish_category')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_menus_dish_created_by_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_menus_dish'))
    )
    with op.batch_alter_table('menus_dish', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_menus_dish_name'), ['name'], unique=False)

    op.create_table('menus_week',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('days', sa.String(length=20), nullable=False),
    sa.Column('meals', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('adopted_from_id', sa.Integer(), nullable=True),
    sa.Column('submitted_by', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'approved', 'published', 'superseded')", name=op.f('ck_menus_week_status')),
    sa.ForeignKeyConstraint(['adopted_from_id'], ['menus_week.id'], name=op.f('fk_menus_week_adopted_from_id_menus_week')),
    sa.ForeignKeyConstraint(['approved_by'], ['suite_user.id'], name=op.f('fk_menus_week_approved_by_suite_user')),
    sa.ForeignKeyConstraint(['county_id'], ['suite_county.id'], name=op.f('fk_menus_week_county_id_suite_county')),
    sa.ForeignKeyConstraint(['previous_id'], ['menus_week.id'], name=op.f('fk_menus_week_previous_id_menus_week')),
    sa.ForeignKeyConstraint(['published_by'], ['suite_user.id'], name=op.f('fk_menus_week_published_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_menus_week_school_id_suite_school')),
    sa.ForeignKeyConstraint(['submitted_by'], ['suite_user.id'], name=op.f('fk_menus_week_submitted_by_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_menus_week')),
    sa.UniqueConstraint('school_id', 'week_start', 'revision', name=op.f('uq_menus_week_school_id_week_start_revision'))
    )
    with op.batch_alter_table('menus_week', schema=None) as batch_op:
        batch_op.create_index('ix_menus_week_school_week', ['school_id', 'week_start'], unique=False)

    op.create_table('menus_dish_ingredient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dish_id', sa.Integer(), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.String(length=5), nullable=True),
    sa.Column('grams', sa.Numeric(precision=7, scale=1), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('grams > 0 AND grams <= 2000', name=op.f('ck_menus_dish_ingredient_grams')),
    sa.ForeignKeyConstraint(['dish_id'], ['menus_dish.id'], name=op.f('fk_menus_dish_ingredient_dish_id_menus_dish')),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_menus_dish_ingredient_food_id_nutrition_food')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_menus_dish_ingredient'))
    )
    with op.batch_alter_table('menus_dish_ingredient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_menus_dish_ingredient_dish_id'), ['dish_id'], unique=False)

    op.create_table('menus_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('menu_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=False),
    sa.Column('dish_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('servings', sa.Integer(), nullable=False),
    sa.CheckConstraint("meal IN ('breakfast', 'lunch', 'dinner')", name=op.f('ck_menus_item_meal')),
    sa.CheckConstraint('servings >= 0', name=op.f('ck_menus_item_servings')),
    sa.ForeignKeyConstraint(['dish_id'], ['menus_dish.id'], name=op.f('fk_menus_item_dish_id_menus_dish')),
    sa.ForeignKeyConstraint(['menu_id'], ['menus_week.id'], name=op.f('fk_menus_item_menu_id_menus_week')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_menus_item'))
    )
    with op.batch_alter_table('menus_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_menus_item_menu_id'), ['menu_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('menus_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_menus_item_menu_id'))

    op.drop_table('menus_item')
    with op.batch_alter_table('menus_dish_ingredient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_menus_dish_ingredient_dish_id'))

    op.drop_table('menus_dish_ingredient')
    with op.batch_alter_table('menus_week', schema=None) as batch_op:
        batch_op.drop_index('ix_menus_week_school_week')

    op.drop_table('menus_week')
    with op.batch_alter_table('menus_dish', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_menus_dish_name'))

    op.drop_table('menus_dish')
