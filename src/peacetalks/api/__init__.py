"""JSON API routes: parse request -> one core call -> serialize. Issue #5."""
