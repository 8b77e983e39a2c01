-- A minimal Neovim (0.11+) config that runs dfls, for trying it out or reporting a bug:
--
--   nvim --clean -u editors/neovim/init.lua docs/demo/Dockerfile
--
-- It puts this folder on the runtimepath (so lsp/dfls.lua is found) and enables dfls.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
vim.opt.runtimepath:prepend(here)

vim.lsp.enable('dfls')
vim.diagnostic.config({ virtual_text = true })

vim.api.nvim_create_autocmd('LspAttach', {
  callback = function(args)
    local opts = { buffer = args.buf }
    vim.keymap.set('n', 'K', vim.lsp.buf.hover, opts)
    -- completion as you type (instructions, flags, stages, variables...), signature help
    vim.lsp.completion.enable(true, args.data.client_id, args.buf, { autotrigger = true })
    vim.keymap.set({ 'n', 'v' }, '<leader>ca', vim.lsp.buf.code_action, opts)
    vim.keymap.set('n', '<leader>cf', function()
      vim.lsp.buf.code_action({ context = { only = { 'source.fixAll.dfls' }, diagnostics = {} }, apply = true })
    end, opts)
  end,
})
