"""LSP handlers: thin adapters, one module per area, each taking the shared
:class:`dfls.lsp.server.Server`; wired in :mod:`dfls.lsp.app`."""
