package backa

import (
	"context"
	"log/slog"

	"github.com/backabarnet/backabarnet/roles"
)

// ChildOptions are the options of Child.
type ChildOptions struct {
	ReadOptions
	// WithContact asks for address and contact data too: a second decision
	// (roles.CategoryKontaktuppgifter), audited on its own.
	WithContact bool `json:"withContact,omitempty"`
}

// ChildView is a child's basic record as one reader may see it, with the
// guardians who have custody now.
type ChildView struct {
	Child roles.Child `json:"child"`
	// Guardians are the guardians with custody now.
	Guardians []roles.Guardian `json:"guardians,omitempty"`
	// ContactWithheld reports that contact data was asked for and left out,
	// of the child or of a guardian: for a person with a protected identity it
	// always is.
	ContactWithheld bool `json:"contactWithheld,omitempty"`
}

// LogValue implements slog.LogValuer: the child's ID and protection level
// only.
func (v ChildView) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", v.Child.ID.String()),
		slog.String("protection", string(v.Child.Protection)),
		slog.Int("guardians", len(v.Guardians)),
	)
}

// Child returns the child's basic record (grunduppgifter) and the guardians
// with custody now, as one professional may see them.
//
// Access: a professional reads grunduppgifter in their own agency (an active
// role for the child there); with opts.WithContact, a second decision on
// kontaktuppgifter. Contact data of a person with a protected identity never
// appears, whoever reads: backa does not know which agency recorded it, and
// such data never leaves that agency (that agency's own system holds it).
// Where the child or any guardian is protected, no one's contact data appears,
// since the family often shares an address.
// Guardians and the child read their basic record in their own systems, not
// here. A view of a protected identity needs opts.ConfirmProtected.
func (s *Service) Child(ctx context.Context, actor roles.Actor, child roles.ID[roles.Child], opts ChildOptions) (ChildView, error) {
	o, err := s.newOp("read child", actor, opts.purpose())
	if err != nil {
		return ChildView{}, err
	}
	var out ChildView
	err = s.exec(ctx, o, func(o *op) error {
		out = ChildView{}
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.loadChild(child); err != nil {
			return err
		}
		d := o.decideView(o.readRequest(roles.CategoryGrunduppgifter, o.ownAgency()), opts.ConfirmProtected)
		if !d.ok {
			return o.deny(d)
		}
		showContact := false
		if opts.WithContact {
			c := o.decideView(o.readRequest(roles.CategoryKontaktuppgifter, o.ownAgency()), opts.ConfirmProtected)
			showContact = c.ok && !c.Obligations.Has(roles.ObligationWithholdContact)
		}
		// Where the child or a guardian is protected, nobody's contact data
		// appears: the family often shares an address.
		showContact = showContact && !o.facts.Protected()
		out.Child = o.child
		out.Child.Contact = nil
		if showContact {
			out.Child.Contact = cloneContact(o.child.Contact)
		} else if opts.WithContact && o.child.Contact != nil {
			out.ContactWithheld = true
		}
		for _, gid := range roles.GuardiansAt(o.recs.Custodies, o.child.ID, o.now) {
			for _, g := range o.recs.Guardians {
				if g.ID != gid {
					continue
				}
				contact := g.Contact
				g.Contact = nil
				if showContact {
					g.Contact = cloneContact(contact)
				} else if opts.WithContact && contact != nil {
					out.ContactWithheld = true
				}
				out.Guardians = append(out.Guardians, g)
			}
		}
		return nil
	})
	if err != nil {
		return ChildView{}, err
	}
	return out, nil
}

func cloneContact(c *roles.Contact) *roles.Contact {
	if c == nil {
		return nil
	}
	x := *c
	return &x
}
