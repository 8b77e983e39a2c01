-- Headless Neovim 0.11 with dfls: go to definition, references and rename (prepareRename
-- included) through vim.lsp.buf, the way a user's keys call them. Observations go into a
-- JSON report ($DFLS_E2E_REPORT) that tests/e2e/test_editor_neovim_navigation.py checks.
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

-- Put the cursor on the first `needle` of line `lnum` (0-based), `offset` bytes into it.
local function cursor_at(buf, lnum, needle, offset)
  local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
  local col = assert(line:find(needle, 1, true), needle) - 1 + (offset or 0)
  vim.api.nvim_win_set_cursor(0, { lnum + 1, col })
end

local function lines(buf) return vim.api.nvim_buf_get_lines(buf, 0, -1, false) end

local function main()
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client
  wait('server initialized', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })[1]
    return client ~= nil and client.initialized
  end)
  report.offset_encoding = client.offset_encoding
  report.rename_provider = client.server_capabilities.renameProvider

  -- (1) go to definition of ${DIR} after the multi-byte characters: the ENV on line 2
  cursor_at(buf, 3, '${DIR', 3)
  vim.lsp.buf.definition()
  wait('definition of DIR', function() return vim.api.nvim_win_get_cursor(0)[1] == 3 end)
  report.definition_variable = vim.api.nvim_win_get_cursor(0)
  -- ... and of the stage named by COPY --from=build: its AS name on line 1
  cursor_at(buf, 7, 'build', 1)
  vim.lsp.buf.definition()
  wait('definition of build', function() return vim.api.nvim_win_get_cursor(0)[1] == 2 end)
  report.definition_stage = vim.api.nvim_win_get_cursor(0)

  -- (2) references of the stage (the quickfix list the user would get)
  local got
  vim.lsp.buf.references({ includeDeclaration = true }, {
    on_list = function(t) got = t.items end,
  })
  wait('references', function() return got ~= nil end)
  report.references = {}
  for _, item in ipairs(got) do
    report.references[#report.references + 1] = { lnum = item.lnum, col = item.col, text = item.text }
  end

  -- (3) a rename that is refused says why (vim.notify shows the server's message)
  local notified = {}
  local notify = vim.notify
  vim.notify = function(msg, ...) notified[#notified + 1] = msg; return notify(msg, ...) end
  cursor_at(buf, 1, 'build', 1)
  vim.lsp.buf.rename('Build')
  wait('refusal shown', function() return #notified > 0 end)
  report.refused = notified
  report.after_refused = lines(buf)

  -- (4) rename the stage from its AS name (F2-like), then a variable in a ${VAR:-x} form
  local before = table.concat(lines(buf), '\n')
  cursor_at(buf, 1, 'build', 1)
  vim.lsp.buf.rename('compile')
  wait('stage renamed', function() return table.concat(lines(buf), '\n') ~= before end)
  report.after_stage = lines(buf)
  before = table.concat(lines(buf), '\n')
  cursor_at(buf, 3, '${DIR', 3)
  vim.lsp.buf.rename('ROOT')
  wait('variable renamed', function() return table.concat(lines(buf), '\n') ~= before end)
  report.after_variable = lines(buf)
  vim.cmd.write()
  step('written')
  report.ok = true
  finish(0)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  report.error = tostring(err)
  finish(1)
end
