package roles_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/backabarnet/backabarnet/roles"
)

// story is one named case of TestDecideStories: a short story about one child,
// and what Decide must answer.
type story struct {
	name  string
	now   time.Time
	born  string                                         // personnummer of the child; default born 2017-01-01
	setup func(w *world)                                 // the records
	req   func(w *world) roles.Request                   // default: the social worker reads the school's compass assessment
	allow bool                                           // the answer
	basis roles.BasisKind                                // for an allowed answer
	why   roles.Reason                                   // must be among the reasons
	must  roles.Obligations                              // must all be set
	not   roles.Obligations                              // must all be unset
	check func(t *testing.T, w *world, d roles.Decision) // anything else
}

func socialReadsCompass(w *world) roles.Request {
	return w.read(pro(socialW), roles.Skola, roles.CategoryBehovskompass)
}

// Times in the life of a child born 2017-01-01.
var (
	age11    = on(2028, time.June, 15)
	age12    = on(2029, time.June, 15)
	age13    = on(2030, time.June, 15)
	age14    = on(2031, time.June, 15)
	age16    = on(2033, time.June, 15)
	age17    = on(2034, time.June, 15)
	age18    = on(2035, time.June, 15)
	age20    = on(2037, time.June, 15)
	age21    = on(2038, time.June, 15)
	before12 = at(2028, time.December, 31, 23, 59)
	turns12  = at(2029, time.January, 1, 0, 0)
	before15 = at(2031, time.December, 31, 23, 59)
	turns15  = at(2032, time.January, 1, 0, 0)
)

