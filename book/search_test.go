package book

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPager: every page links to the page before and after it in reading
// order, the first and last to one side only.
func TestPager(t *testing.T) {
	s := site(t)
	pages := htmlPages(s)
	ends := 0
	for _, n := range pages {
		page := string(s.Docs[n])
		prev, next := strings.Contains(page, `<a class="prev"`), strings.Contains(page, `<a class="next"`)
		switch {
		case !prev && !next:
			t.Errorf("%s: no pager", n)
		case !prev || !next:
			ends++
		}
	}
	if ends != 2 {
		t.Errorf("%d pages have a pager to one side only, want 2 (the first and the last)", ends)
	}
}

// TestSearchIndex: search-index.js is a script setting window.bookIndex,
// with a section per heading; the ResNet chapter's sections hold
// "bottleneck" (the browser test types it into the search box).
func TestSearchIndex(t *testing.T) {
	js := string(site(t).Docs["search-index.js"])
	const pre = "window.bookIndex = "
	i := strings.Index(js, pre)
	if i < 0 || !strings.HasSuffix(js, ";\n") {
		t.Fatalf("search-index.js does not set window.bookIndex")
	}
	var entries []searchEntry
	if err := json.Unmarshal([]byte(strings.TrimSuffix(js[i+len(pre):], ";\n")), &entries); err != nil {
		t.Fatal(err)
	}
	found := ""
	for _, e := range entries {
		if strings.HasPrefix(e.URL, "resnet.html#") && strings.Contains(strings.ToLower(e.Text), "bottleneck") && found == "" {
			found = e.URL
		}
	}
	if found == "" {
		t.Errorf("no section of resnet.html mentions bottleneck in the index")
	}
	t.Logf("%d sections indexed; \"bottleneck\" first in resnet.html at %s", len(entries), found)
}
