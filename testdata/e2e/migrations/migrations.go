// Package migrations embeds the schema migrations, as golang-migrate's
// iofs source and goose want them. locklint checks the embedded .sql
// files, and reports them in this package.
package migrations

import "embed"

//go:embed *.sql
var FS embed.FS
