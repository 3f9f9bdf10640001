package gitpod

import (
	"strings"
	"testing"
)

// TestListTally: a listing passes its bounds by items, by bytes or by
// pages (only when more pages follow), and the error says which bound.
func TestListTally(t *testing.T) {
	b := ListBounds{Pages: 5, Items: 250, Bytes: 1 << 20}
	type page struct {
		items, size int
		more        bool
	}
	cases := []struct {
		name  string
		pages []page
		want  string // part of the error; "" = no error
	}{
		{name: "within every bound", pages: []page{{100, 1000, true}, {100, 1000, true}, {50, 500, false}}},
		{name: "items", pages: []page{{100, 1, true}, {100, 1, true}, {51, 1, false}}, want: "more than 250 items"},
		{name: "bytes", pages: []page{{1, 600 << 10, true}, {1, 600 << 10, true}}, want: "more than 1 MiB of answers"},
		{name: "pages, with more to come", pages: []page{{1, 1, true}, {1, 1, true}, {1, 1, true}, {1, 1, true}, {1, 1, true}}, want: "5 pages"},
		{name: "the last page may be the last allowed", pages: []page{{1, 1, true}, {1, 1, true}, {1, 1, true}, {1, 1, true}, {1, 1, false}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tally := ListTally{Procedure: "S/List", Bounds: b}
			var err error
			for i, p := range tc.pages {
				if err = tally.Add(p.items, p.size, p.more); err != nil {
					if i != len(tc.pages)-1 {
						t.Fatalf("stopped at page %d of %d: %v", i+1, len(tc.pages), err)
					}
				}
			}
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (KindOf(err) != KindTooManyPages || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "S/List")):
				t.Fatalf("error %v, want a listing bound error saying %q", err, tc.want)
			}
		})
	}
	if DefaultListBounds.Items < 10000 {
		t.Errorf("the default item bound %d is below a legitimate 10,000-environment listing", DefaultListBounds.Items)
	}
}
