"""A small shared kit: database, errors, time, identifiers, regions, logging, metrics."""
