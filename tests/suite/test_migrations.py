"""One Alembic history: a single head, upgrade from empty (the session fixture does it on the
test database), no drift from the models, foreign keys only to the host or a requirement."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from suite.migrate import alembic_config, all_metadata
from suite.plugins import HOST, discover


def test_single_head(database_url):
    script = ScriptDirectory.from_config(alembic_config(database_url))
    assert len(script.get_heads()) == 1


def test_database_is_at_head(connection, database_url):
    script = ScriptDirectory.from_config(alembic_config(database_url))
    current = MigrationContext.configure(connection).get_current_revision()
    assert current == script.get_current_head()


def test_no_drift_between_models_and_migrations(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    diff = compare_metadata(context, all_metadata())
    assert diff == []


def _owner(table_name: str) -> str:
    return table_name.split("_", 1)[0]


def test_every_table_is_prefixed_by_its_owner():
    owners = {HOST} | set(discover())
    for table in all_metadata().tables.values():
        assert _owner(table.name) in owners, table.name


def test_foreign_keys_point_to_the_host_or_a_declared_requirement():
    plugins = discover()

    def closure(name):
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen and current != HOST:
                seen.add(current)
                todo.extend(plugins[current].requires)
        return seen | {HOST}

    for table in all_metadata().tables.values():
        owner = _owner(table.name)
        allowed = {HOST} if owner == HOST else closure(owner)
        for fk in table.foreign_keys:
            target = _owner(fk.column.table.name)
            assert target in allowed, f"{table.name} -> {fk.column.table.name}"
