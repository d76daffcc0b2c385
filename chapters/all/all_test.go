package all

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// The ledger is well formed: unique IDs, each quote on its line of the
// notes, every correction with a reason, every entry with an independent
// value and its source, and every entry but a citation with our value.
func TestLedgerWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range ledger(t) {
		assert.False(t, seen[c.ID], "duplicate claim ID %s", c.ID)
		seen[c.ID] = true
		assert.NoError(t, c.Check())
		assert.NoError(t, c.Sourced())
	}
}

// The list of claims that must be in the ledger, each named by a
// phrase of the notes: some entry must sit on the line holding it.
func TestLedgerCoversRequiredClaims(t *testing.T) {
	required := []struct{ what, phrase string }{
		{"ImageNet categories", "20000만여개의 카테고리"},
		{"AlexNet input size", "277 \\times 277"},
		{"AlexNet conv2 kernel", "나머지 컨볼루션 계층은 `3x3, 1`"},
		{"AlexNet exchange layers", "Conv3과 Conv5, FC6, FC7"},
		{"pool/LRN order", "컨볼루션 맥스풀링 정규화 순서"},
		{"AlexNet parameters", "6천200백만"},
		{"VGG16 memory", "메모리 사용량 96m"},
		{"VGG16 parameters", "파라미터 수 : 138M"},
		{"GoogLeNet parameters", "5m으로 알렉스넷보다 12배"},
		{"GoogLeNet depth", "22계층으로 구성된다"},
		{"ResNet depth", "152계층의 매우 깊은"},
		{"1202 CIFAR layers", "1202계층까지"},
		{"vanishing gradients", "그래디언트 소실이 발생했다고"},
		{"adaptive learning rate", "적응형 학습률"},
		{"2^n paths", "$2^n$"},
	}
	onLine := map[int][]claims.Claim{}
	for _, c := range ledger(t) {
		onLine[c.Line] = append(onLine[c.Line], c)
	}
	for _, r := range required {
		t.Run(r.what, func(t *testing.T) {
			l := claims.LineOf(r.phrase)
			require.NotZero(t, l, "phrase %q not in the notes", r.phrase)
			entries := onLine[l]
			require.NotEmpty(t, entries, "no ledger entry on line %d (%q)", l, r.phrase)
			// Every entry there is complete: the notes' value, ours (unless
			// cited), the independent one with its source, and a verdict.
			for _, c := range entries {
				assert.NotEmpty(t, c.NotesQuote, "%s: quote", c.ID)
				assert.NotEmpty(t, c.Claimed, "%s: claimed value", c.ID)
				assert.NoError(t, c.Sourced())
				assert.Contains(t, claims.Verdicts, c.Verdict(), "%s: verdict", c.ID)
			}
		})
	}
}

// Every chapter's prose values are well formed and their IDs unique
// across the book.
func TestValues(t *testing.T) {
	vs, err := Values()
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, v := range vs {
		assert.False(t, seen[v.ID], "value %s defined twice", v.ID)
		seen[v.ID] = true
	}
	t.Logf("%d computed values for the chapters' prose", len(vs))
}
