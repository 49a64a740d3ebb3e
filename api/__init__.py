"""The HTTP API: FastAPI app factory (api.app:create_app), routes, schemas. Thin over chronicle."""
