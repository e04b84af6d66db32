package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/schemagen/schemagen/cmd/cli"
	"github.com/schemagen/schemagen/internal/graphviz/embedded"
	"github.com/schemagen/schemagen/internal/graphviz/wasmcache"
	"github.com/schemagen/schemagen/internal/graphviz/worker"
)

func TestMain(m *testing.M) {
	// The scripts' schemagen finds the layout program in $PATH, where
	// testscript puts this test binary under both names. This binary links
	// internal/graphviz/wasmcache for it, as the real schemagen-graphviz
	// does: give the tests and the scripts the caller's TMPDIR back.
	_ = wasmcache.Restore()
	testscript.Main(m, map[string]func(){
		"schemagen": func() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		worker.Program: func() {
			if err := worker.Serve(os.Stdin, os.Stdout, embedded.New()); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts runs the CLI scripts in testdata/script: each is a txtar
// archive of commands and the files they work on.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", filepath.Join(root, "examples"))
			env.Setenv("SHARED", filepath.Join(root, "..", "shared"))
			env.Setenv("TESTPID", strconv.Itoa(os.Getpid())) // for names that must not clash between test processes
			for _, k := range []string{"SCHEMAGEN_TEST_POSTGRES", "SCHEMAGEN_REQUIRE_POSTGRES", "HOME", "GOCACHE", "GOPATH", "GOMODCACHE", "GOFLAGS", "PATH"} {
				if v, ok := os.LookupEnv(k); ok {
					env.Setenv(k, v)
				}
			}
			return nil
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
		// [postgres]: a PostgreSQL server is there (make test starts one); when
		// it is required and missing, the script fails instead of skipping.
		Condition: func(cond string) (bool, error) {
			if cond != "postgres" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if os.Getenv("SCHEMAGEN_TEST_POSTGRES") == "" && os.Getenv("SCHEMAGEN_REQUIRE_POSTGRES") == "1" {
				return false, fmt.Errorf("SCHEMAGEN_REQUIRE_POSTGRES=1 but SCHEMAGEN_TEST_POSTGRES is not set")
			}
			return os.Getenv("SCHEMAGEN_TEST_POSTGRES") != "", nil
		},
	})
}
