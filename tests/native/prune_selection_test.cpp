// Selection: exact counts, ties, thresholds, NaN, global vs per segment, and agreement with
// the full-sort baseline on large random inputs (which exercises the histogram path).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "prune/importance/importance.h"
#include "prune/plan.h"
#include "prune/selection.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::prune;

namespace {

std::string CodeOf(const Status& status) { return ErrorCodeName(status.code()); }

std::vector<float> RandomValues(size_t n, uint64_t seed, bool signed_values) {
  std::vector<float> v(n);
  RandomScores(seed, Span<float>(v.data(), v.size()));
  if (signed_values) {
    for (float& x : v) x = x * 2.0f - 1.0f;
  }
  return v;
}

uint64_t CountSelected(const std::vector<std::vector<float>>& segs, KeyKind kind, Cut cut) {
  uint64_t count = 0;
  std::vector<uint8_t> sel;
  for (const auto& s : segs) {
    ApplyCut(Span<const float>(s.data(), s.size()), kind, &cut, &sel);
    for (uint8_t b : sel) count += b;
  }
  return count;
}

std::vector<Span<const float>> Views(const std::vector<std::vector<float>>& segs) {
  std::vector<Span<const float>> out;
  for (const auto& s : segs) out.emplace_back(s.data(), s.size());
  return out;
}

}  // namespace

TEST(PruneSelection, KeysPreserveOrder) {
  const std::vector<float> ordered = {-std::numeric_limits<float>::infinity(), -3.5f, -1e-30f, 0.0f, 1e-30f, 2.0f,
                                      std::numeric_limits<float>::infinity()};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) CHECK(ScoreKey(ordered[i]) < ScoreKey(ordered[i + 1]));
  CHECK_EQ(ScoreKey(-0.0f), ScoreKey(0.0f));
  CHECK_EQ(MagnitudeKey(-2.0f), ScoreKey(2.0f));
  CHECK_EQ(ScoreKey(std::numeric_limits<float>::quiet_NaN()), 0u);
  CHECK(ScoreKey(std::numeric_limits<float>::quiet_NaN()) < ScoreKey(-std::numeric_limits<float>::infinity()));
}

TEST(PruneSelection, TargetCountRounds) {
  CHECK_EQ(TargetCount(0.0, 10), 0u);
  CHECK_EQ(TargetCount(0.9, 10), 9u);
  CHECK_EQ(TargetCount(0.5, 3), 2u);   // 1.5 rounds half up
  CHECK_EQ(TargetCount(0.94, 10), 9u);
  CHECK_EQ(TargetCount(0.9999999, 10), 10u);
  CHECK_EQ(TargetCount(0.9, 0), 0u);
}

TEST(PruneSelection, ExactCountWithTies) {
  // Many equal values straddle the cut: the count must still be exact and take ties in order.
  const std::vector<float> v = {3, 1, 2, 2, 2, 2, 5, 0, 2};
  for (uint64_t k = 0; k <= v.size(); ++k) {
    Cut cut;
    REQUIRE_OK(FindCut({Span<const float>(v.data(), v.size())}, KeyKind::kScore, k, &cut));
    std::vector<uint8_t> sel;
    Cut apply = cut;
    ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kScore, &apply, &sel);
    uint64_t count = 0;
    for (uint8_t b : sel) count += b;
    CHECK_EQ(count, k);
    // Every selected value is <= every unselected one.
    float max_sel = -1, min_unsel = 100;
    for (size_t i = 0; i < v.size(); ++i) {
      if (sel[i]) max_sel = std::max(max_sel, v[i]);
      else min_unsel = std::min(min_unsel, v[i]);
    }
    CHECK(max_sel <= min_unsel);
  }
  // Ties go in index order: k = 3 takes 0, 1 and the first 2 (index 2).
  Cut cut;
  REQUIRE_OK(FindCut({Span<const float>(v.data(), v.size())}, KeyKind::kScore, 3, &cut));
  std::vector<uint8_t> sel;
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kScore, &cut, &sel);
  CHECK_EQ(int{sel[7]}, 1);
  CHECK_EQ(int{sel[1]}, 1);
  CHECK_EQ(int{sel[2]}, 1);
  CHECK_EQ(int{sel[3]}, 0);
}