func stories() []story {
	withConsent := func(givers ...roles.Party) func(w *world) {
		return func(w *world) { w.consent(givers...) }
	}
	return []story{
		// Age bands and their edges.
		{name: "child 11, both guardians in joint custody consented: allow on the consent",
			now: age11, setup: withConsent(parents()...), allow: true, basis: roles.BasisConsent, why: roles.ReasonConsentCovers},
		{name: "child 11, only one of two guardians in joint custody consented: deny, a guardian's consent is missing",
			now: age11, setup: withConsent(roles.GuardianParty(g1)), why: roles.ReasonConsentGuardianMissing},
		{name: "child 11, only the child consented: deny, the guardians decide under 12",
			now: age11, setup: withConsent(kid()), why: roles.ReasonConsentGuardianMissing},
		{name: "child 11 years and 364 days at 23:59 on New Year's Eve, guardians only: allow",
			now: before12, setup: withConsent(parents()...), allow: true, basis: roles.BasisConsent},
		{name: "child turns 12 at midnight, guardians only: deny, the child's consent is now needed",
			now: turns12, setup: withConsent(parents()...), why: roles.ReasonConsentChildMissing},
		{name: "child 12 years and 1 day, only the guardians consented: deny, the child's consent is missing",
			now: turns12.AddDate(0, 0, 1), setup: withConsent(parents()...), why: roles.ReasonConsentChildMissing},
		{name: "23:30 UTC on New Year's Eve is already New Year's Day in Sweden: the child is 12, guardians only: deny",
			now: time.Date(2028, time.December, 31, 23, 30, 0, 0, time.UTC), setup: withConsent(parents()...), why: roles.ReasonConsentChildMissing},
		{name: "child 12, guardians and child consented: allow",
			now: age12, setup: withConsent(all()...), allow: true, basis: roles.BasisConsent},
		{name: "child 12, only the child consented: deny, the guardians' consent is still needed",
			now: age12, setup: withConsent(kid()), why: roles.ReasonConsentGuardianMissing},
		{name: "child 13, one guardian and the child consented: deny, the other guardian is missing",
			now: age13, setup: withConsent(roles.GuardianParty(g2), kid()), why: roles.ReasonConsentGuardianMissing},
		{name: "child 14 on the eve of the 15th birthday, guardians and child: allow",
			now: before15, setup: withConsent(all()...), allow: true, basis: roles.BasisConsent},
		{name: "child 14 on the eve of the 15th birthday, the child alone: deny, guardians still needed",
			now: before15, setup: withConsent(kid()), why: roles.ReasonConsentGuardianMissing},
		{name: "child turns 15 at midnight, the child alone: allow",
			now: turns15, setup: withConsent(kid()), allow: true, basis: roles.BasisConsent},
		{name: "child 14 with the guardians' consent only: deny, both the missing child and nothing else",
			now: age14, setup: withConsent(parents()...), why: roles.ReasonConsentChildMissing},
		{name: "child 16, only the guardians consented: deny, from 15 the child decides",
			now: age16, setup: withConsent(parents()...), why: roles.ReasonConsentChildMissing},
		{name: "child 16, the child alone: allow, the guardians are not asked",
			now: age16, setup: withConsent(kid()), allow: true, basis: roles.BasisConsent},
		{name: "young adult of 18, consenting alone: allow",
			now: age18, setup: withConsent(kid()), allow: true, basis: roles.BasisConsent},

		// Leap-day births.
		{name: "born on 29 February, on 28 February of a leap year still 11: guardians only: allow",
			born: pnrLeap, now: on(2012, time.February, 28), setup: withConsent(parents()...), allow: true, basis: roles.BasisConsent},
		{name: "born on 29 February, turns 12 on 29 February of a leap year: guardians only: deny",
			born: pnrLeap, now: on(2012, time.February, 29), setup: withConsent(parents()...), why: roles.ReasonConsentChildMissing},
		{name: "born on 29 February, turns 15 on 28 February of a common year: the child alone: allow",
			born: pnrLeap, now: on(2015, time.February, 28), setup: withConsent(kid()), allow: true, basis: roles.BasisConsent},
		{name: "born on 29 February, on 27 February of a common year still 14: the child alone: deny",
			born: pnrLeap, now: on(2015, time.February, 27), setup: withConsent(kid()), why: roles.ReasonConsentGuardianMissing},

		// Maturity assessments move a child between bands.
		{name: "child 13 assessed mature enough to decide alone, the child consented alone: allow",
			now: age13, setup: func(w *world) {
				w.mature(roles.BandBarn, w.now.AddDate(0, -2, 0), time.Time{})
				w.consent(kid())
			}, allow: true, basis: roles.BasisConsent},
		{name: "child 10 assessed mature enough to be asked too, only the guardians consented: deny, the child is missing",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.mature(roles.BandVardnadshavareOchBarn, w.now.AddDate(0, -2, 0), time.Time{})
				w.consent(parents()...)
			}, why: roles.ReasonConsentChildMissing},
		{name: "child 16 assessed not mature enough, the child consented alone: deny, the guardians are needed",
			now: age16, setup: func(w *world) {
				w.mature(roles.BandVardnadshavareOchBarn, w.now.AddDate(0, -2, 0), time.Time{})
				w.consent(kid())
			}, why: roles.ReasonConsentGuardianMissing},
		{name: "child 13 whose maturity assessment ended last month, the child consented alone: deny, the age rule is back",
			now: age13, setup: func(w *world) {
				w.mature(roles.BandBarn, w.now.AddDate(0, -6, 0), w.now.AddDate(0, -1, 0))
				w.consent(kid())
			}, why: roles.ReasonConsentGuardianMissing},
		{name: "child 13 with two maturity assessments, the later one puts the child back with the guardians: deny",
			now: age13, setup: func(w *world) {
				w.mature(roles.BandBarn, w.now.AddDate(0, -6, 0), time.Time{})
				w.mature(roles.BandVardnadshavareOchBarn, w.now.AddDate(0, -1, 0), time.Time{})
				w.consent(kid())
			}, why: roles.ReasonConsentGuardianMissing},

		// Custody.
		{name: "child 10 in sole custody of the mother, who consented: allow",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.custodies = w.custodies[:1]
				w.consent(roles.GuardianParty(g1))
			}, allow: true, basis: roles.BasisConsent},
		{name: "child 10 whose father's custody ended last week, the mother consented alone: allow",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.endCustody(g2, w.now.AddDate(0, 0, -7))
				w.consent(roles.GuardianParty(g1))
			}, allow: true, basis: roles.BasisConsent},
		{name: "child 10 whose father's custody ends next week, the mother consented alone: deny",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.endCustody(g2, w.now.AddDate(0, 0, 7))
				w.consent(roles.GuardianParty(g1))
			}, why: roles.ReasonConsentGuardianMissing},
		{name: "child 10, a third guardian got custody after the consent was given: deny, the new guardian has not consented",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.custody(g3, w.now.AddDate(0, 0, -3), time.Time{})
				w.consent(parents()...)
			}, why: roles.ReasonConsentGuardianMissing},
		{name: "child 10 with no guardian in custody on record: deny, nobody can consent",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.custodies = nil
				w.consent(parents()...)
			}, why: roles.ReasonConsentNoAuthority},
		{name: "child 11, the father signs next week: deny today, his consent is not yet given",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				c.Givers[1].GivenAt = w.now.AddDate(0, 0, 7)
			}, why: roles.ReasonConsentGuardianMissing},

		// The significant-harm exception (OSL 12:3).
		{name: "child 10, the father left out for significant harm, the mother consented alone: allow",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{})
				w.consent(roles.GuardianParty(g1))
			}, allow: true, basis: roles.BasisConsent},
		{name: "child 10, the harm exception for the father ended: deny, his consent is needed again",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.harm(g2, w.now.AddDate(0, -3, 0), w.now.AddDate(0, -1, 0))
				w.consent(roles.GuardianParty(g1))
			}, why: roles.ReasonConsentGuardianMissing},
		{name: "child 10 with both guardians left out for significant harm: deny, nobody can consent",
			now: on(2027, time.March, 1), setup: func(w *world) {
				w.harm(g1, w.now.AddDate(0, -1, 0), time.Time{})
				w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{})
				w.consent(kid())
			}, why: roles.ReasonConsentNoAuthority},
		{name: "child 13 with both guardians left out, the child consented: allow",
			now: age13, setup: func(w *world) {
				w.harm(g1, w.now.AddDate(0, -1, 0), time.Time{})
				w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{})
				w.consent(kid())
			}, allow: true, basis: roles.BasisConsent},
		{name: "a guardian left out for significant harm reads the plan: deny",
			now: age11, setup: func(w *world) { w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{}) },
			req: func(w *world) roles.Request { return w.read(roles.GuardianActor(g2), "", roles.CategoryPlan) },
			why: roles.ReasonHarmException},
		{name: "the other guardian reads the plan while the harm exception applies to the first: allow",
			now: age11, setup: func(w *world) { w.harm(g2, w.now.AddDate(0, -1, 0), time.Time{}) },
			req:   func(w *world) roles.Request { return w.read(roles.GuardianActor(g1), "", roles.CategoryPlan) },
			allow: true, basis: roles.BasisOwnAccess, why: roles.ReasonGuardianOwnAccess},

		// Validity and withdrawal.
		{name: "consent ended yesterday: deny, expired",
			now: age11, setup: func(w *world) { w.consent(parents()...).ValidUntil = w.now.AddDate(0, 0, -1) },
			why: roles.ReasonConsentExpired},
		{name: "consent ends at this very instant (the end is exclusive): deny, expired",
			now: age11, setup: func(w *world) { w.consent(parents()...).ValidUntil = w.now },
			why: roles.ReasonConsentExpired},
		{name: "consent starts tomorrow: deny, not yet valid",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				c.ValidFrom = w.now.AddDate(0, 0, 1)
			}, why: roles.ReasonConsentNotYetValid},
		{name: "consent starts at this very instant: allow",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				c.ValidFrom, c.Givers[0].GivenAt, c.Givers[1].GivenAt = w.now, w.now, w.now
			}, allow: true, basis: roles.BasisConsent},
		{name: "consent written for 18 months, read in month 13: deny, the policy caps validity at 12 months",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				c.ValidFrom = w.now.AddDate(0, -13, 0)
				c.ValidUntil = c.ValidFrom.AddDate(0, 18, 0)
				c.Givers[0].GivenAt, c.Givers[1].GivenAt = c.ValidFrom, c.ValidFrom
			}, why: roles.ReasonConsentExpired},
		{name: "consent withdrawn by the mother yesterday: deny, withdrawn",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				if err := c.Withdraw(roles.GuardianParty(g1), recorder, w.now.AddDate(0, 0, -1)); err != nil {
					w.t.Fatal(err)
				}
			}, why: roles.ReasonConsentWithdrawn},
		{name: "consent withdrawn tomorrow: a disclosure today stays lawful, withdrawal is never retroactive: allow",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				if err := c.Withdraw(roles.GuardianParty(g1), recorder, w.now.AddDate(0, 0, 1)); err != nil {
					w.t.Fatal(err)
				}
			}, allow: true, basis: roles.BasisConsent},
		{name: "consent withdrawn at this very instant: deny",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				if err := c.Withdraw(roles.ChildParty(childID), recorder, w.now); err != nil {
					w.t.Fatal(err)
				}
			}, why: roles.ReasonConsentWithdrawn},
		{name: "one consent expired and a newer one in force: allow on the newer one",
			now: age11, setup: func(w *world) {
				old := w.consent(parents()...)
				old.ValidUntil = w.now.AddDate(0, 0, -1)
				w.consent(parents()...)
			}, allow: true, basis: roles.BasisConsent,
			check: func(t *testing.T, w *world, d roles.Decision) {
				if d.Basis.ConsentID != w.consents[1].ID {
					t.Errorf("basis %v, want the newer consent", d.Basis)
				}
			}},

		// What the consent covers.
		{name: "consent without health information, the doctor asks for health: deny, wrong category",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request { return w.read(pro(doctor), roles.Skola, roles.CategoryHalsa) },
			why: roles.ReasonConsentWrongCategory},
		{name: "consent to social services and health care, the police officer asks: deny, wrong receiving agency",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request { return w.read(pro(officer), roles.Skola, roles.CategoryBehovskompass) },
			why: roles.ReasonConsentWrongRecipient},
		{name: "consent for coordination, the social worker reads for an investigation of crime: deny, wrong purpose",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				r := socialReadsCompass(w)
				r.Purpose = roles.PurposeBrottsutredning
				return r
			}, why: roles.ReasonConsentWrongPurpose},
		{name: "the school holds a consent, the social worker asks for elevhälsa's information: deny, no consent there",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				return w.read(pro(socialW), roles.ElevhalsaMedicinsk, roles.CategoryBehovskompass)
			}, why: roles.ReasonNoConsent},
		{name: "no consent and no legal basis: deny, with both reasons",
			now: age11, why: roles.ReasonNoConsent,
			check: func(t *testing.T, w *world, d roles.Decision) {
				if !d.Reasons.Has(roles.ReasonNoLegalBasis) {
					t.Errorf("reasons %v, want no_legal_basis too", d.Reasons)
				}
			}},
		{name: "a valid consent, but the social worker holds no role for the child: deny, no role in the receiving agency",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				return w.read(pro(socialNoRol), roles.Skola, roles.CategoryBehovskompass)
			},
			why: roles.ReasonNoRoleReceiving},
		{name: "a municipality that does not ask for a receiving role: the social worker without a role may read on the consent",
			now: age11, setup: func(w *world) {
				w.pol.ReceiverRoleOptional = true
				w.consent(parents()...)
			},
			req: func(w *world) roles.Request {
				return w.read(pro(socialNoRol), roles.Skola, roles.CategoryBehovskompass)
			},
			allow: true, basis: roles.BasisConsent},
		{name: "the mentor discloses the compass assessment to social services on the consent: allow, record the disclosure",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Socialtjanst, roles.CategoryBehovskompass, roles.PurposeSamordning, "")
			}, allow: true, basis: roles.BasisConsent, must: roles.ObligationRecordDisclosure},
		{name: "a teacher without a role discloses on a valid consent: deny, no role",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				return w.disclose(teacher, roles.Socialtjanst, roles.CategoryBehovskompass, roles.PurposeSamordning, "")
			}, why: roles.ReasonNoRole, must: roles.ObligationRecordDisclosure},

		// Within one agency.
		{name: "the Barnkontakt at school reads the school's information: allow, same agency with a role",
			now: age11, req: func(w *world) roles.Request { return w.read(pro(mentor), roles.Skola, roles.CategorySkola) },
			allow: true, basis: roles.BasisSameDomain, why: roles.ReasonSameDomainRole},
		{name: "a teacher without a role for the child reads the school's information: deny",
			now: age11, req: func(w *world) roles.Request { return w.read(pro(teacher), roles.Skola, roles.CategorySkola) },
			why: roles.ReasonNoRole},
		{name: "the school nurse in the child's team reads elevhälsa's health notes: allow as team member",
			now: age11, req: func(w *world) roles.Request {
				return w.read(pro(nurse), roles.ElevhalsaMedicinsk, roles.CategoryHalsa)
			}, allow: true, basis: roles.BasisSameDomain, why: roles.ReasonChildTeamMember},
		{name: "the counsellor in the Barnteam writes a compass assessment for psychosocial elevhälsa: allow",
			now: age11, req: func(w *world) roles.Request {
				r := w.read(pro(counsellor), roles.ElevhalsaPsykosocial, roles.CategoryBehovskompass)
				r.Action = roles.Write
				return r
			}, allow: true, basis: roles.BasisSameDomain},
		{name: "the former Barnkontakt whose assignment ended yesterday reads: deny",
			now: age11, setup: func(w *world) { w.endRoles(mentor, w.now.AddDate(0, 0, -1)) },
			req: func(w *world) roles.Request { return w.read(pro(mentor), roles.Skola, roles.CategorySkola) },
			why: roles.ReasonNoRole},
		{name: "the mentor claims to act for psychosocial elevhälsa, where the mentor has no role: deny",
			now: age11, req: func(w *world) roles.Request {
				a := pro(mentor)
				a.Agency = roles.ElevhalsaPsykosocial
				return w.read(a, roles.ElevhalsaPsykosocial, roles.CategoryBehovskompass)
			}, why: roles.ReasonNoRole},
		{name: "the social worker writes into the school's records: deny, only the recording agency writes",
			now: age11, setup: withConsent(parents()...), req: func(w *world) roles.Request {
				r := socialReadsCompass(w)
				r.Action = roles.Write
				return r
			}, why: roles.ReasonWriteOtherDomain},
		{name: "the social worker discloses the school's information: deny, only the recording agency discloses",
			now: age11, setup: withConsent(parents()...), req: func(w *world) roles.Request {
				r := w.disclose(socialW, roles.HalsoSjukvard, roles.CategoryBehovskompass, roles.PurposeSamordning, "")
				r.RecordingAgency = roles.Skola
				return r
			}, why: roles.ReasonDiscloseNotOwner},
		{name: "the mentor 'discloses' to the school itself: deny, that is no disclosure",
			now: age11, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Skola, roles.CategorySkola, roles.PurposeSamordning, "")
			}, why: roles.ReasonRecipientSameDomain},

		// Guardians' and the child's own access.
		{name: "a guardian with custody reads the plan: allow, own access",
			now: age11, req: func(w *world) roles.Request { return w.read(roles.GuardianActor(g1), "", roles.CategoryPlan) },
			allow: true, basis: roles.BasisOwnAccess, why: roles.ReasonGuardianOwnAccess},
		{name: "a guardian reads the combined picture: allow",
			now: age11, req: func(w *world) roles.Request {
				return w.read(roles.GuardianActor(g2), roles.Skola, roles.CategoryHelhetsbild)
			}, allow: true, basis: roles.BasisOwnAccess},
		{name: "a guardian asks for the health records: deny, not among the categories of own access",
			now: age11, req: func(w *world) roles.Request {
				return w.read(roles.GuardianActor(g1), roles.HalsoSjukvard, roles.CategoryHalsa)
			}, why: roles.ReasonOwnAccessCategory},
		{name: "a guardian tries to write the plan: deny, guardians read",
			now: age11, req: func(w *world) roles.Request {
				r := w.read(roles.GuardianActor(g1), "", roles.CategoryPlan)
				r.Action = roles.Write
				return r
			}, why: roles.ReasonOwnAccessReadOnly},
		{name: "a former guardian whose custody ended reads the plan: deny",
			now: age11, setup: func(w *world) { w.endCustody(g2, w.now.AddDate(-1, 0, 0)) },
			req: func(w *world) roles.Request { return w.read(roles.GuardianActor(g2), "", roles.CategoryPlan) },
			why: roles.ReasonNotGuardian},
		{name: "someone else's parent asks for the child's plan: deny",
			now: age11, req: func(w *world) roles.Request { return w.read(roles.GuardianActor(g3), "", roles.CategoryPlan) },
			why: roles.ReasonNotGuardian},
		{name: "the child reads their own plan: allow",
			now: age11, req: func(w *world) roles.Request { return w.read(roles.ChildActor(childID), "", roles.CategoryPlan) },
			allow: true, basis: roles.BasisOwnAccess, why: roles.ReasonChildOwnAccess},
		{name: "another child asks for this child's plan: deny",
			now: age11, req: func(w *world) roles.Request { return w.read(roles.ChildActor(otherKid), "", roles.CategoryPlan) },
			why: roles.ReasonNotTheChild},
		{name: "a närstående asks for the plan: deny, no access of their own",
			now: age11, req: func(w *world) roles.Request {
				return w.read(roles.Actor{Party: roles.RelatedParty(fixedID[roles.RelatedPerson](11, 1))}, "", roles.CategoryPlan)
			}, why: roles.ReasonActorNotAllowed},

		// Protected identity.
		{name: "protected child, the consent even names contact details, social services asks for them: deny",
			now: age11, setup: func(w *world) {
				w.child.Protection = roles.SkyddadFolkbokforing
				c := w.consent(parents()...)
				c.Categories = append(c.Categories, roles.CategoryKontaktuppgifter)
			},
			req: func(w *world) roles.Request {
				return w.read(pro(socialW), roles.Skola, roles.CategoryKontaktuppgifter)
			}, why: roles.ReasonProtectedContact, must: roles.ObligationAuditHighSeverity},
		{name: "a guardian with sekretessmarkering: the school may not disclose contact details even on consent",
			now: age11, setup: func(w *world) {
				w.guardians[1].Protection = roles.Sekretessmarkering
				c := w.consent(parents()...)
				c.Categories = append(c.Categories, roles.CategoryKontaktuppgifter)
			},
			req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Socialtjanst, roles.CategoryKontaktuppgifter, roles.PurposeSamordning, "")
			}, why: roles.ReasonProtectedContact},
		{name: "protected child, the Barnkontakt reads the school's own contact details: allow, confirm and audit high",
			now: age11, setup: func(w *world) { w.child.Protection = roles.LokalHotbild },
			req: func(w *world) roles.Request {
				return w.read(pro(mentor), roles.Skola, roles.CategoryKontaktuppgifter)
			}, allow: true, basis: roles.BasisSameDomain,
			must: roles.ObligationConfirm | roles.ObligationAuditHighSeverity, not: roles.ObligationWithholdContact},
		{name: "protected child, social services reads the compass assessment on consent: allow, contact data withheld",
			now: age11, setup: func(w *world) {
				w.child.Protection = roles.SkyddadFolkbokforing
				w.consent(parents()...)
			}, allow: true, basis: roles.BasisConsent, why: roles.ReasonProtectedIdentity,
			must: roles.ObligationConfirm | roles.ObligationAuditHighSeverity | roles.ObligationWithholdContact},
		{name: "protected guardian, the other guardian reads the plan: allow, the protected address stays out",
			now: age11, setup: func(w *world) { w.guardians[0].Protection = roles.SkyddadFolkbokforing },
			req:   func(w *world) roles.Request { return w.read(roles.GuardianActor(g2), "", roles.CategoryPlan) },
			allow: true, basis: roles.BasisOwnAccess, must: roles.ObligationWithholdContact | roles.ObligationConfirm},
		{name: "protected child, a concern report naming the address: deny, contact data never leaves the school",
			now: age11, setup: func(w *world) { w.child.Protection = roles.SkyddadFolkbokforing },
			req: func(w *world) roles.Request {
				return w.disclose(teacher, roles.Socialtjanst, roles.CategoryKontaktuppgifter, roles.PurposeOrosanmalan, "")
			}, why: roles.ReasonProtectedContact},
		{name: "protected child, a concern report of the concern itself: allow, with the protection obligations",
			now: age11, setup: func(w *world) { w.child.Protection = roles.SkyddadFolkbokforing },
			req: func(w *world) roles.Request {
				return w.disclose(teacher, roles.Socialtjanst, roles.CategoryOro, roles.PurposeOrosanmalan, "")
			}, allow: true, basis: roles.BasisLegal,
			must: roles.ObligationWithholdContact | roles.ObligationConfirm | roles.ObligationAuditHighSeverity | roles.ObligationRecordDisclosure},
		{name: "unprotected child, consent names contact details: allow, nothing withheld",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				c.Categories = append(c.Categories, roles.CategoryKontaktuppgifter)
			},
			req: func(w *world) roles.Request {
				return w.read(pro(socialW), roles.Skola, roles.CategoryKontaktuppgifter)
			}, allow: true, basis: roles.BasisConsent,
			not: roles.ObligationWithholdContact | roles.ObligationConfirm | roles.ObligationAuditHighSeverity},

		// The concern report (orosanmälan).
		{name: "a teacher without a role reports a concern to social services, no consent at all: allow",
			now: age11, req: func(w *world) roles.Request {
				return w.disclose(teacher, roles.Socialtjanst, roles.CategoryOro, roles.PurposeOrosanmalan, "")
			}, allow: true, basis: roles.BasisLegal, why: roles.ReasonConcernReport,
			must: roles.ObligationRecordDisclosure | roles.ObligationRecordReason,
			check: func(t *testing.T, w *world, d roles.Decision) {
				if d.Basis.LegalBasis != roles.BasisOrosanmalan {
					t.Errorf("basis %v, want %s", d.Basis, roles.BasisOrosanmalan)
				}
			}},
		{name: "the guardians withdrew their consent yesterday, the mentor reports a concern today: allow",
			now: age11, setup: func(w *world) {
				c := w.consent(parents()...)
				c.Categories = append(c.Categories, roles.CategoryGrunduppgifter)
				if err := c.Withdraw(roles.GuardianParty(g2), recorder, w.now.AddDate(0, 0, -1)); err != nil {
					w.t.Fatal(err)
				}
			},
			req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Socialtjanst, roles.CategoryGrunduppgifter, roles.PurposeOrosanmalan, roles.BasisOrosanmalan)
			}, allow: true, basis: roles.BasisLegal, why: roles.ReasonConcernReport},
		{name: "the BVC doctor reports a concern about an infant: allow",
			now: on(2017, time.June, 1), req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Socialtjanst, roles.CategoryHalsa, roles.PurposeOrosanmalan, "")
			}, allow: true, basis: roles.BasisLegal},
		{name: "the police report a concern to social services: allow",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(officer2, roles.Socialtjanst, roles.CategoryPolis, roles.PurposeOrosanmalan, "")
			}, allow: true, basis: roles.BasisLegal},
		{name: "a 'concern report' sent to the police instead: deny, a concern report goes to social services",
			now: age11, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Polis, roles.CategoryOro, roles.PurposeOrosanmalan, roles.BasisOrosanmalan)
			}, why: roles.ReasonBasisWrongTo},
		{name: "a concern report about an 18-year-old: deny, the basis covers children",
			now: age18, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Socialtjanst, roles.CategoryOro, roles.PurposeOrosanmalan, "")
			}, why: roles.ReasonBasisAge},
		{name: "social services reads the concern reported ten days ago: allow on the recorded legal basis",
			now: age11, setup: func(w *world) {
				w.disclosure(roles.BasisOrosanmalan, roles.Skola, roles.Socialtjanst, w.now.AddDate(0, 0, -10), roles.CategoryOro)
			},
			req:   func(w *world) roles.Request { return w.read(pro(socialW), roles.Skola, roles.CategoryOro) },
			allow: true, basis: roles.BasisLegal, why: roles.ReasonLegalBasisFits},
		{name: "social services reads the concern 31 days after the report: deny, the reading window closed",
			now: age11, setup: func(w *world) {
				w.disclosure(roles.BasisOrosanmalan, roles.Skola, roles.Socialtjanst, w.now.AddDate(0, 0, -31), roles.CategoryOro)
			},
			req: func(w *world) roles.Request { return w.read(pro(socialW), roles.Skola, roles.CategoryOro) },
			why: roles.ReasonNoLegalBasis},
		{name: "social services asks for the school's health notes, not part of the concern report: deny",
			now: age11, setup: func(w *world) {
				w.disclosure(roles.BasisOrosanmalan, roles.Skola, roles.Socialtjanst, w.now.AddDate(0, 0, -1), roles.CategoryOro)
			},
			req: func(w *world) roles.Request { return w.read(pro(socialW), roles.Skola, roles.CategoryHalsa) },
			why: roles.ReasonNoLegalBasis},
		{name: "a concern report recorded for tomorrow does not open anything today: deny",
			now: age11, setup: func(w *world) {
				w.disclosure(roles.BasisOrosanmalan, roles.Skola, roles.Socialtjanst, w.now.AddDate(0, 0, 1), roles.CategoryOro)
			},
			req: func(w *world) roles.Request { return w.read(pro(socialW), roles.Skola, roles.CategoryOro) },
			why: roles.ReasonNoLegalBasis},

		// Each legal basis inside and outside its limits.
		{name: "OSL 10:18 a: social services tells the police about a 20-year-old at risk of crime: allow",
			now: age20, req: func(w *world) roles.Request {
				return w.disclose(socialW, roles.Polis, roles.CategorySocialtjanst, roles.PurposeBrottsforebyggande, roles.BasisUngaUnder21)
			}, allow: true, basis: roles.BasisLegal, why: roles.ReasonLegalBasisFits, must: roles.ObligationRecordReason},
		{name: "OSL 10:18 a at 21: deny, the person is too old",
			now: age21, req: func(w *world) roles.Request {
				return w.disclose(socialW, roles.Polis, roles.CategorySocialtjanst, roles.PurposeBrottsforebyggande, roles.BasisUngaUnder21)
			}, why: roles.ReasonBasisAge},
		{name: "OSL 10:18 a invoked by the school: deny, only social services may use it",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Polis, roles.CategorySkola, roles.PurposeBrottsforebyggande, roles.BasisUngaUnder21)
			}, why: roles.ReasonBasisWrongFrom},
		{name: "OSL 25:12: the doctor tells social services what a 17-year-old needs for necessary care: allow",
			now: age17, req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Socialtjanst, roles.CategoryHalsa, roles.PurposeNodvandigVard, roles.BasisHalsoTillSocial)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 25:12 from the school nurse (medical elevhälsa) to social services: allow",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(nurse, roles.Socialtjanst, roles.CategoryHalsa, roles.PurposeNodvandigVard, roles.BasisHalsoTillSocial)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 25:12 at 18: deny, the basis covers children",
			now: age18, req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Socialtjanst, roles.CategoryHalsa, roles.PurposeNodvandigVard, roles.BasisHalsoTillSocial)
			}, why: roles.ReasonBasisAge},
		{name: "OSL 25:12 to the police: deny, it reaches social services only",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Polis, roles.CategoryHalsa, roles.PurposeNodvandigVard, roles.BasisHalsoTillSocial)
			}, why: roles.ReasonBasisWrongTo},
		{name: "OSL 26:9: social services tells health care what a 12-year-old needs: allow",
			now: age12, req: func(w *world) roles.Request {
				return w.disclose(socialW, roles.HalsoSjukvard, roles.CategorySocialtjanst, roles.PurposeNodvandigVard, roles.BasisSocialTillHalso)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 26:9 to the school: deny, it reaches health care only",
			now: age12, req: func(w *world) roles.Request {
				return w.disclose(socialW, roles.Skola, roles.CategorySocialtjanst, roles.PurposeNodvandigVard, roles.BasisSocialTillHalso)
			}, why: roles.ReasonBasisWrongTo},
		{name: "OSL 10:21: the doctor reports a suspected crime against a 10-year-old to the police: allow",
			now: on(2027, time.March, 1), req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Polis, roles.CategoryHalsa, roles.PurposeBrottsutredning, roles.BasisBrottMotBarn)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 10:21 invoked by the school: deny, health care and social services only",
			now: age11, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Polis, roles.CategorySkola, roles.PurposeBrottsutredning, roles.BasisBrottMotBarn)
			}, why: roles.ReasonBasisWrongFrom},
		{name: "OSL 10:21 about an 18-year-old: deny, a crime against a child",
			now: age18, req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Polis, roles.CategoryHalsa, roles.PurposeBrottsutredning, roles.BasisBrottMotBarn)
			}, why: roles.ReasonBasisAge},
		{name: "OSL 10:20: social services alerts the police to an immediate risk to a 19-year-old: allow, no age limit",
			now: on(2036, time.June, 1), req: func(w *world) roles.Request {
				return w.disclose(socialW, roles.Polis, roles.CategorySocialtjanst, roles.PurposeAkutFara, roles.BasisAkutFara)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 10:20 invoked by health care: deny, social services only",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Polis, roles.CategoryHalsa, roles.PurposeAkutFara, roles.BasisAkutFara)
			}, why: roles.ReasonBasisWrongFrom},
		{name: "OSL 10:28: the school fulfils a duty to inform set by law: allow",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Socialtjanst, roles.CategorySkola, roles.PurposeUppgiftsskyldighet, roles.BasisUppgiftsskyldighet)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 10:27, the general clause, from the school to the police: allow",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Polis, roles.CategorySkola, roles.PurposeBrottsutredning, roles.BasisGeneralklausul)
			}, allow: true, basis: roles.BasisLegal},
		{name: "OSL 10:27 from social services: deny, the general clause is closed to social services",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(socialW, roles.Polis, roles.CategorySocialtjanst, roles.PurposeBrottsutredning, roles.BasisGeneralklausul)
			}, why: roles.ReasonGeneralClauseRefused},
		{name: "OSL 10:27 from health care: deny, closed to health care",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(doctor, roles.Skola, roles.CategoryHalsa, roles.PurposeSamordning, roles.BasisGeneralklausul)
			}, why: roles.ReasonGeneralClauseRefused},
		{name: "OSL 10:27 from medical elevhälsa, even if a municipality listed it: deny",
			now: age13, setup: func(w *world) {
				b := policyBasis(&w.pol, roles.BasisGeneralklausul)
				b.From = append(b.From, roles.ElevhalsaMedicinsk)
			},
			req: func(w *world) roles.Request {
				return w.disclose(nurse, roles.Skola, roles.CategoryHalsa, roles.PurposeSamordning, roles.BasisGeneralklausul)
			}, why: roles.ReasonGeneralClauseRefused},
		{name: "a legal basis the policy does not know: deny",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Polis, roles.CategorySkola, roles.PurposeSamordning, "osl_99_1")
			}, why: roles.ReasonBasisUnknown},
		{name: "a legal basis invoked by a social worker without a role: deny, no role",
			now: age13, req: func(w *world) roles.Request {
				return w.disclose(socialNoRol, roles.Polis, roles.CategorySocialtjanst, roles.PurposeBrottsforebyggande, roles.BasisUngaUnder21)
			}, why: roles.ReasonNoRole},
		{name: "the police read health information disclosed under OSL 10:21 last week: allow",
			now: age11, setup: func(w *world) {
				w.disclosure(roles.BasisBrottMotBarn, roles.HalsoSjukvard, roles.Polis, w.now.AddDate(0, 0, -7), roles.CategoryHalsa)
			},
			req:   func(w *world) roles.Request { return w.read(pro(officer), roles.HalsoSjukvard, roles.CategoryHalsa) },
			allow: true, basis: roles.BasisLegal},
		{name: "a recorded OSL 10:18 a disclosure about a 21-year-old does not fit: the police may not read on it",
			now: age21, setup: func(w *world) {
				w.disclosure(roles.BasisUngaUnder21, roles.Socialtjanst, roles.Polis, w.now.AddDate(0, 0, -1), roles.CategorySocialtjanst)
			},
			req: func(w *world) roles.Request {
				return w.read(pro(officer), roles.Socialtjanst, roles.CategorySocialtjanst)
			}, why: roles.ReasonBasisAge},
		{name: "a recorded disclosure without the reason its basis requires: the police may not read on it",
			now: age13, setup: func(w *world) {
				w.disclosure(roles.BasisUngaUnder21, roles.Socialtjanst, roles.Polis, w.now.AddDate(0, 0, -1), roles.CategorySocialtjanst).Reason = ""
			},
			req: func(w *world) roles.Request {
				return w.read(pro(officer), roles.Socialtjanst, roles.CategorySocialtjanst)
			}, why: roles.ReasonBasisReasonMissing},
		{name: "an officer without a role, named as the recipient of the disclosure, reads it: allow",
			now: age13, setup: func(w *world) {
				d := w.disclosure(roles.BasisUngaUnder21, roles.Socialtjanst, roles.Polis, w.now.AddDate(0, 0, -1), roles.CategorySocialtjanst)
				d.Recipient = roles.ProfessionalParty(officer2)
			},
			req: func(w *world) roles.Request {
				return w.read(pro(officer2), roles.Socialtjanst, roles.CategorySocialtjanst)
			}, allow: true, basis: roles.BasisLegal},
		{name: "an officer without a role and not the named recipient: deny",
			now: age13, setup: func(w *world) {
				w.disclosure(roles.BasisUngaUnder21, roles.Socialtjanst, roles.Polis, w.now.AddDate(0, 0, -1), roles.CategorySocialtjanst)
			},
			req: func(w *world) roles.Request {
				return w.read(pro(officer2), roles.Socialtjanst, roles.CategorySocialtjanst)
			}, why: roles.ReasonNoRoleReceiving},
		{name: "a local basis the municipality added as data: allow within its terms",
			now: age13, setup: func(w *world) { w.pol.LegalBases = append(w.pol.LegalBases, localBasis(false)) },
			req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Forskola, roles.CategorySkola, roles.PurposeSamordning, "lokal_overlamning")
			}, allow: true, basis: roles.BasisLegal},
		{name: "a local basis that gives way to withdrawn consent, after the guardians withdrew: deny",
			now: age11, setup: func(w *world) {
				w.pol.LegalBases = append(w.pol.LegalBases, localBasis(true))
				c := w.consent(parents()...)
				c.ReceivingAgencies = []roles.Agency{roles.Forskola}
				if err := c.Withdraw(roles.GuardianParty(g1), recorder, w.now.AddDate(0, 0, -2)); err != nil {
					w.t.Fatal(err)
				}
			},
			req: func(w *world) roles.Request {
				return w.disclose(mentor, roles.Forskola, roles.CategorySkola, roles.PurposeSamordning, "lokal_overlamning")
			}, why: roles.ReasonBasisBlockedByWithdrawal},

		// Vocabulary and malformed requests.
		{name: "a category nobody defined: deny",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request { return w.read(pro(socialW), roles.Skola, "lokal_fritid") },
			why: roles.ReasonUnknownCategory},
		{name: "a local category registered by the municipality and named in the consent: allow",
			now: age11, setup: func(w *world) {
				w.pol.Categories = []roles.Term[roles.Category]{{Code: "lokal_fritid", Swedish: "Fritid", English: "Leisure"}}
				c := w.consent(parents()...)
				c.Categories = append(c.Categories, "lokal_fritid")
			},
			req:   func(w *world) roles.Request { return w.read(pro(socialW), roles.Skola, "lokal_fritid") },
			allow: true, basis: roles.BasisConsent},
		{name: "a local purpose nobody registered: deny",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				r := socialReadsCompass(w)
				r.Purpose = "lokal_okand"
				return r
			}, why: roles.ReasonUnknownPurpose},
		{name: "a professional request without a purpose: deny",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				r := socialReadsCompass(w)
				r.Purpose = ""
				return r
			}, why: roles.ReasonUnknownPurpose},
		{name: "the facts are about another child: deny",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				r := socialReadsCompass(w)
				r.Child = otherKid
				return r
			}, why: roles.ReasonFactsMismatch},
		{name: "a request without a time: deny",
			now: age11, setup: withConsent(parents()...),
			req: func(w *world) roles.Request {
				r := socialReadsCompass(w)
				r.At = time.Time{}
				return r
			}, why: roles.ReasonInvalidRequest},
		{name: "a disclosure without a recipient: deny",
			now: age11, req: func(w *world) roles.Request {
				return w.disclose(mentor, "", roles.CategorySkola, roles.PurposeSamordning, "")
			}, why: roles.ReasonInvalidRequest, must: roles.ObligationRecordDisclosure},
		{name: "a municipality whose policy has no consent bands: nobody can consent",
			now: age11, setup: func(w *world) {
				w.pol.ConsentBands = nil
				w.consent(all()...)
			}, why: roles.ReasonConsentNoAuthority},
		{name: "a municipality that asks the child from 13: a 12-year-old's guardians consent alone: allow",
			now: age12, setup: func(w *world) {
				w.pol.ConsentBands = []roles.ConsentBandRule{
					{Ages: roles.AgeBand{MinAge: 0, MaxAge: 12}, Band: roles.BandVardnadshavare},
					{Ages: roles.AgeBand{MinAge: 13, MaxAge: 15}, Band: roles.BandVardnadshavareOchBarn},
					{Ages: roles.AgeBand{MinAge: 16, MaxAge: -1}, Band: roles.BandBarn},
				}
				w.consent(parents()...)
			}, allow: true, basis: roles.BasisConsent},
	}
}

