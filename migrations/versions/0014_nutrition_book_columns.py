"""nutrition: every column of the 6th edition's food table, its marks, flags and cells; the
book's 1,851 foods loaded into a database that already holds foods

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 11:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

NUMBERS = ('water_g', 'cholesterol_mg', 'ash_g', 'carotene_ug', 'retinol_ug', 'niacin_mg',
           'vitamin_e_total_mg', 'vitamin_e_alpha_mg', 'vitamin_e_beta_gamma_mg',
           'vitamin_e_delta_mg', 'phosphorus_mg', 'potassium_mg', 'magnesium_mg',
           'selenium_ug', 'copper_mg', 'manganese_mg')
TEXTS = (('book_group', 40), ('book_subgroup', 80), ('remark', 200), ('check_flags', 200))


def upgrade() -> None:
    with op.batch_alter_table('nutrition_food', schema=None) as batch_op:
        for name in NUMBERS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
        for name, length in TEXTS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=False,
                                          server_default=''))
        batch_op.add_column(sa.Column('marks', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('book_cells', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        for name in ('edible_fraction', 'energy_kcal', 'energy_kj'):
            batch_op.alter_column(name, existing_type=sa.Float(), nullable=True)
        batch_op.create_index(batch_op.f('ix_nutrition_food_book_group'), ['book_group'],
                              unique=False)
    with op.batch_alter_table('nutrition_food', schema=None) as batch_op:
        for name, _length in TEXTS:
            batch_op.alter_column(name, server_default=None)
        batch_op.alter_column('hidden', server_default=None)
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM nutrition_food LIMIT 1")).first():
        # a database in use: the book's foods join it now (a fresh one gets them at sync-foods)
        from nutrition.book_sync import sync_rows
        table = sa.Table('nutrition_food', sa.MetaData(), autoload_with=bind)
        for name in ('marks', 'book_cells'):  # None is SQL NULL, as the model has it
            table.c[name].type = sa.JSON(none_as_null=True)
        sync_rows(bind, table)


def downgrade() -> None:
    # the old schema cannot say "unknown" for these: whole food, energy from the kJ printed
    op.execute("UPDATE nutrition_food SET edible_fraction = 1 WHERE edible_fraction IS NULL")
    op.execute("UPDATE nutrition_food SET energy_kcal = COALESCE(energy_kj / 4.184, 0) "
               "WHERE energy_kcal IS NULL")
    op.execute("UPDATE nutrition_food SET energy_kj = energy_kcal * 4.184 WHERE energy_kj IS NULL")
    with op.batch_alter_table('nutrition_food', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nutrition_food_book_group'))
        for name in ('edible_fraction', 'energy_kcal', 'energy_kj'):
            batch_op.alter_column(name, existing_type=sa.Float(), nullable=False)
        for name in ('hidden', 'book_cells', 'marks', *(t for t, _l in TEXTS), *NUMBERS):
            batch_op.drop_column(name)
