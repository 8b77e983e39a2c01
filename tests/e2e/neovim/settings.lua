-- Editor settings reach dfls: the README's `vim.lsp.config('dfls', {settings = ...})` snippet
-- ($DFLS_E2E_SNIPPET, which ignores DF101 and makes DF401 an error) is sourced after the
-- shipped init.lua; the report ($DFLS_E2E_REPORT) lists the diagnostics that arrive.
local report = {}
local function finish(code)
  local out = assert(io.open(assert(os.getenv('DFLS_E2E_REPORT')), 'w'))
  out:write(vim.json.encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!') or 'cquit ' .. code)
end

local ok, err = xpcall(function()
  dofile(assert(os.getenv('DFLS_E2E_SNIPPET')))
  vim.cmd.edit(vim.fn.fnameescape(assert(os.getenv('DFLS_E2E_FILE'))))
  local buf = vim.api.nvim_get_current_buf()
  local timeout = tonumber(os.getenv('DFLS_E2E_TIMEOUT_MS') or '20000')
  local function df401()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'DF401' then return d end
    end
  end
  if not vim.wait(timeout, function() return df401() ~= nil end, 20) then
    error('timeout waiting for DF401', 0)
  end
  report.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    report.diagnostics[#report.diagnostics + 1] = { code = d.code, severity = d.severity }
  end
  report.settings = vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })[1].settings
  report.ok = true
  finish(0)
end, debug.traceback)
if not ok then
  report.error = tostring(err)
  finish(1)
end
