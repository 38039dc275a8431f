// Package model declares the build service's tables as they are now.
package model

// Build is one run of a project's pipeline.
type Build struct {
	ID        int64  `xorm:"pk autoincr 'id'"`
	ProjectID int64  `xorm:"index 'project_id'"`
	Event     string `xorm:"'event'"`
	Source    string `xorm:"'source'"`
	Title     string `xorm:"'title'"`
}

func (Build) TableName() string { return "builds" }
