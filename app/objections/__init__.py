"""Objections (异议) to published penalty records: file, follow, answer."""
