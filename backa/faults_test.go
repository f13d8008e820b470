package backa_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
)

// errInjected is the failure faultStore injects.
var errInjected = errors.New("injected fault")

// errRetry makes the inner store roll back an attempt that faultStore then
// runs again, as a store retries after a transient failure.
var errRetry = errors.New("retry (injected)")

// faults decides, from a seeded source, which store operation fails.
type faults struct {
	mu       sync.Mutex
	rng      *rand.Rand
	p        float64 // probability that one operation fails
	retry    float64 // probability that a transaction is run twice
	on       bool
	ops      int // operations counted while on
	injected int
	retried  int
}

func newFaults(seed uint64, p, retry float64) *faults {
	return &faults{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), p: p, retry: retry}
}

// step counts one operation and says whether it fails.
func (f *faults) step() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.on {
		return nil
	}
	f.ops++
	if f.rng.Float64() < f.p {
		f.injected++
		return errInjected
	}
	return nil
}

func (f *faults) chance(p float64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.on && f.rng.Float64() < p
}

// faultStore wraps a store: any repository operation, the start of a
// transaction and its commit may fail, and a transaction may be run twice
// (the first attempt rolled back), as a store may retry.
type faultStore struct {
	inner adapters.Store
	f     *faults
}

func (s faultStore) InTx(ctx context.Context, fn func(context.Context, adapters.Tx) error) error {
	if err := s.f.step(); err != nil {
		return err
	}
	if s.f.chance(s.f.retry) {
		s.f.mu.Lock()
		s.f.retried++
		s.f.mu.Unlock()
		err := s.inner.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
			if err := fn(ctx, faultTx{tx, s.f}); err != nil {
				return err
			}
			return errRetry
		})
		if !errors.Is(err, errRetry) {
			return err
		}
	}
	return s.inner.InTx(ctx, func(ctx context.Context, tx adapters.Tx) error {
		if err := fn(ctx, faultTx{tx, s.f}); err != nil {
			return err
		}
		return s.f.step() // the commit
	})
}

func (s faultStore) View(ctx context.Context, fn func(context.Context, adapters.Tx) error) error {
	if err := s.f.step(); err != nil {
		return err
	}
	return s.inner.View(ctx, func(ctx context.Context, tx adapters.Tx) error { return fn(ctx, faultTx{tx, s.f}) })
}

type faultTx struct {
	tx adapters.Tx
	f  *faults
}

func (t faultTx) Children() adapters.Children {
	r := t.tx.Children()
	return fChildren{fRecords[roles.Child, roles.ID[roles.Child]]{r, t.f}, r}
}
func (t faultTx) Guardians() adapters.Guardians {
	r := t.tx.Guardians()
	return fGuardians{fRecords[roles.Guardian, roles.ID[roles.Guardian]]{r, t.f}, r}
}
func (t faultTx) Custodies() adapters.Custodies {
	r := t.tx.Custodies()
	return fCustodies{fRecords[roles.Custody, roles.ID[roles.Custody]]{r, t.f}, r}
}
func (t faultTx) RelatedPersons() adapters.RelatedPersons {
	return fRecords[roles.RelatedPerson, roles.ID[roles.RelatedPerson]]{t.tx.RelatedPersons(), t.f}
}
func (t faultTx) Organisations() adapters.Organisations {
	r := t.tx.Organisations()
	return fOrganisations{fRecords[roles.Organisation, roles.ID[roles.Organisation]]{r, t.f}, r}
}
func (t faultTx) Units() adapters.Units {
	r := t.tx.Units()
	return fUnits{fRecords[roles.Unit, roles.ID[roles.Unit]]{r, t.f}, r}
}
func (t faultTx) Professionals() adapters.Professionals {
	r := t.tx.Professionals()
	return fProfessionals{fRecords[roles.Professional, roles.ID[roles.Professional]]{r, t.f}, r}
}
func (t faultTx) Assignments() adapters.Assignments {
	r := t.tx.Assignments()
	return fAssignments{fRecords[roles.Assignment, roles.ID[roles.Assignment]]{r, t.f}, r}
}
func (t faultTx) Consents() adapters.Consents {
	r := t.tx.Consents()
	return fConsents{fRecords[roles.Consent, roles.ID[roles.Consent]]{r, t.f}, r}
}
func (t faultTx) Disclosures() adapters.Disclosures {
	r := t.tx.Disclosures()
	return fDisclosures{fRecords[roles.Disclosure, roles.ID[roles.Disclosure]]{r, t.f}, r}
}
func (t faultTx) MaturityAssessments() adapters.MaturityAssessments {
	r := t.tx.MaturityAssessments()
	return fMaturity{fRecords[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]]{r, t.f}, r}
}
func (t faultTx) HarmExceptions() adapters.HarmExceptions {
	r := t.tx.HarmExceptions()
	return fHarms{fRecords[roles.HarmException, roles.ID[roles.HarmException]]{r, t.f}, r}
}
func (t faultTx) Assessments() adapters.Assessments {
	r := t.tx.Assessments()
	return fAssessments{fRecords[behovskompass.Assessment, roles.ID[behovskompass.Assessment]]{r, t.f}, r}
}
func (t faultTx) Concerns() adapters.Concerns {
	r := t.tx.Concerns()
	return fConcerns{fRecords[behovskompass.Concern, roles.ID[behovskompass.Concern]]{r, t.f}, r}
}
func (t faultTx) Plans() adapters.Plans {
	r := t.tx.Plans()
	return fPlans{fRecords[plan.Plan, roles.ID[plan.Plan]]{r, t.f}, r}
}
func (t faultTx) Audit() adapters.AuditLog { return fAudit{t.tx.Audit(), t.f} }
func (t faultTx) Outbox() adapters.Outbox  { return fOutbox{t.tx.Outbox(), t.f} }