TEST(PruneSelection, MagnitudeKindRanksAbsoluteValues) {
  const std::vector<float> v = {-5, 0.5f, -0.25f, 4, -3};
  Cut cut;
  REQUIRE_OK(FindCut({Span<const float>(v.data(), v.size())}, KeyKind::kMagnitude, 2, &cut));
  std::vector<uint8_t> sel;
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kMagnitude, &cut, &sel);
  CHECK(sel == (std::vector<uint8_t>{0, 1, 1, 0, 0}));
}

TEST(PruneSelection, NaNIsSelectedFirst) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> v = {1, nan, 0.1f, 3};
  Cut cut;
  REQUIRE_OK(FindCut({Span<const float>(v.data(), v.size())}, KeyKind::kMagnitude, 1, &cut));
  std::vector<uint8_t> sel;
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kMagnitude, &cut, &sel);
  CHECK(sel == (std::vector<uint8_t>{0, 1, 0, 0}));
}

TEST(PruneSelection, ThresholdIsStrict) {
  const std::vector<float> v = {0.1f, -0.1f, 0.05f, 0.2f, -0.3f};
  std::vector<uint8_t> sel;
  Cut cut = ThresholdCut(0.1);  // 0.1f is slightly above the double 0.1: not below it
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kMagnitude, &cut, &sel);
  CHECK(sel == (std::vector<uint8_t>{0, 0, 1, 0, 0}));
  cut = ThresholdCut(static_cast<double>(0.1f));
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kMagnitude, &cut, &sel);
  CHECK(sel == (std::vector<uint8_t>{0, 0, 1, 0, 0}));
  cut = ThresholdCut(0.25);
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kMagnitude, &cut, &sel);
  CHECK(sel == (std::vector<uint8_t>{1, 1, 1, 1, 0}));
  cut = ThresholdCut(0.0);
  ApplyCut(Span<const float>(v.data(), v.size()), KeyKind::kMagnitude, &cut, &sel);
  CHECK(sel == (std::vector<uint8_t>{0, 0, 0, 0, 0}));
}

TEST(PruneSelection, MatchesFullSortOnLargeInputs) {
  // Above the small-input size the histogram path runs; compare with the sorting baseline.
  std::vector<std::vector<float>> segs = {RandomValues(70000, 7, true), RandomValues(5, 8, true),
                                          RandomValues(40000, 9, true)};
  // Quantise one segment so it holds long runs of ties.
  for (float& x : segs[2]) x = std::round(x * 16.0f) / 16.0f;
  const auto views = Views(segs);
  const uint64_t total = 110005;
  for (KeyKind kind : {KeyKind::kMagnitude, KeyKind::kScore}) {
    for (uint64_t k : {uint64_t{0}, uint64_t{1}, uint64_t{12345}, TargetCount(0.5, total), TargetCount(0.9, total),
                       total - 1, total}) {
      Cut fast, histogram, slow;
      REQUIRE_OK(FindCut(views, kind, k, &fast));
      REQUIRE_OK(FindCutByHistogram(views, kind, k, &histogram));
      REQUIRE_OK(FindCutBySort(views, kind, k, &slow));
      CHECK_EQ(fast.key, slow.key);
      CHECK_EQ(fast.ties, slow.ties);
      CHECK_EQ(histogram.key, slow.key);
      CHECK_EQ(histogram.ties, slow.ties);
      CHECK_EQ(CountSelected(segs, kind, fast), k);
      Bracket bracket;
      if (k > 0 && FindBracket(views, kind, k, &bracket)) {
        CHECK(bracket.below < k && k <= bracket.below + bracket.inside);
        CHECK(bracket.Contains(slow.key));
      }
    }
  }
}

