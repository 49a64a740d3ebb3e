"""The Celery side: one app (worker.app), its tasks (worker.tasks), and submission (worker.submit)."""
