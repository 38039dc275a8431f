package main_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"testing"
)

// TestSARIFCommand runs the README's SARIF command line with the built
// binary on the example module. sarif_test.go validates the log against
// the schema; this checks the command as people run it.
func TestSARIFCommand(t *testing.T) {
	bin := buildLocklint(t)
	line := strings.TrimSpace(readmeSnippet(t, "sarif-command"))
	line, _, _ = strings.Cut(line, ">")
	args := strings.Fields(line)
	if len(args) < 2 || args[0] != "locklint" {
		t.Fatalf("the README's SARIF command is %q, want `locklint ... > file`", line)
	}
	cmd := exec.Command(bin, args[1:]...)
	cmd.Dir = e2eDir(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", line, err, stderr.Bytes())
	}
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("not one SARIF 2.1.0 run:\n%s", out)
	}
	var got []finding
	for _, r := range log.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		got = append(got, finding{
			File:     path.Base(loc.ArtifactLocation.URI),
			Line:     strconv.Itoa(loc.Region.StartLine),
			Category: r.RuleID,
		})
	}
	if g, w := summary(got), wantSummary(func(string, string) bool { return true }); g != w {
		t.Errorf("results:\n%s\nwant:\n%s", g, w)
	}
}
