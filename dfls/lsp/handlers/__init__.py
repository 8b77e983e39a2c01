"""LSP handlers: thin adapters, one module per area; wired in ``dfls.lsp.server``."""
