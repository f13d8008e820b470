package behovskompass

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// Limits on free text, in characters.
const (
	maxText   = 4000 // strengths, concerns, views, what was noticed, a disagreement
	maxDetail = 200  // a source's detail
)

// Assessment is one agency's assessment of one child at one time: for each
// area assessed, the strengths and concerns seen, where they come from and,
// optionally, a level on the scale the assessment records; the child's and
// the guardians' views, kept apart; and where views disagree.
//
// An assessment is made by a professional of one agency and unit. It belongs
// to that agency's secrecy domain: who else may read it is decided outside
// this package (roles.Decide, and the backa package).
type Assessment struct {
	ID      roles.ID[Assessment]  `json:"id" validate:"required"`
	ChildID roles.ID[roles.Child] `json:"childId" validate:"required"`
	// AssessedBy is the professional who made the assessment.
	AssessedBy roles.ID[roles.Professional] `json:"assessedBy" validate:"required"`
	// Agency is the agency the assessment was made in: its secrecy domain.
	Agency roles.Agency `json:"agency,omitempty" validate:"required,code"`
	// UnitID is the unit the assessment was made in.
	UnitID roles.ID[roles.Unit] `json:"unitId" validate:"required"`
	// AssessedAt is when the assessment was made, in UTC.
	AssessedAt time.Time `json:"assessedAt"`
	// Scale is the scale the levels are on, as it was when the assessment was
	// made (Scale.Ref).
	Scale ScaleRef `json:"scale"`
	// Areas holds one entry per area assessed, each area at most once.
	Areas []AreaEntry `json:"areas,omitzero" validate:"dive"`
	// Views are the child's and the guardians' views of the situation as a
	// whole; views on one area are on its entry.
	Views Views `json:"views,omitzero"`
	// Disagreements notes where the views differ, on one area or on the whole.
	Disagreements []Disagreement `json:"disagreements,omitzero" validate:"dive"`
	// Revision counts stored versions of the record (optimistic concurrency).
	Revision int64 `json:"revision" validate:"gte=0"`
}

// AreaEntry is what an assessment says about one area.
type AreaEntry struct {
	Area Area `json:"area,omitempty" validate:"required,code"`
	// Strengths are what works well for the child in the area.
	Strengths string `json:"strengths,omitempty" validate:"max=4000"`
	// Concerns are what gives cause for concern in the area.
	Concerns string `json:"concerns,omitempty" validate:"max=4000"`
	// Level is the need seen, on the assessment's scale; "" when no level was set.
	Level LevelCode `json:"level,omitempty"`
	// Source is where what the entry says comes from.
	Source Source `json:"source,omitempty" validate:"required,code"`
	// SourceDetail says more about the source in words ("utvecklingssamtal").
	SourceDetail string `json:"sourceDetail,omitempty" validate:"max=200"`
	// Views are the child's and the guardians' views on the area.
	Views Views `json:"views,omitzero"`
}

// Views holds the child's view and the guardians' view, kept apart: neither
// stands in for the other, and where they differ a Disagreement says so.
type Views struct {
	// Child is the child's own view, in the child's words where possible.
	Child string `json:"child,omitempty" validate:"max=4000"`
	// Guardians is the guardians' view.
	Guardians string `json:"guardians,omitempty" validate:"max=4000"`
}

// IsZero reports whether no view is recorded.
func (v Views) IsZero() bool { return v == Views{} }

// Disagreement notes that views differ: between the child, the guardians and
// the agency, in any combination of two or more, or among the guardians
// themselves (ViewpointVardnadshavare alone).
type Disagreement struct {
	// Area is the area the disagreement is about; "" for the situation as a whole.
	Area Area `json:"area,omitempty" validate:"omitempty,code"`
	// Between names whose views differ, each at most once.
	Between []Viewpoint `json:"between" validate:"min=1,dive,required,code"`
	// Description says what the disagreement is about.
	Description string `json:"description" validate:"required,max=4000"`
}

