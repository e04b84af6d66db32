package langserver

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// nvimClient is a Lua script for Neovim's built-in LSP client (0.7 has
// start_client and buf_attach_client, not vim.lsp.start): it starts the
// server, attaches it to the open design, waits for the diagnostics and
// writes them, one "LINE:RULE:SEVERITY" a line, to $OUT.
const nvimClient = `
vim.bo.filetype = 'yaml'
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client{
  name = 'schemagen',
  cmd = {vim.env.SERVER, '-test.run=^$'},
  cmd_env = {` + serveEnv + ` = '1'},
  root_dir = vim.fn.getcwd(),
}
vim.lsp.buf_attach_client(buf, id)
local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(lines, string.format('%d:%s:%d', d.lnum + 1, tostring(code), d.severity))
end
vim.fn.writefile(lines, vim.env.OUT)
if got then vim.cmd('qall!') else vim.cmd('cquit!') end
`

// TestNeovim opens a broken design in a real editor, headless Neovim with its
// built-in LSP client, and checks the diagnostics it receives from the server.
// It skips when nvim is missing, unless SCHEMAGEN_REQUIRE_NVIM is set.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("SCHEMAGEN_REQUIRE_NVIM") != "" {
			t.Fatal("nvim is required (SCHEMAGEN_REQUIRE_NVIM) but not installed; run .ci/install-deps")
		}
		t.Skip("nvim not installed; run .ci/install-deps")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "client.lua")
	if err := os.WriteFile(script, []byte(nvimClient), 0o644); err != nil {
		t.Fatal(err)
	}
	design, _ := filepath.Abs("testdata/blog.yaml")
	out := filepath.Join(dir, "diagnostics.txt")
	cmd := exec.Command(nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script, design)
	cmd.Env = append(os.Environ(), "SERVER="+self, "OUT="+out,
		"XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_CACHE_HOME="+dir)
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, output)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(string(data))
	slices.Sort(got)
	// Neovim's severities: 1 error, 2 warning, 3 info.
	want := []string{"14:email-case-sensitive:3", "18:invalid-type:1", "25:many-to-many-needs-junction:1", "27:machine-without-failure:2", "34:event-never-recorded:3"}
	if !slices.Equal(got, want) {
		t.Errorf("Neovim received %v, want %v", got, want)
	}
}