TEST(PruneSelection, AllEqualValues) {
  std::vector<float> v(100000, 0.5f);
  Cut cut;
  REQUIRE_OK(FindCut({Span<const float>(v.data(), v.size())}, KeyKind::kMagnitude, 90000, &cut));
  CHECK_EQ(CountSelected({v}, KeyKind::kMagnitude, cut), 90000u);
}

TEST(PruneImportance, LpNormPerChannel) {
  // OHWI [2, 1, 2, 2]: channel 0 = {1,-2,3,-4}, channel 1 = {0,0,0,5}.
  const std::vector<float> w = {1, -2, 3, -4, 0, 0, 0, 5};
  std::vector<double> l1(2, 0.0), l2(2, 0.0);
  REQUIRE_OK(AccumulateLpNorm(Span<const float>(w.data(), w.size()), {2, 1, 2, 2}, 0, 1, Span<double>(l1.data(), 2)));
  REQUIRE_OK(AccumulateLpNorm(Span<const float>(w.data(), w.size()), {2, 1, 2, 2}, 0, 2, Span<double>(l2.data(), 2)));
  FinishLpNorm(2, Span<double>(l2.data(), 2));
  CHECK_NEAR(l1[0], 10.0, 1e-12);
  CHECK_NEAR(l1[1], 5.0, 1e-12);
  CHECK_NEAR(l2[0], std::sqrt(30.0), 1e-12);
  CHECK_NEAR(l2[1], 5.0, 1e-12);
  // Along the last axis (FC input columns / conv input channels): [2, 4] columns.
  std::vector<double> cols(4, 0.0);
  REQUIRE_OK(AccumulateLpNorm(Span<const float>(w.data(), w.size()), {2, 4}, 1, 1, Span<double>(cols.data(), 4)));
  CHECK_NEAR(cols[3], 9.0, 1e-12);
  std::vector<double> wrong(3, 0.0);
  CHECK(!AccumulateLpNorm(Span<const float>(w.data(), w.size()), {2, 4}, 1, 1, Span<double>(wrong.data(), 3)).ok());
  CHECK(!AccumulateLpNorm(Span<const float>(w.data(), w.size()), {3, 4}, 0, 1, Span<double>(wrong.data(), 3)).ok());
}

TEST(PruneImportance, ActivationMeanAndApoz) {
  ActivationStats stats(3);
  // Two positions of [3] channels, then one more batch of one position.
  const std::vector<float> a = {0, 2, -1, 0, 4, 0};
  const std::vector<float> b = {3, 0, 0};
  REQUIRE_OK(stats.Add(Span<const float>(a.data(), a.size())));
  REQUIRE_OK(stats.Add(Span<const float>(b.data(), b.size())));
  const auto mean = stats.MeanAbs();
  const auto apoz = stats.Apoz();
  CHECK_NEAR(mean[0], 1.0, 1e-12);
  CHECK_NEAR(mean[1], 2.0, 1e-12);
  CHECK_NEAR(mean[2], 1.0 / 3.0, 1e-12);
  CHECK_NEAR(apoz[0], 2.0 / 3.0, 1e-12);
  CHECK_NEAR(apoz[1], 1.0 / 3.0, 1e-12);
  CHECK_NEAR(apoz[2], 2.0 / 3.0, 1e-12);
  CHECK_NEAR(stats.ApozImportance()[1], 2.0 / 3.0, 1e-12);
  const std::vector<float> odd = {1, 2};
  CHECK(!stats.Add(Span<const float>(odd.data(), odd.size())).ok());
}

