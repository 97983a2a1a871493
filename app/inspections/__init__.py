"""The inspection case ledger (督察交办信访件): campaigns, batches, cases, findings reviewed by a
second person, milestones, feedback problems, and the public board at ``/inspections``."""
