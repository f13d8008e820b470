package backa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/backabarnet/backabarnet/roles/vocab"
)

// PlanOp is one step of a change to Barnets plan, applied through plan.Draft.
// The steps are the types of this package named after the Draft's methods:
// SetReason, AddGoal, UpdateGoal, RemoveGoal, AddItem, UpdateItem, RemoveItem,
// SetItemStatus, AddOutcome, AddMember, EndMember, AddView, AddDisagreement,
// RecordFollowUp, SetNextReview, SetSIP and SetPlanStatus. Steps are data, so
// a change can be built, logged (IDs only) and replayed.
//
// Entries a step adds without an ID get one from the service before its
// transaction; to refer in one change to an entry added by an earlier step
// (an item serving a goal added in the same change), give that entry an ID
// (roles.NewID).
//
// A step touches either the plan's common part, which a professional writes
// in their own agency, or an existing item, which belongs to the item's
// agency (see the package documentation).
type PlanOp interface {
	apply(d *plan.Draft) (uuid.UUID, error)
	// item returns the existing item the step writes, if it writes one.
	item() (roles.ID[plan.Item], bool)
	// withIDs returns the step with a new ID from id for an entry it adds
	// without one.
	withIDs(id func() uuid.UUID) PlanOp
}

// SetReason sets why the plan exists (plan.Draft.SetReason).
type SetReason struct {
	Reason string `json:"reason"`
}

// AddGoal adds a goal (plan.Draft.AddGoal).
type AddGoal struct {
	Goal plan.Goal `json:"goal"`
}

// UpdateGoal replaces a goal (plan.Draft.UpdateGoal).
type UpdateGoal struct {
	Goal plan.Goal `json:"goal"`
}

// RemoveGoal removes a goal that no item serves (plan.Draft.RemoveGoal).
type RemoveGoal struct {
	GoalID roles.ID[plan.Goal] `json:"goalId"`
}

// AddItem adds an item, planned, for any agency: what the child's team agreed
// (plan.Draft.AddItem). The item's agency is told by an item.assigned event.
type AddItem struct {
	Item plan.Item `json:"item"`
}

// UpdateItem replaces an item's fields (plan.Draft.UpdateItem); a write to
// the item's agency's information.
type UpdateItem struct {
	Item plan.Item `json:"item"`
}

// RemoveItem removes an item still planned (plan.Draft.RemoveItem); a write to
// the item's agency's information.
type RemoveItem struct {
	ItemID roles.ID[plan.Item] `json:"itemId"`
}

// SetItemStatus moves an item through its lifecycle (plan.Draft.SetItemStatus);
// a write to the item's agency's information.
type SetItemStatus struct {
	ItemID roles.ID[plan.Item] `json:"itemId"`
	To     plan.ItemStatus     `json:"to"`
	Note   string              `json:"note,omitempty"`
}

// AddOutcome adds a note on what an item achieved (plan.Draft.AddOutcome); a
// write to the item's agency's information.
type AddOutcome struct {
	ItemID roles.ID[plan.Item] `json:"itemId"`
	Text   string              `json:"text"`
}

// AddMember adds the child or a guardian to the plan's team
// (plan.Draft.AddMember). Professionals and närstående join through
// Service.ChangeTeam, which records their role assignments.
type AddMember struct {
	Member plan.Member `json:"member"`
}

// EndMember ends a team membership of the child or a guardian
// (plan.Draft.EndMember).
type EndMember struct {
	MemberID roles.ID[plan.Member] `json:"memberId"`
	// At is when the membership ends; zero means the change's time.
	At time.Time `json:"at,omitzero"`
}

// AddView records a view of the child or a guardian (plan.Draft.AddView).
type AddView struct {
	View plan.View `json:"view"`
}

// AddDisagreement records a disagreement (plan.Draft.AddDisagreement).
type AddDisagreement struct {
	Disagreement plan.Disagreement `json:"disagreement"`
}

// RecordFollowUp records a follow-up meeting, which sets the next review date
// (plan.Draft.RecordFollowUp).
type RecordFollowUp struct {
	FollowUp plan.FollowUp `json:"followUp"`
}

