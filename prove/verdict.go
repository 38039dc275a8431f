package prove

import (
	"fmt"
	"strings"
)

// Outcome is what replaying a finding showed.
type Outcome string

const (
	// Reproduced: the server did what the finding's message says.
	Reproduced Outcome = "reproduced"
	// NotReproduced: the scenario ran and the server did something else.
	NotReproduced Outcome = "not reproduced"
	// NotProvable: no scenario could be run for the finding.
	NotProvable Outcome = "not provable"
)

// Verdict is the evidence attached to one finding.
type Verdict struct {
	Outcome Outcome `json:"verdict"`
	// Detail says what the server returned, or why nothing was run.
	Detail string `json:"detail"`
	// Lock is the lock the server reported a session waiting for, or
	// the locks of the deadlock it detected.
	Lock string `json:"lock,omitempty"`
	// Server and Isolation are where the scenario ran.
	Server    string `json:"server,omitempty"`
	Isolation string `json:"isolation,omitempty"`
}

// String is the verdict on one line, as the text output prints it under
// the finding.
func (v Verdict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "prove: %s: %s", v.Outcome, v.Detail)
	if v.Lock != "" {
		fmt.Fprintf(&b, "; lock: %s", v.Lock)
	}
	if v.Server != "" {
		fmt.Fprintf(&b, " [%s, %s]", v.Server, v.Isolation)
	}
	return b.String()
}

func notProvable(format string, args ...any) Verdict {
	return Verdict{Outcome: NotProvable, Detail: fmt.Sprintf(format, args...)}
}