// Validate checks the assessment and returns a *roles.ValidationError that
// lists every problem with its path ("areas[2].level") and rule, or nil:
//
//   - the IDs, the agency, the unit and the time are set ("required"); the time
//     is in UTC ("utc");
//   - the scale reference is well formed ("scale.levels": "levels"), and under a
//     built-in ID it has the built-in levels ("builtin_scale");
//   - at least one area is assessed ("areas": "required"), each at most once
//     ("duplicate"), each entry with strengths, concerns or a level
//     ("empty_entry"), a source, and a level, when set, that is on the
//     assessment's scale ("level");
//   - each disagreement names its viewpoints at most once ("duplicate"), two or
//     more of them or the guardians alone ("viewpoints"), and says what it is
//     about;
//   - texts are within their limits ("max"); the revision is not negative.
func (a *Assessment) Validate() error {
	ve := &roles.ValidationError{Subject: "assessment"}
	roles.CheckStruct(ve, "", a)
	checkInstant(ve, "assessedAt", a.AssessedAt, true)
	a.Scale.check(ve, "scale")
	if len(a.Areas) == 0 {
		ve.Add("areas", "required", "an assessment covers at least one area")
	}
	for i := range a.Areas {
		e := &a.Areas[i]
		p := "areas[" + strconv.Itoa(i) + "]"
		if e.Area != "" {
			for j := range i {
				if a.Areas[j].Area == e.Area {
					ve.Add(p+".area", "duplicate", "each area is assessed at most once in an assessment")
					break
				}
			}
		}
		if e.Level != "" && !a.Scale.Has(e.Level) {
			ve.Add(p+".level", "level", "not a level of the assessment's scale")
		}
		if e.Strengths == "" && e.Concerns == "" && e.Level == "" {
			ve.Add(p, "empty_entry", "an entry needs strengths, concerns or a level")
		}
	}
	for i := range a.Disagreements {
		checkViewpoints(ve, "disagreements["+strconv.Itoa(i)+"].between", a.Disagreements[i].Between)
	}
	return ve.Err()
}

func checkViewpoints(ve *roles.ValidationError, path string, vs []Viewpoint) {
	for j, v := range vs {
		if v != "" && slices.Contains(vs[:j], v) {
			ve.Add(path+"["+strconv.Itoa(j)+"]", "duplicate", "each viewpoint at most once")
		}
	}
	if len(vs) == 1 && vs[0] != ViewpointVardnadshavare && vs[0] != "" {
		ve.Add(path, "viewpoints", "a disagreement is between two or more viewpoints, or among the guardians (vardnadshavare alone)")
	}
}

func checkInstant(ve *roles.ValidationError, path string, t time.Time, required bool) {
	switch {
	case t.IsZero():
		if required {
			ve.Add(path, "required", "a value is required")
		}
	case t.Location() != time.UTC:
		ve.Add(path, "utc", "instants are recorded in UTC")
	}
}

// Entry returns the entry for area.
func (a *Assessment) Entry(area Area) (AreaEntry, bool) {
	for i := range a.Areas {
		if a.Areas[i].Area == area {
			return a.Areas[i], true
		}
	}
	return AreaEntry{}, false
}

// DisagreementsOn returns the disagreements about area, in the order
// recorded; area "" gives those about the situation as a whole.
func (a *Assessment) DisagreementsOn(area Area) []Disagreement {
	var out []Disagreement
	for _, d := range a.Disagreements {
		if d.Area == area {
			out = append(out, d)
		}
	}
	return out
}

// UnknownLevelError reports, when an assessment is decoded, a level that is
// not on the scale the assessment records. It matches vocab.ErrUnknownCode
// and roles.ErrInvalid. Level codes are not personal data, so it names the code.
type UnknownLevelError struct {
	// Path locates the level: "areas[2].level".
	Path string
	// Scale is the ID of the assessment's scale.
	Scale ScaleID
	// Level is the code that is not on the scale.
	Level LevelCode
}

// Error implements error.
func (e *UnknownLevelError) Error() string {
	return "assessment: " + e.Path + ": level " + strconv.Quote(string(e.Level)) +
		" is not on the assessment's scale " + strconv.Quote(string(e.Scale))
}

// Unwrap returns vocab.ErrUnknownCode and roles.ErrInvalid.
func (e *UnknownLevelError) Unwrap() []error { return []error{vocab.ErrUnknownCode, roles.ErrInvalid} }

