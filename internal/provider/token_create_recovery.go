package provider

import (
	"context"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/api"
	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/api/gen/gitpod/experimental/v1"
)

// tokenIDs returns the IDs of the caller's tokens.
func tokenIDs(ctx context.Context, client *api.Client) (map[string]bool, error) {
	list, err := client.Tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&gitpodv1.ListPersonalAccessTokensRequest{}))
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(list.Msg.GetTokens()))
	for _, t := range list.Msg.GetTokens() {
		ids[t.GetId()] = true
	}
	return ids, nil
}

// createToken creates a token. When the call fails in a way that may still
// have created it (the answer was lost), it recovers instead of leaving an
// orphan; see recoverLostCreate. before holds the IDs of the tokens that
// existed before the call; it may be nil when want's name is unique.
func createToken(ctx context.Context, client *api.Client, want *gitpodv1.PersonalAccessToken, before map[string]bool, diags *diag.Diagnostics) *gitpodv1.PersonalAccessToken {
	out, err := client.Tokens.CreatePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.CreatePersonalAccessTokenRequest{Token: want}))
	switch {
	case err == nil:
		return out.Msg.GetToken()
	case api.MayHaveBeenProcessed(err):
		return recoverLostCreate(ctx, client, want, before, err, diags)
	default:
		addAPIError(diags, "create", fmt.Sprintf("personal access token %q", want.GetName()), err)
		return nil
	}
}

// recoverLostCreate handles a create whose answer was lost: the API may have
// made the token. It looks for tokens with the same name, description and
// scopes that did not exist before the call. If there is exactly one, it adopts it
// and regenerates its value (the only way to learn a value); if there is
// none, the create did not happen and the original error is reported; if
// there are several, it cannot tell which is ours and names them all.
func recoverLostCreate(ctx context.Context, client *api.Client, want *gitpodv1.PersonalAccessToken, before map[string]bool, createErr error, diags *diag.Diagnostics) *gitpodv1.PersonalAccessToken {
	object := fmt.Sprintf("personal access token %q", want.GetName())
	tflog.Warn(ctx, "create of a personal access token failed after it may have been processed; looking for it", map[string]any{"name": want.GetName(), "code": api.Code(createErr).String()})
	list, err := client.Tokens.ListPersonalAccessTokens(ctx, connect.NewRequest(&gitpodv1.ListPersonalAccessTokensRequest{}))
	if err != nil {
		diags.AddError("Unable to create "+object,
			fmt.Sprintf("The create call failed with %s (%s) after it may have reached Gitpod, and listing tokens to check failed too (%s). A token named %q may exist: look for it in Gitpod (Settings > Access Tokens) and delete or import it before applying again.",
				api.Code(createErr), api.Message(createErr), api.Message(err), want.GetName()))
		return nil
	}
	var matches []*gitpodv1.PersonalAccessToken
	for _, t := range list.Msg.GetTokens() {
		if !before[t.GetId()] && t.GetName() == want.GetName() && t.GetDescription() == want.GetDescription() &&
			sameStrings(t.GetScopes(), want.GetScopes()) {
			matches = append(matches, t)
		}
	}
	switch len(matches) {
	case 0:
		addAPIError(diags, "create", object, createErr)
		return nil
	case 1:
	default:
		ids := make([]string, 0, len(matches))
		for _, m := range matches {
			ids = append(ids, m.GetId())
		}
		diags.AddError("Unable to create "+object,
			fmt.Sprintf("The create call's answer was lost (%s), and %d new tokens named %q appeared while it ran: %s. The provider cannot tell which one is its own. Delete the extra ones in Gitpod, then import the one to keep with terraform import.",
				api.Code(createErr), len(matches), want.GetName(), strings.Join(ids, ", ")))
		return nil
	}
	id := matches[0].GetId()
	regen, err := client.Tokens.RegeneratePersonalAccessToken(ctx, connect.NewRequest(&gitpodv1.RegeneratePersonalAccessTokenRequest{Id: id, ExpirationTime: want.GetExpirationTime()}))
	if err != nil {
		diags.AddError("Unable to create "+object,
			fmt.Sprintf("The create call's answer was lost, and the token it made (%s) could not be regenerated to learn its value: %s: %s. Import it with terraform import, or delete it in Gitpod and apply again.", id, api.Code(err), api.Message(err)))
		return nil
	}
	diags.AddWarning("Recovered a personal access token whose creation answer was lost",
		fmt.Sprintf("Gitpod created token %s but the answer did not arrive (%s). The provider adopted it and regenerated its value, so no orphan or duplicate is left.", id, api.Code(createErr)))
	return regen.Msg.GetToken()
}
