package adaptertest

import (
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
)

var timeType = reflect.TypeFor[time.Time]()

// Expected returns what a store must give back for v: a deep copy with every
// instant normalised (adapters.NormalizeTime), every empty slice or map and
// every pointer to a zero value as nil. It is how the suite computes the
// wanted value of a round trip.
func Expected[T any](v T) T {
	var out T
	copyValue(reflect.ValueOf(&out).Elem(), reflect.ValueOf(&v).Elem(), true)
	return out
}

// snapshot returns a deep copy of v as it is: nothing normalised, nil and
// empty kept apart, so that a later comparison shows any change in place.
func snapshot[T any](v T) T {
	var out T
	copyValue(reflect.ValueOf(&out).Elem(), reflect.ValueOf(&v).Elem(), false)
	return out
}

// copyValue sets dst (settable) to a deep copy of src: the canonical one
// (Expected) when canonical is set, else one exactly as src is (snapshot).
func copyValue(dst, src reflect.Value, canonical bool) {
	if canonical && src.Type() == timeType {
		dst.Set(reflect.ValueOf(adapters.NormalizeTime(src.Interface().(time.Time))))
		return
	}
	switch src.Kind() {
	case reflect.Struct:
		dst.Set(src) // unexported fields (a Personnummer's digits) by value
		for i := 0; i < src.NumField(); i++ {
			if src.Type().Field(i).IsExported() {
				copyValue(dst.Field(i), src.Field(i), canonical)
			}
		}
	case reflect.Slice:
		if src.IsNil() || canonical && src.Len() == 0 {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			copyValue(s.Index(i), src.Index(i), canonical)
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() || canonical && src.Len() == 0 {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, it.Value(), canonical)
			m.SetMapIndex(it.Key(), v)
		}
		dst.Set(m)
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem(), canonical)
		if canonical && p.Elem().IsZero() {
			dst.SetZero()
			return
		}
		dst.Set(p)
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			copyValue(dst.Index(i), src.Index(i), canonical)
		}
	default:
		dst.Set(src)
	}
}

// diff compares got with want field by field and returns one line per
// difference: "Contact.City = \"\", want \"Åmål\"". Instants must be equal and
// in UTC; nil and empty differ.
func diff(got, want any) []string {
	var out []string
	diffValue(&out, "", reflect.ValueOf(got), reflect.ValueOf(want))
	return out
}

const maxDiffs = 20

