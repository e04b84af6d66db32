package preview

import (
	"fmt"
	"os/exec"
	"runtime"
)

// browserCommand is the program and arguments that open a URL in the
// desktop's default browser.
func browserCommand(goos, url string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{url}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	return "xdg-open", []string{url}
}

// OpenBrowser opens url in the default browser without waiting for it. An
// error starting the opener is returned; one reported later (xdg-open finding
// no browser) goes to onFail, if not nil.
func OpenBrowser(url string, onFail func(error)) error {
	name, args := browserCommand(runtime.GOOS, url)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("opening a browser with %s: %w", name, err)
	}
	go func() {
		if err := cmd.Wait(); err != nil && onFail != nil {
			onFail(fmt.Errorf("opening a browser with %s: %w", name, err))
		}
	}()
	return nil
}
