package all

import (
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// Every non-blank line of the notes maps to ledger entries or to the
// reason it holds no checkable claim (notesmap.tsv); every entry a row
// names exists, and every entry is named by the rows of its lines.
func TestCoverage(t *testing.T) {
	cover, err := claims.Coverage(ledger(t))
	if err != nil {
		t.Fatal(err)
	}
	if n := claims.NonBlank(); len(cover) != n {
		t.Errorf("%d lines mapped, want all %d non-blank lines of the notes", len(cover), n)
	}
	t.Logf("%d of %d non-blank lines of the notes mapped", len(cover), claims.NonBlank())
}

// The statements an audit found without an entry (issue 12) each have
// one now: the line of the notes, and an entry that covers it.
func TestNamedStatements(t *testing.T) {
	cover, err := claims.Coverage(ledger(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, quote, entry string }{
		{"the stem's rationale (§5.3)", "인셉션 모듈의 효과가 없어서", "googlenet/stem-rationale"},
		{"the comparison chart's paragraph", "y축이 정확도", "variants/comparison-chart"},
		{"L2 and augmentation (§2.2)", "$L_2$정규화, 데이터 증강", "alexnet/l2-augmentation"},
		{"AlexNet's grouping adopted by ResNeXt", "레즈넥스트 모델에 도입", "alexnet/grouped-conv-resnext"},
		{"network in network (§5)", "네트워크 속 네트워크 구조로 설계", "googlenet/network-in-network"},
		{"network in network (§6)", "_Network in Network(NIN)_", "resnet/network-in-network"},
		{"sparse vs. dense (§5.1)", "조밀성질을 갖는 구조가 더 효율적", "googlenet/sparse-dense"},
		{"the residual algebra (§6.2)", "$F(x) = H(x) - x$", "resnet/residual-algebra"},
		{"MobileNet's purpose", "모바일 및 임베디드 비전", "variants/mobilenet-purpose"},
	} {
		l := claims.LineOf(tc.quote)
		if l == 0 {
			t.Errorf("%s: the notes lack %q", tc.what, tc.quote)
			continue
		}
		if !slices.Contains(cover[l].Entries, tc.entry) {
			t.Errorf("%s: notes line %d maps to %v, want entry %s", tc.what, l, cover[l].Entries, tc.entry)
		}
	}
}
