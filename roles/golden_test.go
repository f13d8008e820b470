package roles

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// update rewrites the golden files: go test ./roles -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// checkGolden pins the JSON of v to testdata/golden/<name>.json: v must
// marshal (indented) to exactly the file's bytes, and the file must decode
// into a value of v's type that marshals back to the same bytes. With -update
// it writes the file instead.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("marshal %s: %v", name, err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: the JSON differs from the golden file (run with -update if the change is intended)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
	typ := reflect.TypeOf(v)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	back := reflect.New(typ)
	if err := json.Unmarshal(want, back.Interface()); err != nil {
		t.Fatalf("%s does not decode into %v: %v", path, typ, err)
	}
	again, err := json.MarshalIndent(back.Interface(), "", "  ")
	if err != nil {
		t.Fatalf("marshal decoded %s: %v", name, err)
	}
	if !bytes.Equal(append(again, '\n'), want) {
		t.Errorf("%s does not survive a round trip through %v:\n%s", path, typ, again)
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	related := RelatedPerson{ID: relatedID, GivenName: "Ingrid", FamilyName: "Testsson", Relation: "mormor", Revision: 1}
	invalid := testChild()
	invalid.Kommun, invalid.GivenName = "0000", ""
	var ve *ValidationError
	if !errors.As(invalid.Validate(), &ve) {
		t.Fatal("want a *ValidationError")
	}
	ended := testCustody()
	ended.Period.End = ended.Period.Start.AddDate(5, 0, 0)
	// An open-ended Stödsamordnare without a unit: end and unitId are left out.
	open := testAssignment()
	open.ID, open.Role, open.Agency, open.UnitID = asgIDs[1], Stodsamordnare, Socialtjanst, ID[Unit]{}
	open.Period.End = time.Time{}
	tests := []struct {
		name string
		v    any
	}{
		{"child", testChild()},
		{"guardian", testGuardian()},
		{"custody", testCustody()},
		{"custody_ended", ended},
		{"organisation", testRegion()},
		{"organisation_kommun", testKommun()},
		{"unit", testUnit()},
		{"professional", testProfessional()},
		{"assignment", testAssignment()},
		{"assignment_open", open},
		{"related_person", related},
		{"validation_error", ve},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkGolden(t, tt.name, tt.v)
		})
	}
}
