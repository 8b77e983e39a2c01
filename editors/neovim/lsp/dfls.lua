---@brief
---
--- dfls: a language server and CI linter for Dockerfiles. Best-practice rules as
--- diagnostics, rule docs on hover, quick fixes and `source.fixAll.dfls` as code actions.
---
--- dfls is not on PyPI: install it from a clone (`pipx install /path/to/dfls`, or
--- `uv tool install /path/to/dfls`; see the Install section of dfls's README), then put this
--- folder (`editors/neovim`) on the runtimepath, or copy this file to
--- `~/.config/nvim/lsp/dfls.lua`, and call:
---
--- ```lua
--- vim.lsp.enable('dfls')
--- ```
---
--- The server is `dfls` on PATH, else `.venv/bin/dfls` in the Dockerfile's directory or the
--- nearest directory above it that has one (a project that installs dfls in its virtualenv,
--- as this repository's `.ci/setup` does). When there is neither, dfls says so once with
--- `vim.notify` and does not start. The `.venv` one is the project's own program: with no
--- dfls on PATH, a repository you do not trust would run its own. To run another one, or to
--- pass flags, set `cmd`:
---
--- ```lua
--- vim.lsp.config('dfls', { cmd = { '/opt/dfls/bin/dfls', 'server', '--log-file', '/tmp/dfls.log' } })
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

local root_markers = { '.dfls.toml', '.git' }
local venv_scripts = { '.venv/bin/dfls', '.venv/Scripts/dfls.exe' }

--- The executable to run for a buffer: `dfls` on PATH, else the nearest `.venv`'s dfls up
--- from the buffer's directory. PATH comes first so that a dfls the user installed (or an
--- activated virtualenv) wins, and a project's own `.venv` is only run when there is none.
---@param bufnr integer
---@return string?
local function find_dfls(bufnr)
  if vim.fn.executable('dfls') == 1 then
    return vim.fn.exepath('dfls')
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  while dir do
    for _, script in ipairs(venv_scripts) do
      local exe = vim.fs.joinpath(dir, script)
      if vim.fn.executable(exe) == 1 then
        return exe
      end
    end
    local parent = vim.fs.dirname(dir)
    dir = parent ~= dir and parent or nil
  end
end

--- Which dfls each project root runs (one server per root, as Neovim reuses clients by root).
---@type table<string, string>
local found = {}

--- The shipped `cmd`: starts the dfls that `root_dir` found for this root.
---@param dispatchers vim.lsp.rpc.Dispatchers
---@param config vim.lsp.ClientConfig
local function start_dfls(dispatchers, config)
  local exe = found[config.root_dir or ''] or 'dfls'
  return vim.lsp.rpc.start({ exe, 'server' }, dispatchers, {
    cwd = config.cmd_cwd,
    env = config.cmd_env,
    detached = config.detached,
  })
end

---@type vim.lsp.Config
return {
  cmd = start_dfls,
  filetypes = { 'dockerfile' },
  root_markers = root_markers,
  -- Finds the project root and the server to run for it. Without a server it says so, once,
  -- and starts nothing (Neovim itself would only write "dfls is not executable" to lsp.log).
  root_dir = function(bufnr, on_dir)
    local root = vim.fs.root(bufnr, root_markers)
    local config = vim.lsp.config.dfls
    if config and config.cmd ~= start_dfls then
      return on_dir(root) -- the user's own `cmd`, which Neovim checks
    end
    local exe = find_dfls(bufnr)
    if not exe then
      vim.notify_once(
        'dfls: the language server was not found: no `dfls` on PATH and no .venv/bin/dfls '
          .. "above this file. Install it from a clone: `pipx install /path/to/dfls` (see the "
          .. "Install section of dfls's README), or set `cmd` with vim.lsp.config('dfls', ...).",
        vim.log.levels.WARN
      )
      return
    end
    found[root or ''] = exe
    on_dir(root)
  end,
  settings = {
    dfls = {},
  },
}
