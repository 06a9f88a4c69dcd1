"""nutrition: an index on a food's last change. Every analysis checks the per-process food
table against the rows' count, last change and last id; without it that read the whole
table (0.4 ms of the database's time on each planner page).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 07:30:00
"""
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_nutrition_food_updated_at", "nutrition_food", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_nutrition_food_updated_at", table_name="nutrition_food")
