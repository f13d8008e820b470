package behovskompass_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	bk "github.com/backabarnet/backabarnet/behovskompass"
)

// FuzzAssessmentJSON: decoding never panics, and whatever decodes encodes
// and decodes again to the same value and the same bytes. Seeds are in
// testdata/fuzz/FuzzAssessmentJSON.
func FuzzAssessmentJSON(f *testing.F) {
	if b, err := os.ReadFile("testdata/golden/assessment.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a bk.Assessment
		if err := json.Unmarshal(data, &a); err != nil {
			return
		}
		_ = a.Validate() // never panics
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("a decoded assessment does not encode: %v", err)
		}
		var back bk.Assessment
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("an encoded assessment does not decode: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(a, back) {
			t.Fatalf("round trip changed the value:\n%+v\n%+v", a, back)
		}
		b2, err := json.Marshal(back)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("encoding is not stable: %v\n%s\n%s", err, b, b2)
		}
	})
}

// FuzzConcernJSON: decoding never panics, and a decoded concern that encodes
// decodes again to the same value. (A raisedBy without a kind decodes but
// does not encode: roles never writes an unset code.)
func FuzzConcernJSON(f *testing.F) {
	if b, err := os.ReadFile("testdata/golden/concern.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"areas":["trygghet"],"seriousness":"akut","raisedAt":"2026-01-01T01:00:00+01:00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c bk.Concern
		if err := json.Unmarshal(data, &c); err != nil {
			return
		}
		_ = c.Validate()
		b, err := json.Marshal(c)
		if err != nil {
			if c.RaisedBy.Kind == "" {
				return
			}
			t.Fatalf("a decoded concern does not encode: %v", err)
		}
		var back bk.Concern
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("an encoded concern does not decode: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(c, back) {
			t.Fatalf("round trip changed the value:\n%+v\n%+v", c, back)
		}
	})
}

// FuzzParseCatalog: parsing never panics, and a catalogue that parses
// encodes and parses again to the same catalogue.
func FuzzParseCatalog(f *testing.F) {
	if b, err := json.Marshal(bk.BuiltinCatalog()); err == nil {
		f.Add(b)
	}
	if b, err := os.ReadFile("testdata/dalsland_catalog.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"areas":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := bk.ParseCatalog(data)
		if err != nil {
			return
		}
		for _, a := range bk.Areas() {
			_ = c.AreaLabel(a, "en-GB")
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("a parsed catalogue does not encode: %v", err)
		}
		back, err := bk.ParseCatalog(b)
		if err != nil {
			t.Fatalf("an encoded catalogue does not parse: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(c, back) {
			t.Fatalf("round trip changed the catalogue")
		}
	})
}
