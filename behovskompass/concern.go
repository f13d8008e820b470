package behovskompass

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// Concern (oro) records that someone noticed that a child may need support:
// what they noticed, in which areas, how serious they judge it, who they are
// (the upptäckare) and when. A concern goes to the child's Barnkontakt. When
// it was also reported to social services (orosanmälan, SoL 2025:400 19 kap.
// 1 §), the time of that report is recorded too; recording a concern here
// never replaces the report.
type Concern struct {
	ID      roles.ID[Concern]     `json:"id" validate:"required"`
	ChildID roles.ID[roles.Child] `json:"childId" validate:"required"`
	// Noticed is what was noticed, in the upptäckare's words.
	Noticed string `json:"noticed" validate:"required,max=4000"`
	// Areas are the areas the concern touches, each at most once.
	Areas []Area `json:"areas,omitzero" validate:"dive,required,code"`
	// Seriousness is how serious the upptäckare judges the concern.
	Seriousness Seriousness `json:"seriousness,omitempty" validate:"required,code"`
	// RaisedBy is the upptäckare: usually a professional, but anyone may
	// notice (a guardian, a närstående, the child).
	RaisedBy roles.Party `json:"raisedBy,omitzero"`
	// Agency is the upptäckare's agency; required when RaisedBy is a professional.
	Agency roles.Agency `json:"agency,omitempty" validate:"omitempty,code"`
	// UnitID is the upptäckare's unit, where known.
	UnitID roles.ID[roles.Unit] `json:"unitId,omitzero"`
	// RaisedAt is when the concern was raised, in UTC.
	RaisedAt time.Time `json:"raisedAt"`
	// Barnkontakt is the child's Barnkontakt, to whom the concern goes.
	Barnkontakt BarnkontaktRef `json:"barnkontakt"`
	// ReportedToSocialServicesAt is when an orosanmälan about what was
	// noticed was made to social services, in UTC; zero when none was made.
	ReportedToSocialServicesAt time.Time `json:"reportedToSocialServicesAt,omitzero"`
	// Revision counts stored versions of the record (optimistic concurrency).
	Revision int64 `json:"revision" validate:"gte=0"`
}

// BarnkontaktRef names the Barnkontakt a concern goes to: the role
// assignment (which says for which period) and the professional holding it.
type BarnkontaktRef struct {
	AssignmentID   roles.ID[roles.Assignment]   `json:"assignmentId" validate:"required"`
	ProfessionalID roles.ID[roles.Professional] `json:"professionalId" validate:"required"`
}

// ReportedToSocialServices reports whether an orosanmälan was made.
func (c *Concern) ReportedToSocialServices() bool { return !c.ReportedToSocialServicesAt.IsZero() }

// Validate checks the concern and returns a *roles.ValidationError that lists
// every problem with its path and rule, or nil: the IDs, what was noticed,
// the seriousness, the upptäckare, the time and the Barnkontakt are set
// ("required"); at least one area, each at most once ("duplicate"); the
// upptäckare's agency when they are a professional; instants in UTC ("utc").
// Whether the Barnkontakt assignment is the child's active one is for the
// caller, who has the assignments, to check.
func (c *Concern) Validate() error {
	ve := &roles.ValidationError{Subject: "concern"}
	roles.CheckStruct(ve, "", c)
	if len(c.Areas) == 0 {
		ve.Add("areas", "required", "a concern touches at least one area")
	}
	for i, a := range c.Areas {
		if a != "" && slices.Contains(c.Areas[:i], a) {
			ve.Add("areas["+strconv.Itoa(i)+"]", "duplicate", "each area at most once")
		}
	}
	if c.RaisedBy.Kind == roles.PartyProfessional && c.Agency == "" {
		ve.Add("agency", "required", "a professional upptäckare's agency is required")
	}
	checkInstant(ve, "raisedAt", c.RaisedAt, true)
	checkInstant(ve, "reportedToSocialServicesAt", c.ReportedToSocialServicesAt, false)
	return ve.Err()
}

// UnmarshalJSON implements json.Unmarshaler: unknown codes are rejected with
// the path of the field ("concern: areas[1]: area: unknown code ..."), and
// instants are converted to UTC.
func (c *Concern) UnmarshalJSON(b []byte) error {
	type plain Concern // the same fields without this method
	if err := json.Unmarshal(b, (*plain)(c)); err != nil {
		return locateCodeError("concern", b, err)
	}
	if err := utcInstant(&c.RaisedAt); err != nil {
		return pathError("concern", "raisedAt", err)
	}
	if err := utcInstant(&c.ReportedToSocialServicesAt); err != nil {
		return pathError("concern", "reportedToSocialServicesAt", err)
	}
	return nil
}

// LogValue implements slog.LogValuer: IDs, seriousness, areas and time;
// never what was noticed, which is personal data.
func (c Concern) LogValue() slog.Value {
	codes := make([]string, len(c.Areas))
	for i, a := range c.Areas {
		codes[i] = string(a)
	}
	return slog.GroupValue(
		slog.String("id", c.ID.String()),
		slog.String("childId", c.ChildID.String()),
		slog.String("seriousness", string(c.Seriousness)),
		slog.Any("areas", codes),
		slog.Time("raisedAt", c.RaisedAt),
		slog.Bool("reportedToSocialServices", c.ReportedToSocialServices()))
}
