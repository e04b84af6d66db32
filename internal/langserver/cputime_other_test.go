//go:build !unix

package langserver

import "time"

// cpuTime is not measured on this system; cpu-ms/change then reports 0.
func cpuTime() time.Duration { return 0 }
