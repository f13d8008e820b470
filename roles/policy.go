package roles

// AgeBand is an inclusive range of ages in whole years. MaxAge < 0 means no upper bound.
type AgeBand struct {
	MinAge int `json:"minAge"`
	MaxAge int `json:"maxAge"`
}

// Contains reports whether age lies in the band.
func (b AgeBand) Contains(age int) bool {
	return age >= b.MinAge && (b.MaxAge < 0 || age <= b.MaxAge)
}

// BarnkontaktRule says which agencies may provide the Barnkontakt for children in an age band.
type BarnkontaktRule struct {
	Ages     AgeBand  `json:"ages"`
	Agencies []Agency `json:"agencies"`
}

// Policy holds the rules a municipality may tune, as data with documented
// defaults (see DefaultPolicy). The zero Policy allows nothing; start from
// DefaultPolicy and change what the municipality decided.
type Policy struct {
	// Barnkontakt lists, per age band, the agencies that may provide the
	// Barnkontakt. Default: hälso- och sjukvård (the BVC nurse) for ages 0–5,
	// förskola or skola (head or mentor) from 6. (verify) Dalsland's own
	// practice may differ; this is configuration, not code.
	Barnkontakt []BarnkontaktRule `json:"barnkontakt"`
}

// DefaultPolicy returns the defaults of DOMAIN.md.
func DefaultPolicy() Policy {
	return Policy{
		Barnkontakt: []BarnkontaktRule{
			{Ages: AgeBand{MinAge: 0, MaxAge: 5}, Agencies: []Agency{HalsoSjukvard}},
			{Ages: AgeBand{MinAge: 6, MaxAge: -1}, Agencies: []Agency{Forskola, Skola}},
		},
	}
}

// BarnkontaktEligible reports whether agency may provide the Barnkontakt for a
// child of the given age.
func (p *Policy) BarnkontaktEligible(agency Agency, age int) bool {
	for _, r := range p.Barnkontakt {
		if !r.Ages.Contains(age) {
			continue
		}
		for _, a := range r.Agencies {
			if a == agency {
				return true
			}
		}
	}
	return false
}
