package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeSnippet returns the fenced code block that follows the line
// `<!-- snippet: name -->` in the README, so the tests run what the
// README tells people to copy.
func readmeSnippet(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	marker := "<!-- snippet: " + name + " -->"
	_, rest, ok := strings.Cut(string(data), marker)
	if !ok {
		t.Fatalf("README.md has no %s", marker)
	}
	_, rest, ok = strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("README.md: no code block after %s", marker)
	}
	_, rest, _ = strings.Cut(rest, "\n") // the info string
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("README.md: unterminated code block after %s", marker)
	}
	return block
}
