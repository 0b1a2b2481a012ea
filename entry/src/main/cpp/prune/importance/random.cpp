// The random baseline: splitmix64, so the same seed gives the same scores on every platform.
#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

void RandomScores(uint64_t seed, Span<float> scores) {
  uint64_t state = seed;
  for (float& s : scores) {
    state += 0x9e3779b97f4a7c15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    s = static_cast<float>(z >> 40) * (1.0f / 16777216.0f);  // 24 random bits: exact in float, < 1
  }
}

}  // namespace prune
}  // namespace prunelab
