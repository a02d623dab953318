"""dip samples: logs already sampled, the THRIVE check

Issue 22. A sample drawn over a period that overlaps an earlier sample leaves out the logs
already sampled unless the supervisor allows them again: ``dip_sample.overlap_allowed``
records which (true: allowed; false: left out) and ``dip_sample.left_out`` how many logs of
the period were left out because an overlapping sample held them. Both are NULL on samples
drawn before this revision (nothing was left out then), so those rows' audit digests still
hold (asbdesk.storage.store._LATER_COLUMNS). ``ix_sample_item_contact_id`` finds the samples
a log is in. ``sample_mark.check_id`` also takes ``thrive_recorded``: the THRIVE rationale
written, checked on logs taken on a pack that asks for it (seeds 001 and 002).

Downgrading refuses while a THRIVE mark exists (the older check would not hold it): no
audited row is removed behind the trail's back.

Revision ID: 0008_sample_overlap
Revises: 0007
Create Date: 2027-01-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_sample_overlap"
down_revision = "0007"
branch_labels = None
depends_on = None

# The checklist as each revision knows it (asbdesk.core.vocabulary.SAMPLE_CHECKS at the time).
CHECKS_0005 = (
    "check_id IN ('response_appropriate', 'recontact_completed', 'occurrence_created', 'crime_recorded', "
    "'assessment_retained')"
)
CHECKS_0008 = (
    "check_id IN ('response_appropriate', 'recontact_completed', 'occurrence_created', 'crime_recorded', "
    "'assessment_retained', 'thrive_recorded')"
)


def _checks(constraint: str) -> None:
    with op.batch_alter_table("sample_mark") as batch:
        batch.drop_constraint(op.f("ck_sample_mark_check_id"), type_="check")
        batch.create_check_constraint("check_id", constraint)


def upgrade() -> None:
    with op.batch_alter_table("dip_sample") as batch:
        batch.add_column(sa.Column("overlap_allowed", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("left_out", sa.Integer(), nullable=True))
    op.create_index("ix_sample_item_contact_id", "sample_item", ["contact_id"])
    _checks(CHECKS_0008)


def downgrade() -> None:
    marks = op.get_bind().execute(sa.text("SELECT count(*) FROM sample_mark WHERE check_id = 'thrive_recorded'"))
    if marks.scalar():
        raise RuntimeError(
            "sample_mark holds THRIVE marks ('thrive_recorded'), which revision 0007 cannot hold: "
            "asbdesk does not remove audited rows; keep this revision"
        )
    _checks(CHECKS_0005)
    op.drop_index("ix_sample_item_contact_id", table_name="sample_item")
    with op.batch_alter_table("dip_sample") as batch:
        batch.drop_column("left_out")
        batch.drop_column("overlap_allowed")
