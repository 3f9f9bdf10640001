package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Pending revocations: a credential that a create-then-delete replaced
// (a gitpod.v1 token rotation, a token whose create answer was lost) is
// deleted right after its successor exists. When that delete fails, the
// old credential still works, so it is never forgotten: its ID is kept in
// the resource's pending_revocations attribute, the next plan shows it
// (with a warning naming it), and every apply and destroy deletes it again
// until that succeeds, as Terraform does with a deposed object. A
// credential already gone counts as revoked.

// pendingRevocationsAttribute is the schema of pending_revocations; what
// names the kind of credential ("tokens").
func pendingRevocationsAttribute(what string) schema.ListAttribute {
	return schema.ListAttribute{
		Description: fmt.Sprintf("IDs of %s this one replaced whose deletion has not succeeded yet (it failed during the apply that replaced them). "+
			"They still work until they are deleted: every plan warns about them, and every apply and destroy deletes them again (one already gone counts as deleted). Null when none is pending.", what),
		ElementType: types.StringType,
		Computed:    true,
	}
}

// idsOf reads a list of IDs (none when null or unknown).
func idsOf(l types.List) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	out := make([]string, 0, len(l.Elements()))
	for _, v := range l.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// idList is ids as an attribute value: null when there are none, so that
// states from before the attribute existed plan no change.
func idList(ids []string) types.List {
	if len(ids) == 0 {
		return types.ListNull(types.StringType)
	}
	vals := make([]types.String, 0, len(ids))
	for _, id := range ids {
		vals = append(vals, types.StringValue(id))
	}
	l, _ := types.ListValueFrom(context.Background(), types.StringType, vals)
	return l
}

// revoke deletes each credential in ids and returns those whose delete
// failed, with an error diagnostic for each that says it still works.
// owner names the resource ("Token \"ci\" (id)").
func revoke(ctx context.Context, ids []string, del func(context.Context, string) error, owner, what string, diags *diag.Diagnostics) []string {
	var left []string
	for _, id := range ids {
		if err := del(ctx, id); err != nil {
			left = append(left, id)
			s, d := errorText(err)
			diags.AddError(s, d+fmt.Sprintf("\n\n%s replaced %s %s, which still exists and still works. It is kept in pending_revocations: the next apply (or destroy) deletes it again. Delete it in Gitpod yourself if it must stop working sooner.", owner, what, id))
		}
	}
	return left
}

// warnPendingRevocations is the plan's warning for pending revocations.
func warnPendingRevocations(diags *diag.Diagnostics, ids []string, owner, what, when string) {
	if len(ids) == 0 {
		return
	}
	diags.AddWarning(fmt.Sprintf("Replaced %s still to be revoked", what),
		fmt.Sprintf("%s replaced %s %s, but deleting them failed during an earlier apply, so they still work. %s deletes them (one already gone counts as deleted).", owner, what, strings.Join(ids, ", "), when))
}
