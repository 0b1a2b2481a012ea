#include "engine/kernels/gemm.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

// Let the compiler fuse a*b+c into FMA instructions in this file (ISO C++ modes turn contraction
// off by default); results then differ from the reference only by rounding.
#if defined(__clang__)
#pragma clang fp contract(fast)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=fast")
#endif

namespace prunelab {
namespace engine {
namespace kernels {
namespace {

constexpr int64_t kMr = 6;      // micro-tile rows
constexpr int64_t kNr = 16;     // micro-tile columns (two 8-float vectors)
constexpr int64_t kKc = 256;    // depth of a packed block: a KC x NR panel of B (16 KiB) stays in L1
constexpr int64_t kMc = 96;     // rows of a packed A block (96 KiB, in L2)
constexpr int64_t kNc = 1024;   // columns of a packed B block (1 MiB)
constexpr int64_t kSmallM = 4;  // fewer rows than this: a matrix-vector loop beats packing

struct Raw {
  int64_t m, n, k;
  const float* a;
  int64_t lda;
  const float* b;
  int64_t ldb;
  bool b_transposed;
  float* c;
  int64_t ldc;
  const float* bias;  // null or n values
  const ActivationParams* activation;
};

#if defined(__GNUC__) || defined(__clang__)
#define PRUNELAB_GEMM_VECTORS 1
typedef float V8 __attribute__((vector_size(32)));
typedef float V8u __attribute__((vector_size(32), aligned(4), may_alias));  // for unaligned access
// Unaligned vector load and store (memcpy compiles to single vector moves). Macros rather than
// functions: passing 32-byte vectors by value trips ABI notes on targets without AVX.
#define PL_LOAD8(p) (*reinterpret_cast<const V8u*>(p))
#define PL_STORE8(p, v) (*reinterpret_cast<V8u*>(p) = (v))
#endif

// Scratch that grows and is kept per thread: packing buffers are reused across calls, so a run
// does not page-fault fresh allocations. Aligned to 64 bytes.
class AlignedScratch {
 public:
  float* Get(size_t count) {
    if (count + 16 > storage_.size()) storage_.resize(count + 16);
    const uintptr_t address = reinterpret_cast<uintptr_t>(storage_.data());
    const size_t skip = ((64 - address % 64) % 64) / sizeof(float);
    return storage_.data() + skip;
  }

