// Package safetensors reads and writes the safetensors tensor-file format
// (https://github.com/huggingface/safetensors), the format in which the
// book's weights travel to and from PyTorch.
//
// # The format
//
// A file is three parts, back to back:
//
//	bytes [0, 8)        n, the header length: a little-endian uint64
//	bytes [8, 8+n)      the header: a UTF-8 JSON object, possibly padded with spaces
//	bytes [8+n, EOF)    the data buffer
//
// The header maps each tensor name to its element type, shape and byte
// range in the data buffer; the optional "__metadata__" entry maps strings
// to strings:
//
//	{"__metadata__": {"format": "pt"},
//	 "fc.bias":   {"dtype": "F32", "shape": [1000],      "data_offsets": [0, 4000]},
//	 "fc.weight": {"dtype": "F32", "shape": [1000, 512], "data_offsets": [4000, 2052000]}}
//
// Elements are stored little-endian in row-major (C) order. The byte ranges
// [begin, end) are relative to the start of the data buffer; together they
// must tile it exactly — no gaps, no overlaps, nothing left over — so a file
// cannot hide a second payload ("polyglot" files).
//
// # Untrusted input
//
// A weight file comes from outside, so [NewReader] and [Open] check
// everything the header claims against the file before any tensor is
// allocated: the header length against the file size (and a 100 MB cap, as
// the reference implementation), the JSON syntax and duplicate names, each
// dtype, each shape (non-negative dimensions, no overflow), that
// elements × dtype size equals the byte range, and that the ranges tile the
// data buffer. After that a tensor's allocation is bounded by the file's
// size. Every failure is an error naming the tensor; nothing panics.
//
// Only F32 tensors are read as data ([File.Float32]); I64 tensors (PyTorch's
// BatchNorm num_batches_tracked) can be read with [File.Int64]. The other
// dtypes of the specification are recognised (so a file holding them is
// still validated), but reading them as float32 is an error.
//
// # Writing
//
// [Write] and [WriteFile] lay tensors out as the reference implementation
// does: sorted by alignment (I64 before F32), then by name, with the header
// padded by spaces so the data buffer starts 8-byte aligned. [WriteFile] is
// atomic: it writes a temporary file in the same directory and renames it,
// so an interrupted write leaves the previous file intact.
package safetensors
