"""HTML routes and templates over the same core calls as the API. Issue #5."""
