// Package models reads the database schema that GORM models describe: the
// tables, columns, primary keys and indexes that GORM's AutoMigrate would
// create from gorm-tagged Go structs, read from go/types and struct tags
// (never by running GORM). It also names tables and columns the way GORM
// does (snake_case, English plurals, TableName methods, a NamingStrategy
// visible in the package), so that the GORM extractor and the schema agree
// on what a model is called.
//
// xorm models are read the same way from `xorm:"..."` tags (pk, index,
// unique(name), extends, column names), named by a TableName method or
// by the engine's mapper (xorm.go). bun models give their table from
// bun.BaseModel's tag and only their primary and unique keys (bun.go):
// their tables are Partial.
//
// ent's tables are read from the migrate package ent generates, whose
// *schema.Table literals describe what its migration creates (ent.go).
//
// The tables a package declares are exported as a package Fact, so that a
// repository package sees the models of the package it imports.
package models
