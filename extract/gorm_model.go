package extract

import (
	"go/types"

	"github.com/locklint/locklint/models"
)

// gormModel is a model type as a statement uses it.
type gormModel struct {
	obj *types.TypeName
	m   *models.Model
	// table is the model's table, "" when it cannot be told here: a
	// TableName method declared in another package (facts may tell, see
	// NameModels), or computed.
	table string
}

// gormModelOf reads the model a value of type t holds (User, *User,
// []User, *[]*User), nil when t holds no named struct.
func (c *call) gormModelOf(t types.Type, v1 bool) *gormModel {
	obj := models.StructOf(t)
	if obj == nil {
		return nil
	}
	st := c.out.gorm()
	if st.models == nil {
		st.models = map[*types.TypeName]*gormModel{}
	}
	if gm, ok := st.models[obj]; ok {
		return gm
	}
	src := st.source(c.info)
	table, _ := models.TableName(obj, *src.Source, st.namingOf(c.info))
	d := models.V2
	if v1 {
		d = models.V1
	}
	gm := &gormModel{obj: obj, m: models.Parse(obj.Type(), table, d), table: table}
	st.models[obj] = gm
	return gm
}

// pk returns the model's single primary-key column, "" when it has none
// or several (GORM then has no column for `First(&x, 10)`).
func (gm *gormModel) pk() string {
	if gm == nil || gm.m == nil {
		return ""
	}
	if pk := gm.m.PrimaryKey(); len(pk) == 1 {
		return pk[0]
	}
	return ""
}

// column returns the column of the Go field path below the model.
func (gm *gormModel) column(path ...string) string {
	if gm == nil || gm.m == nil {
		return ""
	}
	if col := gm.m.Field(path...); col != nil {
		return col.Name
	}
	return ""
}
