//go:build !unix

package check_test

import "time"

// cpuTime is not measured on this system; x-floor-cpu then reports 0.
func cpuTime() time.Duration { return 0 }