func diffValue(out *[]string, path string, got, want reflect.Value) {
	if len(*out) >= maxDiffs {
		return
	}
	report := func(format string, args ...any) {
		p := path
		if p == "" {
			p = "value"
		}
		*out = append(*out, p+" "+fmt.Sprintf(format, args...))
	}
	if got.Type() == timeType {
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		switch {
		case !g.Equal(w):
			report("= %s, want %s", showTime(g), showTime(w))
		case g.Location() != time.UTC:
			report("is in location %q, want UTC", g.Location())
		}
		return
	}
	switch got.Kind() {
	case reflect.Struct:
		if hasUnexported(got.Type()) {
			if got.Type().Comparable() && !got.Equal(want) {
				report("= %s, want %s", show(got), show(want))
			}
			return
		}
		for i := 0; i < got.NumField(); i++ {
			diffValue(out, join(path, got.Type().Field(i).Name), got.Field(i), want.Field(i))
		}
	case reflect.Slice:
		switch {
		case got.IsNil() && !want.IsNil():
			report("is nil, want %s", show(want))
		case !got.IsNil() && want.IsNil():
			report("= %s, want nil", show(got))
		case got.Type().Elem().Kind() == reflect.Uint8:
			if string(got.Bytes()) != string(want.Bytes()) {
				report("= %s, want %s", show(got), show(want))
			}
		case got.Len() != want.Len():
			report("has %d elements, want %d: %s, want %s", got.Len(), want.Len(), show(got), show(want))
		default:
			for i := 0; i < got.Len(); i++ {
				diffValue(out, path+"["+strconv.Itoa(i)+"]", got.Index(i), want.Index(i))
			}
		}
	case reflect.Map:
		switch {
		case got.IsNil() != want.IsNil() || got.Len() != want.Len():
			report("= %s, want %s", show(got), show(want))
		default:
			it := want.MapRange()
			for it.Next() {
				g := got.MapIndex(it.Key())
				if !g.IsValid() {
					report("lacks key %v", it.Key())
					continue
				}
				diffValue(out, fmt.Sprintf("%s[%v]", path, it.Key()), g, it.Value())
			}
		}
	case reflect.Pointer:
		switch {
		case got.IsNil() && want.IsNil():
		case got.IsNil():
			report("is nil, want %s", show(want))
		case want.IsNil():
			report("= %s, want nil", show(got))
		default:
			diffValue(out, path, got.Elem(), want.Elem())
		}
	default:
		if !got.Equal(want) {
			report("= %s, want %s", show(got), show(want))
		}
	}
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func hasUnexported(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

func showTime(t time.Time) string {
	if t.IsZero() {
		return "zero time"
	}
	return t.Format("2006-01-02T15:04:05.999999999Z07:00") + " (" + t.Location().String() + ")"
}

// show prints a value for a message. Values print through their String
// method where they have one, so a personnummer shows in redacted form.
func show(v reflect.Value) string {
	if !v.IsValid() {
		return "<invalid>"
	}
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
		b := v.Bytes()
		if v.IsNil() {
			return "nil"
		}
		if isText(b) {
			return strconv.Quote(string(b))
		}
		if len(b) > 16 {
			return "0x" + hex.EncodeToString(b[:16]) + "…"
		}
		return "0x" + hex.EncodeToString(b)
	}
	if v.Kind() == reflect.String {
		return strconv.Quote(v.String())
	}
	if (v.Kind() == reflect.Slice || v.Kind() == reflect.Map || v.Kind() == reflect.Pointer) && v.IsNil() {
		return "nil"
	}
	s := fmt.Sprintf("%+v", v.Interface())
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// scribble overwrites everything reachable from v (settable): strings,
// numbers, instants, the elements of slices and maps, the targets of
// pointers. The suite scribbles over values it wrote or read to show that a
// store keeps copies of its own.
func scribble(v reflect.Value) {
	if v.Type() == timeType {
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(7 * time.Hour)))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if hasUnexported(v.Type()) {
			v.SetZero()
			return
		}
		for i := 0; i < v.NumField(); i++ {
			scribble(v.Field(i))
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b := v.Bytes()
			for i := range b {
				b[i] ^= 0xff
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			scribble(v.Index(i))
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			scribble(e)
			v.SetMapIndex(it.Key(), e)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			scribble(v.Index(i))
		}
	case reflect.String:
		v.SetString(v.String() + " (scribbled)")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1000)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() ^ 0x5a)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	}
}

// unset returns the paths of the leaf fields of v that hold their zero value
// (for elements of slices: in every element; "Items[].Due"), but for the
// fields named in skip. Fixtures use it to check that a full record sets every
// field, so that a store that loses a field cannot pass.
func unset(v any, skip ...string) []string {
	seen := map[string]bool{} // path -> set somewhere
	var order []string
	mark := func(path string, isSet bool) {
		if _, ok := seen[path]; !ok {
			order = append(order, path)
		}
		seen[path] = seen[path] || isSet
	}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if slices.Contains(skip, path) {
			return
		}
		if v.Type() == timeType {
			mark(path, !v.IsZero())
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			if hasUnexported(v.Type()) {
				mark(path, !v.IsZero())
				return
			}
			for i := 0; i < v.NumField(); i++ {
				walk(join(path, v.Type().Field(i).Name), v.Field(i))
			}
		case reflect.Slice:
			mark(path, v.Len() > 0)
			if v.Type().Elem().Kind() == reflect.Uint8 {
				return
			}
			for i := 0; i < v.Len(); i++ {
				walk(path+"[]", v.Index(i))
			}
		case reflect.Pointer:
			mark(path, !v.IsNil())
			if !v.IsNil() {
				walk(path, v.Elem())
			}
		default:
			mark(path, !v.IsZero())
		}
	}
	walk("", reflect.ValueOf(v))
	var out []string
	for _, p := range order {
		if !seen[p] {
			out = append(out, p)
		}
	}
	return out
}

// lines joins differences for a message: one on the same line, more one per line.
func lines(ds []string) string {
	if len(ds) == 1 {
		return " " + ds[0]
	}
	return "\n\t" + strings.Join(ds, "\n\t")
}
