package cli

// Exit statuses, as the command-line contract defines them.
const (
	ExitOK          = 0 // no errors (warnings allowed unless --strict)
	ExitDesignError = 1 // the design has errors, or a check failed
	ExitUsage       = 2 // a usage or I/O problem
)

// exitError carries an exit status out of a command's RunE.
type exitError struct {
	code int
	err  error // printed when not nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// usageError is an error that exits with ExitUsage.
func usageError(err error) error { return &exitError{code: ExitUsage, err: err} }

// failed exits with ExitDesignError without printing anything more.
func failed() error { return &exitError{code: ExitDesignError} }

// generatorFailed reports that a generator could not produce its output for a
// checked design: exit 1 in every command, with the generator's message.
func generatorFailed(err error) error { return &exitError{code: ExitDesignError, err: err} }
