package behovskompass

import (
	"slices"
	"strconv"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// ScaleID names a scale of levels ("backa4"). A scale's levels never change
// under its ID: a municipality that wants other levels defines a scale with a
// new ID, so that every assessment keeps meaning what it meant when it was made.
type ScaleID string

// LevelCode is the stable code of one level on a scale ("behov_av_stod"). A
// code means something only together with its scale. Codes are 1 to 64 bytes
// of lower-case ASCII letters, digits and "_".
type LevelCode string

// The default scale: GIRFEC sets no norm level, so Backa barnet uses four
// ordered levels, from no need seen to an extensive or urgent need.
const (
	// Backa4 is the ID of the default four-level scale.
	Backa4 ScaleID = "backa4"

	// IngetBehov (no need seen) is the lowest level of Backa4.
	IngetBehov LevelCode = "inget_behov"
	// BehovTillgodoses: the need is met within the universal service.
	BehovTillgodoses LevelCode = "behov_tillgodoses"
	// BehovAvStod: the child needs added or coordinated support.
	BehovAvStod LevelCode = "behov_av_stod"
	// OmfattandeBehov (extensive or urgent need) is the highest level of Backa4.
	OmfattandeBehov LevelCode = "omfattande_behov"
)

var backa4Levels = []LevelCode{IngetBehov, BehovTillgodoses, BehovAvStod, OmfattandeBehov}

// builtinScales maps the ID of each scale the library defines to its codes,
// lowest first. A scale under one of these IDs must have exactly these codes.
var builtinScales = map[ScaleID][]LevelCode{Backa4: backa4Levels}

// Limits on scales: enough for any ordinal scale in use, small enough to keep
// records and comparisons cheap.
const (
	MinLevels = 2  // a scale has at least two levels
	MaxLevels = 16 // and at most sixteen
)

// DefaultLevels returns the codes of the default scale Backa4, lowest need first.
func DefaultLevels() []LevelCode { return slices.Clone(backa4Levels) }

// DefaultScale returns the default scale Backa4 with its Swedish and English
// labels, as the built-in catalogue defines it.
func DefaultScale() Scale {
	s, _ := BuiltinCatalog().Scale(Backa4)
	return s
}

func validCode(s string, dash bool) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '_' && (!dash || c != '-') {
			return false
		}
	}
	return true
}

// Valid reports whether id is well formed: 1 to 64 bytes of lower-case ASCII
// letters, digits, "_" and "-".
func (id ScaleID) Valid() bool { return validCode(string(id), true) }

// String returns the ID.
func (id ScaleID) String() string { return string(id) }

// MarshalText implements encoding.TextMarshaler, rejecting a malformed ID.
func (id ScaleID) MarshalText() ([]byte, error) {
	if !id.Valid() {
		return nil, &vocab.UnknownCodeError{Vocabulary: "scale", Code: string(id)}
	}
	return []byte(id), nil
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting a malformed ID.
func (id *ScaleID) UnmarshalText(b []byte) error {
	if !validCode(string(b), true) {
		return &vocab.UnknownCodeError{Vocabulary: "scale", Code: string(b)}
	}
	*id = ScaleID(b)
	return nil
}

// ParseLevelCode returns s as a LevelCode when it is well formed. Whether the
// code is on a given scale is for the scale to say (Scale.Rank, ScaleRef.Has).
func ParseLevelCode(s string) (LevelCode, error) {
	if !validCode(s, false) {
		return "", &vocab.UnknownCodeError{Vocabulary: "level", Code: s}
	}
	return LevelCode(s), nil
}

// Valid reports whether c is well formed (not whether it is on any scale).
func (c LevelCode) Valid() bool { return validCode(string(c), false) }

// String returns the code.
func (c LevelCode) String() string { return string(c) }

// MarshalText implements encoding.TextMarshaler, rejecting a malformed or
// empty code.
func (c LevelCode) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, &vocab.UnknownCodeError{Vocabulary: "level", Code: string(c)}
	}
	return []byte(c), nil
}

// UnmarshalText implements encoding.TextUnmarshaler, rejecting a malformed or
// empty code. Assessment's decoding also rejects a code that is not on the
// assessment's scale.
func (c *LevelCode) UnmarshalText(b []byte) error {
	if !validCode(string(b), false) {
		return &vocab.UnknownCodeError{Vocabulary: "level", Code: string(b)}
	}
	*c = LevelCode(b)
	return nil
}

