package sqltext

import (
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// ddl summarizes a DDL statement: which tables it takes a metadata lock
// on, and, for the schema, the columns and indexes it declares or drops.
func (b *builder) ddl(st ast.DDLNode) {
	s := b.s
	s.Kind = KindDDL
	d := &DDL{}
	s.DDL = d
	switch st := st.(type) {
	case *ast.CreateTableStmt:
		d.Op = DDLCreateTable
		d.IfNotExists = st.IfNotExists
		d.table(st.Table)
		d.table(st.ReferTable)
		for _, c := range st.Cols {
			d.column(c)
		}
		for _, c := range st.Constraints {
			d.constraint(c)
		}
		d.Partition = partitioning(st.Partition)
		if st.Select != nil {
			// CREATE TABLE ... SELECT reads (and share-locks) its sources.
			for _, r := range b.refs {
				d.Tables = append(d.Tables, r.name)
			}
		}
	case *ast.AlterTableStmt:
		d.Op = DDLAlterTable
		d.table(st.Table)
		for _, spec := range st.Specs {
			d.alter(st.Table, spec)
		}
	case *ast.CreateIndexStmt:
		d.Op = DDLCreateIndex
		d.table(st.Table)
		if st.KeyType != ast.IndexKeyTypeFulltext && st.KeyType != ast.IndexKeyTypeSpatial {
			// A FULLTEXT or SPATIAL index serves no equality or range
			// lookup (only MATCH and spatial functions), so it is not
			// one a WHERE can use to lock fewer rows.
			d.AddIndexes = append(d.AddIndexes, IndexDef{
				Name:    strings.ToLower(st.IndexName),
				Columns: keyColumns(st.IndexPartSpecifications),
				Unique:  st.KeyType == ast.IndexKeyTypeUnique,
			})
		}
		switch st.KeyType {
		case ast.IndexKeyTypeFulltext:
			d.AlterSpecs = append(d.AlterSpecs, "ADD FULLTEXT INDEX")
			d.FulltextIndexes = append(d.FulltextIndexes, strings.ToLower(st.IndexName))
		case ast.IndexKeyTypeSpatial:
			d.AlterSpecs = append(d.AlterSpecs, "ADD SPATIAL INDEX")
		}
		d.lockAlg(st.LockAlg)
	case *ast.DropIndexStmt:
		d.Op = DDLDropIndex
		d.table(st.Table)
		d.DropIndexes = append(d.DropIndexes, strings.ToLower(st.IndexName))
		d.lockAlg(st.LockAlg)
	case *ast.DropTableStmt:
		d.Op = DDLDropTable
		if st.IsView {
			d.Op = DDLOther
		}
		for _, t := range st.Tables {
			d.table(t)
		}
	case *ast.RenameTableStmt:
		d.Op = DDLRenameTable
		for _, tt := range st.TableToTables {
			d.table(tt.OldTable)
			d.table(tt.NewTable)
			d.Renames = append(d.Renames, Rename{From: tableName(tt.OldTable), To: tableName(tt.NewTable)})
		}
	case *ast.TruncateTableStmt:
		d.Op = DDLTruncate
		d.table(st.Table)
	case *ast.OptimizeTableStmt:
		d.Op = DDLOptimize
		for _, t := range st.Tables {
			d.table(t)
		}
	default:
		d.Op = DDLOther
	}
	if i := sort.Search(len(b.n.waits), func(i int) bool { return b.n.waits[i].off >= b.start }); i < len(b.n.waits) && b.n.waits[i].off < b.end {
		d.NoWait, d.WaitSeconds = b.n.waits[i].noWait, b.n.waits[i].sec
	}
	for _, t := range d.Tables {
		s.Tables = append(s.Tables, TableRef{Name: t})
	}
}

// partitioning reads the column a PARTITION BY RANGE or LIST clause
// chooses partitions by. HASH and KEY partitioning, and an expression of
// several columns, are left out (nil): what they let the server skip is
// not read.
func partitioning(p *ast.PartitionOptions) *Partition {
	if p == nil || p.Tp != ast.PartitionTypeRange && p.Tp != ast.PartitionTypeList {
		return nil
	}
	if len(p.ColumnNames) > 0 {
		// RANGE COLUMNS / LIST COLUMNS compare the first column first.
		return &Partition{Column: p.ColumnNames[0].Name.L, Ranges: true}
	}
	switch e := unparen(p.Expr).(type) {
	case *ast.ColumnNameExpr:
		return &Partition{Column: e.Name.Name.L, Ranges: true}
	case *ast.FuncCallExpr:
		if len(e.Args) != 1 {
			return nil
		}
		c, ok := unparen(e.Args[0]).(*ast.ColumnNameExpr)
		if !ok {
			return nil
		}
		switch e.FnName.L {
		case "year", "to_days", "to_seconds", "unix_timestamp":
			return &Partition{Column: c.Name.Name.L, Ranges: true}
		}
		// Another function of the column: the server can still compute
		// the partition of an equality, not of a range.
		return &Partition{Column: c.Name.Name.L}
	}
	return nil
}

// tableName is the lower-case name of t without its database, "" for a
// Sprintf hole.
func tableName(t *ast.TableName) string {
	if t == nil || isHole(t.Name.L) {
		return ""
	}
	return t.Name.L
}

func (d *DDL) table(t *ast.TableName) {
	if t != nil {
		d.Tables = append(d.Tables, tableName(t))
	}
}

// column records a column definition and the indexes its options declare.
func (d *DDL) column(c *ast.ColumnDef) {
	name := c.Name.Name.L
	d.Columns = append(d.Columns, name)
	d.columnType(c)
	for _, o := range c.Options {
		switch o.Tp {
		case ast.ColumnOptionPrimaryKey:
			d.AddIndexes = append(d.AddIndexes, IndexDef{Name: "primary", Columns: []string{name}, Unique: true, Primary: true})
		case ast.ColumnOptionUniqKey:
			d.AddIndexes = append(d.AddIndexes, IndexDef{Columns: []string{name}, Unique: true})
		case ast.ColumnOptionCheck:
			d.pin(o.Expr)
		}
	}
}

// pin records the column a CHECK expression `col = constant` pins.
func (d *DDL) pin(e ast.ExprNode) {
	b, ok := unparen(e).(*ast.BinaryOperationExpr)
	if !ok || b.Op != opcode.EQ {
		return
	}
	for _, pair := range [][2]ast.ExprNode{{b.L, b.R}, {b.R, b.L}} {
		c, isCol := unparen(pair[0]).(*ast.ColumnNameExpr)
		if _, isConst := unparen(pair[1]).(ast.ValueExpr); isCol && isConst {
			d.Pinned = append(d.Pinned, c.Name.Name.L)
			return
		}
	}
}

// constraint records an index a table constraint declares. A foreign key
// is recorded as the plain index InnoDB creates for it when no other index
// starts with its columns; its parent table is named too (the statement
// locks it).
func (d *DDL) constraint(c *ast.Constraint) {
	def := IndexDef{Name: strings.ToLower(c.Name), Columns: keyColumns(c.Keys)}
	switch c.Tp {
	case ast.ConstraintPrimaryKey:
		def.Name, def.Unique, def.Primary = "primary", true, true
	case ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
		def.Unique = true
	case ast.ConstraintKey, ast.ConstraintIndex:
	case ast.ConstraintFulltext:
		// No lookup by equality or range uses it (see CreateIndexStmt).
		d.FulltextIndexes = append(d.FulltextIndexes, strings.ToLower(c.Name))
		return
	case ast.ConstraintForeignKey:
		if c.Refer != nil {
			d.table(c.Refer.Table)
			if c.Refer.Table != nil {
				d.ForeignKeys = append(d.ForeignKeys, ForeignKey{
					Name:       strings.ToLower(c.Name),
					Columns:    keyColumns(c.Keys),
					RefTable:   tableName(c.Refer.Table),
					RefColumns: keyColumns(c.Refer.IndexPartSpecifications),
				})
			}
		}
	case ast.ConstraintCheck:
		d.pin(c.Expr)
		return
	default:
		return
	}
	d.AddIndexes = append(d.AddIndexes, def)
}

// keyColumns lists an index's columns, lower case, without prefix
// lengths; an expression key part is "".
func keyColumns(parts []*ast.IndexPartSpecification) []string {
	cols := make([]string, len(parts))
	for i, p := range parts {
		if p.Column != nil {
			cols[i] = p.Column.Name.L
		}
	}
	return cols
}

func (d *DDL) lockAlg(la *ast.IndexLockAndAlgorithm) {
	if la == nil {
		return
	}
	if la.AlgorithmTp != ast.AlgorithmTypeDefault {
		d.Algorithm = la.AlgorithmTp.String()
	}
	if la.LockTp != 0 {
		d.LockClause = la.LockTp.String()
	}
}

// alter records one ALTER TABLE specification.
func (d *DDL) alter(t *ast.TableName, spec *ast.AlterTableSpec) {
	add := func(s string) { d.AlterSpecs = append(d.AlterSpecs, s) }
	switch spec.Tp {
	case ast.AlterTableOption:
		for _, o := range spec.Options {
			add(tableOption(o))
		}
	case ast.AlterTableAddColumns:
		add("ADD COLUMN")
		for _, c := range spec.NewColumns {
			d.column(c)
		}
		for _, c := range spec.NewConstraints {
			d.constraint(c)
		}
	case ast.AlterTableAddConstraint:
		if c := spec.Constraint; c != nil {
			switch c.Tp {
			case ast.ConstraintPrimaryKey:
				add("ADD PRIMARY KEY")
			case ast.ConstraintForeignKey:
				add("ADD FOREIGN KEY")
			case ast.ConstraintCheck:
				add("ADD CHECK")
			case ast.ConstraintKey, ast.ConstraintIndex, ast.ConstraintUniq, ast.ConstraintUniqKey,
				ast.ConstraintUniqIndex:
				add("ADD INDEX")
			case ast.ConstraintFulltext:
				// Unlike other indexes, built without concurrent writes.
				add("ADD FULLTEXT INDEX")
			default:
				add("OTHER")
			}
			d.constraint(c)
		}
	case ast.AlterTableDropColumn:
		add("DROP COLUMN")
	case ast.AlterTableDropPrimaryKey:
		add("DROP PRIMARY KEY")
		d.DropIndexes = append(d.DropIndexes, "primary")
	case ast.AlterTableDropIndex:
		add("DROP INDEX")
		d.DropIndexes = append(d.DropIndexes, strings.ToLower(spec.Name))
	case ast.AlterTableDropForeignKey:
		add("DROP FOREIGN KEY")
		d.DropForeignKeys = append(d.DropForeignKeys, strings.ToLower(spec.Name))
	case ast.AlterTableModifyColumn:
		add("MODIFY COLUMN")
		d.modifyTypes(spec.NewColumns)
	case ast.AlterTableChangeColumn:
		add("CHANGE COLUMN")
		d.modifyTypes(spec.NewColumns)
		if spec.OldColumnName != nil && len(spec.NewColumns) == 1 && spec.NewColumns[0].Name != nil {
			d.ColumnRenames = append(d.ColumnRenames, Rename{From: spec.OldColumnName.Name.L, To: spec.NewColumns[0].Name.Name.L})
		}
	case ast.AlterTableRenameColumn:
		add("RENAME COLUMN")
		if spec.OldColumnName != nil && spec.NewColumnName != nil {
			d.ColumnRenames = append(d.ColumnRenames, Rename{From: spec.OldColumnName.Name.L, To: spec.NewColumnName.Name.L})
		}
	case ast.AlterTableRenameTable:
		add("RENAME")
		if spec.NewTable != nil {
			d.table(spec.NewTable)
			d.Renames = append(d.Renames, Rename{From: tableName(t), To: tableName(spec.NewTable)})
		}
	case ast.AlterTableAlterColumn:
		add("ALTER COLUMN DEFAULT")
	case ast.AlterTableRenameIndex:
		add("RENAME INDEX")
	case ast.AlterTableForce:
		add("FORCE")
	case ast.AlterTableIndexInvisible:
		add("ALTER INDEX")
	case ast.AlterTableAlterCheck:
		add("ALTER CHECK")
	case ast.AlterTableDropCheck:
		add("DROP CHECK")
	case ast.AlterTableAlgorithm:
		d.Algorithm = spec.Algorithm.String()
	case ast.AlterTableLock:
		d.LockClause = spec.LockType.String()
	default:
		add("OTHER")
	}
}

func tableOption(o *ast.TableOption) string {
	switch o.Tp {
	case ast.TableOptionEngine:
		return "ENGINE"
	case ast.TableOptionCharset, ast.TableOptionCollate:
		if o.UintValue == ast.TableOptionCharsetWithConvertTo {
			return "CONVERT TO CHARACTER SET"
		}
		return "DEFAULT CHARACTER SET"
	case ast.TableOptionAutoIncrement:
		return "AUTO_INCREMENT"
	case ast.TableOptionComment:
		return "COMMENT"
	case ast.TableOptionRowFormat:
		return "ROW_FORMAT"
	}
	return "OTHER"
}

// columnType records the type a column definition gives its column.
func (d *DDL) columnType(c *ast.ColumnDef) {
	if c.Name == nil || c.Tp == nil {
		return
	}
	ft := c.Tp
	t := strings.ToLower(ft.CompactStr()) // with an ENUM's or SET's values
	if mysql.HasUnsignedFlag(ft.GetFlag()) {
		t += " unsigned"
	}
	if mysql.HasZerofillFlag(ft.GetFlag()) {
		t += " zerofill"
	}
	if cs := ft.GetCharset(); cs != "" {
		t += " character set " + strings.ToLower(cs)
	}
	if co := ft.GetCollate(); co != "" {
		t += " collate " + strings.ToLower(co)
	}
	for _, o := range c.Options {
		if o.Tp == ast.ColumnOptionCollate && o.StrValue != "" {
			t += " collate " + strings.ToLower(o.StrValue)
		}
	}
	d.ColumnTypes = append(d.ColumnTypes, ColumnType{Name: c.Name.Name.L, Type: t})
}

// modifyTypes records the types MODIFY or CHANGE COLUMN give the columns.
func (d *DDL) modifyTypes(cols []*ast.ColumnDef) {
	for _, c := range cols {
		d.columnType(c)
		if c.Tp != nil {
			d.ModifyTypes = append(d.ModifyTypes, strings.ToLower(types.TypeToStr(c.Tp.GetType(), c.Tp.GetCharset())))
		}
	}
}
