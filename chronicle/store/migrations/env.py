"""Alembic environment: migrations run on the connection `chronicle.store.migrate` hands over."""

from alembic import context

from chronicle.store.models import Base
from chronicle.store.search import include_name

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `chronicle db upgrade` (chronicle.store.migrate.upgrade)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite rebuilds tables to alter them
    compare_type=True,
    include_name=include_name,  # the text-search objects differ by backend; the models leave them out
)
with context.begin_transaction():
    context.run_migrations()
