//go:build mistakes

package verify

// Mode is what Run checks in this build (-tags mistakes): each
// exercise's typical mistakes, which must fail with their teaching
// message.
const Mode = Mistakes
