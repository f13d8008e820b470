package behovskompass

import (
	"bytes"
	_ "embed" // the built-in catalogue
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/backabarnet/backabarnet/roles"
)

//go:embed builtin_catalog.json
var builtinCatalogJSON []byte

// AreaText is the label and the definition of one area, in several locales.
type AreaText struct {
	// Label names the area ("Trygghet"); a Swedish label is required.
	Label Localized `json:"label"`
	// Definition says what the area covers; a Swedish definition is required.
	Definition Localized `json:"definition"`
}

// Catalog holds the texts people read: the label and definition of each area,
// and the scales with their level labels, in Swedish and any other locales it
// has. A text missing in a locale falls back to Swedish.
//
// BuiltinCatalog returns the catalogue the library ships (Swedish and English,
// the scale Backa4). A municipality that words the compass its own way
// supplies its own catalogue as data (ParseCatalog), without a change to code;
// the JSON of BuiltinCatalog is the template. A Catalog is immutable: its
// methods return copies, so one value may be shared by any number of
// goroutines. The zero Catalog has no texts; labels then fall back to codes.
type Catalog struct {
	name         Localized
	areas        [numAreas]AreaText
	scales       []Scale
	defaultScale int
}

// catalogJSON is the wire form of a Catalog.
type catalogJSON struct {
	Name         Localized         `json:"name,omitempty"`
	Areas        map[Area]AreaText `json:"areas"`
	Scales       []Scale           `json:"scales,omitempty"`
	DefaultScale ScaleID           `json:"defaultScale,omitempty"`
}

var builtinCatalog = sync.OnceValue(func() Catalog {
	c, err := parseCatalog(builtinCatalogJSON, nil)
	if err != nil {
		panic("behovskompass: the built-in catalogue is broken: " + err.Error()) // caught by the tests
	}
	return c
})

// BuiltinCatalog returns the catalogue the library ships: the eight areas
// with Swedish and English labels and definitions, and the default scale
// Backa4 with its level labels.
func BuiltinCatalog() Catalog { return builtinCatalog() }

// ParseCatalog reads a catalogue from its JSON form (the form MarshalJSON
// writes; see builtin_catalog.json in the module for a complete example):
//
//	{
//	  "name": {"sv": "Dalsland"},
//	  "areas": {"trygghet": {"label": {"sv": "Trygghet", "en": "Safe"},
//	                         "definition": {"sv": "...", "en": "..."}}, ...},
//	  "scales": [{"id": "backa4", "name": {...}, "levels": [...]}],
//	  "defaultScale": "backa4"
//	}
//
// Every area needs a Swedish label and definition; other locales may cover
// only some areas (the rest fall back to Swedish). Without "scales" the
// catalogue has the built-in scales; without "defaultScale" the first scale is
// the default. Unknown fields and unknown area codes are rejected; the
// problems found are reported together as a *roles.ValidationError.
func ParseCatalog(data []byte) (Catalog, error) {
	return parseCatalog(data, func() []Scale { return BuiltinCatalog().Scales() })
}

// parseCatalog parses a catalogue; defaultScales, when not nil, gives the
// scales of a catalogue that lists none.
func parseCatalog(data []byte, defaultScales func() []Scale) (Catalog, error) {
	var w catalogJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return Catalog{}, fmt.Errorf("catalog: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Catalog{}, fmt.Errorf("catalog: %w: data after the JSON object", roles.ErrInvalid)
	}
	ve := &roles.ValidationError{Subject: "catalog"}
	var c Catalog
	w.Name.check(ve, "name", false, false)
	c.name = w.Name
	for i, a := range areas {
		t, ok := w.Areas[a]
		p := "areas." + string(a)
		if !ok {
			ve.Add(p, "required", "every area needs a label and a definition")
			continue
		}
		t.Label.check(ve, p+".label", true, true)
		t.Definition.check(ve, p+".definition", true, true)
		c.areas[i] = t
	}
	c.scales = w.Scales
	if c.scales == nil && defaultScales != nil {
		c.scales = defaultScales()
	}
	if len(c.scales) == 0 {
		ve.Add("scales", "required", "a catalogue has at least one scale")
	}
	for i := range c.scales {
		p := "scales[" + strconv.Itoa(i) + "]"
		c.scales[i].check(ve, p)
		for j := range i {
			if c.scales[j].ID == c.scales[i].ID {
				ve.Add(p+".id", "duplicate", "each scale's ID is unique in the catalogue")
				break
			}
		}
	}
	if w.DefaultScale != "" {
		c.defaultScale = -1
		for i := range c.scales {
			if c.scales[i].ID == w.DefaultScale {
				c.defaultScale = i
				break
			}
		}
		if c.defaultScale < 0 {
			ve.Add("defaultScale", "unknown", "not the ID of a scale in the catalogue")
		}
	}
	if err := ve.Err(); err != nil {
		return Catalog{}, err
	}
	return c, nil
}

