"""Enterprise search: one box for names, name fragments and credit codes (issue 3)."""
