//go:build !unix

package design_test

import "time"

// cpuTime is not measured on this system; x-floor-cpu then reports 0.
func cpuTime() time.Duration { return 0 }
