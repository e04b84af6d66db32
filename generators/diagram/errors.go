package diagram

import "fmt"

// OptionError is an error in what was asked for (an unknown format, kind,
// group, machine or --focus entity), as opposed to a failure to draw: the
// command line reports it as a usage error.
type OptionError struct{ msg string }

func (e *OptionError) Error() string { return e.msg }

func optionErrorf(format string, args ...any) error {
	return &OptionError{msg: fmt.Sprintf(format, args...)}
}
