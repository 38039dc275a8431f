// Package embedmigprior embeds migrations whose later files change the
// tables the earlier ones created: each ALTER is judged against the
// tables as the files before it left them.
package embedmigprior

import "embed"

//go:embed migrations/*.sql
var Migrations embed.FS