TEST(PruneImportance, TaylorScores) {
  const std::vector<float> w = {1, -2, 3};
  const std::vector<float> g = {0.5f, 0.5f, -1};
  std::vector<float> s(3);
  REQUIRE_OK(TaylorWeightScores(Span<const float>(w.data(), 3), Span<const float>(g.data(), 3), Span<float>(s.data(), 3)));
  CHECK_NEAR(s[0], 0.5, 0);
  CHECK_NEAR(s[1], 1.0, 0);
  CHECK_NEAR(s[2], 3.0, 0);
  CHECK(!TaylorWeightScores(Span<const float>(w.data(), 3), Span<const float>(g.data(), 2), Span<float>(s.data(), 3)).ok());
  TaylorChannelStats ch(2);
  const std::vector<float> a = {1, 2, 3, 4};
  const std::vector<float> d = {1, 0, -1, 1};  // channel 0: (1 - 3)/2 = -1 -> 1; channel 1: (0 + 4)/2 = 2
  REQUIRE_OK(ch.Add(Span<const float>(a.data(), 4), Span<const float>(d.data(), 4)));
  const auto scores = ch.Scores();
  CHECK_NEAR(scores[0], 1.0 / std::sqrt(5.0), 1e-12);
  CHECK_NEAR(scores[1], 2.0 / std::sqrt(5.0), 1e-12);
}

TEST(PruneImportance, RandomIsSeeded) {
  std::vector<float> a(1000), b(1000), c(1000);
  RandomScores(42, Span<float>(a.data(), a.size()));
  RandomScores(42, Span<float>(b.data(), b.size()));
  RandomScores(43, Span<float>(c.data(), c.size()));
  CHECK(a == b);
  CHECK(a != c);
  for (float x : a) CHECK(x >= 0.0f && x < 1.0f);
}

TEST(PrunePlan, Validation) {
  PrunePlan plan;
  plan.has_sparsity = true;
  plan.sparsity = 0.5;
  CHECK(ValidatePlan(plan).ok());
  plan.sparsity = 1.0;
  CHECK_EQ(CodeOf(ValidatePlan(plan)), std::string("BAD_ARGUMENT"));
  plan.sparsity = -0.1;
  CHECK_EQ(CodeOf(ValidatePlan(plan)), std::string("BAD_ARGUMENT"));
  plan.sparsity = std::nan("");
  const Status nan_status = ValidatePlan(plan);
  CHECK_EQ(CodeOf(nan_status), std::string("BAD_ARGUMENT"));
  CHECK(nan_status.message().find("NaN") != std::string::npos);
  plan.sparsity = 0.5;
  plan.has_threshold = true;  // both
  CHECK_EQ(CodeOf(ValidatePlan(plan)), std::string("BAD_ARGUMENT"));
  plan.has_sparsity = false;
  plan.threshold = std::nan("");
  CHECK_EQ(CodeOf(ValidatePlan(plan)), std::string("BAD_ARGUMENT"));
  plan.threshold = 0.01;
  CHECK(ValidatePlan(plan).ok());
  plan.criterion = Criterion::kL1;  // a channel criterion for unstructured pruning
  CHECK_EQ(CodeOf(ValidatePlan(plan)), std::string("BAD_ARGUMENT"));
  PrunePlan nm;
  nm.method = Method::kNM;
  nm.n = 3;
  nm.m = 2;
  CHECK_EQ(CodeOf(ValidatePlan(nm)), std::string("BAD_ARGUMENT"));
  nm.n = 2;
  nm.m = 4;
  CHECK(ValidatePlan(nm).ok());
  PrunePlan structured;
  structured.method = Method::kStructured;
  structured.criterion = Criterion::kL1;
  structured.has_sparsity = true;
  structured.sparsity = 0.5;
  structured.round_to = 8;
  CHECK(ValidatePlan(structured).ok());
  structured.round_to = 0;
  CHECK_EQ(CodeOf(ValidatePlan(structured)), std::string("BAD_ARGUMENT"));
  Method m;
  CHECK_EQ(CodeOf(ParseMethod("bogus", &m)), std::string("BAD_ARGUMENT"));
  Criterion c;
  REQUIRE_OK(ParseCriterion("apoz", &c));
  CHECK(c == Criterion::kApoz);
}
