// Package app wires the service: migrations at deploy, an admin API.
package app

import (
	"context"
	"net/http"

	"ddlhelpers/admin"
	"ddlhelpers/pb"
)

// Migrate runs at deploy time, on the pool the helpers hold: their DDL
// is judged as if written here, and no SET can bound its wait.
func Migrate(ctx context.Context, t *admin.Tables) error {
	if err := t.DropTable(ctx, "legacy_orders"); err != nil { // want `ddl-lock: DROP TABLE legacy_orders \(run by Tables\.DropTable at tables\.go:19\) needs an exclusive metadata lock on legacy_orders.*It runs on the pool`
		return err
	}
	if err := t.Exec(ctx, "ALTER TABLE orders ADD COLUMN note2 TEXT"); err != nil { // want `ddl-lock: ALTER TABLE orders \(run by Tables\.Exec at tables\.go:31\)`
		return err
	}
	return t.RenameTable(ctx, "orders_new", "orders") // want `ddl-lock: RENAME TABLE orders_new \(run by Tables\.RenameTable at tables\.go:25\)`
}

// Server serves the admin API.
type Server struct{ tables *admin.Tables }

// NewServer empties the jobs table once, at startup: while other
// instances serve, as any DDL on the pool.
func NewServer(ctx context.Context, t *admin.Tables) (*Server, error) {
	if err := t.DropTable(ctx, "jobs"); err != nil { // want `ddl-lock: DROP TABLE jobs \(run by Tables\.DropTable at tables\.go:19\)`
		return nil, err
	}
	s := &Server{tables: t}
	if err := s.clearScratch(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// clearScratch runs only from NewServer: startup code, judged the same.
func (s *Server) clearScratch(ctx context.Context) error {
	return s.tables.RenameTable(ctx, "scratch", "scratch_old") // want `ddl-lock: RENAME TABLE scratch \(run by Tables\.RenameTable at tables\.go:25\)`
}

// rebuild is called by a constructor and by a handler: not startup-only.
func (s *Server) rebuild(ctx context.Context) error {
	return s.tables.DropTable(ctx, "orders_tmp") // want `ddl-lock: DROP TABLE orders_tmp`
}

// NewRebuiltServer rebuilds at startup.
func NewRebuiltServer(ctx context.Context, t *admin.Tables) (*Server, error) {
	s := &Server{tables: t}
	return s, s.rebuild(ctx)
}

// serveRebuild rebuilds on request.
func (s *Server) serveRebuild(w http.ResponseWriter, r *http.Request) {
	_ = s.rebuild(r.Context())
}

// ServeHTTP drops the table a request names.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := s.tables.DropTable(r.Context(), r.URL.Query().Get("table")); err != nil { // want `ddl-lock: DROP TABLE .* \(run by Tables\.DropTable at tables\.go:19\) needs an exclusive metadata lock.*Server\.ServeHTTP serves requests: the DDL runs on a request path`
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// archive is registered as a handler func.
func (s *Server) archive(w http.ResponseWriter, r *http.Request) {
	_ = s.tables.RenameTable(r.Context(), "orders", "orders_archive") // want `ddl-lock: RENAME TABLE orders \(run by Tables\.RenameTable at tables\.go:25\) needs an exclusive metadata lock on orders.*Server\.archive serves requests`
	_ = s.tables.Exec(r.Context(), "TRUNCATE TABLE jobs")             // want `ddl-lock: TRUNCATE TABLE jobs \(run by Tables\.Exec at tables\.go:31\).*serves requests`
}

// OrdersServer implements the gRPC service.
type OrdersServer struct {
	pb.UnimplementedOrdersServer
	tables *admin.Tables
}

// Archive is a gRPC method: a request path.
func (o *OrdersServer) Archive(ctx context.Context, req *pb.ArchiveRequest) (*pb.ArchiveReply, error) {
	if err := o.tables.RenameTable(ctx, "orders", "orders_old"); err != nil { // want `ddl-lock: RENAME TABLE orders .*OrdersServer\.Archive serves requests`
		return nil, err
	}
	return &pb.ArchiveReply{}, nil
}

// rotate is neither startup nor a handler: judged as any DDL on the pool.
func (s *Server) rotate(ctx context.Context) error {
	return s.tables.DropTable(ctx, "orders_old") // want `ddl-lock: DROP TABLE orders_old \(run by Tables\.DropTable at tables\.go:19\) needs an exclusive metadata lock on orders_old`
}

// scratch calls a helper that names its own table: reported there.
func (s *Server) scratch(w http.ResponseWriter, r *http.Request) {
	_ = s.tables.DropScratch(r.Context())
}
