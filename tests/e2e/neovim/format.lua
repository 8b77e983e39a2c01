-- Headless Neovim 0.11: open the Dockerfile with the shipped config, format it the way a user
-- does (vim.lsp.buf.format(), what `gq` and format-on-save call), save it, and report the
-- buffer's lines to $DFLS_E2E_REPORT for tests/e2e/test_editor_neovim_format.py.
local report = {}
local timeout = tonumber(os.getenv('DFLS_E2E_TIMEOUT_MS') or '20000')
local file = assert(os.getenv('DFLS_E2E_FILE'))

local function finish(code)
  local out = assert(io.open(assert(os.getenv('DFLS_E2E_REPORT')), 'w'))
  out:write(vim.json.encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!') or 'cquit ' .. code)
end

local function main()
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client
  if not vim.wait(timeout, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })[1]
    return client ~= nil and client.initialized
  end, 20) then error('timeout waiting for the server', 0) end
  report.supports_formatting = client:supports_method('textDocument/formatting')
  report.before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local changes = 0
  vim.api.nvim_buf_attach(buf, false, { on_lines = function() changes = changes + 1 end })
  vim.lsp.buf.format({ bufnr = buf, name = 'dfls', timeout_ms = timeout })
  report.changes = changes
  report.after = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  vim.cmd.write()
  report.ok = true
  finish(0)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  report.error = tostring(err)
  finish(1)
end
