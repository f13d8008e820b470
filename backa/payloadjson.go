package backa

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/backabarnet/backabarnet/roles"
)

// jsonAppender is a payload that writes its own JSON: byte for byte what
// encoding/json writes for it (json.Marshal), or an error where json.Marshal
// gives one, without reflection. The event of every plan change has one
// (plan.changed), which makes its payload a small part of the change's cost.
// A test holds each to json.Marshal over many random values.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}

// appendJSON implements jsonAppender.
func (p PlanChanged) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"version":`...)
	b = strconv.AppendInt(b, int64(p.Version), 10)
	b = append(b, `,"childId":`...)
	b = appendID(b, uuid.UUID(p.ChildID))
	if p.By != (EventActor{}) {
		b = append(b, `,"by":{"kind":`...)
		if b, err = appendCode(b, p.By.Kind, p.By.Kind.Valid()); err != nil {
			return nil, err
		}
		if p.By.Agency != "" {
			b = append(b, `,"agency":`...)
			if b, err = appendCode(b, p.By.Agency, p.By.Agency.Valid()); err != nil {
				return nil, err
			}
		}
		if !p.By.UnitID.IsZero() {
			b = append(b, `,"unitId":`...)
			b = appendID(b, uuid.UUID(p.By.UnitID))
		}
		b = append(b, '}')
	}
	b = append(b, `,"planId":`...)
	b = appendID(b, uuid.UUID(p.PlanID))
	b = append(b, `,"revision":`...)
	b = strconv.AppendInt(b, p.Revision, 10)
	b = append(b, `,"fromRevision":`...)
	b = strconv.AppendInt(b, p.FromRevision, 10)
	b = append(b, `,"status":`...)
	if b, err = appendCode(b, p.Status, p.Status.Valid()); err != nil {
		return nil, err
	}
	if p.PreviousStatus != "" {
		b = append(b, `,"previousStatus":`...)
		if b, err = appendCode(b, p.PreviousStatus, p.PreviousStatus.Valid()); err != nil {
			return nil, err
		}
	}
	if len(p.Fields) > 0 {
		b = append(b, `,"fields":`...)
		b = appendStrings(b, p.Fields)
	}
	for _, l := range []struct {
		name  string
		items []ItemChange
	}{{`,"itemsAdded":`, p.ItemsAdded}, {`,"itemsRemoved":`, p.ItemsRemoved}, {`,"itemsChanged":`, p.ItemsChanged}} {
		if len(l.items) == 0 {
			continue
		}
		b = append(b, l.name...)
		for i := range l.items {
			if i == 0 {
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			if b, err = l.items[i].appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	if len(p.Agencies) > 0 {
		b = append(b, `,"agencies":`...)
		for i, a := range p.Agencies {
			if i == 0 {
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			if b, err = appendCode(b, a, a.Valid()); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	if !p.NextReview.IsZero() {
		b = append(b, `,"nextReview":`...)
		if b, err = appendDate(b, p.NextReview); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendJSON writes c's JSON, as encoding/json would.
func (c *ItemChange) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"itemId":`...)
	b = appendID(b, uuid.UUID(c.ItemID))
	if c.Agency != "" {
		b = append(b, `,"agency":`...)
		if b, err = appendCode(b, c.Agency, c.Agency.Valid()); err != nil {
			return nil, err
		}
	}
	if c.PreviousAgency != "" {
		b = append(b, `,"previousAgency":`...)
		if b, err = appendCode(b, c.PreviousAgency, c.PreviousAgency.Valid()); err != nil {
			return nil, err
		}
	}
	if len(c.Fields) > 0 {
		b = append(b, `,"fields":`...)
		b = appendStrings(b, c.Fields)
	}
	if c.From != "" {
		b = append(b, `,"from":`...)
		if b, err = appendCode(b, c.From, c.From.Valid()); err != nil {
			return nil, err
		}
	}
	if c.To != "" {
		b = append(b, `,"to":`...)
		if b, err = appendCode(b, c.To, c.To.Valid()); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendID writes an ID as its MarshalText does: the UUID's text, or ""
// for the zero ID.
func appendID(b []byte, id uuid.UUID) []byte {
	if id == uuid.Nil {
		return append(b, `""`...)
	}
	var buf [36]byte
	hex.Encode(buf[0:8], id[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], id[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], id[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], id[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:], id[10:])
	b = append(b, '"')
	b = append(b, buf[:]...)
	return append(b, '"')
}

// appendCode writes a code of a vocabulary (valid reports whether it is
// one); for any other code it returns the error json.Marshal gives for it.
func appendCode[T ~string](b []byte, code T, valid bool) ([]byte, error) {
	if !valid {
		if _, err := json.Marshal(code); err != nil {
			return nil, err
		}
	}
	return appendString(b, string(code)), nil
}

// appendDate writes a date as json.Marshal does, or returns its error.
func appendDate(b []byte, d roles.Date) ([]byte, error) {
	t, err := d.MarshalText()
	if err != nil {
		_, err = json.Marshal(d)
		return nil, err
	}
	b = append(b, '"')
	b = append(b, t...)
	return append(b, '"'), nil
}

// appendStrings writes a list of strings.
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendString writes s as a JSON string as json.Marshal does: the common
// case (printable ASCII that needs no escape) directly, anything else
// through encoding/json itself.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

var _ jsonAppender = PlanChanged{}
