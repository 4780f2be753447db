"""Celery tasks of the audit log. Each calls one service and is safe to run twice."""

from celery import shared_task

from .checkpoints import checkpoint_audit_chain as take_checkpoint


@shared_task(name="audit.tasks.checkpoint_audit_chain")
def checkpoint_audit_chain() -> dict:
    """The scheduled checkpoint (every 15 minutes by beat). Running twice only adds a second, equal line."""
    cp = take_checkpoint()
    return {"count": cp.count, "last_id": cp.last_id, "hash": cp.last_hash}
