"""The push to the credit platform: a transactional outbox and the worker that delivers it."""
