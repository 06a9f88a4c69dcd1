"""host: login sessions ended on the server, a session version per user, failures by IP

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 21:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suite_login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['suite_user.id'], name=op.f('fk_suite_login_session_user_id_suite_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_login_session')),
    sa.UniqueConstraint('nonce', name=op.f('uq_suite_login_session_nonce'))
    )
    with op.batch_alter_table('suite_login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_login_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('suite_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('suite_login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_suite_login_failure_ip_at', ['ip', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('suite_login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_suite_login_failure_ip_at')

    with op.batch_alter_table('suite_user', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('suite_login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_login_session_user_id'))

    op.drop_table('suite_login_session')
