package provider

import (
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
)

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

// addAPIError adds an error diagnostic that says what failed, on which
// object, what the API answered and what the user can do.
func addAPIError(diags *diag.Diagnostics, action, object string, err error) {
	detail := fmt.Sprintf("Could not %s %s: the Gitpod API answered %s: %s.", action, object, api.Code(err), api.Message(err))
	if hint := api.Hint(err); hint != "" {
		detail += "\n\n" + hint
	}
	diags.AddError("Unable to "+action+" "+object, detail)
}

// durationOr returns the duration in v, or def when v is null.
func durationOr(v timetypes.GoDuration, def time.Duration, diags *diag.Diagnostics) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	d, ds := v.ValueGoDuration()
	diags.Append(ds...)
	return d
}

// uuidPattern matches the IDs Gitpod gives users, teams and tokens.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
