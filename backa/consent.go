package backa

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// RecordConsent records a consent (a waiver of secrecy, OSL 12 kap.) held by
// the actor's agency. The service sets the ID (when zero), the status
// (aktiv), who recorded it and when; the rest is the caller's:
// givers, receiving agencies, categories, purpose, validity and form.
// roles.Consent.ValidateWith checks it against the policy. Whether it is
// complete (everyone whose consent is needed gave it) is for roles.Decide at
// each use: a consent recorded incomplete allows nothing until it is.
//
// Access: a write of grunduppgifter in the consent's disclosing agency, so
// only that agency's professionals with a role for the child record it.
// Event: consent.recorded.
func (s *Service) RecordConsent(ctx context.Context, actor roles.Actor, c roles.Consent) (roles.ID[roles.Consent], error) {
	o, err := s.newOp("record consent", actor, roles.PurposeSamordning)
	if err != nil {
		return roles.ID[roles.Consent]{}, err
	}
	if c.ID.IsZero() {
		c.ID = roles.ID[roles.Consent](o.id())
	}
	err = s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		if err := o.loadChild(c.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, c.DisclosingAgency)); !d.ok {
			return o.deny(d)
		}
		rec := c
		rec.Status, rec.Withdrawal, rec.Revision = roles.ConsentAktiv, nil, 0
		rec.RecordedBy, rec.RecordedAt = o.actor.Party, o.now
		rec.ValidFrom, rec.ValidUntil = adapters.NormalizeTime(rec.ValidFrom), adapters.NormalizeTime(rec.ValidUntil)
		rec.Givers = slices.Clone(rec.Givers)
		for i := range rec.Givers {
			rec.Givers[i].GivenAt = adapters.NormalizeTime(rec.Givers[i].GivenAt)
		}
		if err := rec.ValidateWith(&o.s.pol); err != nil {
			return o.fail(err)
		}
		if err := o.tx.Consents().Create(o.ctx, &rec); err != nil {
			return o.fail(err)
		}
		return o.event(ConsentRecorded{
			PayloadHead: o.head(), ConsentID: rec.ID, DisclosingAgency: rec.DisclosingAgency,
			ReceivingAgencies: rec.ReceivingAgencies, Categories: rec.Categories, Purpose: rec.Purpose,
			ValidFrom: rec.ValidFrom, ValidUntil: rec.ValidUntil,
		})
	})
	if err != nil {
		return roles.ID[roles.Consent]{}, err
	}
	return c.ID, nil
}

// WithdrawRequest records that a guardian or the child withdrew a consent.
type WithdrawRequest struct {
	ConsentID roles.ID[roles.Consent] `json:"consentId"`
	// By is the guardian or the child who withdrew it.
	By roles.Party `json:"by"`
	// At is when the withdrawal was received; zero means now. The consent
	// stops holding from then, never before it was recorded.
	At time.Time `json:"at,omitzero"`
}

// WithdrawConsent records the withdrawal of a consent, with effect from
// req.At: what was disclosed before stays lawful, and from then on the
// consent allows nothing (roles.Consent.Withdraw). A concern report to social
// services never depended on it.
//
// Access: a write of grunduppgifter in the consent's disclosing agency.
// Event: consent.withdrawn, so that the receiving agencies' systems learn
// that they may no longer read on it.
func (s *Service) WithdrawConsent(ctx context.Context, actor roles.Actor, req WithdrawRequest) error {
	o, err := s.newOp("withdraw consent", actor, roles.PurposeSamordning)
	if err != nil {
		return err
	}
	at := req.At
	if at.IsZero() {
		at = o.now
	}
	at = adapters.NormalizeTime(at)
	return s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Write, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		c, err := o.tx.Consents().Get(o.ctx, req.ConsentID)
		if err != nil {
			return o.fail(err)
		}
		if err := o.loadChild(c.ChildID); err != nil {
			return err
		}
		if d := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, c.DisclosingAgency)); !d.ok {
			return o.deny(d)
		}
		if err := c.Withdraw(req.By, o.actor.Party, at); err != nil {
			return o.fail(err)
		}
		if err := o.tx.Consents().Update(o.ctx, &c); err != nil {
			return o.fail(err)
		}
		return o.event(ConsentWithdrawn{
			PayloadHead: o.head(), ConsentID: c.ID, DisclosingAgency: c.DisclosingAgency,
			ReceivingAgencies: c.ReceivingAgencies, WithdrawnAt: at,
		})
	})
}

