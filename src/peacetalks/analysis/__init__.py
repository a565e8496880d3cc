"""Read-only questions over a Store: timelines, position shifts, agreement status. Issue #4."""
