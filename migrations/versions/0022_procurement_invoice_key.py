"""procurement: a delivery's invoice number as compared (`invoice_key`: full-width characters
as half-width, case folded, spaces and invisible characters dropped), indexed with its
supplier, so an invoice entered twice is found by the database, not by re-reading every
delivery of the supplier. Existing deliveries are given their key.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 15:10:00
"""
import sqlalchemy as sa
from alembic import op

from procurement.invoices import invoice_key

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("procurement_delivery") as batch_op:
        batch_op.add_column(sa.Column("invoice_key", sa.Text(), nullable=False,
                                      server_default=""))
    deliveries = sa.table("procurement_delivery", sa.column("id", sa.Integer),
                          sa.column("invoice_no", sa.String), sa.column("invoice_key", sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(deliveries.c.id, deliveries.c.invoice_no)).all()
    for row_id, number in rows:
        connection.execute(deliveries.update().where(deliveries.c.id == row_id)
                           .values(invoice_key=invoice_key(number)))
    op.create_index("ix_procurement_delivery_supplier_invoice", "procurement_delivery",
                    ["supplier_id", "invoice_key"])


def downgrade() -> None:
    op.drop_index("ix_procurement_delivery_supplier_invoice",
                  table_name="procurement_delivery")
    with op.batch_alter_table("procurement_delivery") as batch_op:
        batch_op.drop_column("invoice_key")