// policyBasis returns the policy's basis with the code, for editing.
func policyBasis(p *roles.Policy, code roles.LegalBasisCode) *roles.LegalBasis {
	for i := range p.LegalBases {
		if p.LegalBases[i].Code == code {
			return &p.LegalBases[i]
		}
	}
	panic("no basis " + code)
}

// localBasis is a basis a municipality might add: school to preschool, any age.
func localBasis(blocks bool) roles.LegalBasis {
	return roles.LegalBasis{
		Code: "lokal_overlamning", Reference: "Lokal överenskommelse (exempel)",
		Swedish: "Överlämning", English: "Handover",
		From: []roles.Agency{roles.Skola}, To: []roles.Agency{roles.Forskola},
		Ages: roles.AgeBand{MinAge: 0, MaxAge: -1}, RequiresReason: true, WithdrawalBlocks: blocks,
	}
}

func TestDecideStories(t *testing.T) {
	t.Parallel()
	all := stories()
	if len(all) < 80 {
		t.Fatalf("%d stories, want at least 80", len(all))
	}
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s.name] {
			t.Fatalf("two stories named %q", s.name)
		}
		seen[s.name] = true
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			born := s.born
			if born == "" {
				born = pnr2017
			}
			w := newWorldBorn(t, s.now, born)
			if s.setup != nil {
				s.setup(w)
			}
			mk := s.req
			if mk == nil {
				mk = socialReadsCompass
			}
			d := w.decide(mk(w))
			if d.Allowed != s.allow {
				t.Fatalf("allowed = %v, want %v: %v", d.Allowed, s.allow, d)
			}
			if s.allow && d.Basis.Kind != s.basis {
				t.Errorf("basis %v, want %s", d.Basis, s.basis)
			}
			if !s.allow && !d.Basis.IsZero() {
				t.Errorf("a denial with basis %v", d.Basis)
			}
			if s.why != 0 && !d.Reasons.Has(s.why) {
				t.Errorf("reasons [%v], want %s among them", d.Reasons, s.why)
			}
			if d.Reasons.Len() == 0 {
				t.Error("no reason")
			}
			if !d.Obligations.Has(roles.ObligationAudit | s.must) {
				t.Errorf("obligations %v, want %v", d.Obligations, s.must|roles.ObligationAudit)
			}
			if d.Obligations&s.not != 0 {
				t.Errorf("obligations %v, want none of %v", d.Obligations, s.not)
			}
			if s.check != nil {
				s.check(t, w, d)
			}
			checkNoPersonalData(t, w, d)
		})
	}
}

