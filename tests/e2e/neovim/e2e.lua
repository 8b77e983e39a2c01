-- Headless Neovim 0.11 end-to-end session with dfls, driven the way a user would:
-- the shipped editors/neovim/init.lua (runtimepath + vim.lsp.enable('dfls')) is loaded with -u,
-- this script opens the Dockerfile, waits for diagnostics, opens the hover float with
-- vim.lsp.buf.hover(), applies a quick fix with vim.lsp.buf.code_action() and waits for the
-- diagnostic to clear. Every observation goes into a JSON report ($DFLS_E2E_REPORT) that
-- tests/e2e/test_editor_neovim.py checks; a step that times out is recorded as `error`.
local report = { steps = {} }
local timeout = tonumber(os.getenv('DFLS_E2E_TIMEOUT_MS') or '20000')
local file = assert(os.getenv('DFLS_E2E_FILE'))
local fix_title = os.getenv('DFLS_E2E_FIX_TITLE') or 'exec form'
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

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[#out + 1] = {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, source = d.source, message = d.message, severity = d.severity,
      href = vim.tbl_get(d, 'user_data', 'lsp', 'codeDescription', 'href'),
    }
  end
  return out
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return d end
  end
end

local function floats()
  local out = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then out[#out + 1] = w end
  end
  return out
end

local function main()
  -- The command line the shipped config starts (recorded), plus a log file for the report.
  local log = os.getenv('DFLS_E2E_SERVER_LOG')
  local rpc_start = vim.lsp.rpc.start
  vim.lsp.rpc.start = function(cmd, ...)
    report.cmd = cmd
    if log then cmd = vim.list_extend(vim.deepcopy(cmd), { '--log-file', log, '--log-level', 'debug' }) end
    return rpc_start(cmd, ...)
  end
  report.nvim = tostring(vim.version())

  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo[buf].filetype

  local client
  wait('server initialized', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })[1]
    return client ~= nil and client.initialized
  end)
  report.offset_encoding = client.offset_encoding
  report.server_info = client.server_info

  -- (1) diagnostics
  wait('DF101 and DF401 diagnostics', function() return has_code(buf, 'DF101') and has_code(buf, 'DF401') end)
  report.diagnostics = diagnostics(buf)
  report.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

  -- (2) hover on the multi-byte DF401 line, after the multi-byte characters (at the last "x")
  local d401 = has_code(buf, 'DF401')
  local line = vim.api.nvim_buf_get_lines(buf, d401.lnum, d401.lnum + 1, false)[1]
  local x = #line - 1 -- byte column of the last character, an ASCII "x"
  vim.api.nvim_win_set_cursor(0, { d401.lnum + 1, x })
  report.hover_cursor = { d401.lnum, x }
  vim.lsp.buf.hover()
  wait('hover float', function() return #floats() > 0 end)
  local w = floats()[1]
  report.hover = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false)
  vim.api.nvim_win_close(w, true)

  -- (3) quick fix through the real UI path; the "menu" picks the action whose title matches
  vim.ui.select = function(items, opts, on_choice)
    report.code_actions = {}
    local chosen
    for i, item in ipairs(items) do
      local title = (opts.format_item and opts.format_item(item)) or item.action.title
      report.code_actions[#report.code_actions + 1] = title
      if not chosen and title:find(fix_title, 1, true) then chosen = i end
    end
    if chosen then on_choice(items[chosen], chosen) else on_choice(nil, nil) end
  end
  vim.api.nvim_win_set_cursor(0, { d401.lnum + 1, 4 })
  vim.lsp.buf.code_action()
  wait('quick fix applied', function()
    return vim.api.nvim_buf_get_lines(buf, d401.lnum, d401.lnum + 1, false)[1] ~= line
  end)
  report.fixed_line = vim.api.nvim_buf_get_lines(buf, d401.lnum, d401.lnum + 1, false)[1]

  -- (4) the edit is sent (didChange), dfls re-lints, the DF401 diagnostic goes away
  wait('DF401 cleared', function() return not has_code(buf, 'DF401') end)
  report.diagnostics_after = diagnostics(buf)
  report.ok = true
  finish(0)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  report.error = tostring(err)
  report.diagnostics_at_error = diagnostics(0)
  finish(1)
end
