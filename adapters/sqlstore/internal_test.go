package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/backabarnet/backabarnet/plan"
)

// TestSameItem checks that sameItem tells items apart that differ in any
// one field of plan.Item, so that a field added to it is not forgotten.
func TestSameItem(t *testing.T) {
	t.Parallel()
	var a plan.Item
	if !sameItem(&a, &a) {
		t.Fatal("sameItem: an item differs from itself")
	}
	typ := reflect.TypeFor[plan.Item]()
	for i := range typ.NumField() {
		b := a
		f := reflect.ValueOf(&b).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Array:
			f.Index(0).SetUint(1)
		case reflect.Struct: // roles.Date
			f.Field(0).SetInt(1)
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		default:
			t.Fatalf("field %s is a %s: teach the test to change one", typ.Field(i).Name, f.Kind())
		}
		if sameItem(&a, &b) {
			t.Errorf("sameItem does not compare field %s", typ.Field(i).Name)
		}
	}
}

// TestStmtCacheBound checks that a Store keeps no more than maxCachedStmts
// statements prepared, and none after Close.
func TestStmtCacheBound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := OpenSQLite(t.Context(), MemoryPath)
	if err != nil {
		t.Fatal(err)
	}
	qs := make([]string, maxCachedStmts+10)
	for i := range qs {
		qs[i] = fmt.Sprintf("SELECT %d", i)
	}
	s.stmts.adopt(ctx, s.db, qs)
	if n := len(s.stmts.stmts); n != maxCachedStmts {
		t.Errorf("%d statements kept, want %d", n, maxCachedStmts)
	}
	if st := s.stmts.get(qs[0]); st == nil {
		t.Error("the first statement is not kept")
	} else {
		var n int
		if err := st.QueryRowContext(ctx).Scan(&n); err != nil || n != 0 {
			t.Errorf("the kept statement gave %d, %v", n, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s.stmts.adopt(ctx, s.db, qs[:1])
	if len(s.stmts.stmts) != 0 {
		t.Error("statements kept after Close")
	}
}