// checkNoPersonalData fails when the decision's reasons or its JSON carry a
// name, a personnummer or a birth date of the world's people.
func checkNoPersonalData(t *testing.T, w *world, d roles.Decision) {
	t.Helper()
	var texts []string
	for i := range d.Reasons.Len() {
		r := d.Reasons.At(i)
		texts = append(texts, r.Code(), r.Swedish(), r.English())
	}
	texts = append(texts, d.String())
	secrets := []string{w.child.GivenName, w.child.FamilyName, w.child.Personnummer.Reveal(),
		w.child.BirthDate().String(), w.child.Personnummer.Reveal()[2:8]}
	for _, g := range w.guardians {
		secrets = append(secrets, g.GivenName)
	}
	for i, s := range texts {
		for _, secret := range secrets {
			if secret != "" && strings.Contains(s, secret) {
				t.Errorf("text %d of the decision holds personal data", i) // the text itself is not printed
			}
		}
	}
}

// randomWorld builds a random child's records without any consent and
// without any recorded legal-basis disclosure: custody, harm exceptions,
// maturity assessments, role assignments, and disclosure records that must
// open nothing (refusals, and disclosures on consents that do not exist).
func randomWorld(t *testing.T, rng *rand.Rand) *world {
	now := time.Date(2020+rng.IntN(15), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), 0, 0, 0, time.UTC)
	w := newWorld(t, now)
	birth := roles.DateOf(now.AddDate(-rng.IntN(22), 0, -rng.IntN(365)))
	w.child.Personnummer = synthPnr(birth, rng.IntN(1000))
	w.child.Protection = roles.ProtectionLevels()[rng.IntN(4)]
	w.custodies, w.assignments = nil, nil
	around := func() (time.Time, time.Time) {
		from := now.AddDate(0, -rng.IntN(48), -rng.IntN(30))
		if rng.IntN(3) == 0 {
			return from, time.Time{}
		}
		return from, from.AddDate(0, rng.IntN(60), rng.IntN(30))
	}
	for _, g := range []roles.ID[roles.Guardian]{g1, g2, g3}[:rng.IntN(4)] {
		from, to := around()
		w.custody(g, from, to)
		if rng.IntN(4) == 0 {
			from, to := around()
			w.harm(g, from, to)
		}
	}
	if rng.IntN(3) == 0 {
		from, to := around()
		w.mature(roles.ConsentBands()[rng.IntN(3)], from, to)
	}
	for p := range agencyOf {
		if rng.IntN(2) == 0 {
			from, to := around()
			w.role(p, []roles.Role{roles.Barnkontakt, roles.Stodsamordnare, roles.BarnetsTeam, roles.Barnteam, roles.Upptackare}[rng.IntN(5)], from, to)
		}
	}
	for range rng.IntN(3) {
		d := w.disclosure(roles.BasisOrosanmalan, randomAgency(rng), randomAgency(rng), now.AddDate(0, 0, -rng.IntN(20)), randomCategory(rng))
		if rng.IntN(2) == 0 {
			d.Outcome = roles.EjUtlamnad
		} else {
			d.Basis = roles.Basis{Kind: roles.BasisConsent, ConsentID: fixedID[roles.Consent](7, 99)}
		}
	}
	w.pol.ReceiverRoleOptional = rng.IntN(2) == 0
	return w
}

