"""dashboard indexes: a learner's progress rows by time (covering the dashboard's columns)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 19:15:00
"""
from collections.abc import Sequence

from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.create_index("ix_lesson_progress_learner_updated",
                              ["learner_id", "updated_at", "lesson_id", "current_step", "status"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_lesson_progress_learner_updated")
