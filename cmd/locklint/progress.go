package main

import (
	"fmt"
	"io"
	"os"
)

// progress reports, on a terminal, how many packages a standalone run
// has finished. go vet gives no total before it is done, so the count is
// of packages done; nothing is written when standard error is not a
// terminal.
type progress struct {
	w     io.Writer
	on    bool
	done  int
	shown bool
}

func newProgress(w io.Writer, enabled bool) *progress {
	return &progress{w: w, on: enabled && isTerminal(w)}
}

// step counts one package done and shows the count.
func (p *progress) step() {
	p.done++
	if p.on {
		fmt.Fprintf(p.w, "\rlocklint: %d packages analyzed", p.done)
		p.shown = true
	}
}

// clear erases the count, before other output and at the end.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
