"""Alembic environment: migrations run on the connection `chronicle.store.migrate` hands over."""

from alembic import context

from chronicle.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `chronicle db upgrade` (chronicle.store.migrate.upgrade)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite rebuilds tables to alter them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
