package v1mock

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

// Paging through the URL's query, as the vendor's generated SDKs do it.
//
// The Stainless-generated SDKs (TypeScript @gitpod/sdk 0.x, Python gitpod,
// Go gitpod-sdk-go 0.x) split a list call's arguments: `token` and
// `pageSize` go into the URL's query (`POST
// .../ListMembers?token=...&pageSize=...`), everything else into the JSON
// body; their auto-pagination then re-sends the first call with only the
// query's `token` replaced by the last page's next_token, the body
// unchanged. Their iteration ends only if the server honours the query.
//
// So on every gitpod.v1 method whose request has a `pagination`
// (gitpod.v1.PaginationRequest) field:
//   - a non-empty query `token` replaces pagination.token of the body;
//   - a non-empty query `pageSize` replaces pagination.page_size.
//
// The replaced values then go through exactly the same checks as values
// sent in the body (page size 0..100, 0 meaning 25; signed page tokens).
// A `pageSize` that is not a 32-bit integer is a malformed request, refused
// like a body that does not decode: invalid_argument, before the token is
// looked at. Inferred: the real server's handling of the query is not
// public; these are the rules under which the SDKs' paging works and which
// treat the query like the body. Empty values count as absent, the first of
// repeated values wins, and methods without pagination ignore the query
// (inferred).

// queryKey is the context key of the paging values found in the URL.
type queryKey struct{}

// queryPaging is what the URL's query asks of the paging.
type queryPaging struct {
	token    string
	pageSize string
}

// withQueryPaging hands the URL's paging parameters to the handlers
// through the request context: connect-go handlers do not see the URL.
func withQueryPaging(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := queryPaging{token: q.Get("token"), pageSize: q.Get("pageSize")}
		if p != (queryPaging{}) {
			r = r.WithContext(context.WithValue(r.Context(), queryKey{}, p))
		}
		h.ServeHTTP(w, r)
	})
}

// queryPagingInterceptor writes the query's paging values into the
// decoded request message before the handler runs.
func queryPagingInterceptor() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if p, ok := ctx.Value(queryKey{}).(queryPaging); ok {
				if m, ok := req.Any().(proto.Message); ok {
					if err := applyQueryPaging(m, p); err != nil {
						return nil, err
					}
				}
			}
			return next(ctx, req)
		}
	}
}

var paginationRequestName = (&gitpodv1.PaginationRequest{}).ProtoReflect().Descriptor().FullName()

// applyQueryPaging overrides the message's pagination with the query's.
func applyQueryPaging(m proto.Message, p queryPaging) error {
	msg := m.ProtoReflect()
	fd := msg.Descriptor().Fields().ByName("pagination")
	if fd == nil || fd.Kind() != protoreflect.MessageKind || fd.Message().FullName() != paginationRequestName {
		return nil
	}
	var size int32
	if p.pageSize != "" {
		n, err := strconv.ParseInt(p.pageSize, 10, 32)
		if err != nil {
			return connect.NewError(connect.CodeInvalidArgument, errors.New("pageSize: the query parameter must be a 32-bit integer"))
		}
		size = int32(n) //nolint:gosec // ParseInt checked that n fits 32 bits
	}
	pg, ok := msg.Mutable(fd).Message().Interface().(*gitpodv1.PaginationRequest)
	if !ok {
		return nil
	}
	if p.token != "" {
		pg.Token = p.token
	}
	if p.pageSize != "" {
		pg.PageSize = size
	}
	return nil
}
