"""nutrition: foods and standards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:37:16.107284
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('nutrition_food',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('aliases', sa.String(length=400), nullable=False),
    sa.Column('food_group', sa.String(length=20), nullable=False),
    sa.Column('dark_vegetable', sa.Boolean(), nullable=False),
    sa.Column('liver', sa.Boolean(), nullable=False),
    sa.Column('edible_fraction', sa.Float(), nullable=False),
    sa.Column('energy_kcal', sa.Float(), nullable=False),
    sa.Column('energy_kj', sa.Float(), nullable=False),
    sa.Column('protein_g', sa.Float(), nullable=True),
    sa.Column('fat_g', sa.Float(), nullable=True),
    sa.Column('carbohydrate_g', sa.Float(), nullable=True),
    sa.Column('fibre_g', sa.Float(), nullable=True),
    sa.Column('calcium_mg', sa.Float(), nullable=True),
    sa.Column('iron_mg', sa.Float(), nullable=True),
    sa.Column('zinc_mg', sa.Float(), nullable=True),
    sa.Column('vitamin_a_ug_rae', sa.Float(), nullable=True),
    sa.Column('thiamin_mg', sa.Float(), nullable=True),
    sa.Column('riboflavin_mg', sa.Float(), nullable=True),
    sa.Column('vitamin_c_mg', sa.Float(), nullable=True),
    sa.Column('sodium_mg', sa.Float(), nullable=True),
    sa.Column('trace', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('certainty', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("certainty IN ('reference', 'book', 'estimate', 'user')", name=op.f('ck_nutrition_food_certainty')),
    sa.CheckConstraint("food_group IN ('cereals_tubers', 'vegetables', 'fruit', 'meat_poultry', 'fish_shrimp', 'eggs', 'dairy', 'soy_nuts', 'vegetable_oil', 'salt', 'fungi_algae', 'condiments', 'other')", name=op.f('ck_nutrition_food_food_group')),
    sa.CheckConstraint('edible_fraction > 0 AND edible_fraction <= 1', name=op.f('ck_nutrition_food_edible_fraction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nutrition_food')),
    sa.UniqueConstraint('code', name=op.f('uq_nutrition_food_code')),
    sa.UniqueConstraint('name', name=op.f('uq_nutrition_food_name'))
    )
    with op.batch_alter_table('nutrition_food', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nutrition_food_food_group'), ['food_group'], unique=False)

    op.create_table('nutrition_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nutrition_standard')),
    sa.UniqueConstraint('code', name=op.f('uq_nutrition_standard_code'))
    )


def downgrade() -> None:
    op.drop_table('nutrition_standard')
    with op.batch_alter_table('nutrition_food', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nutrition_food_food_group'))

    op.drop_table('nutrition_food')