 private:
  std::vector<float> storage_;
};

thread_local AlignedScratch t_pack_a;
thread_local AlignedScratch t_pack_b;

// Packs rows [0, mc) x depth [0, kc) of A (already offset) into MR-row panels, k-major inside a
// panel; rows past mc are zero.
void PackA(const float* a, int64_t lda, int64_t mc, int64_t kc, float* dst) {
  for (int64_t ir = 0; ir < mc; ir += kMr) {
    const int64_t rows = std::min(kMr, mc - ir);
    const float* src = a + ir * lda;
    for (int64_t p = 0; p < kc; ++p) {
      for (int64_t r = 0; r < rows; ++r) dst[r] = src[r * lda + p];
      for (int64_t r = rows; r < kMr; ++r) dst[r] = 0.0f;
      dst += kMr;
    }
  }
}

// Packs depth [0, kc) x columns [0, nc) of op(B) (already offset) into NR-column panels.
void PackB(const float* b, int64_t ldb, bool transposed, int64_t kc, int64_t nc, float* dst) {
  for (int64_t jr = 0; jr < nc; jr += kNr) {
    const int64_t cols = std::min(kNr, nc - jr);
    if (!transposed) {
      const float* src = b + jr;
      for (int64_t p = 0; p < kc; ++p) {
        const float* row = src + p * ldb;
        for (int64_t c = 0; c < cols; ++c) dst[p * kNr + c] = row[c];
        for (int64_t c = cols; c < kNr; ++c) dst[p * kNr + c] = 0.0f;
      }
    } else {
      for (int64_t c = 0; c < cols; ++c) {
        const float* col = b + (jr + c) * ldb;
        for (int64_t p = 0; p < kc; ++p) dst[p * kNr + c] = col[p];
      }
      for (int64_t c = cols; c < kNr; ++c) {
        for (int64_t p = 0; p < kc; ++p) dst[p * kNr + c] = 0.0f;
      }
    }
    dst += kc * kNr;
  }
}

// A's rows for one micro-tile: packed (MR rows interleaved, k-major) or read in place.
struct APanel {
  const float* rows[kMr];  // in place: each row's start; packed: rows[0] is the panel
  bool packed;
};

APanel PackedPanel(const float* pa) {
  APanel panel{};
  panel.rows[0] = pa;
  panel.packed = true;
  return panel;
}

// In place: `rows` valid rows from `a` with stride lda; missing rows repeat the last valid one
// (their results are computed and thrown away, so reads stay inside A).
APanel DirectPanel(const float* a, int64_t lda, int64_t rows) {
  APanel panel{};
  for (int64_t r = 0; r < kMr; ++r) panel.rows[r] = a + std::min(r, rows - 1) * lda;
  panel.packed = false;
  return panel;
}

// C tile (MR x NR at c, row stride ldc) = or += A panel x packed B panel.
template <bool kPacked>
void MicroKernelT(int64_t kc, const APanel& panel, const float* pb, float* c, int64_t ldc, bool add) {
#if PRUNELAB_GEMM_VECTORS
  V8 c00 = {}, c01 = {}, c10 = {}, c11 = {}, c20 = {}, c21 = {};
  V8 c30 = {}, c31 = {}, c40 = {}, c41 = {}, c50 = {}, c51 = {};
  const float* pa = panel.rows[0];
  const float *a0 = panel.rows[0], *a1 = panel.rows[1], *a2 = panel.rows[2];
  const float *a3 = panel.rows[3], *a4 = panel.rows[4], *a5 = panel.rows[5];
  for (int64_t p = 0; p < kc; ++p) {
    const V8 b0 = PL_LOAD8(pb);
    const V8 b1 = PL_LOAD8(pb + 8);
    float x0, x1, x2, x3, x4, x5;
    if (kPacked) {
      x0 = pa[0], x1 = pa[1], x2 = pa[2], x3 = pa[3], x4 = pa[4], x5 = pa[5];
      pa += kMr;
    } else {
      x0 = a0[p], x1 = a1[p], x2 = a2[p], x3 = a3[p], x4 = a4[p], x5 = a5[p];
    }
    c00 += x0 * b0;
    c01 += x0 * b1;
    c10 += x1 * b0;
    c11 += x1 * b1;
    c20 += x2 * b0;
    c21 += x2 * b1;
    c30 += x3 * b0;
    c31 += x3 * b1;
    c40 += x4 * b0;
    c41 += x4 * b1;
    c50 += x5 * b0;
    c51 += x5 * b1;
    pb += kNr;
  }
  const V8 rows[kMr][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int64_t r = 0; r < kMr; ++r) {
    float* out = c + r * ldc;
    if (add) {
      PL_STORE8(out, PL_LOAD8(out) + rows[r][0]);
      PL_STORE8(out + 8, PL_LOAD8(out + 8) + rows[r][1]);
    } else {
      PL_STORE8(out, rows[r][0]);
      PL_STORE8(out + 8, rows[r][1]);
    }
  }
#else
  float acc[kMr][kNr] = {};
  for (int64_t p = 0; p < kc; ++p) {
    for (int64_t r = 0; r < kMr; ++r) {
      const float x = kPacked ? panel.rows[0][p * kMr + r] : panel.rows[r][p];
      for (int64_t j = 0; j < kNr; ++j) acc[r][j] += x * pb[j];
    }
    pb += kNr;
  }
  for (int64_t r = 0; r < kMr; ++r) {
    for (int64_t j = 0; j < kNr; ++j) c[r * ldc + j] = add ? c[r * ldc + j] + acc[r][j] : acc[r][j];
  }
#endif
}

void MicroKernel(int64_t kc, const APanel& panel, const float* pb, float* c, int64_t ldc, bool add) {
  if (panel.packed) {
    MicroKernelT<true>(kc, panel, pb, c, ldc, add);
  } else {
    MicroKernelT<false>(kc, panel, pb, c, ldc, add);
  }
}

// A partial tile (rows x cols < MR x NR) goes through a local buffer.
void EdgeKernel(int64_t kc, const APanel& panel, const float* pb, float* c, int64_t ldc, bool add, int64_t rows,
                int64_t cols) {
  float tile[kMr * kNr];
  MicroKernel(kc, panel, pb, tile, kNr, false);
  for (int64_t r = 0; r < rows; ++r) {
    float* out = c + r * ldc;
    const float* in = tile + r * kNr;
    for (int64_t j = 0; j < cols; ++j) out[j] = add ? out[j] + in[j] : in[j];
  }
}

void Epilogue(const Raw& g, int64_t row0, int64_t rows, int64_t col0, int64_t cols) {
  const bool has_activation = g.activation != nullptr && g.activation->type != 0;
  if (g.bias == nullptr && !has_activation) return;
  for (int64_t i = row0; i < row0 + rows; ++i) {
    float* out = g.c + i * g.ldc + col0;
    if (g.bias != nullptr) {
      const float* bias = g.bias + col0;
      for (int64_t j = 0; j < cols; ++j) out[j] += bias[j];
    }
    if (has_activation) ApplyActivation(*g.activation, out, static_cast<size_t>(cols));
  }
}

#if PRUNELAB_GEMM_VECTORS
float Dot(const float* x, const float* y, int64_t count) {
  V8 s0 = {}, s1 = {}, s2 = {}, s3 = {};
  int64_t p = 0;
  for (; p + 32 <= count; p += 32) {
    s0 += PL_LOAD8(x + p) * PL_LOAD8(y + p);
    s1 += PL_LOAD8(x + p + 8) * PL_LOAD8(y + p + 8);
    s2 += PL_LOAD8(x + p + 16) * PL_LOAD8(y + p + 16);
    s3 += PL_LOAD8(x + p + 24) * PL_LOAD8(y + p + 24);
  }
  for (; p + 8 <= count; p += 8) s0 += PL_LOAD8(x + p) * PL_LOAD8(y + p);
  const V8 s = (s0 + s1) + (s2 + s3);
  float total = 0.0f;
  for (int i = 0; i < 8; ++i) total += s[i];
  for (; p < count; ++p) total += x[p] * y[p];
  return total;
}
#else
float Dot(const float* x, const float* y, int64_t count) {
  float total = 0.0f;
  for (int64_t p = 0; p < count; ++p) total += x[p] * y[p];
  return total;
}
#endif

// Few rows: one dot product (B transposed) or one row-times-matrix sweep per row of A.
void GemvRows(const Raw& g) {
  for (int64_t i = 0; i < g.m; ++i) {
    const float* a = g.a + i * g.lda;
    float* __restrict c = g.c + i * g.ldc;
    if (g.b_transposed) {
      for (int64_t j = 0; j < g.n; ++j) c[j] = Dot(a, g.b + j * g.ldb, g.k);
    } else {
      std::fill(c, c + g.n, 0.0f);
      for (int64_t p = 0; p < g.k; ++p) {
        const float ap = a[p];
        const float* __restrict row = g.b + p * g.ldb;
        for (int64_t j = 0; j < g.n; ++j) c[j] += ap * row[j];
      }
    }
  }
  Epilogue(g, 0, g.m, 0, g.n);
}

void GemmSerial(const Raw& g) {
  if (g.m <= 0 || g.n <= 0) return;
  if (g.k <= 0) {
    for (int64_t i = 0; i < g.m; ++i) std::fill(g.c + i * g.ldc, g.c + i * g.ldc + g.n, 0.0f);
    Epilogue(g, 0, g.m, 0, g.n);
    return;
  }
  if (g.m < kSmallM) {
    GemvRows(g);
    return;
  }
  const int64_t kc_max = std::min(g.k, kKc);
  const int64_t nc_max = std::min((g.n + kNr - 1) / kNr * kNr, kNc);
  const int64_t mc_max = std::min((g.m + kMr - 1) / kMr * kMr, kMc);
  float* pack_b = t_pack_b.Get(static_cast<size_t>(kc_max * nc_max));
  float* pack_a = t_pack_a.Get(static_cast<size_t>(kc_max * mc_max));
  for (int64_t jc = 0; jc < g.n; jc += kNc) {
    const int64_t nc = std::min(kNc, g.n - jc);
    for (int64_t pc = 0; pc < g.k; pc += kKc) {
      const int64_t kc = std::min(kKc, g.k - pc);
      const bool first = pc == 0;
      const bool last = pc + kc >= g.k;
      const float* b_block = g.b_transposed ? g.b + jc * g.ldb + pc : g.b + pc * g.ldb + jc;
      PackB(b_block, g.ldb, g.b_transposed, kc, nc, pack_b);
      for (int64_t ic = 0; ic < g.m; ic += kMc) {
        const int64_t mc = std::min(kMc, g.m - ic);
        // With one or two column panels each A value is used once or twice: packing it would
        // cost about as much as the multiply, so the micro-kernel reads A in place.
        const bool pack = nc > 2 * kNr;
        if (pack) PackA(g.a + ic * g.lda + pc, g.lda, mc, kc, pack_a);
        for (int64_t jr = 0; jr < nc; jr += kNr) {
          const int64_t cols = std::min(kNr, nc - jr);
          const float* pb = pack_b + jr * kc;
          for (int64_t ir = 0; ir < mc; ir += kMr) {
            const int64_t rows = std::min(kMr, mc - ir);
            const APanel panel = pack ? PackedPanel(pack_a + ir * kc) : DirectPanel(g.a + (ic + ir) * g.lda + pc, g.lda, rows);
            float* c = g.c + (ic + ir) * g.ldc + jc + jr;
            if (rows == kMr && cols == kNr) {
              MicroKernel(kc, panel, pb, c, g.ldc, !first);
            } else {
              EdgeKernel(kc, panel, pb, c, g.ldc, !first, rows, cols);
            }
          }
        }
        if (last) Epilogue(g, ic, mc, jc, nc);
      }
    }
  }
}

Raw ToRaw(const GemmArgs& args) {
  return Raw{args.m, args.n, args.k, args.a.data(), args.lda, args.b.data(), args.ldb, args.b_transposed,
             args.c.data(), args.ldc, args.bias.empty() ? nullptr : args.bias.data(), &args.activation};
}

// Elements a row-major matrix of `rows` rows of `cols` with row stride `ld` spans.
int64_t Extent(int64_t rows, int64_t cols, int64_t ld) { return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols; }

}  // namespace

void GemmUnchecked(const GemmArgs& args, ThreadPool* pool) {
  const Raw g = ToRaw(args);
  const int threads = pool != nullptr ? pool->threads() : 1;
  const double work = static_cast<double>(g.m) * static_cast<double>(g.n) * static_cast<double>(g.k);
  if (threads <= 1 || work < 65536.0 * 4) {
    GemmSerial(g);
    return;
  }
  if (g.m >= kSmallM && (g.m >= g.n || g.m >= threads * kMc)) {
    // Split rows in MR-aligned slices.
    const int64_t panels = (g.m + kMr - 1) / kMr;
    pool->ParallelFor(panels, [&](int64_t begin, int64_t end) {
      Raw part = g;
      part.m = std::min(end * kMr, g.m) - begin * kMr;
      part.a = g.a + begin * kMr * g.lda;
      part.c = g.c + begin * kMr * g.ldc;
      GemmSerial(part);
    });
  } else {
    // Split columns in NR-aligned slices.
    const int64_t panels = (g.n + kNr - 1) / kNr;
    pool->ParallelFor(panels, [&](int64_t begin, int64_t end) {
      Raw part = g;
      const int64_t j0 = begin * kNr;
      part.n = std::min(end * kNr, g.n) - j0;
      part.b = g.b_transposed ? g.b + j0 * g.ldb : g.b + j0;
      part.c = g.c + j0;
      part.bias = g.bias != nullptr ? g.bias + j0 : nullptr;
      GemmSerial(part);
    });
  }
}

Status Gemm(const GemmArgs& args, ThreadPool* pool) {
  if (args.m < 0 || args.n < 0 || args.k < 0) return BadArgument("gemm: negative matrix size");
  const int64_t b_rows = args.b_transposed ? args.n : args.k;
  const int64_t b_cols = args.b_transposed ? args.k : args.n;
  if (args.lda < std::max<int64_t>(args.k, 1) || args.ldb < std::max<int64_t>(b_cols, 1) ||
      args.ldc < std::max<int64_t>(args.n, 1)) {
    return BadArgument("gemm: a row stride is smaller than its row");
  }
  if (static_cast<int64_t>(args.a.size()) < Extent(args.m, args.k, args.lda) ||
      static_cast<int64_t>(args.b.size()) < Extent(b_rows, b_cols, args.ldb) ||
      static_cast<int64_t>(args.c.size()) < Extent(args.m, args.n, args.ldc)) {
    return BadArgument("gemm: a matrix buffer is smaller than its shape (" + std::to_string(args.m) + "x" +
                       std::to_string(args.n) + "x" + std::to_string(args.k) + ")");
  }
  if (!args.bias.empty() && static_cast<int64_t>(args.bias.size()) != args.n) {
    return BadArgument("gemm: bias has " + std::to_string(args.bias.size()) + " values for " + std::to_string(args.n) +
                       " columns");
  }
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(args.activation.type, "gemm"));
  GemmUnchecked(args, pool);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
