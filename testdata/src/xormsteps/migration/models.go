// Package migration upgrades the schema of a build service, one
// xormigrate step after another.
package migration

// project is a repository that builds run for.
type project struct {
	ID         int64  `xorm:"pk autoincr 'id'"`
	Name       string `xorm:"unique 'name'"`
	Visibility string `xorm:"'visibility'"`
	Gated      bool   `xorm:"'gated'"`
}

func (project) TableName() string { return "projects" }

// build is one run of a project's pipeline.
type build struct {
	ID        int64  `xorm:"pk autoincr 'id'"`
	ProjectID int64  `xorm:"index 'project_id'"`
	Event     string `xorm:"'event'"`
	Source    string `xorm:"'source'"`
	Title     string `xorm:"'title'"`
}

func (build) TableName() string { return "builds" }
