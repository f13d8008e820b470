package plan

import (
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/roles"
)

// Revisions of a plan share memory: Change copies what it changes and leaves
// the rest shared with the revision it was made from, and a store may keep
// and return the plans it is given without copying them (adapters.Plans).
// That is safe because a Plan is never changed in place. Code that wants a
// plan to change in place, or hands a plan to code it does not trust to leave
// it alone, takes a Clone first.

// CloneFiltered returns a deep copy of p, as Clone does, with only the items
// for which keep returns true (a nil keep keeps them all). keep is called once
// for each item, in order, with the item in p, which it must not change. The
// nested slices of each kind (the items' histories, their outcomes, the goals'
// areas, ...) are cut from one buffer per kind, so the copy costs a few
// allocations whatever the size of the plan. A nil p gives nil.
func (p *Plan) CloneFiltered(keep func(it *Item) bool) *Plan {
	if p == nil {
		return nil
	}
	c := *p
	c.Team = cloneSlice(p.Team)
	c.ChildViews = cloneSlice(p.ChildViews)
	c.GuardianViews = cloneSlice(p.GuardianViews)
	c.Disagreements = cloneSlice(p.Disagreements)
	c.Goals = cloneSlice(p.Goals)
	c.FollowUps = cloneSlice(p.FollowUps)
	c.StatusHistory = cloneSlice(p.StatusHistory)
	if keep == nil {
		c.Items = cloneSlice(p.Items)
	} else {
		c.Items = nil
		// The verdicts first, in a bit set (on the stack for up to 256
		// items), so that the copy is made to measure.
		var small [4]uint64
		kept := small[:]
		if len(p.Items) > 64*len(small) {
			kept = make([]uint64, (len(p.Items)+63)/64)
		}
		n := 0
		for i := range p.Items {
			if keep(&p.Items[i]) {
				kept[i/64] |= 1 << (i % 64)
				n++
			}
		}
		if n > 0 {
			c.Items = make([]Item, 0, n)
			for i := range p.Items {
				if kept[i/64]&(1<<(i%64)) != 0 {
					c.Items = append(c.Items, p.Items[i])
				}
			}
		}
	}

	var nParties, nAreas, nHistory, nOutcomes int
	for i := range c.Disagreements {
		nParties += len(c.Disagreements[i].Parties)
	}
	for i := range c.FollowUps {
		nParties += len(c.FollowUps[i].Participants)
	}
	for i := range c.Goals {
		nAreas += len(c.Goals[i].Areas)
	}
	for i := range c.Items {
		nHistory += len(c.Items[i].History)
		nOutcomes += len(c.Items[i].Outcomes)
	}
	parties := make([]roles.Party, nParties)
	for i := range c.Disagreements {
		d := &c.Disagreements[i]
		d.Parties, parties = cut(parties, d.Parties)
	}
	for i := range c.FollowUps {
		f := &c.FollowUps[i]
		f.Participants, parties = cut(parties, f.Participants)
	}
	areas := make([]behovskompass.Area, nAreas)
	for i := range c.Goals {
		g := &c.Goals[i]
		g.Areas, areas = cut(areas, g.Areas)
	}
	history, outcomes := make([]ItemStatusChange, nHistory), make([]Note, nOutcomes)
	for i := range c.Items {
		it := &c.Items[i]
		it.History, history = cut(history, it.History)
		it.Outcomes, outcomes = cut(outcomes, it.Outcomes)
	}
	if p.SIP != nil {
		s := *p.SIP
		s.Others = cloneSlice(s.Others)
		c.SIP = &s
	}
	return &c
}

// Clone returns a deep copy of it that shares no memory with it: its history
// and outcomes are copies.
func (it Item) Clone() Item {
	it.History = cloneSlice(it.History)
	it.Outcomes = cloneSlice(it.Outcomes)
	return it
}

// cloneSlice copies s to memory of its exact size, nil when s is nil (see
// appendTo).
func cloneSlice[S ~[]E, E any](s S) S {
	if s == nil {
		return nil
	}
	c := make(S, len(s))
	copy(c, s)
	return c
}

// cut copies s to the front of buf and returns the copy (nil when s is nil;
// capacity capped, so that appending to it cannot overwrite its neighbour)
// and the rest of buf.
func cut[E any](buf, s []E) (copied, rest []E) {
	if s == nil {
		return nil, buf
	}
	n := len(s)
	copy(buf, s)
	return buf[:n:n], buf[n:]
}
