// Decoding and encoding of an op's attribute table (the table a Primitive's `value` points at).
//
// Modelled ops (graph::FindOpSpec has a spec): every field is decoded by kind into
// Attributes::values and re-encoded from them; presence is kept, so a field absent in the file
// stays absent.
//
// Opaque ops (no spec, or a table with a field id past its spec, i.e. written by a newer schema):
// the table is kept as bytes and re-emitted unchanged in meaning. Without a schema we cannot tell
// offsets from scalars, so the blob is the table's byte closure, taken as a contiguous range:
//   - FlatBuffers builders write children before their parent and build back to front, so an op
//     table's strings, vectors and sub-tables sit at higher addresses than the table, directly
//     above it (MindSpore's converter packs each op's children right before the op table; this
//     project's writer emits the blob as one unit). The closure runs from the table start to the
//     next object the reader has parsed structurally (a node name, a vector, another table...),
//     which bounds it from above. Offsets inside the range are relative, so a verbatim copy keeps
//     them valid wherever the copy lands, as long as it keeps its alignment modulo 8.
//   - The only reference that may point anywhere is the table's own vtable soffset (vtables are
//     deduplicated and shared). The vtable is therefore copied in front of the closure and the
//     soffset rewritten to point at the copy.
// Blob layout (Attributes::opaque): [vtable copy][zero padding][closure bytes]; the table starts
// at Attributes::opaque_table_offset, which is congruent to the original table position modulo 8.
// The writer places the blob at an 8-aligned position.
// Limits: a sub-table inside the closure whose vtable was shared with an object outside the
// closure cannot be relocated (its soffset is indistinguishable from a scalar without a schema);
// and a builder that interleaves an op's children with other objects would cut the closure short.
// Every op of the current schema has a spec, so both only concern ops from future schemas.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "graph/attributes.h"
#include "ms/decode_support.h"
#include "ms/flatbuffer_builder.h"
#include "ms/flatbuffer_view.h"

namespace prunelab {
namespace ms {

// Decodes a modelled op. *beyond_spec is set when the table has a present field the spec does not
// know (the caller then keeps the op opaque so nothing is lost).
Status DecodeModelledOp(const FlatBufferView& view, const FbTable& table, const graph::OpSpec& spec,
                        KnownObjects* known, DecodeBudget* budget, graph::Attributes* out, bool* beyond_spec);

// Keeps the op table at `table` as an opaque blob; `upper` is the next known object above it.
Status ExtractOpaqueOp(const FlatBufferView& view, const FbTable& table, uint32_t upper, graph::Attributes* out);

// Writes the op's table and its children; returns the table position.
Status EncodeOp(const graph::Attributes& attrs, const graph::OpSpec* spec, FlatBufferBuilder* builder,
                uint32_t* table_pos);

}  // namespace ms
}  // namespace prunelab