// UnmarshalJSON implements json.Unmarshaler. It rejects unknown codes (area,
// source, viewpoint, agency: an error matching vocab.ErrUnknownCode that names
// the path, "assessment: areas[1].area: area: unknown code ..."), and a level
// that is not on the scale the assessment records (*UnknownLevelError).
// Instants are converted to UTC (an error when that takes them outside the
// years 0000 to 9999, which JSON cannot hold). An unset code is omitted when
// encoding, so whatever decodes encodes again. The other rules are Validate's.
func (a *Assessment) UnmarshalJSON(b []byte) error {
	type plain Assessment // the same fields without this method
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return locateCodeError("assessment", b, err)
	}
	if err := utcInstant(&a.AssessedAt); err != nil {
		return pathError("assessment", "assessedAt", err)
	}
	for i := range a.Areas {
		if l := a.Areas[i].Level; l != "" && !a.Scale.Has(l) {
			return &UnknownLevelError{Path: "areas[" + strconv.Itoa(i) + "].level", Scale: a.Scale.ID, Level: l}
		}
	}
	return nil
}

// locateCodeError adds, to an unknown area code reported by encoding/json
// (which gives no path), the path of the first field that holds the code.
func locateCodeError(subject string, b []byte, err error) error {
	var uce *vocab.UnknownCodeError
	if !errors.As(err, &uce) {
		return err
	}
	var probe struct {
		Areas         []json.RawMessage `json:"areas"`
		Disagreements []struct {
			Area *string `json:"area"`
		} `json:"disagreements"`
	}
	if json.Unmarshal(b, &probe) != nil {
		return err
	}
	bad := func(s *string) bool { return s != nil && *s == uce.Code && !Area(*s).Valid() }
	for i, raw := range probe.Areas {
		var s string
		if json.Unmarshal(raw, &s) == nil && bad(&s) { // a Concern's areas
			return pathError(subject, "areas["+strconv.Itoa(i)+"]", err)
		}
		var e struct {
			Area *string `json:"area"`
		}
		if json.Unmarshal(raw, &e) == nil && bad(e.Area) { // an Assessment's entries
			return pathError(subject, "areas["+strconv.Itoa(i)+"].area", err)
		}
	}
	for i, d := range probe.Disagreements {
		if bad(d.Area) {
			return pathError(subject, "disagreements["+strconv.Itoa(i)+"].area", err)
		}
	}
	return pathError(subject, "", err)
}

// utcInstant converts *t to UTC, failing when the result cannot be written
// as JSON (time.Time.MarshalJSON takes the years 0000 to 9999).
func utcInstant(t *time.Time) error {
	u := t.UTC()
	if y := u.Year(); y < 0 || y > 9999 {
		return errInstantRange
	}
	*t = u
	return nil
}

var errInstantRange = fmt.Errorf("%w: instant outside the years 0000 to 9999 in UTC", roles.ErrInvalid)

// PathError is a decoding error with the path of the field it concerns. It
// matches roles.ErrInvalid, and its cause (vocab.ErrUnknownCode for an
// unknown code).
type PathError struct {
	// Subject names what was decoded ("assessment", "concern").
	Subject string
	// Path locates the field ("areas[1].area"); "" when not known.
	Path string
	// Err is the cause, for example a *vocab.UnknownCodeError.
	Err error
}

// Error implements error: "assessment: areas[1].area: area: unknown code \"x\"".
func (e *PathError) Error() string {
	if e.Path == "" {
		return e.Subject + ": " + e.Err.Error()
	}
	return e.Subject + ": " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *PathError) Unwrap() error { return e.Err }

// Is reports whether target is roles.ErrInvalid: a PathError always reports
// invalid input.
func (e *PathError) Is(target error) bool { return target == roles.ErrInvalid }

func pathError(subject, path string, err error) error {
	return &PathError{Subject: subject, Path: path, Err: err}
}

// LogValue implements slog.LogValuer: IDs, agency, time and the areas
// assessed; never the texts, which are personal data.
func (a Assessment) LogValue() slog.Value {
	codes := make([]string, len(a.Areas))
	for i := range a.Areas {
		codes[i] = string(a.Areas[i].Area)
	}
	return slog.GroupValue(
		slog.String("id", a.ID.String()),
		slog.String("childId", a.ChildID.String()),
		slog.String("agency", string(a.Agency)),
		slog.Time("assessedAt", a.AssessedAt),
		slog.Any("areas", codes))
}
