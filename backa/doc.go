// Package backa is the entry point of the Backa barnet SDK: the Service a
// vendor's system calls. Each use case checks who may do what with
// roles.Decide, applies the rules of the vocabulary packages (roles,
// behovskompass, plan), and writes the change, one audit entry per access
// decision and the events for other agencies' systems, in one transaction of
// an adapters.Store, or nothing.
//
//	svc, err := backa.NewService(store, &backa.Options{Logger: logger})
//	...
//	me := roles.ProfessionalActor(mentorID, roles.Skola, unitID)
//	res, err := svc.RaiseConcern(ctx, me, backa.ConcernRequest{...})
//	var denied *backa.DeniedError
//	if errors.As(err, &denied) { // errors.Is(err, backa.ErrDenied)
//		fmt.Println(denied.Swedish())
//	}
//
// # Use cases
//
// Enrol a child (Enrol); hand over the Barnkontakt (AssignBarnkontakt);
// appoint the Stödsamordnare (AppointStodsamordnare); form and change the
// child's team (ChangeTeam); record, withdraw and list consents
// (RecordConsent, WithdrawConsent, Consents); record a maturity assessment or
// a significant-harm exception (RecordMaturityAssessment,
// RecordHarmException); record a disclosure or a decision not to disclose
// (RecordDisclosure); record an assessment (RecordAssessment); raise a
// concern and report it to social services (RaiseConcern, ReportConcern,
// Concerns); create, change, activate, follow up and close the plan and move
// its items (CreatePlan, ChangePlan, ActivatePlan, FollowUpPlan, ClosePlan,
// ChangeItemStatus, Plan); read the child's overview (Overview) and basic
// record (Child); a professional's worklist (Worklist); the per-child log
// extract (LogExtract). For the system: VerifyAudit, the outbox
// (PendingEvents, AckEvents, Deliver) and the daily RemindFollowUps.
//
// A change to the plan is a list of steps (PlanOp: SetReason, AddGoal,
// AddItem, SetItemStatus, RecordFollowUp, SetPlanStatus, ...) that the
// service applies through one plan.Draft, so that it can decide each step
// before it is applied. Steps are data: PlanOps has a JSON form.
//
// Organisations, units and professionals are the vendor's own records: they
// are written to the store directly, and the service reads them to verify
// the actor.
//
// Every use case takes the acting person as a roles.Actor (a professional
// with their agency and unit, a guardian or the child), verified against the
// store: a professional must exist and act in the agency and unit of their
// record (a missing agency or unit is taken from it). An actor that cannot be
// verified is refused (ErrUnknownActor), and the refusal is audited. Only
// professionals write; guardians and the child read the plan and the combined
// picture as their own access, and their log extract.
//
// # Access
//
// Each use case names the purpose it acts for: the request's Purpose or
// ReadOptions.Purpose where the reader chooses (a consent covers a read only
// for its own purpose), otherwise samordning for the records of roles and
// consents, behovsbedomning for assessments, plan for the plan, and
// orosanmalan for a concern report.
//
// Information belongs to the agency (secrecy domain) that recorded it, and
// every use case decides each agency's information it touches with
// roles.Decide, as a read, write or disclose of one category for one
// purpose. Records about the child's place in Backa barnet (the child,
// custody, role assignments, consents, disclosure decisions) are
// grunduppgifter of the agency acting on them. An assessment is behovskompass
// of the agency that made it, also where the overview combines it with
// others' (the overview itself is helhetsbild of the reader's own agency); a
// concern is oro of the upptäckare's agency.
//
// Barnets plan is one joint record ("one child, one plan"), held by every
// agency that takes part: a professional reads and writes the plan's common
// part (reason, goals, team, views, follow-ups, status) in their own agency,
// with an active role for the child there. An item is the information of the
// agency responsible for it (Item.Agency): only that agency changes it, and a
// reader of another agency sees it on a consent or a legal basis from that
// agency. Adding an item for any agency is a change to the common part: what
// the child's team agreed, told to the agency by an item.assigned event.
//
// Reads are filtered, not only gated: the overview shows another agency's
// assessments and items only on a basis, and otherwise leaves them out, with
// a marker (Withheld) only where the reader's role already tells them that
// the agency takes part. Contact data of a person with a protected identity
// never appears, and any view of a child whose identity, or a guardian's, is
// protected needs explicit confirmation (ReadOptions.ConfirmProtected) and is
// audited with high severity.
//
// A refusal returns a *DeniedError (matching ErrDenied) with the decision's
// reasons, in Swedish and English and without personal data, and its audit
// entry is committed: the transaction of a refused use case writes the audit
// entries and nothing else.
//
// # Transactions
//
// A use case reads the clock and takes one ID from Options.NewID before its
// transaction; every other ID it writes is derived from that one (a
// UUIDv7 with the same time and random bits from SHA-256 of the first and a
// counter). The transaction's function reads and writes the store only, so a
// store may run it again after a transient failure and write the same thing.
//
// # Audit trail
//
// The trail is append-only and hash-chained: each entry's Hash is SHA-256
// over a canonical, versioned encoding of its fields and PrevHash, the Hash
// of the entry before it, read with adapters.AuditLog.Last in the same
// transaction (HashAuditEntry). VerifyAudit reads the whole trail and reports
// every entry that was changed, removed or reordered, and where
// (*AuditError). An entry records who (party, agency, unit), which child,
// what (action, category, purpose), when, allowed or not, the basis (kind and
// reference) and the reason codes, and the decision's ID; never a name, a
// personnummer or free text.
//
// # Events
//
// Events (adapters.Event) carry a stable type code (EventType) and a
// versioned JSON payload of IDs and codes (DecodePayload), which says whose
// change it was (PayloadHead.By: the kind of party, and a professional's
// agency and unit; never a person). They are written with their change, so
// an event exists exactly when its change was committed. PendingEvents and AckEvents give a relay the outbox; Deliver is
// such a relay: at least once, in order per child.
//
// # Logging
//
// One slog record per use case (Options.Logger), with IDs and codes only.
// Types that hold personal data implement slog.LogValuer.
package backa
