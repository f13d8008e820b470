package roles

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// The field rules, as go-playground/validator tags registered once on the
// validator that ValidateStruct uses:
//
//	personnummer  a Personnummer that is set, or a string ParsePersonnummer accepts
//	orgnr         a canonical Organisationsnummer, or a string ParseOrganisationsnummer accepts
//	hsaid         an HSAID or string ParseHSAID accepts
//	kommunkod     a Kommunkod or string ParseKommunkod accepts
//	code          a vocabulary value whose Valid method reports true
//	date          a Date that exists in the calendar
//
// Combine with omitempty for optional fields.
var fieldValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			return ""
		case "":
			return f.Name
		}
		return name
	})
	v.RegisterCustomTypeFunc(func(f reflect.Value) any {
		p := f.Interface().(Personnummer)
		if p.IsZero() {
			return ""
		}
		return p.Reveal()
	}, Personnummer{})
	v.RegisterCustomTypeFunc(func(f reflect.Value) any {
		d := f.Interface().(Date)
		if d.IsZero() {
			return ""
		}
		if !d.Valid() {
			return "invalid"
		}
		return d.String()
	}, Date{})
	must := func(err error) {
		if err != nil {
			panic(err) // only on a programming error in the tag names below
		}
	}
	must(v.RegisterValidation("personnummer", func(fl validator.FieldLevel) bool {
		_, err := ParsePersonnummer(fl.Field().String())
		return err == nil
	}))
	must(v.RegisterValidation("orgnr", func(fl validator.FieldLevel) bool {
		if o, ok := fl.Field().Interface().(Organisationsnummer); ok {
			return o.Valid() // a stored number must be canonical to marshal
		}
		_, err := ParseOrganisationsnummer(fl.Field().String())
		return err == nil
	}))
	must(v.RegisterValidation("hsaid", func(fl validator.FieldLevel) bool {
		_, err := ParseHSAID(fl.Field().String())
		return err == nil
	}))
	must(v.RegisterValidation("kommunkod", func(fl validator.FieldLevel) bool {
		_, err := ParseKommunkod(fl.Field().String())
		return err == nil
	}))
	must(v.RegisterValidation("date", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return s != "invalid"
	}))
	must(v.RegisterValidation("code", func(fl validator.FieldLevel) bool {
		c, ok := fl.Field().Interface().(interface{ Valid() bool })
		return ok && c.Valid()
	}))
	return v
})

// ValidateStruct checks the field rules in the validate tags of the struct s
// (see the tags above) and returns a *ValidationError naming subject that lists
// every broken rule with its path in JSON field names, or nil. Values never
// appear in the error.
func ValidateStruct(subject string, s any) error {
	ve := &ValidationError{Subject: subject}
	CheckStruct(ve, "", s)
	return ve.Err()
}

// CheckStruct is ValidateStruct adding to ve, with every path under prefix, for
// a Validate method that adds cross-field rules of its own.
func CheckStruct(ve *ValidationError, prefix string, s any) {
	err := fieldValidator().Struct(s)
	if err == nil {
		return
	}
	var fes validator.ValidationErrors
	if !errors.As(err, &fes) {
		ve.Add(prefix, "invalid", "the value cannot be validated")
		return
	}
	for _, fe := range fes {
		ns := fe.Namespace()
		if _, rest, ok := strings.Cut(ns, "."); ok { // drop the struct's type name
			ns = rest
		}
		path := ns
		if prefix != "" {
			path = prefix + "." + ns
		}
		ve.Add(path, fe.Tag(), ruleDetail(fe.Tag(), fe.Param()))
	}
}

func ruleDetail(tag, param string) string {
	switch tag {
	case "required":
		return "a value is required"
	case "personnummer":
		return "not a valid personnummer or samordningsnummer"
	case "orgnr":
		return "not a valid organisationsnummer"
	case "hsaid":
		return "not a valid HSA-id"
	case "kommunkod":
		return "not a valid municipality code"
	case "code":
		return "not a known code"
	case "date":
		return "not a calendar date"
	case "email":
		return "not an e-mail address"
	case "max":
		return "at most " + param + " characters or elements"
	case "min":
		return "at least " + param + " characters or elements"
	case "gte":
		return "at least " + param
	case "lte":
		return "at most " + param
	}
	if param != "" {
		return tag + "=" + strconv.Quote(param)
	}
	return ""
}
