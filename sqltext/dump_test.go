package sqltext

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestDump(t *testing.T) {
	in := os.Getenv("SQLDUMP")
	if in == "" {
		t.Skip()
	}
	for _, q := range strings.Split(in, "\n===\n") {
		sums, err := Parse(q)
		b, _ := json.Marshal(sums)
		t.Logf("%q\n  err=%v\n  %s", q, err, b)
	}
}
