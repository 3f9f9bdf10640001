package provider

import (
	"testing"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod/backend"
	"github.com/gitpod-community/terraform-provider-gitpod/internal/tokenlife"
)

// TestServiceAccountTokenMaxDaysMatchesTheAPI: the schema's bound on
// expires_in_days (a constant, so that it is checked before any API is
// contacted) is the longest validity gitpod.v1 takes, in whole days, and
// only gitpod.v1 offers service accounts.
func TestServiceAccountTokenMaxDaysMatchesTheAPI(t *testing.T) {
	has, limits := backend.Offers(gitpod.V1)
	if !has[gitpod.FeatureServiceAccounts] {
		t.Fatal("gitpod.v1 does not offer service accounts")
	}
	if got := int64(limits.ServiceAccountTokenMaxValidity / tokenlife.Day); got != serviceAccountTokenMaxDays {
		t.Errorf("gitpod.v1 takes tokens of up to %d days, the schema %d", got, serviceAccountTokenMaxDays)
	}
	if has, _ := backend.Offers(gitpod.Classic); has[gitpod.FeatureServiceAccounts] {
		t.Error("Classic offers service accounts")
	}
}
