// Package models declares the models of the gormjoins golden package:
// many2many associations whose join tables GORM creates itself.
package models

import "gorm.io/gorm"

// Member belongs to teams through member_teams, which GORM creates with
// the primary key (member_id, team_id): the owner's column first.
type Member struct {
	gorm.Model
	Email string  `gorm:"uniqueIndex;size:190"`
	Teams []Team  `gorm:"many2many:member_teams"`
	Roles []Role  `gorm:"many2many:member_roles;joinForeignKey:MemberRef;joinReferences:RoleRef"`
	Tags  []Tag   `gorm:"many2many:MemberTag"`
	Pets  []Pet   `gorm:"-"`
	Boss  *Member // a belongs-to pointer, no join table
}

// Team has a non-default primary key, Code.
type Team struct {
	Code string `gorm:"primaryKey;size:32"`
	Name string
}

// Role's join table names its columns by tag.
type Role struct {
	ID   uint
	Name string
}

// Tag's join table is named in CamelCase: GORM makes it member_tags.
type Tag struct {
	ID    uint
	Label string
}

// Pet is no association at all (the field is ignored).
type Pet struct {
	ID uint
}

// MemberTeam is a helper that names member_teams' columns so that
// services can delete from it directly; it declares no key of its own, so
// the join table GORM creates keeps its primary key.
type MemberTeam struct {
	MemberID uint   `gorm:"column:member_id"`
	TeamCode string `gorm:"column:team_code"`
}

func (MemberTeam) TableName() string { return "member_teams" }

// Project and Reviewer both declare project_reviewers, with the owner's
// column first on each side: the two disagree on which column leads the
// primary key, and which one AutoMigrate creates depends on the order of
// its arguments, which this package does not show.
type Project struct {
	ID        uint
	Name      string
	Reviewers []Reviewer `gorm:"many2many:project_reviewers"`
}

type Reviewer struct {
	ID       uint
	Login    string
	Projects []Project `gorm:"many2many:project_reviewers"`
}
