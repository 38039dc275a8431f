package migration

// buildV1 is builds as the first releases left it, with an index on
// kind that a later release dropped: the view of one step of the table's
// history, which yields to the application's model of the table now
// (model.Build), so builds stays known.
type buildV1 struct {
	ID   int64  `xorm:"pk autoincr 'id'"`
	Kind string `xorm:"index 'kind'"`
}

func (buildV1) TableName() string { return "builds" }
