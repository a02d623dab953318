"""site and published packs: the force's own desk

Issue 19. ``site`` holds who the force is for everything the public reads (one row, set by
an administrator). ``published_pack`` holds each policy pack published to every
workstation: its files, version, sha256, who, when and why; the newest row is in force.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", Instant, nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_site_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
    )
    op.create_table(
        "published_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("published_at", Instant, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("restores", sa.Integer(), nullable=True),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["restores"], ["published_pack.id"], name=op.f("fk_published_pack_restores_published_pack")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_pack")),
    )
    op.create_index("ix_published_pack_pack_version", "published_pack", ["pack_id", "version"])


def downgrade() -> None:
    op.drop_index("ix_published_pack_pack_version", table_name="published_pack")
    op.drop_table("published_pack")
    op.drop_table("site")
