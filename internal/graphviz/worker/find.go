package worker

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Program is the name of the worker program (schemagen-graphviz, built from
// cmd/schemagen-graphviz).
const Program = "schemagen-graphviz"

// EnvVar names the environment variable that, when set, is the path of the
// worker program.
const EnvVar = "SCHEMAGEN_GRAPHVIZ"

// MissingError says that the worker program cannot be found, and how to
// install it, in one line.
type MissingError struct {
	// Env is the value of EnvVar when it was set (and names no program).
	Env string
	// Beside is the directory of the running program, searched first.
	Beside string
	// Reason is why Env names no program.
	Reason error
}

func (e *MissingError) Error() string {
	if e.Env != "" {
		return fmt.Sprintf("cannot draw: %s=%s does not name the layout program %s (%v); unset it or point it at the program", EnvVar, e.Env, Program, e.Reason)
	}
	where := "in $PATH"
	build := "build it beside schemagen (go build -o DIR ./cmd/" + Program + ")"
	if e.Beside != "" {
		where = "beside schemagen in " + e.Beside + " nor in $PATH"
		build = "build it beside schemagen (go build -o " + e.Beside + " ./cmd/" + Program + ")"
	}
	return fmt.Sprintf("cannot draw: the layout program %s is not %s; install both programs with `go install github.com/schemagen/schemagen/cmd/...@latest`, or %s, or set %s to its path",
		Program, where, build, EnvVar)
}

// Find returns the path of the worker program: $SCHEMAGEN_GRAPHVIZ when set,
// else schemagen-graphviz beside the running program (symbolic links
// resolved), else schemagen-graphviz in $PATH. It returns a *MissingError
// when there is none.
func Find() (string, error) {
	if env := os.Getenv(EnvVar); env != "" {
		if err := isProgram(env); err != nil {
			return "", &MissingError{Env: env, Reason: err}
		}
		return env, nil
	}
	name := Program
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	var beside string
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		beside = filepath.Dir(exe)
		if p := filepath.Join(beside, name); isProgram(p) == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(Program); err == nil {
		return p, nil
	}
	return "", &MissingError{Beside: beside}
}

// isProgram reports why path is not a file this user may run, nil if it is.
func isProgram(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not executable", path)
	}
	return nil
}
