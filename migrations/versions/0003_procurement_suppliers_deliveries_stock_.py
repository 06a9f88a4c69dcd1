"""procurement: suppliers, deliveries, stock ledger

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:48:20.292285
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('procurement_supplier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('licence_no', sa.String(length=40), nullable=False),
    sa.Column('licence_expiry', sa.Date(), nullable=False),
    sa.Column('contact', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('food_groups', sa.String(length=300), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_supplier')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_procurement_supplier_credit_code'))
    )
    with op.batch_alter_table('procurement_supplier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurement_supplier_licence_expiry'), ['licence_expiry'], unique=False)

    op.create_table('procurement_item_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_name', sa.String(length=60), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_procurement_item_mapping_food_id_nutrition_food')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_item_mapping')),
    sa.UniqueConstraint('item_name', name=op.f('uq_procurement_item_mapping_item_name'))
    )
    op.create_table('procurement_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('delivery_date', sa.Date(), nullable=False),
    sa.Column('invoice_no', sa.String(length=60), nullable=False),
    sa.Column('checker', sa.String(length=60), nullable=False),
    sa.Column('total', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('accepted_total', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_procurement_delivery_created_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_procurement_delivery_school_id_suite_school')),
    sa.ForeignKeyConstraint(['supplier_id'], ['procurement_supplier.id'], name=op.f('fk_procurement_delivery_supplier_id_procurement_supplier')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_delivery'))
    )
    with op.batch_alter_table('procurement_delivery', schema=None) as batch_op:
        batch_op.create_index('ix_procurement_delivery_school_date', ['school_id', 'delivery_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurement_delivery_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('procurement_stocktake',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('take_date', sa.Date(), nullable=False),
    sa.Column('counted_by', sa.String(length=60), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_procurement_stocktake_created_by_suite_user')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_procurement_stocktake_school_id_suite_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_stocktake'))
    )
    with op.batch_alter_table('procurement_stocktake', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurement_stocktake_school_id'), ['school_id'], unique=False)

    op.create_table('procurement_delivery_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.Column('item_name', sa.String(length=60), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=12, scale=3), nullable=False),
    sa.Column('unit', sa.String(length=5), nullable=False),
    sa.Column('unit_weight_g', sa.Numeric(precision=10, scale=1), nullable=True),
    sa.Column('grams', sa.Numeric(precision=14, scale=1), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('reject_reason', sa.String(length=200), nullable=False),
    sa.Column('temperature_c', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.CheckConstraint("unit IN ('kg', 'jin', 'g', 'piece', 'box')", name=op.f('ck_procurement_delivery_line_unit')),
    sa.CheckConstraint('grams > 0', name=op.f('ck_procurement_delivery_line_grams')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_procurement_delivery_line_quantity')),
    sa.CheckConstraint('unit_price > 0', name=op.f('ck_procurement_delivery_line_unit_price')),
    sa.ForeignKeyConstraint(['delivery_id'], ['procurement_delivery.id'], name=op.f('fk_procurement_delivery_line_delivery_id_procurement_delivery')),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_procurement_delivery_line_food_id_nutrition_food')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_delivery_line')),
    sa.UniqueConstraint('delivery_id', 'line_no', name=op.f('uq_procurement_delivery_line_delivery_id_line_no'))
    )
    with op.batch_alter_table('procurement_delivery_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurement_delivery_line_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurement_delivery_line_food_id'), ['food_id'], unique=False)

    op.create_table('procurement_stocktake_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stocktake_id', sa.Integer(), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.Column('book_grams', sa.Numeric(precision=14, scale=1), nullable=False),
    sa.Column('counted_grams', sa.Numeric(precision=14, scale=1), nullable=False),
    sa.Column('variance_grams', sa.Numeric(precision=14, scale=1), nullable=False),
    sa.Column('variance_value', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_procurement_stocktake_line_food_id_nutrition_food')),
    sa.ForeignKeyConstraint(['stocktake_id'], ['procurement_stocktake.id'], name=op.f('fk_procurement_stocktake_line_stocktake_id_procurement_stocktake')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_stocktake_line'))
    )
    with op.batch_alter_table('procurement_stocktake_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurement_stocktake_line_stocktake_id'), ['stocktake_id'], unique=False)

    op.create_table('procurement_stock_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('food_id', sa.Integer(), nullable=False),
    sa.Column('move_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('grams', sa.Numeric(precision=14, scale=1), nullable=False),
    sa.Column('value', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('meal', sa.String(length=10), nullable=True),
    sa.Column('delivery_line_id', sa.Integer(), nullable=True),
    sa.Column('stocktake_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('receipt', 'issue', 'adjust', 'void')", name=op.f('ck_procurement_stock_move_kind')),
    sa.ForeignKeyConstraint(['created_by'], ['suite_user.id'], name=op.f('fk_procurement_stock_move_created_by_suite_user')),
    sa.ForeignKeyConstraint(['delivery_line_id'], ['procurement_delivery_line.id'], name=op.f('fk_procurement_stock_move_delivery_line_id_procurement_delivery_line')),
    sa.ForeignKeyConstraint(['food_id'], ['nutrition_food.id'], name=op.f('fk_procurement_stock_move_food_id_nutrition_food')),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'], name=op.f('fk_procurement_stock_move_school_id_suite_school')),
    sa.ForeignKeyConstraint(['stocktake_id'], ['procurement_stocktake.id'], name=op.f('fk_procurement_stock_move_stocktake_id_procurement_stocktake')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_stock_move'))
    )
    with op.batch_alter_table('procurement_stock_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurement_stock_move_delivery_line_id'), ['delivery_line_id'], unique=False)
        batch_op.create_index('ix_procurement_stock_move_school_date', ['school_id', 'move_date'], unique=False)
        batch_op.create_index('ix_procurement_stock_move_school_food_date', ['school_id', 'food_id', 'move_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('procurement_stock_move', schema=None) as batch_op:
        batch_op.drop_index('ix_procurement_stock_move_school_food_date')
        batch_op.drop_index('ix_procurement_stock_move_school_date')
        batch_op.drop_index(batch_op.f('ix_procurement_stock_move_delivery_line_id'))

    op.drop_table('procurement_stock_move')
    with op.batch_alter_table('procurement_stocktake_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_stocktake_line_stocktake_id'))

    op.drop_table('procurement_stocktake_line')
    with op.batch_alter_table('procurement_delivery_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_delivery_line_food_id'))
        batch_op.drop_index(batch_op.f('ix_procurement_delivery_line_delivery_id'))

    op.drop_table('procurement_delivery_line')
    with op.batch_alter_table('procurement_stocktake', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_stocktake_school_id'))

    op.drop_table('procurement_stocktake')
    with op.batch_alter_table('procurement_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_delivery_supplier_id'))
        batch_op.drop_index('ix_procurement_delivery_school_date')

    op.drop_table('procurement_delivery')
    op.drop_table('procurement_item_mapping')
    with op.batch_alter_table('procurement_supplier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_supplier_licence_expiry'))

    op.drop_table('procurement_supplier')
