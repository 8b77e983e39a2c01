---@brief
---
--- dfls: a language server and CI linter for Dockerfiles. Best-practice rules as
--- diagnostics, rule docs on hover, quick fixes and `source.fixAll.dfls` as code actions.
---
--- Install the server with `pip install dfls` (or `pipx install dfls`), then put this folder
--- (`editors/neovim`) on the runtimepath, or copy this file to `~/.config/nvim/lsp/dfls.lua`,
--- and call:
---
--- ```lua
--- vim.lsp.enable('dfls')
--- ```
---
--- Settings are the keys of `.dfls.toml` in camelCase (`select`, `extendSelect`, `ignore`,
--- `severity`, `rules`, `unsafeFixes`, `failLevel`, `targetStage`, `exclude`). Leave them
--- unset to use the project's `.dfls.toml`; what you set here wins over the file:
---
--- ```lua
--- vim.lsp.config('dfls', {
---   settings = { dfls = { ignore = { 'DF101' }, severity = { DF401 = 'error' } } },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'dfls', 'server' },
  filetypes = { 'dockerfile' },
  root_markers = { '.dfls.toml', '.git' },
  settings = {
    dfls = {},
  },
}
