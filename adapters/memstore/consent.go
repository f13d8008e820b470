package memstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

type (
	consent      = roles.Consent
	consentID    = roles.ID[roles.Consent]
	disclosure   = roles.Disclosure
	disclosureID = roles.ID[roles.Disclosure]
	maturity     = roles.MaturityAssessment
	maturityID   = roles.ID[roles.MaturityAssessment]
	harm         = roles.HarmException
	harmID       = roles.ID[roles.HarmException]
)

var consentKind = kind[consentID, consent]{
	entity: adapters.EntityConsent,
	id:     func(v *consent) consentID { return v.ID },
	rev:    func(v *consent) *int64 { return &v.Revision },
	clone: func(v *consent) consent {
		var c [1]consent
		cloneConsents(c[:], []*consent{v})
		return c[0]
	},
	normalize: func(v *consent) {
		for i := range v.Givers {
			v.Givers[i].GivenAt = norm(v.Givers[i].GivenAt)
		}
		v.ValidFrom, v.ValidUntil, v.RecordedAt = norm(v.ValidFrom), norm(v.ValidUntil), norm(v.RecordedAt)
		if v.Withdrawal != nil {
			v.Withdrawal.At = norm(v.Withdrawal.At)
		}
	},
	indexes: []indexDef[consent]{
		{keys: func(v *consent, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
	},
}

var disclosureKind = kind[disclosureID, disclosure]{
	entity: adapters.EntityDisclosure,
	id:     func(v *disclosure) disclosureID { return v.ID },
	rev:    func(v *disclosure) *int64 { return &v.Revision },
	clone: func(v *disclosure) disclosure {
		c := *v
		c.Categories = cloneBytes(v.Categories)
		c.Views = cloneBytes(v.Views)
		return c
	},
	normalize: func(v *disclosure) { v.DecidedAt, v.RecordedAt = norm(v.DecidedAt), norm(v.RecordedAt) },
	indexes: []indexDef[disclosure]{
		{keys: func(v *disclosure, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
	},
}

var maturityKind = kind[maturityID, maturity]{
	entity: adapters.EntityMaturityAssessment,
	id:     func(v *maturity) maturityID { return v.ID },
	rev:    func(v *maturity) *int64 { return &v.Revision },
	clone:  func(v *maturity) maturity { return *v },
	normalize: func(v *maturity) {
		normPeriod(&v.Period)
		v.RecordedAt = norm(v.RecordedAt)
	},
	indexes: []indexDef[maturity]{
		{keys: func(v *maturity, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
	},
}

var harmKind = kind[harmID, harm]{
	entity: adapters.EntityHarmException,
	id:     func(v *harm) harmID { return v.ID },
	rev:    func(v *harm) *int64 { return &v.Revision },
	clone:  func(v *harm) harm { return *v },
	normalize: func(v *harm) {
		normPeriod(&v.Period)
		v.RecordedAt = norm(v.RecordedAt)
	},
	indexes: []indexDef[harm]{
		{keys: func(v *harm, out []ikey) []ikey { return append(out, kChild(v.ChildID)) }},
	},
}

// cloneConsents deep-copies src into dst, the copies' slices (and their
// withdrawals, which callers may change only through their own pointer) cut
// from one buffer per kind. Empty slices and empty withdrawals become nil.
func cloneConsents(dst []consent, src []*consent) {
	var nGivers, nAgencies, nCategories, nWithdrawals int
	for _, v := range src {
		nGivers += len(v.Givers)
		nAgencies += len(v.ReceivingAgencies)
		nCategories += len(v.Categories)
		if hasWithdrawal(v) {
			nWithdrawals++
		}
	}
	givers := make([]roles.ConsentGiver, nGivers)
	agencies := make([]roles.Agency, nAgencies)
	categories := make([]roles.Category, nCategories)
	withdrawals := make([]roles.Withdrawal, nWithdrawals)
	for i, v := range src {
		c := &dst[i]
		*c = *v
		c.Givers, givers = share(givers, v.Givers)
		c.ReceivingAgencies, agencies = share(agencies, v.ReceivingAgencies)
		c.Categories, categories = share(categories, v.Categories)
		c.Withdrawal = nil
		if hasWithdrawal(v) {
			withdrawals[0] = *v.Withdrawal
			c.Withdrawal, withdrawals = &withdrawals[0], withdrawals[1:]
		}
	}
}

// consentsOut returns copies of rows (see cloneConsents); nil when there are
// none. (It calls cloneConsents directly: a slice given to a function value
// escapes, and rows is usually on the caller's stack.)
func consentsOut(rows []*consent) []consent {
	if len(rows) == 0 {
		return nil
	}
	out := make([]consent, len(rows))
	cloneConsents(out, rows)
	return out
}

func hasWithdrawal(v *consent) bool {
	return v.Withdrawal != nil && *v.Withdrawal != (roles.Withdrawal{})
}

type consentsRepo struct {
	repo[consentID, consent]
}

func (r *consentsRepo) ofChild(c childID, keep func(*consent) bool) []roles.Consent {
	var buf [rowBuf]*consent
	rows := r.by(0, kChild(c), buf[:0])
	if keep != nil {
		rows = slices.DeleteFunc(rows, func(v *consent) bool { return !keep(v) })
	}
	slices.SortFunc(rows, func(a, b *consent) int {
		return cmp.Or(a.ValidFrom.Compare(b.ValidFrom), compareID(a.ID, b.ID))
	})
	return consentsOut(rows)
}

// OfChild implements adapters.Consents.
func (r *consentsRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Consent, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	return r.ofChild(c, nil), nil
}

// InForceAt implements adapters.Consents.
func (r *consentsRepo) InForceAt(ctx context.Context, c roles.ID[roles.Child], t time.Time) ([]roles.Consent, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	return r.ofChild(c, func(v *consent) bool { return v.InForceAt(t) }), nil
}

type disclosuresRepo struct {
	repo[disclosureID, disclosure]
}

// OfChild implements adapters.Disclosures.
func (r *disclosuresRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Disclosure, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*disclosure
	rows := r.by(0, kChild(c), buf[:0])
	slices.SortFunc(rows, func(a, b *disclosure) int {
		return cmp.Or(a.DecidedAt.Compare(b.DecidedAt), compareID(a.ID, b.ID))
	})
	return cloneAll(&disclosureKind, rows), nil
}

type maturityRepo struct {
	repo[maturityID, maturity]
}

// OfChild implements adapters.MaturityAssessments.
func (r *maturityRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.MaturityAssessment, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*maturity
	rows := r.by(0, kChild(c), buf[:0])
	slices.SortFunc(rows, func(a, b *maturity) int { return byStartThenID(a.Period, b.Period, a.ID, b.ID) })
	return cloneAll(&maturityKind, rows), nil
}

type harmRepo struct {
	repo[harmID, harm]
}

// OfChild implements adapters.HarmExceptions.
func (r *harmRepo) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.HarmException, error) {
	if err := r.tx.readable(ctx); err != nil {
		return nil, err
	}
	var buf [rowBuf]*harm
	rows := r.by(0, kChild(c), buf[:0])
	slices.SortFunc(rows, func(a, b *harm) int { return byStartThenID(a.Period, b.Period, a.ID, b.ID) })
	return cloneAll(&harmKind, rows), nil
}
