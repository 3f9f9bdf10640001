package v1mock

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	gitpodv1 "github.com/gitpod-community/terraform-provider-gitpod/internal/gen/gitpod/v1"
)

// Page tokens are opaque cursors (keyset paging): a token holds the sort
// key of the last object of the page it ends, and the next page starts
// right after that key. So a page walk neither repeats nor skips objects
// when others are added or removed between pages. A token is signed
// (HMAC) together with the method, the caller and the query (filter,
// sort, parent id): a client cannot fabricate one, nor reuse one for
// another query; either is invalid_argument (inferred: the real tokens
// are opaque too, the code for a bad one is not documented).

// countCap is the bound of list counts: above it the count says "at least
// countCap". Inferred value; the real limit is not public.
const countCap = 1000

const macSize = 16

type pager struct{ secret []byte }

func newPager() *pager {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		panic(err)
	}
	return &pager{secret: secret}
}

// sortKey is an object's position in a listing; together with a list's
// comparison it is a total order (the last part is always the id).
type sortKey []string

// entry is an object with its sort key.
type entry[T any] struct {
	key  sortKey
	item T
}

// order compares sort keys part by part, each part ascending or (desc)
// descending.
func order(desc ...bool) func(a, b sortKey) int {
	return func(a, b sortKey) int {
		for i := range min(len(a), len(b)) {
			c := strings.Compare(a[i], b[i])
			if i < len(desc) && desc[i] {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return len(a) - len(b)
	}
}

// timeKey renders a time so that strings order like times.
func timeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// scope is what a page token is bound to.
func scope(method string, c *caller, query ...proto.Message) []byte {
	var b []byte
	b = append(b, method...)
	b = append(b, 0)
	b = append(b, c.UserID...)
	b = append(b, 0)
	b = append(b, c.org.ID...)
	for _, m := range query {
		enc, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		if err != nil {
			panic(err)
		}
		b = append(b, 0)
		b = append(b, enc...)
	}
	return b
}

func (p *pager) mac(scope, payload []byte) []byte {
	h := hmac.New(sha256.New, p.secret)
	h.Write(scope)
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum(nil)[:macSize]
}

func (p *pager) encode(scope []byte, k sortKey) string {
	payload, err := json.Marshal([]string(k))
	if err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(append(p.mac(scope, payload), payload...))
}

var errBadToken = connect.NewError(connect.CodeInvalidArgument, errors.New("pagination.token: the page token is not valid for this request"))

func (p *pager) decode(scope []byte, token string) (sortKey, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) <= macSize {
		return nil, errBadToken
	}
	sum, payload := raw[:macSize], raw[macSize:]
	if !hmac.Equal(sum, p.mac(scope, payload)) {
		return nil, errBadToken
	}
	var k []string
	if err := json.Unmarshal(payload, &k); err != nil || len(k) == 0 {
		return nil, errBadToken
	}
	return k, nil
}

// page is one page of a listing.
type page[T any] struct {
	items []T
	resp  *gitpodv1.PaginationResponse
	// count is set on the first page when asked for.
	count *gitpodv1.CountResponse
}

// paginate sorts the entries and cuts the page the request asks for:
// page_size 0 means 25; the next token is empty on the last page.
func paginate[T any](p *pager, sc []byte, req *gitpodv1.PaginationRequest, wantCount bool, entries []entry[T], cmp func(a, b sortKey) int) (page[T], error) {
	first := req.GetToken() == ""
	var after sortKey
	if !first {
		var err error
		if after, err = p.decode(sc, req.GetToken()); err != nil {
			return page[T]{}, err
		}
	}
	slices.SortFunc(entries, func(a, b entry[T]) int { return cmp(a.key, b.key) })
	start := 0
	if !first {
		start = sort.Search(len(entries), func(i int) bool { return cmp(entries[i].key, after) > 0 })
	}
	size := int(req.GetPageSize())
	if size == 0 {
		size = defaultPage
	}
	end := min(start+size, len(entries))
	out := page[T]{items: make([]T, 0, end-start), resp: &gitpodv1.PaginationResponse{}}
	for _, e := range entries[start:end] {
		out.items = append(out.items, e.item)
	}
	if end < len(entries) {
		out.resp.NextToken = p.encode(sc, entries[end-1].key)
	}
	if first && wantCount {
		out.count = &gitpodv1.CountResponse{Value: int32(min(len(entries), countCap)), Relation: gitpodv1.CountResponseRelation_COUNT_RESPONSE_RELATION_EQ} //nolint:gosec // bounded by countCap
		if len(entries) > countCap {
			out.count.Relation = gitpodv1.CountResponseRelation_COUNT_RESPONSE_RELATION_GTE
		}
	}
	return out, nil
}
