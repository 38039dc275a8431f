package analyzer

import (
	"context"
	"os"
	"strings"
	"sync"

	"github.com/locklint/locklint/livedb"
	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/target"
)

// DSNEnv is the environment variable that gives the DSN when -dsn does not.
const DSNEnv = "LOCKLINT_DSN"

// live caches, for the life of the process, what each live database said:
// a driver that analyzes many packages in one process reads it once, and
// livedb's file cache shares it between go vet's processes.
var live sync.Map // key string -> *liveEntry

type liveEntry struct {
	once   sync.Once
	schema *schema.Schema
	server target.Server
	err    error
}

// dsn is the DSN the configuration names, from -dsn or LOCKLINT_DSN.
func (c *Config) dsn() string {
	if c.DSN != "" {
		return c.DSN
	}
	return os.Getenv(DSNEnv)
}

// ReadLive reads the schema and server of the configured database, once
// per process. It returns a nil schema when no DSN is configured. The
// error, if any, names the DSN without its password.
func (c *Config) ReadLive(ctx context.Context) (*schema.Schema, target.Server, error) {
	dsn := c.dsn()
	if dsn == "" {
		return nil, target.Server{}, nil
	}
	key := strings.Join(append([]string{dsn, c.SchemaCache}, c.SchemaDB...), "\x00")
	v, _ := live.LoadOrStore(key, &liveEntry{})
	e := v.(*liveEntry)
	e.once.Do(func() {
		opts := livedb.Options{Databases: c.SchemaDB, NoCache: c.SchemaCache == "off"}
		e.schema, e.server, e.err = livedb.CachedRead(ctx, dsn, opts)
	})
	return e.schema, e.server, e.err
}