// fRecords fails Create, Get and Update.
type fRecords[T any, I comparable] struct {
	r adapters.Records[T, I]
	f *faults
}

func (x fRecords[T, I]) Create(ctx context.Context, v *T) error {
	if err := x.f.step(); err != nil {
		return err
	}
	return x.r.Create(ctx, v)
}
func (x fRecords[T, I]) Get(ctx context.Context, id I) (T, error) {
	if err := x.f.step(); err != nil {
		var zero T
		return zero, err
	}
	return x.r.Get(ctx, id)
}
func (x fRecords[T, I]) Update(ctx context.Context, v *T) error {
	if err := x.f.step(); err != nil {
		return err
	}
	return x.r.Update(ctx, v)
}

// fail1 and fail2 run a query unless the operation fails.
func fail1[A any](f *faults, q func() (A, error)) (A, error) {
	if err := f.step(); err != nil {
		var zero A
		return zero, err
	}
	return q()
}

type fChildren struct {
	fRecords[roles.Child, roles.ID[roles.Child]]
	r adapters.Children
}

func (x fChildren) ByPersonnummer(ctx context.Context, p roles.Personnummer) (roles.Child, error) {
	return fail1(x.f, func() (roles.Child, error) { return x.r.ByPersonnummer(ctx, p) })
}
func (x fChildren) OfUnit(ctx context.Context, u roles.ID[roles.Unit], t time.Time, p adapters.PageRequest) (adapters.Page[roles.Child], error) {
	return fail1(x.f, func() (adapters.Page[roles.Child], error) { return x.r.OfUnit(ctx, u, t, p) })
}
func (x fChildren) OfProfessional(ctx context.Context, id roles.ID[roles.Professional], t time.Time, p adapters.PageRequest) (adapters.Page[roles.Child], error) {
	return fail1(x.f, func() (adapters.Page[roles.Child], error) { return x.r.OfProfessional(ctx, id, t, p) })
}

type fGuardians struct {
	fRecords[roles.Guardian, roles.ID[roles.Guardian]]
	r adapters.Guardians
}

func (x fGuardians) ByPersonnummer(ctx context.Context, p roles.Personnummer) (roles.Guardian, error) {
	return fail1(x.f, func() (roles.Guardian, error) { return x.r.ByPersonnummer(ctx, p) })
}

type fCustodies struct {
	fRecords[roles.Custody, roles.ID[roles.Custody]]
	r adapters.Custodies
}

