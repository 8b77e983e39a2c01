"""The language server: a thin pygls adapter over the model, the engine and the fixes.

Only this package imports pygls and lsprotocol (an import-linter contract checks it).
"""