// MarshalJSON implements json.Marshaler, in the form ParseCatalog reads.
func (c Catalog) MarshalJSON() ([]byte, error) {
	w := catalogJSON{Name: c.name, Areas: make(map[Area]AreaText, numAreas), Scales: c.scales}
	for i, a := range areas {
		if len(c.areas[i].Label) > 0 || len(c.areas[i].Definition) > 0 {
			w.Areas[a] = c.areas[i]
		}
	}
	if len(c.scales) > 0 {
		w.DefaultScale = c.scales[c.defaultScale].ID
	}
	return json.Marshal(w)
}

// UnmarshalJSON implements json.Unmarshaler with the rules of ParseCatalog, so
// that a catalogue can be part of a municipality's configuration file.
func (c *Catalog) UnmarshalJSON(b []byte) error {
	v, err := ParseCatalog(b)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Name returns the catalogue's name in locale (Swedish when missing there).
func (c Catalog) Name(locale string) string { return c.name.In(locale) }

// AreaLabel returns the label of area a in locale ("Trygghet" in Swedish,
// "Safe" in English): in Swedish when the catalogue has no label in locale,
// the code when it has none at all, and "" when a is not an area.
func (c Catalog) AreaLabel(a Area, locale string) string {
	i := a.Index()
	if i < 0 {
		return ""
	}
	if s := c.areas[i].Label.In(locale); s != "" {
		return s
	}
	return string(a)
}

// AreaDefinition returns what area a covers, in locale (Swedish when the
// catalogue has no definition in locale), or "".
func (c Catalog) AreaDefinition(a Area, locale string) string {
	i := a.Index()
	if i < 0 {
		return ""
	}
	return c.areas[i].Definition.In(locale)
}

// Scales returns copies of the catalogue's scales, in the catalogue's order.
func (c Catalog) Scales() []Scale {
	if c.scales == nil {
		return nil
	}
	out := make([]Scale, len(c.scales))
	for i := range c.scales {
		out[i] = c.scales[i].Clone()
	}
	return out
}

// Scale returns a copy of the scale with ID id.
func (c Catalog) Scale(id ScaleID) (Scale, bool) {
	for i := range c.scales {
		if c.scales[i].ID == id {
			return c.scales[i].Clone(), true
		}
	}
	return Scale{}, false
}

// DefaultScale returns a copy of the scale new assessments use, or the zero
// Scale for the zero Catalog.
func (c Catalog) DefaultScale() Scale {
	if len(c.scales) == 0 {
		return Scale{}
	}
	return c.scales[c.defaultScale].Clone()
}

// LevelLabel returns the label, in locale, of the level with code level on
// the scale with ID scale ("Behov av stöd" for BehovAvStod on Backa4 in
// Swedish). It falls back to Swedish, then to the code itself when the
// catalogue does not know the scale or the level: a record made on a scale
// that is no longer configured stays readable.
func (c Catalog) LevelLabel(scale ScaleID, level LevelCode, locale string) string {
	for i := range c.scales {
		if c.scales[i].ID != scale {
			continue
		}
		for j := range c.scales[i].Levels {
			if l := &c.scales[i].Levels[j]; l.Code == level {
				if s := l.Label.In(locale); s != "" {
					return s
				}
			}
		}
	}
	return string(level)
}
