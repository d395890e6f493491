"""Database: typed SQLAlchemy 2 models, the engine (SQLite or PostgreSQL) and Alembic migrations."""