func (x fCustodies) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Custody, error) {
	return fail1(x.f, func() ([]roles.Custody, error) { return x.r.OfChild(ctx, c) })
}
func (x fCustodies) OfGuardian(ctx context.Context, g roles.ID[roles.Guardian]) ([]roles.Custody, error) {
	return fail1(x.f, func() ([]roles.Custody, error) { return x.r.OfGuardian(ctx, g) })
}

type fOrganisations struct {
	fRecords[roles.Organisation, roles.ID[roles.Organisation]]
	r adapters.Organisations
}

func (x fOrganisations) List(ctx context.Context) ([]roles.Organisation, error) {
	return fail1(x.f, func() ([]roles.Organisation, error) { return x.r.List(ctx) })
}

type fUnits struct {
	fRecords[roles.Unit, roles.ID[roles.Unit]]
	r adapters.Units
}

func (x fUnits) OfOrganisation(ctx context.Context, o roles.ID[roles.Organisation]) ([]roles.Unit, error) {
	return fail1(x.f, func() ([]roles.Unit, error) { return x.r.OfOrganisation(ctx, o) })
}

type fProfessionals struct {
	fRecords[roles.Professional, roles.ID[roles.Professional]]
	r adapters.Professionals
}

func (x fProfessionals) OfUnit(ctx context.Context, u roles.ID[roles.Unit]) ([]roles.Professional, error) {
	return fail1(x.f, func() ([]roles.Professional, error) { return x.r.OfUnit(ctx, u) })
}

type fAssignments struct {
	fRecords[roles.Assignment, roles.ID[roles.Assignment]]
	r adapters.Assignments
}

func (x fAssignments) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Assignment, error) {
	return fail1(x.f, func() ([]roles.Assignment, error) { return x.r.OfChild(ctx, c) })
}
func (x fAssignments) OfHolder(ctx context.Context, h roles.Party, t time.Time) ([]roles.Assignment, error) {
	return fail1(x.f, func() ([]roles.Assignment, error) { return x.r.OfHolder(ctx, h, t) })
}

type fConsents struct {
	fRecords[roles.Consent, roles.ID[roles.Consent]]
	r adapters.Consents
}

func (x fConsents) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Consent, error) {
	return fail1(x.f, func() ([]roles.Consent, error) { return x.r.OfChild(ctx, c) })
}
func (x fConsents) InForceAt(ctx context.Context, c roles.ID[roles.Child], t time.Time) ([]roles.Consent, error) {
	return fail1(x.f, func() ([]roles.Consent, error) { return x.r.InForceAt(ctx, c, t) })
}

type fDisclosures struct {
	fRecords[roles.Disclosure, roles.ID[roles.Disclosure]]
	r adapters.Disclosures
}

func (x fDisclosures) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.Disclosure, error) {
	return fail1(x.f, func() ([]roles.Disclosure, error) { return x.r.OfChild(ctx, c) })
}

type fMaturity struct {
	fRecords[roles.MaturityAssessment, roles.ID[roles.MaturityAssessment]]
	r adapters.MaturityAssessments
}

func (x fMaturity) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.MaturityAssessment, error) {
	return fail1(x.f, func() ([]roles.MaturityAssessment, error) { return x.r.OfChild(ctx, c) })
}

type fHarms struct {
	fRecords[roles.HarmException, roles.ID[roles.HarmException]]
	r adapters.HarmExceptions
}

func (x fHarms) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]roles.HarmException, error) {
	return fail1(x.f, func() ([]roles.HarmException, error) { return x.r.OfChild(ctx, c) })
}

type fAssessments struct {
	fRecords[behovskompass.Assessment, roles.ID[behovskompass.Assessment]]
	r adapters.Assessments
}

func (x fAssessments) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]behovskompass.Assessment, error) {
	return fail1(x.f, func() ([]behovskompass.Assessment, error) { return x.r.OfChild(ctx, c) })
}
func (x fAssessments) LatestByAgency(ctx context.Context, c roles.ID[roles.Child]) ([]behovskompass.Assessment, error) {
	return fail1(x.f, func() ([]behovskompass.Assessment, error) { return x.r.LatestByAgency(ctx, c) })
}

type fConcerns struct {
	fRecords[behovskompass.Concern, roles.ID[behovskompass.Concern]]
	r adapters.Concerns
}

