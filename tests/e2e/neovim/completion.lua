-- Headless Neovim 0.11 completion with dfls through vim.lsp.completion, driven by typed keys:
-- the shipped editors/neovim/init.lua is loaded with -u (it enables vim.lsp.completion with
-- autotrigger when dfls attaches); this script
--   (1) types `COPY --from=` on a new last line: `=` triggers completion, the menu shows the
--       stages; <C-y> accepts the first one (selected: completeopt noinsert);
--   (2) types `CM` on a new line and asks for completion (vim.lsp.completion.get()); accepting
--       `CMD` expands its snippet (vim.snippet) into an exec-form array;
--   (3) asks for signature help on the COPY line.
-- Keys are processed by the main loop, so the steps chain through timers, not vim.wait.
-- Everything observed goes into the JSON report ($DFLS_E2E_REPORT) that
-- tests/e2e/test_editor_neovim_completion.py checks.
local report = { steps = {} }
local timeout = tonumber(os.getenv('DFLS_E2E_TIMEOUT_MS') or '20000')
local file = assert(os.getenv('DFLS_E2E_FILE'))
local started = vim.uv.hrtime()
local buf, client

local function step(name)
  report.steps[#report.steps + 1] = { name = name, ms = (vim.uv.hrtime() - started) / 1e6 }
end

local function finish(code)
  local out = assert(io.open(assert(os.getenv('DFLS_E2E_REPORT')), 'w'))
  out:write(vim.json.encode(report))
  out:close()
  vim.cmd((code == 0 and 'qall!') or 'cquit ' .. code)
end

local function fail(err)
  report.error = tostring(err)
  report.lines_at_error = buf and vim.api.nvim_buf_get_lines(buf, 0, -1, false) or nil
  finish(1)
end

-- Poll `cond` on a timer (so typed keys are processed meanwhile), then run `next_step`.
local function after(what, cond, next_step)
  local deadline = vim.uv.now() + timeout
  local function check()
    local ok, done = pcall(cond)
    if not ok then return fail(done) end
    if done then
      step(what)
      local ran, err = xpcall(next_step, debug.traceback)
      if not ran then fail(err) end
    elseif vim.uv.now() > deadline then
      fail('timeout waiting for ' .. what)
    else
      vim.defer_fn(check, 20)
    end
  end
  vim.defer_fn(check, 20)
end

local function type_keys(keys)
  vim.api.nvim_feedkeys(vim.keycode(keys), 'nt', false)
end

local function menu()
  local items = {}
  for _, item in ipairs(vim.fn.complete_info({ 'items' }).items or {}) do
    items[#items + 1] = { word = item.word, abbr = item.abbr, menu = item.menu, kind = item.kind }
  end
  return items
end

local function last_line()
  return vim.api.nvim_buf_get_lines(buf, -2, -1, false)[1]
end

local function signature_help()
  local line = vim.api.nvim_buf_line_count(buf) - 2 -- the COPY line, 0-based
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = #'COPY --from=build ' },
  }
  local result = client:request_sync('textDocument/signatureHelp', params, timeout, buf)
  report.signature = result and result.result
  report.ok = true
  finish(0)
end

local function accept_cmd_snippet()
  report.cmd_menu = menu()
  type_keys('<C-y>')
  after('CMD snippet expanded', function() return last_line():find('[', 1, true) ~= nil end, function()
    report.snippet_active = vim.snippet.active()
    type_keys('<Esc>')
    after('normal mode', function() return vim.api.nvim_get_mode().mode == 'n' end, function()
      report.cmd_line = last_line()
      signature_help()
    end)
  end)
end

local function instruction_snippet()
  -- A new line, `CM`, then completion on request (keywords have no trigger character).
  type_keys('oCM<Cmd>lua vim.lsp.completion.get()<CR>')
  after('instruction menu', function() return vim.fn.pumvisible() == 1 end, accept_cmd_snippet)
end

local function accept_stage()
  report.from_menu = menu()
  type_keys('<C-y>')
  after('stage accepted', function() return last_line() ~= 'COPY --from=' end, function()
    report.from_line = last_line()
    type_keys(' src /dst/<Esc>')
    after('normal mode', function() return vim.api.nvim_get_mode().mode == 'n' end, instruction_snippet)
  end)
end

local function main()
  report.nvim = tostring(vim.version())
  vim.cmd.edit(vim.fn.fnameescape(file))
  buf = vim.api.nvim_get_current_buf()
  vim.o.completeopt = 'menu,menuone,noinsert'
  after('server initialized', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'dfls' })[1]
    return client ~= nil and client.initialized
  end, function()
    report.completion_provider = client.server_capabilities.completionProvider
    -- Type on a new last line; `=` is a trigger character.
    vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(buf), 0 })
    type_keys('oCOPY --from=')
    after('stage menu', function() return vim.fn.pumvisible() == 1 end, accept_stage)
  end)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then fail(err) end
