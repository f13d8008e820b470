package plan

import (
	"strconv"

	"github.com/backabarnet/backabarnet/roles"
)

// Warning is something in a plan that needs attention on a given day but does
// not make the plan invalid: a review date or a due date that has passed, a
// SIP meeting not yet held. Like a validation problem it has a path and a
// rule, and never holds a value.
type Warning struct {
	// Path locates the field, in JSON field names: "items[2].due".
	Path string `json:"path"`
	// Rule names what needs attention: "review_overdue", "item_overdue", ...
	Rule string `json:"rule"`
	// Detail explains it in words.
	Detail string `json:"detail,omitempty"`
}

// String returns "path: rule (detail)".
func (w Warning) String() string {
	s := w.Path + ": " + w.Rule
	if w.Detail != "" {
		s += " (" + w.Detail + ")"
	}
	return s
}

// Warnings returns what needs attention in an active plan on the calendar day
// today (in Swedish time: roles.DateOf(time.Now())), in the order of the plan's fields. Plans that
// are not active have no warnings. The rules:
//
//   - review_overdue (nextReview): the next review date is before today;
//   - item_overdue (items[i].due): an item that has not ended is due before today;
//   - item_not_started (items[i].start): a planned item's start date is before today;
//   - sip_meeting_not_called (sip): the plan is a SIP and no SIP meeting has been called;
//   - sip_meeting_overdue (sip.meetingBy): the SIP meeting is not held and its
//     deadline is before today;
//   - sip_meeting_late (sip.heldOn): the SIP meeting was held after its deadline.
func (p *Plan) Warnings(today roles.Date) []Warning {
	if p == nil || p.Status != Aktiv {
		return nil
	}
	var ws []Warning
	add := func(path, rule, detail string) { ws = append(ws, Warning{Path: path, Rule: rule, Detail: detail}) }
	if !p.NextReview.IsZero() && p.NextReview.Before(today) {
		add("nextReview", "review_overdue", "the next review date has passed")
	}
	for i := range p.Items {
		it := &p.Items[i]
		if it.Status == Planerad && !it.Start.IsZero() && it.Start.Before(today) {
			add("items["+strconv.Itoa(i)+"].start", "item_not_started", "the start date has passed and the item is still planned")
		}
		if !it.Status.Terminal() && !it.Due.IsZero() && it.Due.Before(today) {
			add("items["+strconv.Itoa(i)+"].due", "item_overdue", "the due date has passed and the item has not ended")
		}
	}
	if s := p.SIP; p.IsSIP() && (s == nil || s.CalledOn.IsZero()) {
		add("sip", "sip_meeting_not_called", "the plan is a SIP and no SIP meeting has been called")
	}
	if s := p.SIP; s != nil && !s.MeetingBy.IsZero() {
		switch {
		case s.HeldOn.IsZero() && s.MeetingBy.Before(today):
			add("sip.meetingBy", "sip_meeting_overdue", "the SIP meeting has not been held and its deadline has passed")
		case !s.HeldOn.IsZero() && s.HeldOn.After(s.MeetingBy):
			add("sip.heldOn", "sip_meeting_late", "the SIP meeting was held after its deadline")
		}
	}
	return ws
}
