package gormmigrate

import (
	"net/http"

	"gormshop/models"

	"gorm.io/gorm"
)

type handler struct{ db *gorm.DB }

// --- reported: schema changes on request paths ---

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.db.AutoMigrate(&models.Account{}, &models.Order{}); err != nil { // want `ddl-lock: AutoMigrate \(GORM\) sends DDL derived from the models, ALTER TABLE for every column, index or constraint that differs, and each ALTER needs an exclusive metadata lock on its table: .*Called outside startup and migration code, it runs on a request path against live traffic\. Fix: run migrations out of band`
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (h *handler) addNote(w http.ResponseWriter, r *http.Request) {
	h.db.Migrator().AddColumn(&models.Order{}, "Note") // want `ddl-lock: Migrator\(\)\.AddColumn \(GORM\) sends DDL`
}

func (h *handler) dropIndex() error {
	m := h.db.WithContext(nil).Migrator()
	return m.DropIndex(&models.Order{}, "idx_orders_created") // want `ddl-lock: Migrator\(\)\.DropIndex \(GORM\) sends DROP INDEX, which needs an exclusive metadata lock on its table`
}

func (h *handler) handlerLiteral() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.db.Migrator().AlterColumn(&models.Account{}, "Email") // want `ddl-lock: Migrator\(\)\.AlterColumn`
	}
}

func (h *handler) renameTable() error {
	return h.db.Migrator().RenameTable("jobs", "jobs_old") // want `ddl-lock: Migrator\(\)\.RenameTable`
}

// --- not reported ---

// Startup and migration code is where schema changes belong.
func init() {
	var db *gorm.DB
	db.AutoMigrate(&models.Job{})
}

func NewHandler(db *gorm.DB) *handler {
	db.AutoMigrate(&models.Job{})
	return &handler{db: db}
}

func runMigrations(db *gorm.DB) error {
	return db.Migrator().AddColumn(&models.Job{}, "Worker")
}

type Migrator struct{ db *gorm.DB }

func (m *Migrator) Up() error { return m.db.AutoMigrate(&models.Stock{}) }

func setupSchema(db *gorm.DB) error {
	return db.Migrator().DropTable("legacy")
}

// Reads, and creating a table that does not exist yet.
func (h *handler) tables() bool {
	if !h.db.Migrator().HasTable(&models.Stock{}) {
		return h.db.Migrator().CreateTable(&models.Stock{}) == nil
	}
	return true
}

// A helper whose only caller is a constructor migrates at startup too,
// whatever its own name says.
type adapter struct{ db *gorm.DB }

func NewAdapter(db *gorm.DB) (*adapter, error) {
	a := &adapter{db: db}
	return a, a.createTable()
}

func (a *adapter) createTable() error {
	return a.db.AutoMigrate(&models.Job{})
}

// Near miss: the same kind of helper called from a request handler too
// runs on the request path.
func (h *handler) ensureTable() error {
	return h.db.AutoMigrate(&models.Stock{}) // want `ddl-lock: AutoMigrate \(GORM\)`
}

func NewHandlerEnsuring(db *gorm.DB) *handler {
	h := &handler{db: db}
	h.ensureTable()
	return h
}

func (h *handler) serveEnsure(w http.ResponseWriter, r *http.Request) {
	h.ensureTable()
}
