package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/gitpod-community/terraform-provider-gitpod/internal/gitpod"
)

// listResults streams items as the results of a list resource: those keep
// accepts (nil: all), at most req.Limit of them, each filled in by fill
// (display name, identity, and the resource when req.IncludeResource).
func listResults[T any](ctx context.Context, req list.ListRequest, items []T, keep func(T) bool, fill func(T, *list.ListResult)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		n := int64(0)
		for _, it := range items {
			if keep != nil && !keep(it) {
				continue
			}
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			n++
			r := req.NewListResult(ctx)
			fill(it, &r)
			if !push(r) {
				return
			}
		}
	}
}

// listConfig reads a list resource's configuration and its client; on
// failure it sets the stream to the diagnostics and returns ok false.
func listConfig[M any](ctx context.Context, pd *providerData, req list.ListRequest, stream *list.ListResultsStream, cfg *M) (*gitpod.Client, bool) {
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, cfg)...)
	c := pd.client(ctx, &diags)
	if diags.HasError() || c == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return nil, false
	}
	return c, true
}

// listFailed ends a list with an error.
func listFailed(stream *list.ListResultsStream, err error) {
	var diags diag.Diagnostics
	addError(&diags, err)
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}
