// Package analyzer is locklint as a golang.org/x/tools/go/analysis
// Analyzer: it owns the configuration (flags, plugin settings, the nearest
// locklint.yaml), reads the schema, runs extraction, transaction flow and
// the rules on each package, applies //locklint:ignore directives, and
// reports sorted diagnostics whose category is the rule ID.
package analyzer
