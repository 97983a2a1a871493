# Production image of the portal. Same commands as the README: migrations, then `ecocredit serve`.
# Build: docker build -t ecocredit .   Run: docker run -p 8000:8000 --env-file prod.env ecocredit
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# The CJK font embedded in the credit reports' PDFs (ECOCREDIT_REPORT_FONT_PATH), from Debian.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9 \
    && groupadd --system ecocredit \
    && useradd --system --gid ecocredit --home-dir /srv/ecocredit --create-home ecocredit

WORKDIR /srv/ecocredit

# Dependencies first (cached layer), exactly as pinned in uv.lock, without the dev group.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

COPY alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
RUN uv sync --frozen --no-dev && chown -R ecocredit:ecocredit /srv/ecocredit

USER ecocredit

ENV ECOCREDIT_ENVIRONMENT=production \
    ECOCREDIT_HOST=0.0.0.0 \
    ECOCREDIT_PORT=8000 \
    ECOCREDIT_WORKERS=4

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"

CMD ["sh", "-c", "ecocredit db upgrade && exec ecocredit serve"]
