"""The workspace: encrypted storage, models, migrations and services. Never imports Qt."""