func randomAgency(rng *rand.Rand) roles.Agency { return roles.Agencies()[rng.IntN(7)] }

func randomCategory(rng *rand.Rand) roles.Category {
	if rng.IntN(20) == 0 {
		return "lokal_okand"
	}
	return roles.Categories()[rng.IntN(10)]
}

// randomRequest is a request by a random actor about the world's child; it
// never invokes a legal basis and never asks for a concern report.
func randomRequest(w *world, rng *rand.Rand) roles.Request {
	ps := roles.Purposes()
	purpose := ps[rng.IntN(len(ps))]
	for purpose == roles.PurposeOrosanmalan {
		purpose = ps[rng.IntN(len(ps))]
	}
	var a roles.Actor
	switch k := rng.IntN(10); {
	case k < 7:
		pros := []roles.ID[roles.Professional]{mentor, teacher, socialW, socialNoRol, nurse, doctor, officer, officer2, counsellor, preschool}
		a = pro(pros[rng.IntN(len(pros))])
		if rng.IntN(5) == 0 {
			a.Agency = randomAgency(rng) // acting outside the agency of their roles
		}
	case k < 9:
		a = roles.GuardianActor([]roles.ID[roles.Guardian]{g1, g2, g3}[rng.IntN(3)])
	default:
		a = roles.ChildActor(childID)
	}
	return roles.Request{
		Actor: a, Action: roles.Actions()[rng.IntN(3)], Category: randomCategory(rng), Child: childID,
		RecordingAgency: randomAgency(rng), Recipient: randomAgency(rng), Purpose: purpose,
		At: w.now.Add(time.Duration(rng.IntN(1000)) * time.Hour),
	}
}

