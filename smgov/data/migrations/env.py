"""Alembic environment: always run on the connection (and transaction) the workspace hands over."""

from alembic import context

from smgov.data.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
