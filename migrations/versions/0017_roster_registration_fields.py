"""roster: the registration system's fields of a pupil (document type and number for pupils
without a resident ID, 学籍辅号, 入学年月, 学段, 户口性质, left-behind status and the other flags,
户编号 and 户主姓名), two family members per pupil, the reason of each aid recognition, the
document number on the household ledger, and the aid list's categories the seed lacked

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 14:25:34
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

DOCUMENT_TYPES = "('1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'Z')"
# the aid list's category flags (issue 14) that migration 0006 did not seed, at the end
CATEGORIES = [
    ("monitored_unstable", "脱贫不稳定户学生"), ("monitored_edge", "边缘易致贫户学生"),
    ("monitored_sudden", "突发严重困难户学生"), ("dibao_edge", "低保边缘家庭学生"),
    ("rigid_expense", "刚性支出困难家庭学生"), ("other_low_income", "其他低收入家庭学生"),
    ("de_facto_orphan", "事实无人抚养儿童"), ("preferential_care", "优抚对象子女"),
]
STRINGS = [("document_type", 1, "1"), ("aux_student_no", 30, ""), ("class_no", 10, ""),
           ("school_stage", 10, ""), ("entry_mode", 20, ""), ("household_type", 20, ""),
           ("household_region", 12, ""), ("left_behind", 6, ""), ("disability_type", 20, ""),
           ("household_no", 30, ""), ("household_head", 40, "")]
FLAGS = ["migrant_child", "orphan", "martyr_child", "inclusive_class", "needs_aid",
         "one_subsidy"]
CHECKS = [
    ("document_type", f"document_type IN {DOCUMENT_TYPES}"),
    ("document", "(document_type = '1' AND document_number IS NULL) OR "
                 "(document_type <> '1' AND id_number IS NULL AND document_number IS NOT NULL)"),
    ("school_stage", "school_stage IN ('', 'primary', 'junior')"),
    ("household_type", "household_type IN ('', 'agricultural', 'non_agricultural')"),
    ("left_behind", "left_behind IN ('', 'no', 'yes', 'single', 'both')"),
    ("household_region", "length(household_region) IN (0, 6, 12)"),
]


def upgrade() -> None:
    op.create_table('roster_guardian',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('is_guardian', sa.Boolean(), nullable=False),
    sa.Column('document_type', sa.String(length=1), nullable=False),
    sa.Column('id_number', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.CheckConstraint(f"document_type IN {DOCUMENT_TYPES}",
                       name=op.f('ck_roster_guardian_document_type')),
    sa.CheckConstraint('position IN (1, 2)', name=op.f('ck_roster_guardian_position')),
    sa.ForeignKeyConstraint(['student_id'], ['roster_student.id'],
                            name=op.f('fk_roster_guardian_student_id_roster_student')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_guardian')),
    sa.UniqueConstraint('student_id', 'position', name='uq_roster_guardian_student_position')
    )
    with op.batch_alter_table('roster_household_child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_number', sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_roster_household_child_document_number'),
                              ['document_number'], unique=False)

    with op.batch_alter_table('roster_student', schema=None) as batch_op:
        for name, length, default in STRINGS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=False,
                                          server_default=default))
        batch_op.add_column(sa.Column('document_number', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('entry_month', sa.Date(), nullable=True))
        for name in FLAGS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
        batch_op.create_index('ix_roster_student_left_behind', ['left_behind'], unique=False)
        batch_op.create_unique_constraint('uq_roster_student_document',
                                          ['document_type', 'document_number'])
        for name, sql in CHECKS:
            batch_op.create_check_constraint(op.f(f'ck_roster_student_{name}'), sql)

    with op.batch_alter_table('roster_student_aid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recognised_reason', sa.String(length=200),
                                      nullable=False, server_default=''))

    _seed()


def _seed() -> None:
    """The aid list's categories missing from the seed of 0006, after the others (a county that
    added one of these codes itself keeps its own row)."""
    bind = op.get_bind()
    taken = {code for (code,) in bind.execute(sa.text("SELECT code FROM roster_aid_category"))}
    last = bind.execute(sa.text("SELECT max(position) FROM roster_aid_category")).scalar()
    rows = [(c, n) for c, n in CATEGORIES if c not in taken]
    if rows:
        op.bulk_insert(sa.table("roster_aid_category", sa.column("code", sa.String),
                                sa.column("name", sa.String), sa.column("active", sa.Boolean),
                                sa.column("position", sa.Integer)),
                       [{"code": c, "name": n, "active": True, "position": (last or 0) + 1 + i}
                        for i, (c, n) in enumerate(rows)])


def downgrade() -> None:
    codes = ", ".join(f"'{c}'" for c, _n in CATEGORIES)
    op.execute(f"DELETE FROM roster_aid_category WHERE code IN ({codes}) AND id NOT IN "
               "(SELECT category_id FROM roster_student_aid)")
    with op.batch_alter_table('roster_student_aid', schema=None) as batch_op:
        batch_op.drop_column('recognised_reason')

    with op.batch_alter_table('roster_student', schema=None) as batch_op:
        for name, _sql in CHECKS:
            batch_op.drop_constraint(op.f(f'ck_roster_student_{name}'), type_='check')
        batch_op.drop_constraint('uq_roster_student_document', type_='unique')
        batch_op.drop_index('ix_roster_student_left_behind')
        for name in FLAGS + ['entry_month', 'document_number'] + [s[0] for s in STRINGS]:
            batch_op.drop_column(name)

    with op.batch_alter_table('roster_household_child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_household_child_document_number'))
        batch_op.drop_column('document_number')

    op.drop_table('roster_guardian')
