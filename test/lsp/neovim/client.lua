-- A headless Neovim as the language client of the vmdef server (test/lsp/neovim.test.ts).
-- Runs with `nvim --headless --clean -c "luafile client.lua"`; everything it needs comes from
-- environment variables, everything it sees goes as JSON to $VMDEF_OUT. Written for the API of
-- Neovim 0.7 (Debian 12), which later versions keep: vim.lsp.start_client + buf_attach_client.
local env = vim.env
local result = { diagnostics = {}, changed = {}, events = {} }

local function finish()
  local out = io.open(env.VMDEF_OUT, 'w')
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qall!')
end

local function diagnostics_of(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { line = d.lnum, col = d.col, code = d.code, severity = d.severity, message = d.message })
  end
  return list
end

local handlers = {}
if env.VMDEF_REFUSE == '1' then
  -- A strict client: refuses dynamic registrations with an error (Neovim 0.7 answers null).
  handlers['client/registerCapability'] = function()
    table.insert(result.events, 'refused registerCapability')
    return nil, vim.lsp.rpc.rpc_response_error(vim.lsp.protocol.ErrorCodes.MethodNotFound)
  end
end

-- What nvim-lspconfig announces on top of Neovim's own capabilities: workspace/configuration
-- (with it, Langium asked to register for configuration changes, refusals included).
local capabilities = vim.lsp.protocol.make_client_capabilities()
capabilities.workspace.configuration = true

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    capabilities = capabilities,
    name = 'vmdef',
    cmd = { env.VMDEF_NODE, env.VMDEF_SERVER, '--stdio' },
    root_dir = env.VMDEF_ROOT,
    handlers = handlers,
    -- how a Neovim user passes settings: answered to workspace/configuration, and sent once
    settings = { vmdef = { simulateOnSave = false } },
    on_exit = function(code) result.exit_code = code end,
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(env.VMDEF_FILE))
  vim.bo.filetype = 'vmdef'
  vim.lsp.buf_attach_client(0, client_id)

  result.published = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  result.diagnostics = diagnostics_of(0)

  local client = vim.lsp.get_client_by_id(client_id)
  local params = { textDocument = vim.lsp.util.make_text_document_params(0), position = { line = tonumber(env.VMDEF_HOVER_LINE), character = tonumber(env.VMDEF_HOVER_COL) } }
  local hover = client.request_sync('textDocument/hover', params, 10000, 0)
  result.hover = hover and hover.result and hover.result.contents and hover.result.contents.value or vim.NIL

  -- another program changes the file the opened one depends on: the server must notice
  local host = io.open(env.VMDEF_CHANGE_FILE, 'w')
  host:write(env.VMDEF_CHANGE_TEXT)
  host:close()
  local needle = env.VMDEF_CHANGE_CODE
  result.noticed_change = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do if d.code == needle then return true end end
    return false
  end, 50)
  result.changed = diagnostics_of(0)
  result.alive = not client.is_stopped()
  client.stop()
  vim.wait(5000, function() return result.exit_code ~= nil end, 50)
end)
if not ok then result.error = tostring(err) end
finish()
