package sqlstore

import (
	"context"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/roles"
)

// normGivers returns a copy of the givers with their instants normalised;
// nil when there are none.
func normGivers(gs []roles.ConsentGiver) []roles.ConsentGiver {
	gs = cloneBytes(gs)
	for i := range gs {
		gs[i].GivenAt = adapters.NormalizeTime(gs[i].GivenAt)
	}
	return gs
}

var consentTable = (&table[roles.Consent, roles.ID[roles.Consent]]{
	name:   "consents",
	entity: adapters.EntityConsent,
	cols: []string{"id", "child_id", "givers", "disclosing_agency", "receiving_agencies", "categories", "purpose",
		"valid_from", "valid_until", "form", "status",
		"withdrawn_by_kind", "withdrawn_by_id", "withdrawn_at", "withdrawal_recorded_by_kind", "withdrawal_recorded_by_id",
		"recorded_by_kind", "recorded_by_id", "recorded_at"},
	args: func(d *dialect, v *roles.Consent) ([]any, error) {
		givers, err := docArg(normGivers(v.Givers), len(v.Givers))
		if err != nil {
			return nil, err
		}
		args := []any{idArg(d, v.ID), idArg(d, v.ChildID), givers, string(v.DisclosingAgency),
			codesArg(v.ReceivingAgencies), codesArg(v.Categories), string(v.Purpose),
			at(d, v.ValidFrom), at(d, v.ValidUntil), string(v.Form), string(v.Status)}
		// A withdrawal is there when withdrawn_at is not NULL.
		var w roles.Withdrawal
		var wAt any
		if v.Withdrawal != nil && *v.Withdrawal != (roles.Withdrawal{}) {
			w, wAt = *v.Withdrawal, at(d, v.Withdrawal.At)
		}
		args = append(append(args, partyArgs(d, w.By)...), wAt)
		args = append(append(args, partyArgs(d, w.RecordedBy)...), partyArgs(d, v.RecordedBy)...)
		return append(args, at(d, v.RecordedAt)), nil
	},
	scan: func(scan func(...any) error, v *roles.Consent) error {
		var w roles.Withdrawal
		var withdrawn bool
		dest := []any{idCol(&v.ID), idCol(&v.ChildID), docCol(&v.Givers), textCol(&v.DisclosingAgency),
			codesCol(&v.ReceivingAgencies), codesCol(&v.Categories), textCol(&v.Purpose),
			timeCol(&v.ValidFrom), timeCol(&v.ValidUntil), textCol(&v.Form), textCol(&v.Status)}
		dest = append(append(dest, partyCols(&w.By)...), optTimeCol(&w.At, &withdrawn))
		dest = append(append(dest, partyCols(&w.RecordedBy)...), partyCols(&v.RecordedBy)...)
		if err := scan(append(dest, timeCol(&v.RecordedAt), &v.Revision)...); err != nil {
			return err
		}
		v.Givers = normGivers(v.Givers)
		if withdrawn {
			v.Withdrawal = &w
		}
		return nil
	},
	id:  func(v *roles.Consent) roles.ID[roles.Consent] { return v.ID },
	rev: func(v *roles.Consent) *int64 { return &v.Revision },
}).build()

var disclosureTable = (&table[roles.Disclosure, roles.ID[roles.Disclosure]]{
	name:   "disclosures",
	entity: adapters.EntityDisclosure,
	cols: []string{"id", "child_id", "outcome", "categories", "from_agency", "from_unit_id", "to_agency", "to_unit_id",
		"recipient_kind", "recipient_id", "purpose", "basis_kind", "basis_consent_id", "basis_legal_basis",
		"reason", "views", "family_informed", "not_informed_reason", "decided_by_kind", "decided_by_id",
		"decided_at", "recorded_at"},
	args: func(d *dialect, v *roles.Disclosure) ([]any, error) {
		views, err := docArg(v.Views, len(v.Views))
		if err != nil {
			return nil, err
		}
		args := []any{idArg(d, v.ID), idArg(d, v.ChildID), string(v.Outcome), codesArg(v.Categories),
			string(v.From), idArg(d, v.FromUnitID), string(v.To), idArg(d, v.ToUnitID)}
		args = append(append(args, partyArgs(d, v.Recipient)...), string(v.Purpose),
			string(v.Basis.Kind), idArg(d, v.Basis.ConsentID), string(v.Basis.LegalBasis),
			v.Reason, views, v.FamilyInformed, v.NotInformedReason)
		return append(append(args, partyArgs(d, v.DecidedBy)...), at(d, v.DecidedAt), at(d, v.RecordedAt)), nil
	},
	scan: func(scan func(...any) error, v *roles.Disclosure) error {
		dest := []any{idCol(&v.ID), idCol(&v.ChildID), textCol(&v.Outcome), codesCol(&v.Categories),
			textCol(&v.From), idCol(&v.FromUnitID), textCol(&v.To), idCol(&v.ToUnitID)}
		dest = append(append(dest, partyCols(&v.Recipient)...), textCol(&v.Purpose),
			textCol(&v.Basis.Kind), idCol(&v.Basis.ConsentID), textCol(&v.Basis.LegalBasis),
			textCol(&v.Reason), docCol(&v.Views), &v.FamilyInformed, textCol(&v.NotInformedReason))
		dest = append(append(dest, partyCols(&v.DecidedBy)...), timeCol(&v.DecidedAt), timeCol(&v.RecordedAt))
		return scan(append(dest, &v.Revision)...)
	},
	id:  func(v *roles.Disclosure) roles.ID[roles.Disclosure] { return v.ID },
	rev: func(v *roles.Disclosure) *int64 { return &v.Revision },
}).build()

