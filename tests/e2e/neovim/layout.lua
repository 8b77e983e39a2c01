-- Headless Neovim 0.11 with dfls: folding through vim.lsp.foldexpr(), semantic tokens as
-- Neovim highlights them (vim.lsp.semantic_tokens, on by default), and inlay hints
-- (vim.lsp.inlay_hint). The shipped editors/neovim/init.lua is loaded with -u; every
-- observation goes into the JSON report ($DFLS_E2E_REPORT) that
-- tests/e2e/test_editor_neovim_layout.py checks; a step that times out is recorded as `error`.
local report = { steps = {} }
local timeout = tonumber(os.getenv('DFLS_E2E_TIMEOUT_MS') or '20000')
local file = assert(os.getenv('DFLS_E2E_FILE'))
local started = vim.uv.hrtime()

local function step(name)
  report.steps[#report.steps + 1] = { name = name, ms = (vim.uv.hrtime() - started) / 1e6 }
end

local function finish(code)
  local out = assert(io.open(assert(os.getenv('DFLS_E2E_REPORT')), 'w'))
  out:write(vim.json.encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!') or 'cquit ' .. code)
end

local function wait(what, cond)
  if not vim.wait(timeout, cond, 20) then error('timeout waiting for ' .. what, 0) end
  step(what)
end

-- The semantic token types Neovim holds at (0-based row, byte col), e.g. {"function"}.
local function token_types(buf, row, col)
  local out = {}
  for _, token in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, row, col) or {}) do
    out[#out + 1] = token.type
  end
  return out
end

local function main()
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client
  wait('server initialized', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })[1]
    return client ~= nil and client.initialized
  end)

  -- (1) folding: the LSP fold expression, every fold open; levels per line
  vim.wo.foldmethod = 'expr'
  vim.wo.foldexpr = 'v:lua.vim.lsp.foldexpr()'
  vim.wo.foldlevel = 99
  local count = vim.api.nvim_buf_line_count(buf)
  wait('folds', function()
    return vim.fn.foldlevel(count - 1) > 0
  end)
  report.foldlevels = {}
  for lnum = 1, count do report.foldlevels[lnum] = vim.fn.foldlevel(lnum) end

  -- (2) semantic tokens, as Neovim highlights them
  wait('semantic tokens', function() return #token_types(buf, 5, 4) > 0 end)
  report.tokens = {}
  for _, at in ipairs(vim.json.decode(assert(os.getenv('DFLS_E2E_POSITIONS')))) do
    report.tokens[#report.tokens + 1] = { at[1], at[2], token_types(buf, at[1], at[2]) }
  end

  -- (3) inlay hints
  vim.lsp.inlay_hint.enable(true, { bufnr = buf })
  wait('inlay hints', function() return #vim.lsp.inlay_hint.get({ bufnr = buf }) > 0 end)
  report.hints = {}
  for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
    local hint = item.inlay_hint
    local label = type(hint.label) == 'string' and hint.label or hint.label[1].value
    report.hints[#report.hints + 1] = { hint.position.line, hint.position.character, label }
  end
  report.ok = true
  finish(0)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  report.error = tostring(err)
  finish(1)
end
