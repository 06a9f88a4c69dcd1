"""nutrition: the estimates that book foods replace are retired; dishes, deliveries, stock,
item mappings and flag notes point at the book food; each retirement recorded

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    log = op.create_table('nutrition_food_replacement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('old_code', sa.String(length=20), nullable=False),
    sa.Column('old_name', sa.String(length=60), nullable=False),
    sa.Column('new_code', sa.String(length=20), nullable=False),
    sa.Column('new_name', sa.String(length=60), nullable=False),
    sa.Column('old_values', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nutrition_food_replacement')),
    sa.UniqueConstraint('old_code', name=op.f('uq_nutrition_food_replacement_old_code'))
    )
    with op.batch_alter_table('nutrition_food_replacement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nutrition_food_replacement_new_code'), ['new_code'],
                              unique=False)
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM nutrition_food LIMIT 1")).first():
        # a database in use (a new one never gets the retired estimates: see book_rows)
        from nutrition.retire_sync import retire_estimates
        retire_estimates(bind, log)


def downgrade() -> None:
    # the repointing is not undone: the book food stays where the estimate was
    with op.batch_alter_table('nutrition_food_replacement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nutrition_food_replacement_new_code'))
    op.drop_table('nutrition_food_replacement')