// TestDecideProperties checks, over many random worlds without any consent or
// legal basis, that no request across agencies is ever allowed, that every
// decision gives at least one known reason, has a basis exactly when allowed,
// asks for an audit, and that no reason carries personal data.
func TestDecideProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2026, 11))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	allowed := map[roles.BasisKind]int{}
	for i := range n {
		w := randomWorld(t, rng)
		f := w.facts()
		for range 5 {
			req := randomRequest(w, rng)
			req.Facts, req.Policy = f, &w.pol
			d := roles.Decide(req)
			cross := req.Actor.Party.Kind == roles.PartyProfessional &&
				(req.Actor.Agency != req.RecordingAgency || req.Action == roles.Disclose && req.Recipient != req.RecordingAgency)
			if cross && d.Allowed {
				t.Fatalf("world %d: a request across agencies allowed without consent or legal basis: %+v -> %v", i, req, d)
			}
			if d.Allowed {
				allowed[d.Basis.Kind]++
				if !d.Basis.Kind.Valid() {
					t.Fatalf("world %d: allowed without a basis: %v", i, d)
				}
			} else if !d.Basis.IsZero() {
				t.Fatalf("world %d: denied with a basis: %v", i, d)
			}
			if d.Reasons.Len() == 0 {
				t.Fatalf("world %d: no reason: %v", i, d)
			}
			for k := range d.Reasons.Len() {
				if !d.Reasons.At(k).Valid() {
					t.Fatalf("world %d: unknown reason in %v", i, d)
				}
			}
			if !d.Obligations.Has(roles.ObligationAudit) {
				t.Fatalf("world %d: no audit obligation: %v", i, d)
			}
			if i%50 == 0 {
				checkNoPersonalData(t, w, d)
			}
		}
	}
	// The generator must reach the allowed paths too, or the property says little.
	for _, k := range []roles.BasisKind{roles.BasisSameDomain, roles.BasisOwnAccess} {
		if allowed[k] == 0 {
			t.Errorf("no decision allowed on %s: the generator is too narrow", k)
		}
	}
}