// SetNextReview sets the date of the next follow-up (plan.Draft.SetNextReview).
type SetNextReview struct {
	Date roles.Date `json:"date"`
}

// SetSIP sets what the plan states as a SIP; a nil SIP removes the section
// (plan.Draft.SetSIP).
type SetSIP struct {
	SIP *plan.SIP `json:"sip"`
}

// SetPlanStatus activates, closes or reopens the plan (plan.Draft.SetStatus).
type SetPlanStatus struct {
	To   plan.Status `json:"to"`
	Note string      `json:"note,omitempty"`
}

func (op SetReason) apply(d *plan.Draft) (uuid.UUID, error) { return uuid.Nil, d.SetReason(op.Reason) }
func (op AddGoal) apply(d *plan.Draft) (uuid.UUID, error) {
	id, err := d.AddGoal(op.Goal)
	return id.UUID(), err
}
func (op UpdateGoal) apply(d *plan.Draft) (uuid.UUID, error) { return uuid.Nil, d.UpdateGoal(op.Goal) }
func (op RemoveGoal) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.RemoveGoal(op.GoalID)
}
func (op AddItem) apply(d *plan.Draft) (uuid.UUID, error) {
	id, err := d.AddItem(op.Item)
	return id.UUID(), err
}
func (op UpdateItem) apply(d *plan.Draft) (uuid.UUID, error) { return uuid.Nil, d.UpdateItem(op.Item) }
func (op RemoveItem) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.RemoveItem(op.ItemID)
}
func (op SetItemStatus) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.SetItemStatus(op.ItemID, op.To, op.Note)
}
func (op AddOutcome) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.AddOutcome(op.ItemID, op.Text)
}
func (op AddMember) apply(d *plan.Draft) (uuid.UUID, error) {
	switch op.Member.Role {
	case roles.Barn, roles.Vardnadshavare:
	default:
		ve := &roles.ValidationError{Subject: "add member"}
		ve.Add("member.role", "family_role", "barn or vardnadshavare; others join through ChangeTeam")
		return uuid.Nil, ve
	}
	id, err := d.AddMember(op.Member)
	return id.UUID(), err
}
func (op EndMember) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.EndMember(op.MemberID, op.At)
}
func (op AddView) apply(d *plan.Draft) (uuid.UUID, error) {
	id, err := d.AddView(op.View)
	return id.UUID(), err
}
func (op AddDisagreement) apply(d *plan.Draft) (uuid.UUID, error) {
	id, err := d.AddDisagreement(op.Disagreement)
	return id.UUID(), err
}
func (op RecordFollowUp) apply(d *plan.Draft) (uuid.UUID, error) {
	id, err := d.RecordFollowUp(op.FollowUp)
	return id.UUID(), err
}
func (op SetNextReview) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.SetNextReview(op.Date)
}
func (op SetSIP) apply(d *plan.Draft) (uuid.UUID, error) { return uuid.Nil, d.SetSIP(op.SIP) }
func (op SetPlanStatus) apply(d *plan.Draft) (uuid.UUID, error) {
	return uuid.Nil, d.SetStatus(op.To, op.Note)
}

