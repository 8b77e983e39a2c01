"""The language server: a thin adapter over the model, the engine and the fixes (its own
JSON-RPC for start-up, text sync and diagnostics; pygls for hover and code actions).

Only this package imports pygls and lsprotocol (an import-linter contract checks it).
"""
