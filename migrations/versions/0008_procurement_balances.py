"""procurement: one balance row per school and food (the row a stock change locks)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 21:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('procurement_stock_balance',
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.Column('grams', sa.Numeric(precision=14, scale=1), nullable=False),
    sa.Column('value', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_procurement_stock_balance_food_id_nutrition_food')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_procurement_stock_balance_school_id_suite_school')),
    sa.PrimaryKeyConstraint('school_id', 'food_id', name=op.f('pk_procurement_stock_balance'))
    )
    # existing stock: the sum of each school's and food's moves
    op.execute("INSERT INTO procurement_stock_balance (school_id, food_id, grams, value) "
               "SELECT school_id, food_id, SUM(grams), SUM(value) FROM procurement_stock_move "
               "GROUP BY school_id, food_id")


def downgrade() -> None:
    op.drop_table('procurement_stock_balance')
