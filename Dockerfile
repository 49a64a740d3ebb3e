# One image for every chronicle service (api, worker, beat, migrate); compose.yaml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY chronicle ./chronicle
COPY api ./api
COPY worker ./worker
RUN pip install -c constraints.txt . \
    && useradd --system --create-home --uid 10001 chronicle

USER chronicle
WORKDIR /home/chronicle
EXPOSE 8000
CMD ["chronicle", "serve", "--host", "0.0.0.0", "--port", "8000"]
