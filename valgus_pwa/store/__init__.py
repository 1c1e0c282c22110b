"""Persistence of assessments: SQLite by default, any SQLAlchemy URL via VALGUS_DATABASE_URL."""

from valgus_pwa.store.assessments import (
    AssessmentRecord,
    AssessmentStore,
    Created,
    DeleteOutcome,
    IdempotencyKeyReused,
    StoreUnavailable,
    Upload,
    get_store,
)

__all__ = [
    "AssessmentRecord",
    "AssessmentStore",
    "Created",
    "DeleteOutcome",
    "IdempotencyKeyReused",
    "StoreUnavailable",
    "Upload",
    "get_store",
]
