package gitpod

import "fmt"

// ListBounds bound what one listing may hold across all its pages, so that
// a server whose listing never ends (or whose pages are huge) cannot keep
// the provider busy or exhaust its memory. A real Gitpod listing ends far
// within them: the bench lists 10,000 environments (100 pages, about
// 8 MiB of answers).
type ListBounds struct {
	Pages int
	Items int
	Bytes int64
}

// DefaultListBounds are the bounds every adapter's listings keep.
var DefaultListBounds = ListBounds{Pages: 1000, Items: 25000, Bytes: 64 << 20}

// ListTally counts what a listing holds so far, page by page, against
// bounds (DefaultListBounds when zero).
type ListTally struct {
	Procedure string
	Bounds    ListBounds
	pages     int
	items     int
	bytes     int64
}

// Pages is how many pages were counted.
func (t *ListTally) Pages() int { return t.pages }

// Add counts one page of items whose answer had size bytes; more says
// whether another page follows. It fails when the listing passes a bound,
// with an error that says which.
func (t *ListTally) Add(items, size int, more bool) error {
	b := t.Bounds
	if b == (ListBounds{}) {
		b = DefaultListBounds
	}
	t.pages++
	t.items += items
	t.bytes += int64(size)
	var passed string
	switch {
	case t.items > b.Items:
		passed = fmt.Sprintf("more than %d items", b.Items)
	case t.bytes > b.Bytes:
		passed = fmt.Sprintf("more than %d MiB of answers", b.Bytes>>20)
	case more && t.pages >= b.Pages:
		passed = fmt.Sprintf("%d pages", b.Pages)
	default:
		return nil
	}
	e := New(KindTooManyPages, "", "", fmt.Sprintf("%s returned %s (%d items in %d pages); the provider stops a listing at %d items, %d MiB or %d pages",
		t.Procedure, passed, t.items, t.pages, b.Items, b.Bytes>>20, b.Pages))
	e.Method = t.Procedure
	return e
}
