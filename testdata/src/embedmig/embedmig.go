// Package embedmig embeds its migrations, as golang-migrate's iofs source
// and goose's embed support want them. It imports no database package:
// embedding the files is enough for locklint to check them, and this
// package is the one that reports them.
package embedmig

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS
