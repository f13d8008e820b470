package adaptertest

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/backabarnet/backabarnet/adapters"
	"github.com/backabarnet/backabarnet/behovskompass"
	"github.com/backabarnet/backabarnet/plan"
	"github.com/backabarnet/backabarnet/roles"
	"github.com/google/uuid"
)

// Fixtures builds valid test records with every field set (the "full"
// records a round trip needs, so that a store that loses a field cannot pass)
// and fresh IDs. The people are invented. Children get Skatteverket's
// published test personnummer first (201701012393, 201701022384,
// 201701102384) and then synthetic, check-digit-valid numbers; a
// Personnummer prints only in redacted form, so the suite's messages never
// show one.
//
// A Fixtures is safe for concurrent use. Its times are in UTC with
// nanoseconds, so that a store must truncate them (adapters.TimePrecision).
type Fixtures struct {
	// Base is the instant the fixtures' times count from.
	Base time.Time

	mu       sync.Mutex
	children int
	adults   int
	orgs     int
}

// NewFixtures returns fixtures whose times count from 2 March 2026, 08:15:30.123456789 UTC.
func NewFixtures() *Fixtures {
	return &Fixtures{Base: time.Date(2026, 3, 2, 8, 15, 30, 123456789, time.UTC)}
}

// At returns Base plus d.
func (f *Fixtures) At(d time.Duration) time.Time { return f.Base.Add(d) }

// Day is 24 hours.
const Day = 24 * time.Hour

// Date returns the calendar date of Base plus days days.
func (f *Fixtures) Date(days int) roles.Date { return roles.DateOf(f.Base).AddDays(days) }

// skatteverket lists test personnummer that Skatteverket publishes.
var skatteverket = []string{"201701012393", "201701022384", "201701102384"}

// luhn returns the check digit of the nine digits d.
func luhn(d string) byte {
	sum := 0
	for i := 0; i < 9; i++ {
		v := int(d[i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return byte('0' + (10-sum%10)%10)
}

// synthetic returns a check-digit-valid personnummer born in year on a day
// derived from n, with a serial derived from n.
func synthetic(year, n int) roles.Personnummer {
	month := 1 + n%12
	day := 1 + (n/12)%28
	serial := 100 + (n/336)%900
	s := fmt.Sprintf("%04d%02d%02d%03d", year, month, day, serial)
	s += string(luhn(s[2:]))
	p, err := roles.ParsePersonnummer(s)
	if err != nil {
		panic("adaptertest: synthetic personnummer: " + err.Error())
	}
	return p
}

// ChildPersonnummer returns a personnummer for a child, different from every
// other one these fixtures returned.
func (f *Fixtures) ChildPersonnummer() roles.Personnummer {
	f.mu.Lock()
	n := f.children
	f.children++
	f.mu.Unlock()
	if n < len(skatteverket) {
		return roles.MustParsePersonnummer(skatteverket[n])
	}
	n -= len(skatteverket)
	return synthetic(2014+n%4, n/4)
}

// AdultPersonnummer returns a personnummer for a guardian, different from
// every other one these fixtures returned.
func (f *Fixtures) AdultPersonnummer() roles.Personnummer {
	f.mu.Lock()
	n := f.adults
	f.adults++
	f.mu.Unlock()
	return synthetic(1980+n%10, n/10)
}

// organisationsnummer returns a check-digit-valid number of a public body
// (group 2), different for each n.
func organisationsnummer(n int) roles.Organisationsnummer {
	s := fmt.Sprintf("2120%05d", n%100000)
	s += string(luhn(s))
	return roles.Organisationsnummer(s)
}

func newID[T any]() roles.ID[T] { return roles.MustNewID[T]() }

// Child returns a child with every field set: a secrecy marking and contact
// details with Swedish letters.
func (f *Fixtures) Child() roles.Child {
	return roles.Child{
		ID:           newID[roles.Child](),
		Personnummer: f.ChildPersonnummer(),
		GivenName:    "Åsa-Märta",
		FamilyName:   "Öberg Ångström",
		Kommun:       roles.Amal,
		Protection:   roles.Sekretessmarkering,
		Contact: &roles.Contact{
			Address:    "Kungsgatan 12 B",
			PostalCode: "662 30",
			City:       "Åmål",
			Phone:      "0532-123 45",
			Email:      "familjen.oberg@example.se",
		},
	}
}

// Guardian returns a guardian with every field set.
func (f *Fixtures) Guardian() roles.Guardian {
	return roles.Guardian{
		ID:           newID[roles.Guardian](),
		Personnummer: f.AdultPersonnummer(),
		GivenName:    "Örjan",
		FamilyName:   "Öberg",
		Protection:   roles.Oskyddad,
		Contact: &roles.Contact{
			Address:    "Kungsgatan 12 B",
			PostalCode: "662 30",
			City:       "Åmål",
			Phone:      "070-123 45 67",
			Email:      "orjan.oberg@example.se",
		},
	}
}

// Custody returns a custody of child by guardian for a closed period,
// recorded by a system import.
func (f *Fixtures) Custody(child roles.ID[roles.Child], guardian roles.ID[roles.Guardian]) roles.Custody {
	return roles.Custody{
		ID:         newID[roles.Custody](),
		ChildID:    child,
		GuardianID: guardian,
		Period:     roles.Period{Start: f.At(-365 * Day), End: f.At(3 * 365 * Day)},
		RecordedBy: roles.Party{Kind: roles.PartySystem, ID: uuid.UUID(newID[roles.Party]())},
		RecordedAt: f.At(-364 * Day),
	}
}

// RelatedPerson returns a närstående with every field set.
func (f *Fixtures) RelatedPerson() roles.RelatedPerson {
	return roles.RelatedPerson{
		ID:         newID[roles.RelatedPerson](),
		GivenName:  "Gun-Britt",
		FamilyName: "Åkesson",
		Relation:   "mormor",
	}
}

// Organisation returns a kommun (Åmål) with its code and organisationsnummer.
func (f *Fixtures) Organisation() roles.Organisation {
	f.mu.Lock()
	n := f.orgs
	f.orgs++
	f.mu.Unlock()
	return roles.Organisation{
		ID:                  newID[roles.Organisation](),
		Kind:                roles.Kommun,
		Name:                "Åmåls kommun",
		Kommun:              roles.Amal,
		Organisationsnummer: organisationsnummer(n),
	}
}

// Unit returns a unit of the organisation in the agency, with an HSA-id.
func (f *Fixtures) Unit(org roles.Organisation, agency roles.Agency) roles.Unit {
	nr := org.Organisationsnummer
	if nr == "" {
		nr = organisationsnummer(0)
	}
	return roles.Unit{
		ID:             newID[roles.Unit](),
		OrganisationID: org.ID,
		Name:           "Rösparkens förskola",
		Agency:         agency,
		Kommun:         roles.Amal,
		HSAID:          roles.HSAID("SE" + string(nr) + "-E000000000001"),
	}
}

// Professional returns a professional at the unit.
func (f *Fixtures) Professional(u roles.Unit) roles.Professional {
	return roles.Professional{
		ID:             newID[roles.Professional](),
		GivenName:      "Lärka",
		FamilyName:     "Sjöström",
		Title:          "Förskollärare",
		Agency:         u.Agency,
		UnitID:         u.ID,
		OrganisationID: u.OrganisationID,
		HSAID:          u.HSAID,
	}
}

// Assignment returns an assignment of role towards child held by p, from Base
// for a year, recorded by p.
func (f *Fixtures) Assignment(child roles.ID[roles.Child], p roles.Professional, role roles.Role) roles.Assignment {
	return roles.Assignment{
		ID:         newID[roles.Assignment](),
		ChildID:    child,
		Role:       role,
		Holder:     roles.ProfessionalParty(p.ID),
		Agency:     p.Agency,
		UnitID:     p.UnitID,
		Period:     roles.Period{Start: f.At(0), End: f.At(365 * Day)},
		RecordedBy: roles.ProfessionalParty(p.ID),
		RecordedAt: f.At(0),
	}
}

// Assessment returns an assessment of child by p on the Backa4 scale, made at
// Base plus d, with two areas, views and a disagreement.
func (f *Fixtures) Assessment(child roles.ID[roles.Child], p roles.Professional, d time.Duration) behovskompass.Assessment {
	return behovskompass.Assessment{
		ID:         newID[behovskompass.Assessment](),
		ChildID:    child,
		AssessedBy: p.ID,
		Agency:     p.Agency,
		UnitID:     p.UnitID,
		AssessedAt: f.At(d),
		Scale:      behovskompass.ScaleRef{ID: behovskompass.Backa4, Levels: behovskompass.DefaultLevels()},
		Areas: []behovskompass.AreaEntry{
			{
				Area:         behovskompass.Trygghet,
				Strengths:    "Trygg med sina pedagoger.",
				Concerns:     "Oro för situationen hemma på kvällarna.",
				Level:        behovskompass.BehovAvStod,
				Source:       behovskompass.SourceObservation,
				SourceDetail: "utvecklingssamtal",
				Views:        behovskompass.Views{Child: "Jag vill vara här länge.", Guardians: "Det är lugnt hemma."},
			},
			{
				Area:         behovskompass.Fritid,
				Strengths:    "Leker gärna ute, älskar fotboll.",
				Concerns:     "Har slutat på träningen.",
				Level:        behovskompass.BehovTillgodoses,
				Source:       behovskompass.SourceBarnet,
				SourceDetail: "samtal med barnet",
				Views:        behovskompass.Views{Child: "Tränaren är dum.", Guardians: "Vi hinner inte skjutsa."},
			},
		},
		Views: behovskompass.Views{Child: "Jag är glad för det mesta. 🙂", Guardians: "Vi vill ha hjälp med kvällarna."},
		Disagreements: []behovskompass.Disagreement{{
			Area:        behovskompass.Trygghet,
			Between:     []behovskompass.Viewpoint{behovskompass.ViewpointVardnadshavare, behovskompass.ViewpointVerksamheten},
			Description: "Vårdnadshavarna delar inte förskolans oro.",
		}},
	}
}

// Concern returns a concern about child raised by p, going to the
// Barnkontakt bk, at Base plus d.
func (f *Fixtures) Concern(child roles.ID[roles.Child], p roles.Professional, bk roles.Assignment, d time.Duration) behovskompass.Concern {
	return behovskompass.Concern{
		ID:          newID[behovskompass.Concern](),
		ChildID:     child,
		Noticed:     "Kommer ofta hungrig till förskolan och är trött på måndagar.",
		Areas:       []behovskompass.Area{behovskompass.Omsorg, behovskompass.Halsa},
		Seriousness: behovskompass.Mattlig,
		RaisedBy:    roles.ProfessionalParty(p.ID),
		Agency:      p.Agency,
		UnitID:      p.UnitID,
		RaisedAt:    f.At(d),
		Barnkontakt: behovskompass.BarnkontaktRef{
			AssignmentID:   bk.ID,
			ProfessionalID: roles.ID[roles.Professional](bk.Holder.ID),
		},
		ReportedToSocialServicesAt: f.At(d + time.Hour),
	}
}

// PlanPeople are the people a fixture plan refers to.
type PlanPeople struct {
	Child          roles.ID[roles.Child]
	Guardian       roles.ID[roles.Guardian]
	Related        roles.ID[roles.RelatedPerson]
	Barnkontakt    roles.Assignment // held by a professional of förskola
	Stodsamordnare roles.Assignment // held by a professional of socialtjänst
	Principal      roles.ID[roles.Organisation]
}

// Plan returns an active plan for the people, with every field set: a team,
// views, a disagreement, two goals, items of förskola, socialtjänst and hälso-
// och sjukvård (so it is also a SIP) in different statuses, a follow-up and
// its status history. Its time is Base plus 30 days; items falls due from
// Base plus 60 days on. extra adds that many more planned items of förskola.
func (f *Fixtures) Plan(pp PlanPeople, extra int) plan.Plan {
	t0 := f.At(0)
	by := pp.Barnkontakt.Holder
	ss := pp.Stodsamordnare.Holder
	g1, g2 := newID[plan.Goal](), newID[plan.Goal]()
	item := func(desc string, goal roles.ID[plan.Goal], area behovskompass.Area, agency roles.Agency, prof roles.Party, due int, status plan.ItemStatus) plan.Item {
		it := plan.Item{
			ID:               newID[plan.Item](),
			Description:      desc,
			GoalID:           goal,
			Area:             area,
			Agency:           agency,
			PrincipalID:      pp.Principal,
			ProfessionalID:   roles.ID[roles.Professional](prof.ID),
			ProfessionalRole: "ansvarig pedagog",
			Start:            f.Date(1),
			Due:              f.Date(due),
			Status:           plan.Planerad,
			Outcomes:         []plan.Note{{At: f.At(20 * Day), By: prof, Text: "Kommit igång bra."}},
		}
		if status != plan.Planerad {
			it.History = append(it.History, plan.ItemStatusChange{At: f.At(2 * Day), By: prof, From: plan.Planerad, To: plan.Pagaende, Note: "Startat."})
			it.Status = plan.Pagaende
		}
		if status != plan.Planerad && status != plan.Pagaende {
			it.History = append(it.History, plan.ItemStatusChange{At: f.At(10 * Day), By: prof, From: plan.Pagaende, To: status, Note: "Ändrat."})
			it.Status = status
		}
		return it
	}
	p := plan.Plan{
		ID:      newID[plan.Plan](),
		ChildID: pp.Child,
		Status:  plan.Aktiv,
		Reason:  "Oro för trygghet och hälsa; familjen vill ha samordnat stöd.",
		Barnkontakt: plan.Responsible{
			ProfessionalID: roles.ID[roles.Professional](by.ID),
			Agency:         pp.Barnkontakt.Agency,
			AssignmentID:   pp.Barnkontakt.ID,
		},
		Stodsamordnare: plan.Responsible{
			ProfessionalID: roles.ID[roles.Professional](ss.ID),
			Agency:         pp.Stodsamordnare.Agency,
			AssignmentID:   pp.Stodsamordnare.ID,
		},
		Team: []plan.Member{
			{ID: newID[plan.Member](), Party: ss, Role: roles.Stodsamordnare, Agency: pp.Stodsamordnare.Agency,
				Period: roles.Period{Start: t0, End: f.At(365 * Day)}},
			{ID: newID[plan.Member](), Party: roles.GuardianParty(pp.Guardian), Role: roles.Vardnadshavare,
				Period: roles.Period{Start: t0, End: f.At(365 * Day)}},
			{ID: newID[plan.Member](), Party: roles.RelatedParty(pp.Related), Role: roles.Narstaende,
				Period: roles.Period{Start: t0, End: f.At(365 * Day)}},
		},
		ChildViews: []plan.View{{ID: newID[plan.View](), Holder: roles.ChildParty(pp.Child),
			Text: "Jag vill spela fotboll igen.", GoalID: g2, RecordedAt: f.At(Day), RecordedBy: by}},
		GuardianViews: []plan.View{{ID: newID[plan.View](), Holder: roles.GuardianParty(pp.Guardian),
			Text: "Vi behöver stöd på kvällarna.", GoalID: g1, RecordedAt: f.At(Day), RecordedBy: by}},
		Disagreements: []plan.Disagreement{{ID: newID[plan.Disagreement](),
			Parties: []roles.Party{roles.GuardianParty(pp.Guardian), by},
			Text:    "Vårdnadshavaren delar inte oron för kvällarna.", RecordedAt: f.At(Day), RecordedBy: by}},
		Goals: []plan.Goal{
			{ID: g1, Areas: []behovskompass.Area{behovskompass.Trygghet, behovskompass.Omsorg},
				Outcome: "Trygga kvällar hemma.", Indicator: "Barnet berättar att kvällarna är lugna."},
			{ID: g2, Areas: []behovskompass.Area{behovskompass.Fritid},
				Outcome: "Tillbaka i fotbollslaget.", Indicator: "Tränar varje vecka."},
		},
		Items: []plan.Item{
			item("Samtal med vårdnadshavarna varannan vecka.", g1, behovskompass.Omsorg, roles.Socialtjanst, ss, 60, plan.Pagaende),
			item("Följa upp sömn och kost på BVC.", g1, behovskompass.Trygghet, roles.HalsoSjukvard, by, 61, plan.Planerad),
			item("Stöd att komma tillbaka till träningen.", g2, behovskompass.Fritid, pp.Barnkontakt.Agency, by, 62, plan.Genomford),
		},
		FollowUps: []plan.FollowUp{{ID: newID[plan.FollowUp](), Date: f.Date(25),
			Participants: []roles.Party{by, ss, roles.GuardianParty(pp.Guardian)},
			Decisions:    "Fortsätt enligt planen.", NextReview: f.Date(90), RecordedAt: f.At(25 * Day), RecordedBy: ss}},
		NextReview: f.Date(90),
		SIP: &plan.SIP{
			LeadPrincipalID: pp.Principal,
			Others: []plan.Contribution{{Agency: roles.Skola, Party: roles.GuardianParty(pp.Guardian),
				Text: "Skolan och familjen stöttar läxläsning."}},
			CalledOn:  f.Date(3),
			MeetingBy: plan.MeetingDeadline(f.Date(3), 0),
			HeldOn:    f.Date(10),
		},
		StatusHistory: []plan.StatusChange{{At: f.At(Day), By: ss, From: plan.Utkast, To: plan.Aktiv, Note: "Planen fastställd."}},
		UpdatedAt:     f.At(30 * Day),
		UpdatedBy:     ss,
		Summary:       "Uppföljning registrerad.",
	}
	for i := range extra {
		p.Items = append(p.Items, item(fmt.Sprintf("Extra insats %d.", i+1), g2, behovskompass.Fritid,
			pp.Barnkontakt.Agency, by, 70+i, plan.Planerad))
	}
	return p
}

// AuditEntry returns an entry about child with every field set but Seq,
// allowed on a consent, with high severity.
func (f *Fixtures) AuditEntry(child roles.ID[roles.Child], actor roles.Professional) adapters.AuditEntry {
	return adapters.AuditEntry{
		ID:          newID[adapters.AuditEntry](),
		At:          f.At(time.Minute),
		Actor:       roles.ProfessionalParty(actor.ID),
		ActorAgency: actor.Agency,
		ActorUnit:   actor.UnitID,
		ChildID:     child,
		Action:      "read",
		Category:    "plan",
		Purpose:     "samordning",
		Allowed:     true,
		BasisKind:   "consent",
		BasisRef:    newID[adapters.AuditEntry]().String(),
		DecisionID:  uuid.UUID(newID[adapters.AuditEntry]()),
		Reasons:     []string{"consent_valid", "role_active"},
		Severity:    adapters.SeverityHigh,
		PrevHash:    []byte{0x00, 0x01, 0xfe, 0xff},
		Hash:        []byte{0xde, 0xad, 0xbe, 0xef, 0x00},
	}
}

// Event returns a pending event about child with a JSON payload whose bytes
// (spacing, key order, Unicode) a store must keep.
func (f *Fixtures) Event(child roles.ID[roles.Child]) adapters.Event {
	return adapters.Event{
		ID:      newID[adapters.Event](),
		ChildID: child,
		Type:    "plan.changed",
		At:      f.At(2 * time.Minute),
		Payload: json.RawMessage(`{"z": 1,  "a":["Åmål", "\u00e5"], "n":null}`),
	}
}

// Consent returns a written consent about child given by the guardian and
// the child, held by the agency of recordedBy, for socialtjänst and hälso- och
// sjukvård, on the combined picture and the plan, for coordination, from Base
// for 180 days, and withdrawn by the guardian after 90 days (so that every
// field is set; clear Withdrawal and set Status to roles.ConsentAktiv for one
// in force).
func (f *Fixtures) Consent(child roles.ID[roles.Child], guardian roles.ID[roles.Guardian], recordedBy roles.Professional) roles.Consent {
	return roles.Consent{
		ID:      newID[roles.Consent](),
		ChildID: child,
		Givers: []roles.ConsentGiver{
			{Party: roles.GuardianParty(guardian), GivenAt: f.At(-time.Hour)},
			{Party: roles.ChildParty(child), GivenAt: f.At(-time.Hour + time.Minute)},
		},
		DisclosingAgency:  recordedBy.Agency,
		ReceivingAgencies: []roles.Agency{roles.Socialtjanst, roles.HalsoSjukvard},
		Categories:        []roles.Category{roles.CategoryHelhetsbild, roles.CategoryPlan},
		Purpose:           roles.PurposeSamordning,
		ValidFrom:         f.At(0),
		ValidUntil:        f.At(180 * Day),
		Form:              roles.Skriftligt,
		Status:            roles.ConsentAterkallad,
		Withdrawal: &roles.Withdrawal{
			By:         roles.GuardianParty(guardian),
			At:         f.At(90 * Day),
			RecordedBy: roles.ProfessionalParty(recordedBy.ID),
		},
		RecordedBy: roles.ProfessionalParty(recordedBy.ID),
		RecordedAt: f.At(0),
	}
}

// Disclosure returns a recorded disclosure about child from the agency of
// from to the agency of to, on the consent, with the guardian's view.
func (f *Fixtures) Disclosure(child roles.ID[roles.Child], guardian roles.ID[roles.Guardian], from, to roles.Professional, consent roles.ID[roles.Consent]) roles.Disclosure {
	return roles.Disclosure{
		ID:                newID[roles.Disclosure](),
		ChildID:           child,
		Outcome:           roles.Utlamnad,
		Categories:        []roles.Category{roles.CategoryPlan},
		From:              from.Agency,
		FromUnitID:        from.UnitID,
		To:                to.Agency,
		ToUnitID:          to.UnitID,
		Recipient:         roles.ProfessionalParty(to.ID),
		Purpose:           roles.PurposeSamordning,
		Basis:             roles.Basis{Kind: roles.BasisConsent, ConsentID: consent},
		Reason:            "Underlag inför SIP-mötet.",
		Views:             []roles.ExpressedView{{By: roles.GuardianParty(guardian), View: "Vi vill att BVC får veta."}},
		FamilyInformed:    true,
		NotInformedReason: "",
		DecidedBy:         roles.ProfessionalParty(from.ID),
		DecidedAt:         f.At(Day),
		RecordedAt:        f.At(Day + time.Minute),
	}
}

// MaturityAssessment returns an assessment by p that places child in the band
// of children who consent alone, for a year from Base.
func (f *Fixtures) MaturityAssessment(child roles.ID[roles.Child], p roles.Professional) roles.MaturityAssessment {
	return roles.MaturityAssessment{
		ID:         newID[roles.MaturityAssessment](),
		ChildID:    child,
		Band:       roles.BandBarn,
		Reason:     "Barnet förstår vad samtycket innebär.",
		Period:     roles.Period{Start: f.At(0), End: f.At(365 * Day)},
		AssessedBy: roles.ProfessionalParty(p.ID),
		Agency:     p.Agency,
		RecordedAt: f.At(0),
	}
}

// HarmException returns a significant-harm exception leaving the guardian
// out, decided by p, for half a year from Base.
func (f *Fixtures) HarmException(child roles.ID[roles.Child], guardian roles.ID[roles.Guardian], p roles.Professional) roles.HarmException {
	return roles.HarmException{
		ID:         newID[roles.HarmException](),
		ChildID:    child,
		GuardianID: guardian,
		Reason:     "Risk för allvarlig skada om vårdnadshavaren informeras.",
		Period:     roles.Period{Start: f.At(0), End: f.At(182 * Day)},
		DecidedBy:  roles.ProfessionalParty(p.ID),
		Agency:     p.Agency,
		RecordedAt: f.At(0),
	}
}
