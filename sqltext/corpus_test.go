package sqltext

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCorpusTiming(t *testing.T) {
	dir := os.Getenv("CORPUS")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.SplitN(string(b), "\n", 2)
		arg := strings.TrimSpace(lines[1])
		arg = strings.TrimSuffix(strings.TrimPrefix(arg, "string("), ")")
		s, err := strconv.Unquote(arg)
		if err != nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		start := time.Now()
		done := make(chan bool)
		go func() { Parse(s); close(done) }()
		select {
		case <-done:
			if d := time.Since(start); d > 50*time.Millisecond {
				t.Logf("SLOW %v %s %q", d, f, s)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("HANG %s %q", f, s)
		}
	}
}
