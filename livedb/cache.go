package livedb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/locklint/locklint/schema"
	"github.com/locklint/locklint/sqltext"
	"github.com/locklint/locklint/target"
)

// DefaultCacheTTL is how long CachedRead trusts a cached result: long
// enough to cover one go vet run over a module, short enough that a
// migration applied since is seen on the next run.
const DefaultCacheTTL = 10 * time.Minute

// cacheVersion is hashed into every cache key. Change it when what Read
// returns changes (an index kind newly left out, say), so that results
// cached by an older locklint are not reused.
const cacheVersion = "locklint-livedb/1"

// readLive is Read, replaced in tests to count and stage database reads.
var readLive = Read

// CachedRead is Read with a cache in the user's cache directory
// (os.UserCacheDir()/locklint/schema-<key>.json, or opts.CacheDir), which
// is what lets go vet, which analyzes every package in its own process,
// read the database once per run instead of once per package.
//
// The key is a SHA-256 of the DSN with its password redacted and of the
// database names; the file holds no password. A result is reused for
// opts.CacheTTL; errors are not cached. Processes that miss the cache at
// the same moment take turns through a lock file, so that one reads the
// database and the others pick up its result. Any trouble with the cache
// itself (no cache directory, a corrupt file, a full disk) only costs the
// reuse: the database is read and the result returned as by Read.
func CachedRead(ctx context.Context, dsn string, opts Options) (*schema.Schema, target.Server, error) {
	if opts.NoCache {
		return readLive(ctx, dsn, opts)
	}
	cfg, err := parseDSN(dsn)
	if err != nil {
		return readLive(ctx, dsn, opts) // reports the bad DSN as Read does
	}
	c, err := newCache(dsn, databases(cfg, opts), opts)
	if err != nil {
		return readLive(ctx, dsn, opts)
	}
	if s, srv, ok := c.load(); ok {
		return s, srv, nil
	}

	unlock, err := c.lock(ctx, opts.timeout())
	if err != nil {
		return nil, target.Server{}, readError(dsn, err) // ctx done while waiting
	}
	defer unlock()
	// Whoever held the lock may have just written what we need.
	if s, srv, ok := c.load(); ok {
		return s, srv, nil
	}
	s, srv, err := readLive(ctx, dsn, opts)
	if err != nil {
		return nil, target.Server{}, err
	}
	_ = c.store(s, srv) // the result stands whether or not it could be kept
	return s, srv, nil
}

// cache is one cache file.
type cache struct {
	path string
	ttl  time.Duration
}

func newCache(dsn string, dbs []string, opts Options) (*cache, error) {
	dir := opts.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, err
		}
		dir = filepath.Join(base, "locklint")
	}
	ttl := opts.CacheTTL
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	h := sha256.New()
	h.Write([]byte(cacheVersion))
	h.Write([]byte{0})
	h.Write([]byte(Redact(dsn)))
	for _, db := range dbs {
		h.Write([]byte{0}) // separator: ("ab","c") and ("a","bc") differ
		h.Write([]byte(db))
	}
	return &cache{
		path: filepath.Join(dir, "schema-"+hex.EncodeToString(h.Sum(nil))+".json"),
		ttl:  ttl,
	}, nil
}

// isolationNames spells levels as servers do.
var isolationNames = map[sqltext.Isolation]string{
	sqltext.ReadUncommitted: "READ-UNCOMMITTED",
	sqltext.ReadCommitted:   "READ-COMMITTED",
	sqltext.RepeatableRead:  "REPEATABLE-READ",
	sqltext.Serializable:    "SERIALIZABLE",
}

// load returns the cached result if there is a fresh one.
func (c *cache) load() (*schema.Schema, target.Server, bool) {
	f, err := os.Open(c.path)
	if err != nil {
		return nil, target.Server{}, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !c.fresh(fi.ModTime()) {
		return nil, target.Server{}, false
	}
	s, meta, err := schema.ReadSnapshot(f)
	if err != nil {
		return nil, target.Server{}, false
	}
	engine, err1 := target.ParseEngine(meta.Engine)
	iso, err2 := target.ParseIsolation(meta.Isolation)
	if err1 != nil || err2 != nil {
		return nil, target.Server{}, false
	}
	return s, target.Server{Engine: engine, Version: meta.Version, Isolation: iso}, true
}

// fresh reports whether a file written at mtime may still be used. A time
// far in the future (a clock set back) does not make a file fresh forever.
func (c *cache) fresh(mtime time.Time) bool {
	age := time.Since(mtime)
	return age < c.ttl && age > -c.ttl
}

// store writes the result as a schema snapshot, the format -schema reads,
// so a cache file can also serve as one. It writes atomically: to a
// temporary file in the same directory, then renamed over the cache file,
// so that a concurrent reader sees the old file or the new one, never half
// of one. The directory is private (0700) and the file too (0600): a
// schema is not a secret, but it is nobody else's business either.
func (c *cache) store(s *schema.Schema, srv target.Server) error {
	var buf bytes.Buffer
	err := schema.WriteSnapshot(&buf, s, schema.SnapshotMeta{
		Engine:    srv.Engine.String(), // what target.ParseEngine reads back
		Version:   srv.Version,
		Isolation: isolationNames[srv.Isolation],
	})
	if err != nil {
		return err
	}
	dir := filepath.Dir(c.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".schema-*.tmp") // created 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), c.path)
}

// lock takes the cache file's lock, so that of the processes that missed
// the cache together only one reads the database. It waits while another
// process holds the lock, but never longer than that process's read can
// take (readTimeout) plus a margin: the lock is an optimization, and a
// holder that died must not block anyone. The returned function releases
// the lock; it is a no-op when waiting gave up or the lock file could not
// be made at all.
func (c *cache) lock(ctx context.Context, readTimeout time.Duration) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return func() {}, nil
	}
	lockPath := c.path + ".lock"
	// A lock older than any read can take was left by a process that died.
	stale := readTimeout + 5*time.Second
	deadline := time.Now().Add(stale)
	for {
		f, err := os.OpenFile(lockPath, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(lockPath) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return func() {}, nil
		}
		if fi, err := os.Stat(lockPath); err == nil && time.Since(fi.ModTime()) > stale {
			// Removing it races with other waiters doing the same;
			// at worst two of them read the database.
			os.Remove(lockPath)
			continue
		}
		if time.Now().After(deadline) {
			return func() {}, nil
		}
		if _, _, ok := c.load(); ok {
			// The holder is done with what we need; its unlock
			// may still be on the way.
			return func() {}, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for another locklint process to read the schema: %w", context.Cause(ctx))
		case <-time.After(50 * time.Millisecond):
		}
	}
}
