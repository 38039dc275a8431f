package gormrepo

// Ticket is table tickets, which no migration creates: its gorm tags are
// the only schema locklint has for it.
type Ticket struct {
	ID      int64
	EventID int64  `gorm:"index"`
	Seat    string `gorm:"size:8"`
	Holder  string `gorm:"size:64"`
	Status  string `gorm:"size:16"`
}

// Account is table accounts, which the migrations create too: where both
// describe a table the DDL wins (here they agree).
type Account struct {
	ID      int64
	OwnerID int64  `gorm:"index:idx_owner"`
	Email   string `gorm:"uniqueIndex:uk_email;size:190"`
	Balance int64
	Status  string `gorm:"size:20"`
}
