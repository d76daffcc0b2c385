package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ParseShape takes exactly three positive integers, as `book summary
// -input` and the book's summary directive document.
func TestParseShape(t *testing.T) {
	s, err := ParseShape("3, 224,224")
	require.NoError(t, err)
	assert.Equal(t, Shape{3, 224, 224}, s)
	for _, bad := range []string{"3,224", "3,224,224,1", "3,x,4", "0,5,5", ""} {
		_, err := ParseShape(bad)
		assert.Error(t, err, "%q", bad)
	}
}
