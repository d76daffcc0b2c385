package nn

import (
	"fmt"
	"math"
)

// SoftmaxCrossEntropy is the mean negative log-likelihood of the labels
// under the softmax of the logits, as PyTorch's F.cross_entropy with
// reduction='mean', and its gradient:
//
//	logits: (N, K), labels: N values in 0…K−1 → loss: scalar, dlogits: (N, K)
//	m_n = max_k z[n,k]                                   (log-sum-exp shift)
//	log p[n,k] = z[n,k] − m_n − log Σ_j exp(z[n,j] − m_n)
//	loss = −(1/N)·Σ_n log p[n, label_n]
//	dlogits[n,k] = (p[n,k] − [k = label_n]) / N
//
// The shift keeps exp from overflowing (logits of 1000 are fine); sums
// are in float64. A label outside 0…K−1 is an error (labels are data).
func SoftmaxCrossEntropy(logits *Tensor, labels []int) (loss float64, dlogits *Tensor, err error) {
	if len(logits.Shape) < 2 {
		return 0, nil, fmt.Errorf("nn: SoftmaxCrossEntropy: logits need shape (N, K), got %v", logits.Shape)
	}
	n := logits.Shape[0]
	if n == 0 {
		return 0, nil, fmt.Errorf("nn: SoftmaxCrossEntropy: empty batch")
	}
	k := len(logits.Data) / n
	if len(labels) != n {
		return 0, nil, fmt.Errorf("nn: SoftmaxCrossEntropy: %d labels for a batch of %d", len(labels), n)
	}
	for i, l := range labels {
		if l < 0 || l >= k {
			return 0, nil, fmt.Errorf("nn: SoftmaxCrossEntropy: label %d of sample %d is outside 0…%d", l, i, k-1)
		}
	}
	dlogits = NewTensor(n, k)
	inv := 1 / float64(n)
	for b := 0; b < n; b++ {
		z := logits.Data[b*k : (b+1)*k]
		d := dlogits.Data[b*k : (b+1)*k]
		m := math.Inf(-1)
		for _, v := range z {
			m = max(m, float64(v))
		}
		var s float64
		for _, v := range z {
			s += math.Exp(float64(v) - m)
		}
		lse := m + math.Log(s)
		loss -= float64(z[labels[b]]) - lse
		for j, v := range z {
			d[j] = float32(math.Exp(float64(v)-lse) * inv)
		}
		d[labels[b]] -= float32(inv)
	}
	return loss * inv, dlogits, nil
}
