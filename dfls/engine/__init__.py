"""The use cases under every front end: select and run rules, suppress, fix, configure."""
