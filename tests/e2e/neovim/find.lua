-- How the shipped config finds the server, in headless Neovim 0.11. Loaded with --cmd (before
-- init.lua and the files on the command line), so it sees every server start and message:
-- it records the command line of each start (vim.lsp.rpc.start) and every vim.notify, then,
-- at VimEnter, opens the files in $DFLS_E2E_FILES (one per line; none: the file given on
-- the command line) and, with $DFLS_E2E_EXPECT=diagnostics, waits until each has dfls
-- diagnostics.
-- The JSON report ($DFLS_E2E_REPORT) is checked by test_editor_neovim.py.
local report = { starts = {}, notifications = {}, buffers = {} }
local timeout = tonumber(os.getenv('DFLS_E2E_TIMEOUT_MS') or '20000')

local rpc_start = vim.lsp.rpc.start
vim.lsp.rpc.start = function(cmd, ...)
  report.starts[#report.starts + 1] = cmd
  return rpc_start(cmd, ...)
end

local notify = vim.notify
vim.notify = function(msg, level, opts)
  report.notifications[#report.notifications + 1] = { message = msg, level = level }
  return notify(msg, level, opts)
end

local function finish(code)
  local out = assert(io.open(assert(os.getenv('DFLS_E2E_REPORT')), 'w'))
  out:write(vim.json.encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!') or 'cquit ' .. code)
end

local function flush()
  -- Starting is scheduled once the root is found: let everything scheduled so far run.
  local flushed = false
  vim.schedule(function() flushed = true end)
  vim.wait(timeout, function() return flushed end, 10)
end

local function await_diagnostics(buf)
  if os.getenv('DFLS_E2E_EXPECT') ~= 'diagnostics' then return end
  if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    error('timeout waiting for diagnostics in ' .. vim.api.nvim_buf_get_name(buf), 0)
  end
end

local function main()
  local buffers = {}
  local files = os.getenv('DFLS_E2E_FILES') or ''
  if files == '' then
    buffers[1] = vim.api.nvim_get_current_buf()
    flush()
    await_diagnostics(buffers[1])
  end
  -- One after the other, as a user opens them (Neovim 0.11 may never pull diagnostics for a
  -- buffer attached while the server is still starting, unless it is edited).
  for file in files:gmatch('[^\n]+') do
    vim.cmd.edit(vim.fn.fnameescape(file))
    buffers[#buffers + 1] = vim.api.nvim_get_current_buf()
    flush()
    await_diagnostics(buffers[#buffers])
  end
  for _, buf in ipairs(buffers) do
    local codes = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do codes[#codes + 1] = d.code end
    local clients = {}
    for _, client in ipairs(vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })) do
      clients[#clients + 1] = { root_dir = client.root_dir or vim.NIL }
    end
    report.buffers[#report.buffers + 1] = {
      name = vim.api.nvim_buf_get_name(buf),
      filetype = vim.bo[buf].filetype,
      codes = codes,
      clients = clients,
    }
  end
  report.ok = true
  finish(0)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true, -- so that :edit in it fires FileType (and starts LSP)
  callback = function()
    local ok, err = xpcall(main, debug.traceback)
    if not ok then
      report.error = tostring(err)
      finish(1)
    end
  end,
})
