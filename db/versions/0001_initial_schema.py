"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('call_handler', 'front_counter', 'supervisor', 'trainer', 'administrator')", name=op.f('ck_app_user_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=128), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.Column('new', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_entry_seq'))
    )
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('counter',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counter'))
    )
    op.create_table('draft',
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=128), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('uuid', name=op.f('pk_draft'))
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_operator'), ['operator'], unique=False)

    op.create_table('location',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line1', sa.String(length=200), nullable=False),
    sa.Column('town', sa.String(length=100), nullable=False),
    sa.Column('postcode', sa.String(length=8), nullable=False),
    sa.Column('postcode_key', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.Column('line1_key', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location')),
    sa.UniqueConstraint('postcode_key', 'line1_key', name='address')
    )
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_location_postcode_key'), ['postcode_key'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('given_key', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.Column('family_key', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_family_key'), ['family_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_given_key'), ['given_key'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('workstation', sa.String(length=128), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('incident_code', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('pack_id', sa.String(length=64), nullable=False),
    sa.Column('pack_version', sa.String(length=16), nullable=False),
    sa.Column('pack_hash', sa.String(length=64), nullable=False),
    sa.Column('risk_level', sa.String(length=32), nullable=False),
    sa.Column('grade', sa.String(length=64), nullable=False),
    sa.Column('rag', sa.String(length=8), nullable=False),
    sa.Column('is_repeat', sa.Boolean(), nullable=False),
    sa.Column('vulnerable', sa.Boolean(), nullable=False),
    sa.Column('override_field', sa.String(length=16), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('review_status', sa.String(length=16), nullable=True),
    sa.Column('contact_preference', sa.String(length=64), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('assessment', sa.JSON(), nullable=False),
    sa.Column('log_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_contact_location_id_location')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_contact_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('reference', name=op.f('uq_contact_reference')),
    sa.UniqueConstraint('uuid', name=op.f('uq_contact_uuid'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_location_started', ['location_id', 'started_at'], unique=False)
        batch_op.create_index('ix_contact_person_started', ['person_id', 'started_at'], unique=False)
        batch_op.create_index('ix_contact_started_at', ['started_at'], unique=False)

    op.create_table('flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('phone_e164', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('negate_risk', sa.Text(), nullable=False),
    sa.Column('officer_action', sa.Text(), nullable=False),
    sa.Column('inform', sa.Text(), nullable=False),
    sa.Column('linked_references', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('authorised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_due', sa.Date(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removed_by', sa.String(length=64), nullable=True),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('vulnerable_victim', 'repeat_victim', 'warning_marker', 'location')", name=op.f('ck_flag_kind')),
    sa.CheckConstraint("status IN ('requested', 'active', 'removed', 'rejected', 'expired')", name=op.f('ck_flag_status')),
    sa.CheckConstraint('(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN phone_e164 IS NULL THEN 0 ELSE 1 END) + (CASE WHEN location_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_flag_one_subject')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_flag_location_id_location')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_flag_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag'))
    )
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flag_phone_e164'), ['phone_e164'], unique=False)

    op.create_table('person_location',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_person_location_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_location_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'location_id', name=op.f('pk_person_location'))
    )
    with op.batch_alter_table('person_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_location_location_id'), ['location_id'], unique=False)

    op.create_table('phone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=200).with_variant(sa.String(length=200, collation='C'), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_phone_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone')),
    sa.UniqueConstraint('person_id', 'e164', name='person_number')
    )
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_e164'), ['e164'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_person_id'), ['person_id'], unique=False)

    op.create_table('flag_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['flag_id'], ['flag.id'], name=op.f('fk_flag_event_flag_id_flag')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_event'))
    )
    with op.batch_alter_table('flag_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_event_flag_id'), ['flag_id'], unique=False)

    # The audit chain starts from a known head; references come from a database
    # sequence on PostgreSQL (unique across workstations) and a counter row on SQLite.
    op.bulk_insert(
        sa.table("audit_head", sa.column("id", sa.Integer), sa.column("seq", sa.BigInteger), sa.column("hash", sa.String)),
        [{"id": 1, "seq": 0, "hash": "0" * 64}],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE contact_reference_seq")
    else:
        op.bulk_insert(
            sa.table("counter", sa.column("name", sa.String), sa.column("value", sa.BigInteger)),
            [{"name": "contact_reference", "value": 0}],
        )
def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE IF EXISTS contact_reference_seq")
    with op.batch_alter_table('flag_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_event_flag_id'))

    op.drop_table('flag_event')
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_person_id'))
        batch_op.drop_index(batch_op.f('ix_phone_e164'))

    op.drop_table('phone')
    with op.batch_alter_table('person_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_location_location_id'))

    op.drop_table('person_location')
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_phone_e164'))
        batch_op.drop_index(batch_op.f('ix_flag_person_id'))
        batch_op.drop_index(batch_op.f('ix_flag_location_id'))

    op.drop_table('flag')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_started_at')
        batch_op.drop_index('ix_contact_person_started')
        batch_op.drop_index('ix_contact_location_started')

    op.drop_table('contact')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_given_key'))
        batch_op.drop_index(batch_op.f('ix_person_family_key'))

    op.drop_table('person')
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_postcode_key'))

    op.drop_table('location')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_operator'))

    op.drop_table('draft')
    op.drop_table('counter')
    op.drop_table('audit_head')
    op.drop_table('audit_entry')
    op.drop_table('app_user')
