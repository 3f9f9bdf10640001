package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
)

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	handle *backend.Handle
	now    func() time.Time
	// claims are the users membership resources list, per team, in this
	// plan or apply (team_membership_checks.go).
	claims *memberClaims
}

// providerDataFrom unpacks the provider's data in a Configure method. It
// returns nil (with no error) while the provider is not configured yet.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// client returns the Gitpod client, detecting the API generation on first
// use; nil after adding an error.
func (pd *providerData) client(ctx context.Context, diags *diag.Diagnostics) *gitpod.Client {
	if pd == nil {
		diags.AddError("Provider not configured", "The Gitpod provider was not configured before this operation. This is a bug in the provider or in Terraform; please report it.")
		return nil
	}
	c, err := pd.handle.Client(ctx)
	if err != nil {
		addError(diags, err)
		return nil
	}
	return c
}

func (pd *providerData) clock() time.Time {
	if pd == nil || pd.now == nil {
		return time.Now()
	}
	return pd.now()
}

// errorText turns an error into a diagnostic's summary and detail: what
// failed, on which object, what the server said, and what to do.
func errorText(err error) (string, string) {
	var ge *gitpod.Error
	if !errors.As(err, &ge) {
		return "Gitpod operation failed", gitpod.Sanitize(err.Error())
	}
	summary := "Unable to " + ge.Op + " " + ge.Object
	detail := fmt.Sprintf("Could not %s %s: %s.", ge.Op, ge.Object, ge.What())
	switch {
	case ge.Message == "" || ge.Kind == gitpod.KindBadAnswer:
	case ge.FromServer:
		detail += "\n\nThe server said: " + ge.Message
	case ge.Err == nil:
		// The provider's own finding (the server answered, but ...).
		detail = fmt.Sprintf("Could not %s %s: %s: %s.", ge.Op, ge.Object, ge.What(), strings.TrimSuffix(ge.Message, "."))
	default:
		// What failed on the way: no server answered in words.
		detail += "\n\nDetails: " + ge.Message
	}
	if ge.GaveUp != "" && ge.Kind != gitpod.KindTimeout {
		detail += fmt.Sprintf("\n\nThe provider stopped retrying after %d attempt(s): %s.", ge.Attempts, ge.GaveUp)
	}
	if a := ge.Advice(); a != "" {
		detail += "\n\n" + a
	}
	return summary, detail
}

// attributeErrors is where plan-time errors on attributes go.
type attributeErrors interface {
	AddAttributeError(path.Path, string, string)
}

// notAvailable is the plan-time error for an argument the API in use does
// not have, on that argument: the one place where it is worded (with
// gitpod.Unavailable). advice says what to do instead.
func notAvailable(diags attributeErrors, p path.Path, c *gitpod.Client, f gitpod.Feature, advice string) {
	diags.AddAttributeError(p, "Not available on this API", c.Unavailable(f)+". "+advice)
}

// addError adds an error diagnostic for err.
func addError(diags *diag.Diagnostics, err error) {
	s, d := errorText(err)
	diags.AddError(s, d)
}

// addAttributeError adds an error diagnostic for err on an attribute.
func addAttributeError(diags *diag.Diagnostics, p path.Path, err error) {
	s, d := errorText(err)
	diags.AddAttributeError(p, s, d)
}

// timeValue converts a time, null when it is zero.
func timeValue(t time.Time) timetypes.RFC3339 {
	if t.IsZero() {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.NewRFC3339TimeValue(t.UTC())
}

// stringOrNull is s, or null when s is empty.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// knownTime returns the time in v when it is known and not null.
func knownTime(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, ds := v.ValueRFC3339Time()
	return t, !ds.HasError()
}

// ---- whose objects a resource holds ----

// privateOwner is the private-state key that records whose objects a
// resource holds: the API generation and the user (and organization).
const privateOwner = "owner"

type owner struct {
	API    string `json:"api"`
	UserID string `json:"user"`
	OrgID  string `json:"org,omitempty"`
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// ownerOf is the identity the client acts as, as recorded in state.
func ownerOf(ctx context.Context, c *gitpod.Client) (owner, error) {
	me, err := c.Whoami(ctx)
	if err != nil {
		return owner{}, err
	}
	return owner{API: string(c.API()), UserID: me.UserID, OrgID: me.OrganizationID}, nil
}

// rememberOwner records the client's identity in a resource's private state.
func rememberOwner(ctx context.Context, c *gitpod.Client, p privateSetter, diags *diag.Diagnostics) {
	o, err := ownerOf(ctx, c)
	if err != nil {
		addError(diags, err)
		return
	}
	b, _ := json.Marshal(o)
	diags.Append(p.SetKey(ctx, privateOwner, b)...)
}

// checkOwner compares the identity recorded for a resource with the one
// the provider acts as now. A resource made by another user (or in
// another organization, or on the other API generation) is an error that
// names both, instead of a plan to create it again. orgScoped says the
// object belongs to the organization rather than the user (gitpod.v1
// teams), so another user of the same organization may manage it.
func checkOwner(ctx context.Context, c *gitpod.Client, p privateGetter, object string, orgScoped bool, diags *diag.Diagnostics) bool {
	raw, ds := p.GetKey(ctx, privateOwner)
	diags.Append(ds...)
	if len(raw) == 0 {
		return true
	}
	var was owner
	if err := json.Unmarshal(raw, &was); err != nil {
		return true
	}
	now, err := ownerOf(ctx, c)
	if err != nil {
		addError(diags, err)
		return false
	}
	switch {
	case was.API != now.API:
		diags.AddError("Resource belongs to another API generation",
			fmt.Sprintf("%s was created through %s, but the provider now speaks %s. Its id means nothing there. Point the provider back (api and host), or remove it from state (terraform state rm) and manage the new API's objects in new resources.",
				object, gitpod.API(was.API).Describe(), c.API().Describe()))
		return false
	case orgScoped && was.OrgID != "" && was.OrgID != now.OrgID:
		diags.AddError("Resource belongs to another organization",
			fmt.Sprintf("%s belongs to organization %s, but the provider's token acts in organization %s (user %s). Use a token of organization %s, or remove the resource from state (terraform state rm) if it should no longer be managed here.",
				object, was.OrgID, now.OrgID, now.UserID, was.OrgID))
		return false
	case !orgScoped && was.UserID != now.UserID:
		diags.AddError("Resource belongs to another user",
			fmt.Sprintf("%s was created by user %s, but the provider is now authenticated as user %s, who cannot see it. Use a token of user %s, or remove the resource from state (terraform state rm) and import it with the right user's token.",
				object, was.UserID, now.UserID, was.UserID))
		return false
	}
	return true
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
