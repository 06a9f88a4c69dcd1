"""nutrition: the nutritionist's review of foods against the printed book

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 11:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('nutrition_food_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('column', sa.String(length=40), nullable=True),
    sa.Column('book_value', sa.String(length=40), nullable=False),
    sa.Column('new_value', sa.String(length=40), nullable=True),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('confirm', 'correct')", name=op.f('ck_nutrition_food_review_action')),
    sa.CheckConstraint('page > 0', name=op.f('ck_nutrition_food_review_page')),
    sa.CheckConstraint('(action = \'confirm\') = ("column" IS NULL)', name=op.f('ck_nutrition_food_review_column')),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_nutrition_food_review_food_id_nutrition_food')),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_nutrition_food_review_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nutrition_food_review'))
    )
    with op.batch_alter_table('nutrition_food_review', schema=None) as batch_op:
        batch_op.create_index('ix_nutrition_food_review_food', ['food_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('nutrition_food_review', schema=None) as batch_op:
        batch_op.drop_index('ix_nutrition_food_review_food')
    op.drop_table('nutrition_food_review')