// Consents returns the consents about the child that concern the actor's
// agency: those it holds and those that name it as a receiver, withdrawn and
// expired ones too, ordered by ValidFrom.
//
// Access: a read of grunduppgifter in the actor's own agency.
func (s *Service) Consents(ctx context.Context, actor roles.Actor, child roles.ID[roles.Child], opts ReadOptions) ([]roles.Consent, error) {
	o, err := s.newOp("list consents", actor, opts.purpose())
	if err != nil {
		return nil, err
	}
	var out []roles.Consent
	err = s.exec(ctx, o, func(o *op) error {
		out = nil
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Read, roles.CategoryGrunduppgifter); err != nil {
			return err
		}
		if err := o.loadChild(child); err != nil {
			return err
		}
		if d := o.decideView(o.readRequest(roles.CategoryGrunduppgifter, o.actor.Agency), opts.ConfirmProtected); !d.ok {
			return o.deny(d)
		}
		for _, c := range o.recs.Consents {
			if c.DisclosingAgency == o.actor.Agency || slices.Contains(c.ReceivingAgencies, o.actor.Agency) {
				out = append(out, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DisclosureRequest records a decision to disclose, or not to disclose,
// information about a child from the actor's agency to another agency.
type DisclosureRequest struct {
	ChildID roles.ID[roles.Child]   `json:"childId"`
	Outcome roles.DisclosureOutcome `json:"outcome"`
	// Categories are the information categories disclosed (or refused).
	Categories []roles.Category `json:"categories"`
	// To is the receiving agency, ToUnitID its unit and Recipient the
	// receiving professional, where known.
	To        roles.Agency         `json:"to"`
	ToUnitID  roles.ID[roles.Unit] `json:"toUnitId,omitzero"`
	Recipient roles.Party          `json:"recipient,omitzero"`
	Purpose   roles.Purpose        `json:"purpose"`
	// Basis is the consent or the legal basis the disclosure rests on. For a
	// disclosure it may be left zero: the basis the decision found is
	// recorded. For a refusal it is the basis considered, if any.
	Basis roles.Basis `json:"basis,omitzero"`
	// Reason says why (free text); required for a refusal and for a legal
	// basis that requires it.
	Reason string `json:"reason,omitempty"`
	// Views are the views the child and the guardians expressed.
	Views []roles.ExpressedView `json:"views,omitempty"`
	// FamilyInformed says whether the family was told; NotInformedReason why
	// not.
	FamilyInformed    bool   `json:"familyInformed"`
	NotInformedReason string `json:"notInformedReason,omitempty"`
}

// LogValue implements slog.LogValuer: codes only, never the reason or the
// views.
func (r DisclosureRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("child", r.ChildID.String()),
		slog.String("outcome", string(r.Outcome)),
		slog.String("to", string(r.To)),
		slog.String("purpose", string(r.Purpose)),
		slog.String("basis", r.Basis.String()),
	)
}

// RecordDisclosure records a decision to disclose (utlamnad), or not to
// disclose (ej_utlamnad), information about the child from the actor's
// agency to another agency: what, to whom, why, on which basis, the views
// expressed, whether the family was told.
//
// Access: a disclosure takes one decision per category, a disclose from the
// actor's agency to req.To for req.Purpose (with req.Basis.LegalBasis
// invoked, if given); every one must allow it, and the record must then fit
// its basis (roles.Facts.CheckDisclosure: the legal basis fits the agencies
// and the child's age, the consent covers it, protected contact data never
// leaves). A refusal is a write of grunduppgifter in the actor's own agency.
// A disclosure refused by the rules is audited (with high severity) and not
// recorded as a Disclosure: a Disclosure records a person's decision.
// Event: disclosure.recorded.
func (s *Service) RecordDisclosure(ctx context.Context, actor roles.Actor, req DisclosureRequest) (roles.ID[roles.Disclosure], error) {
	o, err := s.newOp("record disclosure", actor, req.Purpose)
	if err != nil {
		return roles.ID[roles.Disclosure]{}, err
	}
	id := roles.ID[roles.Disclosure](o.id())
	err = s.exec(ctx, o, func(o *op) error {
		if err := o.verifyActor(); err != nil {
			return err
		}
		if err := o.professionalOnly(roles.Disclose, firstCategory(req.Categories)); err != nil {
			return err
		}
		if err := o.loadChild(req.ChildID); err != nil {
			return err
		}
		d := roles.Disclosure{
			ID: id, ChildID: o.child.ID, Outcome: req.Outcome, Categories: slices.Clone(req.Categories),
			From: o.actor.Agency, FromUnitID: o.actor.UnitID, To: req.To, ToUnitID: req.ToUnitID,
			Recipient: req.Recipient, Purpose: req.Purpose, Basis: req.Basis, Reason: req.Reason,
			Views: slices.Clone(req.Views), FamilyInformed: req.FamilyInformed, NotInformedReason: req.NotInformedReason,
			DecidedBy: o.actor.Party, DecidedAt: o.now, RecordedAt: o.now,
		}
		if !d.Outcome.Valid() || len(d.Categories) == 0 {
			ve := &roles.ValidationError{Subject: "disclosure"}
			if !d.Outcome.Valid() {
				ve.Add("outcome", "required", "utlamnad or ej_utlamnad")
			}
			if len(d.Categories) == 0 {
				ve.Add("categories", "required", "at least one category")
			}
			return o.fail(ve)
		}
		if d.Outcome == roles.EjUtlamnad {
			if dec := o.decide(o.request(roles.Write, roles.CategoryGrunduppgifter, o.actor.Agency)); !dec.ok {
				return o.deny(dec)
			}
		} else {
			var first *decision
			for _, cat := range d.Categories {
				r := o.request(roles.Disclose, cat, o.actor.Agency)
				r.Recipient = d.To
				if d.Basis.Kind == roles.BasisLegal {
					r.LegalBasis = d.Basis.LegalBasis
				}
				dec := o.decide(r)
				if !dec.ok && first == nil {
					first = &dec
				}
				if dec.ok && d.Basis.IsZero() {
					d.Basis = dec.Basis
				}
			}
			if first != nil {
				return o.deny(*first)
			}
		}
		if err := o.facts.CheckDisclosure(&d, &o.s.pol); err != nil {
			return o.fail(err)
		}
		if err := o.tx.Disclosures().Create(o.ctx, &d); err != nil {
			return o.fail(err)
		}
		return o.event(disclosureEvent(o, &d))
	})
	if err != nil {
		return roles.ID[roles.Disclosure]{}, err
	}
	return id, nil
}

func disclosureEvent(o *op, d *roles.Disclosure) DisclosureRecorded {
	return DisclosureRecorded{
		PayloadHead: o.head(), DisclosureID: d.ID, Outcome: d.Outcome, From: d.From, To: d.To,
		Categories: d.Categories, Purpose: d.Purpose, Basis: d.Basis,
	}
}

func firstCategory(cs []roles.Category) roles.Category {
	if len(cs) > 0 {
		return cs[0]
	}
	return ""
}
