package v1mock

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/durationpb"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

// The request rules below are those of the vendor's descriptors
// (protovalidate annotations), checked by hand: a rule on a field without
// presence applies to its zero value too, rules on optional and message
// fields only when they are set. Each violation names the field path and
// the rule id, as protovalidate does; all violations are reported at once.

// uuidPattern is protovalidate's UUID form: 8-4-4-4-12 hex digits of
// either case.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

const (
	maxPageSize    = 100
	defaultPage    = 25
	maxFilterItems = 25
	maxSearchLen   = 256
	maxEmailLen    = 320
	minTeamName    = 3
	maxTeamName    = 80
	maxValidFor    = 90 * 24 * time.Hour
)

type violations []string

func (v *violations) add(field, rule, format string, a ...any) {
	*v = append(*v, fmt.Sprintf("%s: %s [%s]", field, fmt.Sprintf(format, a...), rule))
}

// err is the invalid_argument error for the violations, or nil.
func (v violations) err() error {
	if len(v) == 0 {
		return nil
	}
	return connect.NewError(connect.CodeInvalidArgument, errors.New("validation error: "+strings.Join(v, "; ")))
}

// uuid checks a plain string field with the uuid rule: empty is a
// violation too.
func (v *violations) uuid(field, s string) {
	switch {
	case s == "":
		v.add(field, "string.uuid_empty", "value is empty, which is not a valid UUID")
	case !uuidPattern.MatchString(s):
		v.add(field, "string.uuid", "value must be a valid UUID")
	}
}

// requiredUUID checks a field marked required and uuid: empty fails the
// required rule only.
func (v *violations) requiredUUID(field, s string) {
	if s == "" {
		v.add(field, "required", "value is required")
		return
	}
	v.uuid(field, s)
}

// length checks a string's length in characters.
func (v *violations) length(field, s string, lo, hi int) {
	n := utf8.RuneCountInString(s)
	if n < lo {
		v.add(field, "string.min_len", "value length must be at least %d characters", lo)
	}
	if n > hi {
		v.add(field, "string.max_len", "value length must be at most %d characters", hi)
	}
}

// maxItems checks a repeated field's size.
func (v *violations) maxItems(field string, n int) {
	if n > maxFilterItems {
		v.add(field, "repeated.max_items", "value must contain no more than %d item(s)", maxFilterItems)
	}
}

// uuids checks a repeated field of at most 25 UUIDs.
func (v *violations) uuids(field string, ids []string) {
	v.maxItems(field, len(ids))
	for i, id := range ids {
		v.uuid(fmt.Sprintf("%s[%d]", field, i), id)
	}
}

// defined checks an enum value with defined_only.
func (v *violations) defined(field string, e protoreflect.Enum) {
	if e.Descriptor().Values().ByNumber(e.Number()) == nil {
		v.add(field, "enum.defined_only", "value must be one of the defined enum values")
	}
}

// pagination checks a PaginationRequest (page_size 0..100).
func (v *violations) pagination(p *gitpodv1.PaginationRequest) {
	if n := p.GetPageSize(); n < 0 || n > maxPageSize {
		v.add("pagination.page_size", "int32.gte_lte", "value must be greater than or equal to 0 and less than or equal to %d", maxPageSize)
	}
}

// duration checks a set Duration against 0s..90 days.
func (v *violations) validFor(field string, d *durationpb.Duration) {
	if d == nil {
		return
	}
	if err := d.CheckValid(); err != nil {
		v.add(field, "duration.valid", "value must be a valid duration")
		return
	}
	if x := d.AsDuration(); x < 0 || x > maxValidFor {
		v.add(field, "duration.gte_lte", "value must be greater than or equal to 0s and less than or equal to %ds", int64(maxValidFor/time.Second))
	}
}