func (x fConcerns) OfChild(ctx context.Context, c roles.ID[roles.Child]) ([]behovskompass.Concern, error) {
	return fail1(x.f, func() ([]behovskompass.Concern, error) { return x.r.OfChild(ctx, c) })
}
func (x fConcerns) OfBarnkontakt(ctx context.Context, p roles.ID[roles.Professional], pg adapters.PageRequest) (adapters.Page[behovskompass.Concern], error) {
	return fail1(x.f, func() (adapters.Page[behovskompass.Concern], error) { return x.r.OfBarnkontakt(ctx, p, pg) })
}

type fPlans struct {
	fRecords[plan.Plan, roles.ID[plan.Plan]]
	r adapters.Plans
}

func (x fPlans) ByChild(ctx context.Context, c roles.ID[roles.Child]) (plan.Plan, error) {
	return fail1(x.f, func() (plan.Plan, error) { return x.r.ByChild(ctx, c) })
}
func (x fPlans) Revision(ctx context.Context, id roles.ID[plan.Plan], rev int64) (plan.Plan, error) {
	return fail1(x.f, func() (plan.Plan, error) { return x.r.Revision(ctx, id, rev) })
}
func (x fPlans) Revisions(ctx context.Context, id roles.ID[plan.Plan], p adapters.PageRequest) (adapters.Page[plan.LogEntry], error) {
	return fail1(x.f, func() (adapters.Page[plan.LogEntry], error) { return x.r.Revisions(ctx, id, p) })
}
func (x fPlans) OverdueItems(ctx context.Context, a roles.Agency, on roles.Date, p adapters.PageRequest) (adapters.Page[adapters.PlanItem], error) {
	return fail1(x.f, func() (adapters.Page[adapters.PlanItem], error) { return x.r.OverdueItems(ctx, a, on, p) })
}
func (x fPlans) DueForFollowUp(ctx context.Context, by roles.Date, p adapters.PageRequest) (adapters.Page[plan.Plan], error) {
	return fail1(x.f, func() (adapters.Page[plan.Plan], error) { return x.r.DueForFollowUp(ctx, by, p) })
}

type fAudit struct {
	r adapters.AuditLog
	f *faults
}

func (x fAudit) Append(ctx context.Context, e *adapters.AuditEntry) error {
	if err := x.f.step(); err != nil {
		return err
	}
	return x.r.Append(ctx, e)
}
func (x fAudit) Last(ctx context.Context) (adapters.AuditEntry, error) {
	return fail1(x.f, func() (adapters.AuditEntry, error) { return x.r.Last(ctx) })
}
func (x fAudit) ByChild(ctx context.Context, c roles.ID[roles.Child], p adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	return fail1(x.f, func() (adapters.Page[adapters.AuditEntry], error) { return x.r.ByChild(ctx, c, p) })
}
func (x fAudit) Scan(ctx context.Context, from int64, p adapters.PageRequest) (adapters.Page[adapters.AuditEntry], error) {
	return fail1(x.f, func() (adapters.Page[adapters.AuditEntry], error) { return x.r.Scan(ctx, from, p) })
}

type fOutbox struct {
	r adapters.Outbox
	f *faults
}

func (x fOutbox) Append(ctx context.Context, e *adapters.Event) error {
	if err := x.f.step(); err != nil {
		return err
	}
	return x.r.Append(ctx, e)
}
func (x fOutbox) Get(ctx context.Context, id roles.ID[adapters.Event]) (adapters.Event, error) {
	return fail1(x.f, func() (adapters.Event, error) { return x.r.Get(ctx, id) })
}
func (x fOutbox) Pending(ctx context.Context, p adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	return fail1(x.f, func() (adapters.Page[adapters.Event], error) { return x.r.Pending(ctx, p) })
}
func (x fOutbox) PendingOfChild(ctx context.Context, c roles.ID[roles.Child], p adapters.PageRequest) (adapters.Page[adapters.Event], error) {
	return fail1(x.f, func() (adapters.Page[adapters.Event], error) { return x.r.PendingOfChild(ctx, c, p) })
}
func (x fOutbox) Ack(ctx context.Context, id roles.ID[adapters.Event], at time.Time) error {
	if err := x.f.step(); err != nil {
		return err
	}
	return x.r.Ack(ctx, id, at)
}
