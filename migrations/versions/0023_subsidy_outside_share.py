"""subsidy: the share of a day's meals eaten by pupils outside the nutrition plan (they pay
for their own meals, as teachers do), so that what the ledger counts as spent for the plan's
pupils leaves it out. A database in use gets every day worked out again from its records.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 16:00:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('subsidy_day_cost') as batch:
        batch.add_column(sa.Column('outside_fen', sa.BigInteger(), server_default='0',
                                   nullable=False))
    bind = op.get_bind()
    has_records = any(bind.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
                      for table in ("procurement_stock_move", "canteen_meal_count",
                                    "canteen_supplied_meal"))
    if has_records:  # as the app works each day out (subsidy/day_costs.py)
        from subsidy.day_costs import rebuild
        session = Session(bind=bind)
        rebuild(session)
        session.flush()


def downgrade() -> None:
    with op.batch_alter_table('subsidy_day_cost') as batch:
        batch.drop_column('outside_fen')