func (SetReason) item() (roles.ID[plan.Item], bool)          { return roles.ID[plan.Item]{}, false }
func (AddGoal) item() (roles.ID[plan.Item], bool)            { return roles.ID[plan.Item]{}, false }
func (UpdateGoal) item() (roles.ID[plan.Item], bool)         { return roles.ID[plan.Item]{}, false }
func (RemoveGoal) item() (roles.ID[plan.Item], bool)         { return roles.ID[plan.Item]{}, false }
func (AddItem) item() (roles.ID[plan.Item], bool)            { return roles.ID[plan.Item]{}, false }
func (op UpdateItem) item() (roles.ID[plan.Item], bool)      { return op.Item.ID, true }
func (op RemoveItem) item() (roles.ID[plan.Item], bool)      { return op.ItemID, true }
func (op SetItemStatus) item() (roles.ID[plan.Item], bool)   { return op.ItemID, true }
func (op AddOutcome) item() (roles.ID[plan.Item], bool)      { return op.ItemID, true }
func (AddMember) item() (roles.ID[plan.Item], bool)          { return roles.ID[plan.Item]{}, false }
func (EndMember) item() (roles.ID[plan.Item], bool)          { return roles.ID[plan.Item]{}, false }
func (AddView) item() (roles.ID[plan.Item], bool)            { return roles.ID[plan.Item]{}, false }
func (AddDisagreement) item() (roles.ID[plan.Item], bool)    { return roles.ID[plan.Item]{}, false }
func (RecordFollowUp) item() (roles.ID[plan.Item], bool)     { return roles.ID[plan.Item]{}, false }
func (SetNextReview) item() (roles.ID[plan.Item], bool)      { return roles.ID[plan.Item]{}, false }
func (SetSIP) item() (roles.ID[plan.Item], bool)             { return roles.ID[plan.Item]{}, false }
func (SetPlanStatus) item() (roles.ID[plan.Item], bool)      { return roles.ID[plan.Item]{}, false }
func (op SetReason) withIDs(func() uuid.UUID) PlanOp         { return op }
func (op UpdateGoal) withIDs(func() uuid.UUID) PlanOp        { return op }
func (op RemoveGoal) withIDs(func() uuid.UUID) PlanOp        { return op }
func (op UpdateItem) withIDs(func() uuid.UUID) PlanOp        { return op }
func (op RemoveItem) withIDs(func() uuid.UUID) PlanOp        { return op }
func (op SetItemStatus) withIDs(func() uuid.UUID) PlanOp     { return op }
func (op AddOutcome) withIDs(func() uuid.UUID) PlanOp        { return op }
func (op EndMember) withIDs(func() uuid.UUID) PlanOp         { return op }
func (op SetNextReview) withIDs(func() uuid.UUID) PlanOp     { return op }
func (op SetSIP) withIDs(func() uuid.UUID) PlanOp            { return op }
func (op SetPlanStatus) withIDs(func() uuid.UUID) PlanOp     { return op }
func (op AddGoal) withIDs(id func() uuid.UUID) PlanOp        { setID(&op.Goal.ID, id); return op }
func (op AddItem) withIDs(id func() uuid.UUID) PlanOp        { setID(&op.Item.ID, id); return op }
func (op AddMember) withIDs(id func() uuid.UUID) PlanOp      { setID(&op.Member.ID, id); return op }
func (op AddView) withIDs(id func() uuid.UUID) PlanOp        { setID(&op.View.ID, id); return op }
func (op RecordFollowUp) withIDs(id func() uuid.UUID) PlanOp { setID(&op.FollowUp.ID, id); return op }
func (op AddDisagreement) withIDs(id func() uuid.UUID) PlanOp {
	setID(&op.Disagreement.ID, id)
	return op
}

// setID gives *p a new ID when it has none.
func setID[T any](p *roles.ID[T], id func() uuid.UUID) {
	if p.IsZero() {
		*p = roles.ID[T](id())
	}
}

// opName returns the step's type name, for errors.
func opName(op PlanOp) string { return fmt.Sprintf("%T", op) }

// PlanOps is a list of steps with a JSON form: an array of objects, each the
// step's own JSON with the step's code under "op" ("setReason", "addGoal",
// "updateGoal", "removeGoal", "addItem", "updateItem", "removeItem",
// "setItemStatus", "addOutcome", "addMember", "endMember", "addView",
// "addDisagreement", "recordFollowUp", "setNextReview", "setSip",
// "setPlanStatus"):
//
//	[{"op":"setItemStatus","itemId":"…","to":"pagaende"}]
//
// Decoding rejects unknown codes and unknown fields, with the index of the
// step in the error and never its content.
type PlanOps []PlanOp

