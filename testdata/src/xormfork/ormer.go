package xormfork

// createTable brings the tables to the models at start-up, through an
// exported function main calls: xorm's Sync2 outside a migration step is
// silent, whatever the helper is called.
func (a *Adapter) createTable() {
	if err := a.Engine.Sync2(new(Account)); err != nil {
		panic(err)
	}
	if err := a.Engine.Sync2(new(Team)); err != nil {
		panic(err)
	}
}

// CreateTables creates or updates the tables.
func CreateTables() { adapter.createTable() }
