package plan

import (
	"bytes"
	"slices"

	"github.com/backabarnet/backabarnet/roles"
)

// The queries below are pure functions of the plans given; a nil plan has no
// items. Dates are calendar days in Swedish time: take today with
// roles.DateOf(time.Now()), never from the UTC date, which differs around
// midnight. The items returned are copies, but their history and outcomes
// share memory with the plan and are read-only.

// ItemsOf returns the items of p that agency is responsible for, in plan order.
func ItemsOf(p *Plan, agency roles.Agency) []Item {
	if p == nil {
		return nil
	}
	var out []Item
	for i := range p.Items {
		if p.Items[i].Agency == agency {
			out = append(out, p.Items[i])
		}
	}
	return out
}

// Overdue returns the items of p that are overdue on day: due before day (the
// due date itself is the last day) and not ended (not genomford or avbruten),
// in plan order. Only an active plan has overdue items: the items of a draft
// have not started and those of a closed plan have ended.
func Overdue(p *Plan, day roles.Date) []Item {
	if p == nil || p.Status != Aktiv {
		return nil
	}
	var out []Item
	for i := range p.Items {
		it := &p.Items[i]
		if !it.Due.IsZero() && it.Due.Before(day) && !it.Status.Terminal() {
			out = append(out, *it)
		}
	}
	return out
}

// DueForFollowUp returns the active plans among plans whose next review date
// falls within days days of day (on or before day plus days), those already
// past their review date included, ordered by next review date and then by
// plan ID.
func DueForFollowUp(plans []*Plan, day roles.Date, days int) []*Plan {
	limit := day.AddDays(days)
	var out []*Plan
	for _, p := range plans {
		if p != nil && p.Status == Aktiv && !p.NextReview.IsZero() && !p.NextReview.After(limit) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *Plan) int {
		if c := a.NextReview.Compare(b.NextReview); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	return out
}

// Schedule returns the "who does what and when" view of p: its items ordered
// by due date, then by start date (items without the date last), and
// otherwise in plan order.
func Schedule(p *Plan) []Item {
	if p == nil {
		return nil
	}
	out := slices.Clone(p.Items)
	slices.SortStableFunc(out, func(a, b Item) int {
		if c := compareDates(a.Due, b.Due); c != 0 {
			return c
		}
		return compareDates(a.Start, b.Start)
	})
	return out
}

// compareDates orders dates with the zero Date (unset) last.
func compareDates(a, b roles.Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