// opCodes maps each step type to its code, in the order of PlanOp's doc.
var opCodes = []struct {
	code string
	new  func() any
	of   func(any) PlanOp
}{
	{"setReason", func() any { return new(SetReason) }, func(v any) PlanOp { return *v.(*SetReason) }},
	{"addGoal", func() any { return new(AddGoal) }, func(v any) PlanOp { return *v.(*AddGoal) }},
	{"updateGoal", func() any { return new(UpdateGoal) }, func(v any) PlanOp { return *v.(*UpdateGoal) }},
	{"removeGoal", func() any { return new(RemoveGoal) }, func(v any) PlanOp { return *v.(*RemoveGoal) }},
	{"addItem", func() any { return new(AddItem) }, func(v any) PlanOp { return *v.(*AddItem) }},
	{"updateItem", func() any { return new(UpdateItem) }, func(v any) PlanOp { return *v.(*UpdateItem) }},
	{"removeItem", func() any { return new(RemoveItem) }, func(v any) PlanOp { return *v.(*RemoveItem) }},
	{"setItemStatus", func() any { return new(SetItemStatus) }, func(v any) PlanOp { return *v.(*SetItemStatus) }},
	{"addOutcome", func() any { return new(AddOutcome) }, func(v any) PlanOp { return *v.(*AddOutcome) }},
	{"addMember", func() any { return new(AddMember) }, func(v any) PlanOp { return *v.(*AddMember) }},
	{"endMember", func() any { return new(EndMember) }, func(v any) PlanOp { return *v.(*EndMember) }},
	{"addView", func() any { return new(AddView) }, func(v any) PlanOp { return *v.(*AddView) }},
	{"addDisagreement", func() any { return new(AddDisagreement) }, func(v any) PlanOp { return *v.(*AddDisagreement) }},
	{"recordFollowUp", func() any { return new(RecordFollowUp) }, func(v any) PlanOp { return *v.(*RecordFollowUp) }},
	{"setNextReview", func() any { return new(SetNextReview) }, func(v any) PlanOp { return *v.(*SetNextReview) }},
	{"setSip", func() any { return new(SetSIP) }, func(v any) PlanOp { return *v.(*SetSIP) }},
	{"setPlanStatus", func() any { return new(SetPlanStatus) }, func(v any) PlanOp { return *v.(*SetPlanStatus) }},
}

// opCode returns the code of a step.
func opCode(op PlanOp) (string, bool) {
	t := reflect.TypeOf(op)
	for _, c := range opCodes {
		if reflect.TypeOf(c.of(c.new())) == t {
			return c.code, true
		}
	}
	return "", false
}

// MarshalJSON implements json.Marshaler.
func (ops PlanOps) MarshalJSON() ([]byte, error) {
	if ops == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i, op := range ops {
		code, ok := opCode(op)
		if !ok {
			return nil, fmt.Errorf("backa: ops[%d]: unknown step %T: %w", i, op, roles.ErrInvalid)
		}
		body, err := json.Marshal(op)
		if err != nil {
			return nil, fmt.Errorf("backa: ops[%d]: %w", i, err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"op":"`)
		b.WriteString(code)
		b.WriteByte('"')
		if len(body) > 2 {
			b.WriteByte(',')
		}
		b.Write(body[1:])
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (ops *PlanOps) UnmarshalJSON(b []byte) error {
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("backa: ops: %w", invalidJSON(err))
	}
	if raw == nil {
		*ops = nil
		return nil
	}
	out := make(PlanOps, 0, len(raw))
	for i, fields := range raw {
		var code string
		if err := json.Unmarshal(fields["op"], &code); err != nil || code == "" {
			return fmt.Errorf("backa: ops[%d]: op: required: %w", i, roles.ErrInvalid)
		}
		delete(fields, "op")
		var op PlanOp
		for _, c := range opCodes {
			if c.code != code {
				continue
			}
			body, err := json.Marshal(fields)
			if err != nil {
				return fmt.Errorf("backa: ops[%d]: %w", i, invalidJSON(err))
			}
			v := c.new()
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(v); err != nil {
				return fmt.Errorf("backa: ops[%d] (%s): %w", i, code, invalidJSON(err))
			}
			op = c.of(v)
		}
		if op == nil {
			return fmt.Errorf("backa: ops[%d]: op: %w", i, &vocab.UnknownCodeError{Vocabulary: "plan step", Code: code})
		}
		out = append(out, op)
	}
	*ops = out
	return nil
}
