"""The officers' workspace: the review queue, the home page lists, and the rules every workflow
shares (roles, the two-person rule)."""