// Rank is the position of a level on its scale: Index counts from 0 (the
// lowest need) to Size-1 (the highest). The zero Rank means no level.
//
// Levels compare across scales by their normalised position Index/(Size-1),
// from 0 to 1: the lowest level of every scale is 0, the highest 1, and the
// others lie evenly between. Compare does this in exact integer arithmetic, so
// level 1 of four (1/3) equals level 2 of seven (2/6). This presumes that every
// scale runs from no need seen to an extensive or urgent need, as Scale requires.
type Rank struct {
	Index int `json:"index"`
	Size  int `json:"size"`
}

// IsZero reports whether r is the zero Rank (no level).
func (r Rank) IsZero() bool { return r == Rank{} }

// Valid reports whether r is a position on a scale of MinLevels to MaxLevels levels.
func (r Rank) Valid() bool {
	return r.Size >= MinLevels && r.Size <= MaxLevels && r.Index >= 0 && r.Index < r.Size
}

// Normalized returns Index/(Size-1), from 0 (lowest need) to 1 (highest), or
// -1 when r is not Valid.
func (r Rank) Normalized() float64 {
	if !r.Valid() {
		return -1
	}
	return float64(r.Index) / float64(r.Size-1)
}

// Compare returns -1, 0 or +1 as r's normalised position is below, equal to
// or above s's. A Rank that is not Valid (the zero Rank: no level) sorts
// below every valid one.
func (r Rank) Compare(s Rank) int {
	rv, sv := r.Valid(), s.Valid()
	switch {
	case !rv && !sv:
		return 0
	case !rv:
		return -1
	case !sv:
		return 1
	}
	a, b := r.Index*(s.Size-1), s.Index*(r.Size-1)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String returns the position for people: "3 of 4" for the third of four
// levels, "none" for the zero Rank.
func (r Rank) String() string {
	if r.IsZero() {
		return "none"
	}
	return strconv.Itoa(r.Index+1) + " of " + strconv.Itoa(r.Size)
}

// Level is one level on a scale.
type Level struct {
	// Code is the level's stable code, unique on its scale.
	Code LevelCode `json:"code"`
	// Label names the level; a Swedish label is required.
	Label Localized `json:"label"`
	// Description says when the level applies.
	Description Localized `json:"description,omitempty"`
}

// Scale is an ordered set of levels on which an assessment rates each area,
// lowest need first. Backa4 is the default; a municipality may define others
// in its catalogue. A scale must run from no need seen (its first level) to an
// extensive or urgent need (its last), so that levels compare across scales
// (see Rank).
type Scale struct {
	// ID names the scale. Its levels never change under the same ID.
	ID ScaleID `json:"id"`
	// Name names the scale for people; a Swedish name is required.
	Name Localized `json:"name"`
	// Levels are the levels, lowest need first: MinLevels to MaxLevels of them.
	Levels []Level `json:"levels"`
}

// Validate checks the scale and returns a *roles.ValidationError listing every
// problem, or nil: a well-formed ID; a Swedish name; MinLevels to MaxLevels
// levels with well-formed, distinct codes and a Swedish label each; and, for an
// ID the library defines (Backa4), exactly the library's codes in its order.
func (s *Scale) Validate() error {
	ve := &roles.ValidationError{Subject: "scale"}
	s.check(ve, "")
	return ve.Err()
}

func (s *Scale) check(ve *roles.ValidationError, prefix string) {
	p := func(f string) string { return joinPath(prefix, f) }
	switch {
	case s.ID == "":
		ve.Add(p("id"), "required", "a value is required")
	case !s.ID.Valid():
		ve.Add(p("id"), "code", "1 to 64 lower-case letters, digits, _ or -")
	}
	s.Name.check(ve, p("name"), true, true)
	if n := len(s.Levels); n < MinLevels || n > MaxLevels {
		ve.Add(p("levels"), "levels", "a scale has 2 to 16 levels")
	}
	for i := range s.Levels {
		l := &s.Levels[i]
		lp := p("levels[" + strconv.Itoa(i) + "]")
		switch {
		case l.Code == "":
			ve.Add(lp+".code", "required", "a value is required")
		case !l.Code.Valid():
			ve.Add(lp+".code", "code", "1 to 64 lower-case letters, digits or _")
		}
		for j := range i {
			if s.Levels[j].Code == l.Code && l.Code != "" {
				ve.Add(lp+".code", "duplicate", "each level's code is unique on its scale")
				break
			}
		}
		l.Label.check(ve, lp+".label", true, true)
		l.Description.check(ve, lp+".description", false, false)
	}
	if want, ok := builtinScales[s.ID]; ok && !slices.Equal(s.Codes(), want) {
		ve.Add(p("levels"), "builtin_scale", "this ID names a scale the library defines; its levels cannot change")
	}
}

// Codes returns the codes of the levels, lowest need first.
func (s Scale) Codes() []LevelCode {
	out := make([]LevelCode, len(s.Levels))
	for i := range s.Levels {
		out[i] = s.Levels[i].Code
	}
	return out
}

// Ref returns what an assessment records about the scale it used: the ID and
// the codes in order.
func (s Scale) Ref() ScaleRef { return ScaleRef{ID: s.ID, Levels: s.Codes()} }

// Level returns the level with code c.
func (s Scale) Level(c LevelCode) (Level, bool) {
	for i := range s.Levels {
		if s.Levels[i].Code == c {
			return s.Levels[i], true
		}
	}
	return Level{}, false
}

// Rank returns the position of the level with code c.
func (s Scale) Rank(c LevelCode) (Rank, bool) {
	for i := range s.Levels {
		if s.Levels[i].Code == c {
			return Rank{Index: i, Size: len(s.Levels)}, true
		}
	}
	return Rank{}, false
}

// Clone returns a deep copy of s.
func (s Scale) Clone() Scale {
	out := Scale{ID: s.ID, Name: s.Name.clone(), Levels: make([]Level, len(s.Levels))}
	for i, l := range s.Levels {
		out.Levels[i] = Level{Code: l.Code, Label: l.Label.clone(), Description: l.Description.clone()}
	}
	if s.Levels == nil {
		out.Levels = nil
	}
	return out
}

// ScaleRef is what an assessment records about the scale it used: the scale's
// ID and its level codes in order, lowest need first. It makes the record
// self-describing: its levels can be checked and compared (see Rank) without
// the scale's definition, and it stays readable after a municipality stops
// using the scale. Labels come from the scale's definition in a Catalog.
type ScaleRef struct {
	ID     ScaleID     `json:"id,omitempty"`
	Levels []LevelCode `json:"levels"`
}

// Has reports whether c is one of the scale's levels.
func (r ScaleRef) Has(c LevelCode) bool { return slices.Contains(r.Levels, c) }

// Rank returns the position of the level with code c, when r has MinLevels
// to MaxLevels levels and c is one of them.
func (r ScaleRef) Rank(c LevelCode) (Rank, bool) {
	if n := len(r.Levels); n < MinLevels || n > MaxLevels {
		return Rank{}, false
	}
	for i, l := range r.Levels {
		if l == c {
			return Rank{Index: i, Size: len(r.Levels)}, true
		}
	}
	return Rank{}, false
}

// IsZero reports whether r is unset.
func (r ScaleRef) IsZero() bool { return r.ID == "" && len(r.Levels) == 0 }

func (r *ScaleRef) check(ve *roles.ValidationError, prefix string) {
	p := func(f string) string { return joinPath(prefix, f) }
	switch {
	case r.ID == "":
		ve.Add(p("id"), "required", "a value is required")
	case !r.ID.Valid():
		ve.Add(p("id"), "code", "1 to 64 lower-case letters, digits, _ or -")
	}
	if n := len(r.Levels); n < MinLevels || n > MaxLevels {
		ve.Add(p("levels"), "levels", "a scale has 2 to 16 levels")
	}
	for i, c := range r.Levels {
		lp := p("levels[" + strconv.Itoa(i) + "]")
		if !c.Valid() {
			ve.Add(lp, "code", "1 to 64 lower-case letters, digits or _")
		}
		if slices.Contains(r.Levels[:i], c) {
			ve.Add(lp, "duplicate", "each level's code is unique on its scale")
		}
	}
	if want, ok := builtinScales[r.ID]; ok && !slices.Equal(r.Levels, want) {
		ve.Add(p("levels"), "builtin_scale", "these are not the levels of the library's scale with this ID")
	}
}
