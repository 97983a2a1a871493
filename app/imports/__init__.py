"""Batch import of penalties from the bureau's existing system (双公示 CSV or XLSX)."""
