package cli

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"syscall"

	"github.com/schemagen/schemagen/design/schema"
	"github.com/schemagen/schemagen/generators/diagram"
	"github.com/schemagen/schemagen/generators/golang"
	"github.com/schemagen/schemagen/generators/postgres"
	"github.com/schemagen/schemagen/internal/preview"
	"github.com/spf13/cobra"
)

// defaultServeAddr is where `schemagen serve` listens unless --addr says otherwise.
const defaultServeAddr = "127.0.0.1:7878"

type serveFlags struct {
	addr string
	open bool
}

func newServeCmd(gv *graphviz) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve FILE",
		Short: "Preview a design live in the browser while you edit it",
		Long: `serve starts a local web page that shows the design's ER, state and flow
diagrams, its diagnostics (with links to the line) and the generated SQL and Go.
The page updates by itself within a second of every save. While the design has
errors, the last diagrams without errors stay on screen under the errors.

The server listens on 127.0.0.1 only, unless --addr names another address
(a warning is printed then: anyone who can reach that address can read the
design). Ctrl-C stops it.`,
		Example: `  schemagen serve examples/rideshare.yaml
  schemagen serve design.yaml --open
  schemagen serve design.yaml --addr 127.0.0.1:9000`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd, args[0], f, gv)
		},
	}
	cmd.Flags().StringVar(&f.addr, "addr", defaultServeAddr, "address to listen on, HOST:PORT (port 0 picks a free one)")
	cmd.Flags().BoolVar(&f.open, "open", false, "open the page in the default browser")
	return cmd
}

func runServe(cmd *cobra.Command, path string, f serveFlags, gv *graphviz) error {
	stderr := cmd.ErrOrStderr()
	if path == "-" {
		return usageError(errors.New("serve watches a file; standard input cannot be previewed"))
	}
	logf := func(format string, args ...any) {
		fmt.Fprintf(stderr, "schemagen serve: "+format+"\n", args...)
	}
	srv, err := preview.New(preview.Options{
		Path:        path,
		Name:        displayPath(path),
		Render:      previewRender(gv),
		RenderGroup: previewRenderGroup(gv),
		Code:        previewCode(),
		Logf:        logf,
	})
	if err != nil {
		return usageError(err)
	}
	host, _, err := net.SplitHostPort(f.addr)
	if err != nil {
		return usageError(fmt.Errorf("--addr %q: %v (want HOST:PORT, for example 127.0.0.1:7878)", f.addr, err))
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		if addrInUse(err) {
			return usageError(fmt.Errorf("cannot listen on %s: the port is already in use (another 'schemagen serve'?); choose another with --addr 127.0.0.1:PORT, or port 0 for any free one", f.addr))
		}
		return usageError(fmt.Errorf("cannot listen on %s: %v", f.addr, err))
	}
	if _, err := gv.engine(); err != nil {
		ln.Close()
		return generatorFailed(err)
	}
	if host != "" {
		srv.AllowHost(host)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() {
		logf("warning: listening on %s, which is not a loopback address: anyone who can reach it can read the design", addr)
	}
	url := pageURL(addr)
	logf("previewing %s at %s (Ctrl-C to stop)", displayPath(path), url)
	if f.open {
		warn := func(err error) { logf("warning: %v; open %s yourself", err, url) }
		if err := openBrowser(url, warn); err != nil {
			warn(err)
		}
	}

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Run(ctx, ln); err != nil {
		return usageError(err)
	}
	logf("stopped")
	return nil
}

// addrInUse reports whether a listen failed because the port is taken.
// Windows reports WSAEADDRINUSE (10048), which is not syscall.EADDRINUSE there.
func addrInUse(err error) bool {
	var errno syscall.Errno
	return errors.Is(err, syscall.EADDRINUSE) || errors.As(err, &errno) && errno == 10048
}

// openBrowser is preview.OpenBrowser; tests replace it.
var openBrowser = preview.OpenBrowser

// pageURL is the address to open for a listener: loopback as is, and
// localhost for a listener on every interface.
func pageURL(addr *net.TCPAddr) string {
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
}

// previewRender draws the page's diagrams as SVG.
func previewRender(gv *graphviz) preview.Renderer {
	return func(s *schema.Schema, kind string) ([]byte, error) {
		eng, err := gv.engine()
		if err != nil {
			return nil, err
		}
		return renderPreview(eng, s, kind)
	}
}

func renderPreview(eng diagram.Engine, s *schema.Schema, kind string) ([]byte, error) {
	switch {
	case kind == "states" && len(s.Machines) == 0:
		return nil, &preview.NothingToDraw{Reason: "The design has no state machines to draw: add a `states` section."}
	case kind == "flow" && len(s.Flow) == 0:
		return nil, &preview.NothingToDraw{Reason: "The design has no flow to draw: add a `flow` section."}
	}
	if kind == "er" {
		// Draw, not Render: a design too big for one picture shows the
		// overview of its groups, each box linked to its picture in the page.
		d, err := diagram.Draw(s, diagram.Options{GroupLink: preview.GroupHref, Engine: eng}, "svg")
		if err != nil {
			return nil, err
		}
		return d.Data, nil
	}
	return diagram.Render(s, diagram.Options{Kind: diagram.Kind(kind), Engine: eng}, "svg")
}

// previewRenderGroup draws one group's picture for the page, where the
// overview's links lead.
func previewRenderGroup(gv *graphviz) preview.GroupRenderer {
	return func(s *schema.Schema, group string, ungrouped bool) ([]byte, error) {
		eng, err := gv.engine()
		if err != nil {
			return nil, err
		}
		svg, err := diagram.Render(s, diagram.Options{Group: group, Ungrouped: ungrouped, GroupLink: preview.GroupHref, Engine: eng}, "svg")
		var opt *diagram.OptionError
		if errors.As(err, &opt) {
			return nil, &preview.NothingToDraw{Reason: opt.Error()}
		}
		return svg, err
	}
}

// previewCode lists the generated-code tabs of the page.
func previewCode() []preview.CodeGenerator {
	return []preview.CodeGenerator{
		{Name: "sql", Title: "SQL", Generate: func(s *schema.Schema) ([]preview.File, error) {
			out, err := postgres.Generate(s, postgres.Options{})
			if err != nil {
				return nil, err
			}
			return []preview.File{{Name: s.Name + ".sql", Content: string(out)}}, nil
		}},
		{Name: "go", Title: "Go", Generate: func(s *schema.Schema) ([]preview.File, error) {
			files, err := golang.Generate(s, golang.Options{})
			if err != nil {
				return nil, err
			}
			return sortedFiles(files), nil
		}},
	}
}

// sortedFiles turns a generator's file map into a list in name order.
func sortedFiles(files map[string][]byte) []preview.File {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]preview.File, len(names))
	for i, name := range names {
		out[i] = preview.File{Name: name, Content: string(files[name])}
	}
	return out
}
