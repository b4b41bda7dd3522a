-- Neovim's built-in LSP client (Debian's 0.7: vim.lsp.start_client) against `node dist/server.js --stdio`:
-- diagnostics, a code action and completion on a JSON policy with `"Effect": "allow"`.
-- Usage: LIL_FILE=policy.json LIL_SERVER=dist/server.js nvim --headless --clean -n -i NONE -c 'luafile nvim-check.lua'
local file = os.getenv('LIL_FILE')
local cmd = { 'node', os.getenv('LIL_SERVER'), '--stdio' }
local passed, failed = 0, 0
local function out(s) io.stdout:write(s .. '\n') end
local function check(name, ok, detail)
  if ok then passed = passed + 1; out('  ok   ' .. name) else failed = failed + 1; out('  FAIL ' .. name .. ': ' .. (detail or '')) end
end
local function finish()
  out(string.format('nvim: %d passed, %d failed', passed, failed))
  vim.lsp.stop_client(vim.lsp.get_active_clients())
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd(failed == 0 and 'qall!' or 'cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local id = vim.lsp.start_client({ name = 'lambda-iam-lint', cmd = cmd, root_dir = vim.fn.fnamemodify(file, ':h') })
if not id then check('server starts', false, 'start_client failed'); finish() end
vim.lsp.buf_attach_client(0, id)

vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local diags = vim.diagnostic.get(0)
local d = diags[1]
check('diagnostic published', d ~= nil and d.source == 'lambda-iam-lint', vim.inspect(diags))
if d then
  check('diagnostic range is the Effect value', d.lnum == 3 and d.col == 16 and d.end_col == 23, vim.inspect(d))
  -- Neovim 0.7 keeps part of the LSP diagnostic in user_data.lsp (code, data) and the rest in its own fields:
  -- send both back, as its vim.lsp.buf.code_action() does.
  local lsp_diag = vim.tbl_extend('force', (d.user_data and d.user_data.lsp) or {}, {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, source = d.source, code = d.code, severity = d.severity })
  local res = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(0),
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = { lsp_diag } } }, 5000)
  local titles = {}
  for _, r in pairs(res or {}) do for _, a in ipairs(r.result or {}) do table.insert(titles, a.title) end end
  check('code action "Change to \\"Allow\\""', vim.tbl_contains(titles, 'Change to "Allow"'), table.concat(titles, ', '))
end

local comp = vim.lsp.buf_request_sync(0, 'textDocument/completion', {
  textDocument = vim.lsp.util.make_text_document_params(0), position = { line = 3, character = 39 } }, 5000)
local labels = {}
for _, r in pairs(comp or {}) do for _, i in ipairs((r.result or {}).items or r.result or {}) do table.insert(labels, i.label) end end
check('completion offers s3:GetObject', vim.tbl_contains(labels, 's3:GetObject'), #labels .. ' items')
finish()
