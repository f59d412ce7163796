"""Alembic environment: runs on the connection that marsad's store hands over.

marsad applies migrations itself (`marsad.store.migrate`); there is no alembic.ini.
"""

from alembic import context

from marsad.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