// TestFactsReset: facts reset in one Facts, world after world, decide every
// request as facts built anew by NewFacts do; a reset that fails leaves facts
// on which every request is denied.
func TestFactsReset(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2026, 12))
	var reused roles.Facts
	for i := range 2000 {
		w := randomWorld(t, rng)
		if rng.IntN(2) == 0 {
			w.consent(roles.GuardianParty(g1))
		}
		r := w.records()
		fresh, err := roles.NewFacts(&w.child, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := reused.Reset(&w.child, r); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			req := randomRequest(w, rng)
			req.Policy = &w.pol
			req.Facts = fresh
			want := roles.Decide(req)
			req.Facts = &reused
			if got := roles.Decide(req); got != want {
				t.Fatalf("world %d: after Reset %v, built anew %v", i, got, want)
			}
		}
	}
	if err := reused.Reset(&roles.Child{}, roles.Records{}); err == nil {
		t.Fatal("Reset of a child without an ID: no error")
	}
	w := newWorld(t, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	req := roles.Request{Actor: pro(mentor), Action: roles.Read, Category: roles.CategoryPlan, Child: childID,
		RecordingAgency: roles.Skola, Purpose: roles.PurposePlan, At: w.now, Facts: &reused, Policy: &w.pol}
	if d := roles.Decide(req); d.Allowed {
		t.Fatalf("allowed on the facts of a failed Reset: %v", d)
	}
}