var maturityTable = (&table[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]]{
	name:   "maturity_assessments",
	entity: adapters.EntityMaturityAssessment,
	cols: []string{"id", "child_id", "band", "reason", "period_start", "period_end",
		"assessed_by_kind", "assessed_by_id", "agency", "recorded_at"},
	args: func(d *dialect, v *roles.MaturityAssessment) ([]any, error) {
		args := []any{idArg(d, v.ID), idArg(d, v.ChildID), string(v.Band), v.Reason, at(d, v.Period.Start), optAt(d, v.Period.End)}
		return append(append(args, partyArgs(d, v.AssessedBy)...), string(v.Agency), at(d, v.RecordedAt)), nil
	},
	scan: func(scan func(...any) error, v *roles.MaturityAssessment) error {
		dest := []any{idCol(&v.ID), idCol(&v.ChildID), textCol(&v.Band), textCol(&v.Reason),
			timeCol(&v.Period.Start), timeCol(&v.Period.End)}
		dest = append(append(dest, partyCols(&v.AssessedBy)...), textCol(&v.Agency), timeCol(&v.RecordedAt))
		return scan(append(dest, &v.Revision)...)
	},
	id:  func(v *roles.MaturityAssessment) roles.ID[roles.MaturityAssessment] { return v.ID },
	rev: func(v *roles.MaturityAssessment) *int64 { return &v.Revision },
}).build()

var harmTable = (&table[roles.HarmException, roles.ID[roles.HarmException]]{
	name:   "harm_exceptions",
	entity: adapters.EntityHarmException,
	cols: []string{"id", "child_id", "guardian_id", "reason", "period_start", "period_end",
		"decided_by_kind", "decided_by_id", "agency", "recorded_at"},
	args: func(d *dialect, v *roles.HarmException) ([]any, error) {
		args := []any{idArg(d, v.ID), idArg(d, v.ChildID), idArg(d, v.GuardianID), v.Reason,
			at(d, v.Period.Start), optAt(d, v.Period.End)}
		return append(append(args, partyArgs(d, v.DecidedBy)...), string(v.Agency), at(d, v.RecordedAt)), nil
	},
	scan: func(scan func(...any) error, v *roles.HarmException) error {
		dest := []any{idCol(&v.ID), idCol(&v.ChildID), idCol(&v.GuardianID), textCol(&v.Reason),
			timeCol(&v.Period.Start), timeCol(&v.Period.End)}
		dest = append(append(dest, partyCols(&v.DecidedBy)...), textCol(&v.Agency), timeCol(&v.RecordedAt))
		return scan(append(dest, &v.Revision)...)
	},
	id:  func(v *roles.HarmException) roles.ID[roles.HarmException] { return v.ID },
	rev: func(v *roles.HarmException) *int64 { return &v.Revision },
}).build()

type consentsRepo struct {
	records[roles.Consent, roles.ID[roles.Consent]]
}

func (r consentsRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Consent, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY valid_from, id", idArg(r.t.d, child))
}

// InForceAt selects what roles.Consent.InForceAt says: ValidFrom <= t <
// ValidUntil, and no withdrawal at or before t.
func (r consentsRepo) InForceAt(ctx context.Context, child roles.ID[roles.Child], t time.Time) ([]roles.Consent, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 AND valid_from <= $2 AND valid_until > $2"+
		" AND (withdrawn_at IS NULL OR withdrawn_at > $2) ORDER BY valid_from, id",
		idArg(r.t.d, child), at(r.t.d, t))
}

type disclosuresRepo struct {
	records[roles.Disclosure, roles.ID[roles.Disclosure]]
}

func (r disclosuresRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.Disclosure, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY decided_at, id", idArg(r.t.d, child))
}

type maturityRepo struct {
	records[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]]
}

func (r maturityRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.MaturityAssessment, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY period_start, id", idArg(r.t.d, child))
}

type harmRepo struct {
	records[roles.HarmException, roles.ID[roles.HarmException]]
}

func (r harmRepo) OfChild(ctx context.Context, child roles.ID[roles.Child]) ([]roles.HarmException, error) {
	if err := r.t.use(ctx, false); err != nil {
		return nil, err
	}
	return r.list(ctx, "WHERE child_id = $1 ORDER BY period_start, id", idArg(r.t.d, child))
}
