package analyzer_test

import (
	"testing"

	"github.com/locklint/locklint/analyzer"
)

func TestGORMScratch(t *testing.T) {
	run(t, analyzer.Config{}, "gormextract")
}
