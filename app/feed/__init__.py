"""The change feed: events in one total order, read with an opaque cursor (GET /api/v1/feed)."""
