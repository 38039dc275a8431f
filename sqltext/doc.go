// Package sqltext turns SQL text into a Summary: what a statement reads and
// writes, which rows its WHERE clause can find through which columns, and
// which locks it asks for. It is the only package that knows SQL syntax; it
// knows nothing of Go or of InnoDB. Parsing uses the TiDB parser (MySQL
// dialect).
package sqltext
