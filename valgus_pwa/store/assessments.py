"""The assessments table: keypoints and report of each assessment, never video or images."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import enum
import functools
import gzip
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from valgus_pwa import settings
from valgus_pwa.schemas import AssessmentIn, Report
from valgus_pwa.store.schema import assessments_table, upgrade_to_head

# Per worker process; several workers times this must stay under PostgreSQL's max_connections.
POSTGRES_POOL_SIZE = 5
POSTGRES_CONNECT_TIMEOUT_S = 5
_OWNER_KEY_BYTES = 32


class StoreUnavailable(RuntimeError):
    """The database cannot be reached; callers answer 503 and the client retries."""


class IdempotencyKeyReused(ValueError):
    """An Idempotency-Key came back with a different request body."""


class DeleteOutcome(enum.Enum):
    DELETED = "deleted"
    NOT_FOUND = "not_found"
    WRONG_KEY = "wrong_key"


@dataclass(frozen=True)
class AssessmentRecord:
    id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    subject: dict[str, Any] | None
    report: dict[str, Any]
    recorded_at: dt.datetime | None = None  # when the phone recorded it, if the upload said


@dataclass(frozen=True)
class Upload:
    """A request body as received, gzip-compressed, and the SHA-256 of its JSON."""

    body_gz: bytes
    sha256: str


@dataclass(frozen=True)
class Created:
    """What a POST answers: the share id, the owner key and the report as stored."""

    id: str
    owner_key: str
    report: dict[str, Any]


def new_assessment_id() -> str:
    """A URL-safe share token carrying 128 random bits."""
    return secrets.token_urlsafe(16)


def _encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode()


def hash_owner_key(owner_key: str) -> str:
    # The key holds 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(owner_key.encode()).hexdigest()


def _idempotency_key_hash(idempotency_key: str) -> str:
    return hmac.new(idempotency_key.encode(), b"lookup", hashlib.sha256).hexdigest()


def _wrap_owner_key(owner_key: bytes, idempotency_key: str) -> bytes:
    """XOR with a pad only the holder of the Idempotency-Key can derive (its own inverse).

    So a retry can be answered with the same owner key, while the database alone never holds
    a usable key. Each Idempotency-Key wraps exactly one owner key, so the pad is never reused.
    """
    pad = hmac.new(idempotency_key.encode(), b"owner-key-wrap", hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(owner_key, pad, strict=True))


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite drops the zone; values are stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _enable_wal(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    connect_args = {}
    if url.startswith("postgresql") and "connect_timeout" not in url:
        # Without it a dead host holds each request for the OS TCP timeout (minutes), not 503.
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_POOL_SIZE,
        connect_args=connect_args,
    )


def _live(assessment_id: str) -> sa.ColumnElement[bool]:
    """The row with this id, unless its link has expired: then it answers like an unknown id."""
    return sa.and_(assessments_table.c.id == assessment_id, assessments_table.c.expires_at > _now())


class AssessmentStore:
    """Creates, reads and deletes assessments in one SQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _create_engine(url)
        self._schema_ready = False

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        try:
            if not self._schema_ready:
                upgrade_to_head(self.engine)
                self._schema_ready = True
            with self.engine.begin() as connection:
                yield connection
        except IntegrityError:
            raise
        except SQLAlchemyError as error:
            raise StoreUnavailable(str(error)) from error

    def create(
        self,
        assessment: AssessmentIn,
        report: Report,
        upload: Upload,
        idempotency_key: str | None = None,
    ) -> Created:
        """Store an assessment; a concurrent twin with the same Idempotency-Key wins and is answered."""
        owner_key = secrets.token_bytes(_OWNER_KEY_BYTES)
        created = Created(
            new_assessment_id(), _encode_key(owner_key), report.model_dump(mode="json")
        )
        now = _now()
        row = {
            "id": created.id,
            "owner_key_hash": hash_owner_key(created.owner_key),
            "created_at": now,
            "recorded_at": None
            if assessment.recorded_at is None
            else assessment.recorded_at.astimezone(dt.UTC),
            "expires_at": now + settings.current().link_lifetime,
            "subject": assessment.subject.model_dump(mode="json") if assessment.subject else None,
            "report": created.report,
            "upload_gz": upload.body_gz,
        }
        if idempotency_key is not None:
            row |= {
                "idempotency_key_hash": _idempotency_key_hash(idempotency_key),
                "request_sha256": upload.sha256,
                "owner_key_wrapped": _wrap_owner_key(owner_key, idempotency_key),
            }
        try:
            with self._transaction() as connection:
                connection.execute(assessments_table.insert().values(**row))
        except IntegrityError as error:
            # A concurrent request with the same Idempotency-Key stored first: answer with its row.
            earlier = (
                self.find_by_idempotency_key(idempotency_key, upload.sha256)
                if idempotency_key
                else None
            )
            if earlier is None:
                raise StoreUnavailable(str(error)) from error
            return earlier
        return created

    def find_by_idempotency_key(self, idempotency_key: str, request_sha256: str) -> Created | None:
        """The assessment an earlier POST with this key created, if any."""
        table = assessments_table
        with self._transaction() as connection:
            row = connection.execute(
                sa.select(
                    table.c.id, table.c.report, table.c.request_sha256, table.c.owner_key_wrapped
                ).where(table.c.idempotency_key_hash == _idempotency_key_hash(idempotency_key))
            ).first()
        if row is None:
            return None
        if not hmac.compare_digest(row.request_sha256, request_sha256):
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different upload."
            )
        owner_key = _encode_key(_wrap_owner_key(row.owner_key_wrapped, idempotency_key))
        return Created(row.id, owner_key, row.report)

    def get(self, assessment_id: str) -> AssessmentRecord | None:
        table = assessments_table
        with self._transaction() as connection:
            row = connection.execute(
                sa.select(
                    table.c.id,
                    table.c.created_at,
                    table.c.expires_at,
                    table.c.subject,
                    table.c.report,
                    table.c.recorded_at,
                ).where(_live(assessment_id))
            ).first()
        if row is None:
            return None
        return AssessmentRecord(
            row.id,
            _utc(row.created_at),
            _utc(row.expires_at),
            row.subject,
            row.report,
            None if row.recorded_at is None else _utc(row.recorded_at),
        )

    def exists(self, assessment_id: str) -> bool:
        """Whether the id names a stored assessment that is neither deleted nor expired.

        One indexed lookup that reads no report: readers of a shaped page or a cached replay
        only need to know it may still be shown.
        """
        with self._transaction() as connection:
            found = connection.execute(
                sa.select(assessments_table.c.id).where(_live(assessment_id))
            ).first()
        return found is not None

    def get_trials(self, assessment_id: str) -> list[dict[str, Any]] | None:
        """The stored keypoints of each trial, for exports."""
        with self._transaction() as connection:
            blob = connection.execute(
                sa.select(assessments_table.c.upload_gz).where(_live(assessment_id))
            ).scalar()
        return None if blob is None else json.loads(gzip.decompress(blob))["trials"]

    def delete(self, assessment_id: str, owner_key: str) -> DeleteOutcome:
        with self._transaction() as connection:
            stored_hash = connection.execute(
                sa.select(assessments_table.c.owner_key_hash).where(_live(assessment_id))
            ).scalar()
            if stored_hash is None:
                return DeleteOutcome.NOT_FOUND
            if not hmac.compare_digest(stored_hash, hash_owner_key(owner_key)):
                return DeleteOutcome.WRONG_KEY
            connection.execute(
                assessments_table.delete().where(assessments_table.c.id == assessment_id)
            )
        return DeleteOutcome.DELETED

    def delete_expired(self, batch_size: int = 500) -> int:
        """Delete every assessment whose link has expired, in short transactions; return how many."""
        table, deleted = assessments_table, 0
        while True:
            with self._transaction() as connection:
                expired = (
                    sa.select(table.c.id).where(table.c.expires_at <= _now()).limit(batch_size)
                )
                ids = connection.execute(expired).scalars().all()
                if ids:
                    connection.execute(table.delete().where(table.c.id.in_(ids)))
            deleted += len(ids)
            if len(ids) < batch_size:
                return deleted

    def count(self) -> int:
        with self._transaction() as connection:
            return connection.execute(
                sa.select(sa.func.count()).select_from(assessments_table)
            ).scalar_one()

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers and its schema is current."""
        with self._transaction() as connection:
            connection.execute(sa.select(1))


@functools.cache
def _store_for(url: str) -> AssessmentStore:
    return AssessmentStore(url)


def get_store() -> AssessmentStore:
    """The process-wide store for the configured database URL."""
    return _store_for(settings.current().database_url)
