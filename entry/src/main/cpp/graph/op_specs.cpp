// Attribute specs of every op in MindSpore Lite's PrimitiveType union: field names, kinds and
// schema defaults in field-id order. The facts (union order = tag, field order = id, types,
// defaults) come from the public schema mindspore-lite/schema/ops.fbs and ops_types.fbs; the
// table format is PruneLab's own. Enums stored as bytes are kInt8; Format is an int enum.
// A tag past this table (a newer schema) has no spec: its table stays opaque (see ms/op_codec.h).
#include <cstdio>
#include <iterator>

#include "graph/attributes.h"

namespace prunelab {
namespace graph {
namespace {

constexpr FieldSpec kActivationFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
    {"alpha", FieldKind::kFloat32, 0},
    {"min_val", FieldKind::kFloat32, 0},
    {"max_val", FieldKind::kFloat32, 0},
    {"approximate", FieldKind::kBool, 0},
    {"beta", FieldKind::kFloat32, 0},  // added in later 2.x schemas
};
constexpr FieldSpec kActivationGradFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
    {"alpha", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kAdamFields[] = {
    {"use_locking", FieldKind::kBool, 0},
    {"use_nesterov", FieldKind::kBool, 0},
};
constexpr FieldSpec kAddFusionFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kAdderFusionFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"group", FieldKind::kInt64, 0},
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kAllFields[] = {
    {"keep_dims", FieldKind::kInt64, 0},
};
constexpr FieldSpec kApplyMomentumFields[] = {
    {"use_nesterov", FieldKind::kBool, 0},
    {"use_locking", FieldKind::kBool, 0},
    {"gradient_scale", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kArgMaxFusionFields[] = {
    {"axis", FieldKind::kInt64, 0},
    {"top_k", FieldKind::kInt64, 1},
    {"keep_dims", FieldKind::kBool, 0},
    {"out_max_value", FieldKind::kBool, 0},
};
constexpr FieldSpec kArgMinFusionFields[] = {
    {"axis", FieldKind::kInt64, 0},
    {"top_k", FieldKind::kInt64, 1},  // default 1 in later schemas, as in ArgMaxFusion
    {"keep_dims", FieldKind::kBool, 0},
    {"out_max_value", FieldKind::kBool, 0},
};
constexpr FieldSpec kAssertFields[] = {
    {"summarize", FieldKind::kInt64, 0},
};
constexpr FieldSpec kAudioSpectrogramFields[] = {
    {"window_size", FieldKind::kInt64, 0},
    {"stride", FieldKind::kInt64, 0},
    {"mag_square", FieldKind::kBool, 0},
};
constexpr FieldSpec kAvgPoolFusionFields[] = {
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"strides", FieldKind::kInt64Vec, 0},
    {"pad", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"round_mode", FieldKind::kInt8, 0},
    {"format", FieldKind::kInt32, 0},
    {"global", FieldKind::kBool, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kAvgPoolGradFields[] = {
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"strides", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"format", FieldKind::kInt32, 0},
};
constexpr FieldSpec kBatchNormFields[] = {
    {"epsilon", FieldKind::kFloat32, 0},
    {"format", FieldKind::kInt32, 0},
    {"is_training", FieldKind::kBool, 0},
};
constexpr FieldSpec kBatchNormGradFields[] = {
    {"epsilon", FieldKind::kFloat32, 0},
    {"is_training", FieldKind::kBool, 0},
};
constexpr FieldSpec kBatchToSpaceFields[] = {
    {"block_size", FieldKind::kInt64Vec, 0},
    {"crops", FieldKind::kInt64Matrix, 0},
};
constexpr FieldSpec kBatchToSpaceNDFields[] = {
    {"block_shape", FieldKind::kInt64Vec, 0},
    {"crops", FieldKind::kInt64Matrix, 0},
};
constexpr FieldSpec kBiasAddFields[] = {
    {"format", FieldKind::kInt32, 0},
};
constexpr FieldSpec kBinaryCrossEntropyFields[] = {
    {"reduction", FieldKind::kInt8, 0},
};
constexpr FieldSpec kBinaryCrossEntropyGradFields[] = {
    {"reduction", FieldKind::kInt8, 1},
};
constexpr FieldSpec kBroadcastToFields[] = {
    {"shape", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kClipFields[] = {
    {"max", FieldKind::kFloat32, 0},
    {"min", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kConcatFields[] = {
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kAttentionFields[] = {
    {"head_num", FieldKind::kInt64, 0},
    {"head_size", FieldKind::kInt64, 0},
    {"cross", FieldKind::kBool, 0},
    {"scale", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kConv2DBackpropFilterFusionFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"mode", FieldKind::kInt64, 0},
    {"group", FieldKind::kInt64, 0},
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kConv2DBackpropInputFusionFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad", FieldKind::kInt64Vec, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"mode", FieldKind::kInt64, 0},
    {"group", FieldKind::kInt64, 0},
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kConv2DFusionFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"mode", FieldKind::kInt64, 0},
    {"group", FieldKind::kInt64, 0},
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kConv2dTransposeFusionFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad", FieldKind::kInt64Vec, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"mode", FieldKind::kInt64, 0},
    {"group", FieldKind::kInt64, 0},
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
    {"output_paddings", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kConstantOfShapeFields[] = {
    {"data_type", FieldKind::kInt64, 0},
    {"value", FieldKind::kFloat32Vec, 0},
    {"element_size", FieldKind::kInt32, 0},  // added in later 2.x schemas
    {"shape", FieldKind::kInt64Vec, 0},      // added in later 2.x schemas
};
constexpr FieldSpec kCropFields[] = {
    {"axis", FieldKind::kInt64, 0},
    {"offsets", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kCustomPredictFields[] = {
    {"output_num", FieldKind::kInt64, 0},
    {"weight_threshold", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kDeConv2DGradFilterFields[] = {
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"group", FieldKind::kInt64, 0},
    {"format", FieldKind::kInt32, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kDepthToSpaceFields[] = {
    {"block_size", FieldKind::kInt64, 0},
    {"format", FieldKind::kInt32, 0},
    {"mode", FieldKind::kString, 0},
};
constexpr FieldSpec kDetectionPostProcessFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"input_size", FieldKind::kInt64, 0},
    {"scale", FieldKind::kFloat32Vec, 0},
    {"nms_iou_threshold", FieldKind::kFloat32, 0},
    {"nms_score_threshold", FieldKind::kFloat32, 0},
    {"max_detections", FieldKind::kInt64, 0},
    {"detections_per_class", FieldKind::kInt64, 0},
    {"max_classes_per_detection", FieldKind::kInt64, 0},
    {"num_classes", FieldKind::kInt64, 0},
    {"use_regular_nms", FieldKind::kBool, 0},
    {"out_quantized", FieldKind::kBool, 0},
};
constexpr FieldSpec kDivFusionFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kDropoutFields[] = {
    {"keep_prob", FieldKind::kFloat32, 0.5},
};
constexpr FieldSpec kDropoutGradFields[] = {
    {"keep_prob", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kEluFields[] = {
    {"alpha", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kEltwiseFields[] = {
    {"mode", FieldKind::kInt8, 0},
};
constexpr FieldSpec kEmbeddingLookupFusionFields[] = {
    {"max_norm", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kExpFusionFields[] = {
    {"base", FieldKind::kFloat32, -1},
    {"scale", FieldKind::kFloat32, 1.0},
    {"shift", FieldKind::kFloat32, 0.0},
};
constexpr FieldSpec kFakeQuantWithMinMaxVarsFields[] = {
    {"num_bits", FieldKind::kInt64, 0},
    {"narrow_range", FieldKind::kBool, 0},
};
constexpr FieldSpec kFakeQuantWithMinMaxVarsPerChannelFields[] = {
    {"num_bits", FieldKind::kInt64, 0},
    {"narrow_range", FieldKind::kBool, 0},
};
constexpr FieldSpec kFlattenFields[] = {
    {"axis", FieldKind::kInt64, 1},
};
constexpr FieldSpec kFullConnectionFields[] = {
    {"has_bias", FieldKind::kBool, 0},
    {"use_axis", FieldKind::kBool, 0},
    {"axis", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kFusedBatchNormFields[] = {
    {"epsilon", FieldKind::kFloat32, 0.0001},
    {"momentum", FieldKind::kFloat32, 0.9},
    {"mode", FieldKind::kInt64, 0},
};
constexpr FieldSpec kInstanceNormFields[] = {
    {"epsilon", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kLayerNormFusionFields[] = {
    {"begin_norm_axis", FieldKind::kInt64, 0},
    {"epsilon", FieldKind::kFloat32, 0.00001},
    {"elementwise_affine", FieldKind::kBool, 0},
    {"begin_params_axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kLeakyReluFields[] = {
    {"negative_slope", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kLpNormalizationFields[] = {
    {"axis", FieldKind::kInt64, 0},
    {"p", FieldKind::kInt64, 0},
};
constexpr FieldSpec kLRNFields[] = {
    {"depth_radius", FieldKind::kInt64, 0},
    {"bias", FieldKind::kFloat32, 0},
    {"alpha", FieldKind::kFloat32, 0},
    {"beta", FieldKind::kFloat32, 0},
    {"norm_region", FieldKind::kString, 0},
};
constexpr FieldSpec kLshProjectionFields[] = {
    {"type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kLSTMFields[] = {
    {"bidirectional", FieldKind::kBool, 0},
    {"has_bias", FieldKind::kBool, 0},
    {"input_size", FieldKind::kInt64, 0},
    {"hidden_size", FieldKind::kInt64, 0},
    {"num_layers", FieldKind::kInt64, 0},
    {"num_directions", FieldKind::kInt64, 0},
    {"dropout", FieldKind::kFloat32, 0},
    {"zoneout_cell", FieldKind::kFloat32, 0},
    {"zoneout_hidden", FieldKind::kFloat32, 0},
    {"proj_size", FieldKind::kInt64, 0},
};
constexpr FieldSpec kL2NormalizeFusionFields[] = {
    {"axis", FieldKind::kInt64Vec, 0},
    {"epsilon", FieldKind::kFloat32, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kMatMulFusionFields[] = {
    {"transpose_a", FieldKind::kBool, 0},
    {"transpose_b", FieldKind::kBool, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kMaximumGradFields[] = {
    {"grad_x", FieldKind::kBool, 0},
    {"grad_y", FieldKind::kBool, 0},
};
constexpr FieldSpec kMaxPoolFusionFields[] = {
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"strides", FieldKind::kInt64Vec, 0},
    {"pad", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"round_mode", FieldKind::kInt8, 0},
    {"format", FieldKind::kInt32, 0},
    {"global", FieldKind::kBool, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kMaxPoolGradFields[] = {
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"strides", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"format", FieldKind::kInt32, 0},
};
constexpr FieldSpec kMfccFields[] = {
    {"freq_upper_limit", FieldKind::kFloat32, 0},
    {"freq_lower_limit", FieldKind::kFloat32, 0},
    {"filter_bank_channel_num", FieldKind::kInt64, 0},
    {"dct_coeff_num", FieldKind::kInt64, 0},
};
constexpr FieldSpec kMinimumGradFields[] = {
    {"grad_x", FieldKind::kBool, 0},
    {"grad_y", FieldKind::kBool, 0},
};
constexpr FieldSpec kMulFusionFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kNonMaxSuppressionFields[] = {
    {"center_point_box", FieldKind::kInt64, 0},
};
constexpr FieldSpec kOneHotFields[] = {
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kPadFusionFields[] = {
    {"paddings", FieldKind::kInt64Matrix, 0},
    {"padding_mode", FieldKind::kInt8, 0},
    {"constant_value", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kPartialFusionFields[] = {
    {"sub_graph_index", FieldKind::kInt64, 0},
};
constexpr FieldSpec kPowerGradFields[] = {
    {"power", FieldKind::kFloat32, 0},
    {"scale", FieldKind::kFloat32, 0},
    {"shift", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kPowFusionFields[] = {
    {"scale", FieldKind::kFloat32, 1},
    {"shift", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kPriorBoxFields[] = {
    {"min_sizes", FieldKind::kInt64Vec, 0},
    {"max_sizes", FieldKind::kInt64Vec, 0},
    {"aspect_ratios", FieldKind::kFloat32Vec, 0},
    {"variances", FieldKind::kFloat32Vec, 0},
    {"image_size_w", FieldKind::kInt64, 0},
    {"image_size_h", FieldKind::kInt64, 0},
    {"step_w", FieldKind::kFloat32, 0},
    {"step_h", FieldKind::kFloat32, 0},
    {"clip", FieldKind::kBool, 0},
    {"flip", FieldKind::kBool, 0},
    {"offset", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kPReLUFusionFields[] = {
    {"channel_shared", FieldKind::kBool, 0},
};
constexpr FieldSpec kQuantDTypeCastFields[] = {
    {"src_t", FieldKind::kInt64, 0},
    {"dst_t", FieldKind::kInt64, 0},
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kRangeFields[] = {
    {"d_type", FieldKind::kInt64, 0},
    {"start", FieldKind::kInt64, 0},
    {"limit", FieldKind::kInt64, 0},
    {"delta", FieldKind::kInt64, 1},
};
constexpr FieldSpec kReduceFusionFields[] = {
    {"keep_dims", FieldKind::kBool, 0},
    {"mode", FieldKind::kInt8, 0},
    {"reduce_to_end", FieldKind::kBool, 0},
    {"coeff", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kResizeFields[] = {
    {"format", FieldKind::kInt32, 0},
    {"method", FieldKind::kInt8, 0},
    {"new_height", FieldKind::kInt64, 0},
    {"new_width", FieldKind::kInt64, 0},
    {"preserve_aspect_ratio", FieldKind::kBool, 0},
    {"coordinate_transform_mode", FieldKind::kInt8, 0},
    {"cubic_coeff", FieldKind::kFloat32, 0},
    {"exclude_outside", FieldKind::kInt64, 0},
    {"extrapolation_value", FieldKind::kFloat32, 0},
    {"nearest_mode", FieldKind::kInt8, 0},
};
constexpr FieldSpec kReverseSequenceFields[] = {
    {"seq_dim", FieldKind::kInt64, 0},
    {"batch_dim", FieldKind::kInt64, 0},
};
constexpr FieldSpec kReverseV2Fields[] = {
    {"axis", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kRfftFields[] = {
    {"fft_length", FieldKind::kInt64, 0},
};
constexpr FieldSpec kROIPoolingFields[] = {
    {"pooled_h", FieldKind::kInt64, 0},
    {"pooled_w", FieldKind::kInt64, 0},
    {"scale", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kScaleFusionFields[] = {
    {"axis", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kSGDFields[] = {
    {"nesterov", FieldKind::kBool, 0},
    {"dampening", FieldKind::kFloat32, 0},
    {"weight_decay", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kSkipGramFields[] = {
    {"include_all_grams", FieldKind::kBool, 0},
    {"max_skip_size", FieldKind::kInt64, 0},
    {"ngram_size", FieldKind::kInt64, 0},
};
constexpr FieldSpec kSliceFusionFields[] = {
    {"axes", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kSmoothL1LossFields[] = {
    {"beta", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kSmoothL1LossGradFields[] = {
    {"beta", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kSoftmaxFields[] = {
    {"axis", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kSpaceToBatchFields[] = {
    {"block_size", FieldKind::kInt64Vec, 0},
    {"paddings", FieldKind::kInt64Matrix, 0},
};
constexpr FieldSpec kSpaceToBatchNDFields[] = {
    {"block_shape", FieldKind::kInt64Vec, 0},
    {"paddings", FieldKind::kInt64Matrix, 0},
};
constexpr FieldSpec kSpaceToDepthFields[] = {
    {"block_size", FieldKind::kInt64, 0},
    {"format", FieldKind::kInt32, 0},
};
constexpr FieldSpec kSparseSoftmaxCrossEntropyWithLogitsFields[] = {
    {"is_grad", FieldKind::kBool, 0},
};
constexpr FieldSpec kSplitFields[] = {
    {"output_num", FieldKind::kInt64, 0},
    {"size_splits", FieldKind::kInt64Vec, 0},
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kSqueezeFields[] = {
    {"axis", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kStackFields[] = {
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kStridedSliceFields[] = {
    {"begin_mask", FieldKind::kInt64, 0},
    {"end_mask", FieldKind::kInt64, 0},
    {"ellipsis_mask", FieldKind::kInt64, 0},
    {"new_axis_mask", FieldKind::kInt64, 0},
    {"shrink_axis_mask", FieldKind::kInt64, 0},
};
constexpr FieldSpec kSubFusionFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
};
constexpr FieldSpec kTensorListFromTensorFields[] = {
    {"element_dtype", FieldKind::kInt64, 0},
    {"shape_type", FieldKind::kInt64, 0},
};
constexpr FieldSpec kTensorListGetItemFields[] = {
    {"element_dtype", FieldKind::kInt64, 0},
};
constexpr FieldSpec kTensorListReserveFields[] = {
    {"element_dtype", FieldKind::kInt64, 0},
    {"shape_type", FieldKind::kInt64, 0},
};
constexpr FieldSpec kTensorListSetItemFields[] = {
    {"element_dtype", FieldKind::kInt64, 0},
};
constexpr FieldSpec kTensorListStackFields[] = {
    {"num_elements", FieldKind::kInt64, 0},
    {"element_dtype", FieldKind::kInt64, 0},
};
constexpr FieldSpec kTileFusionFields[] = {
    {"dims", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kTopKFusionFields[] = {
    {"sorted", FieldKind::kBool, 1},
    {"axis", FieldKind::kInt64, 0},
    {"largest", FieldKind::kInt64, 0},
};
constexpr FieldSpec kUnsqueezeFields[] = {
    {"axis", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kUnstackFields[] = {
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kLSTMGradFields[] = {
    {"bidirectional", FieldKind::kBool, 0},
    {"has_bias", FieldKind::kBool, 0},
    {"input_size", FieldKind::kInt64, 0},
    {"hidden_size", FieldKind::kInt64, 0},
    {"num_layers", FieldKind::kInt64, 0},
    {"num_directions", FieldKind::kInt64, 0},
    {"dropout", FieldKind::kFloat32, 0},
    {"zoneout_cell", FieldKind::kFloat32, 0},
    {"zoneout_hidden", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kGRUFields[] = {
    {"bidirectional", FieldKind::kBool, 0},
};
constexpr FieldSpec kRandomStandardNormalFields[] = {
    {"seed", FieldKind::kInt64, 0},
    {"seed2", FieldKind::kInt64, 0},
};
constexpr FieldSpec kCropAndResizeFields[] = {
    {"method", FieldKind::kInt8, 0},
    {"extrapolation_value", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kStridedSliceGradFields[] = {
    {"begin_mask", FieldKind::kInt64, 0},
    {"end_mask", FieldKind::kInt64, 0},
    {"ellipsis_mask", FieldKind::kInt64, 0},
    {"new_axis_mask", FieldKind::kInt64, 0},
    {"shrink_axis_mask", FieldKind::kInt64, 0},
};
constexpr FieldSpec kUniformRealFields[] = {
    {"seed", FieldKind::kInt64, 0},
    {"seed2", FieldKind::kInt64, 0},
};
constexpr FieldSpec kLayerNormGradFields[] = {
    {"begin_norm_axis", FieldKind::kInt64, 0},
    {"begin_params_axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kResizeGradFields[] = {
    {"method", FieldKind::kInt8, 0},
    {"align_corners", FieldKind::kBool, 0},
};
constexpr FieldSpec kSpliceFields[] = {
    {"context", FieldKind::kInt64Vec, 0},
    {"forward_indexes", FieldKind::kInt64Vec, 0},
    {"output_dim", FieldKind::kInt64, 0},
};
constexpr FieldSpec kLogSoftmaxFields[] = {
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kCallFields[] = {
    {"is_tail_call", FieldKind::kBool, 1},
};
constexpr FieldSpec kCustomFields[] = {
    {"type", FieldKind::kString, 0},
    {"attr", FieldKind::kNamedBytesVec, 0},
};
constexpr FieldSpec kCumSumFields[] = {
    {"exclusive", FieldKind::kBool, 0},
    {"reverse", FieldKind::kBool, 0},
};
constexpr FieldSpec kSplitWithOverlapFields[] = {
    {"split_dim", FieldKind::kInt64, 0},
    {"number_split", FieldKind::kInt64, 0},
    {"ratio", FieldKind::kInt64Vec, 0},
    {"extend_top", FieldKind::kInt64Vec, 0},
    {"extend_bottom", FieldKind::kInt64Vec, 0},
};
constexpr FieldSpec kGenOPFields[] = {
    {"activation_type", FieldKind::kInt8, 0},
    {"alpha", FieldKind::kFloat32, 0},
    {"min_val", FieldKind::kFloat32, 0},
    {"max_val", FieldKind::kFloat32, 0},
    {"is_training", FieldKind::kBool, 0},
    {"format", FieldKind::kInt32, 0},
    {"kernel_size", FieldKind::kInt64Vec, 0},
    {"stride", FieldKind::kInt64Vec, 0},
    {"dilation", FieldKind::kInt64Vec, 0},
    {"pad_mode", FieldKind::kInt8, 0},
    {"pad_list", FieldKind::kInt64Vec, 0},
    {"mode", FieldKind::kInt64, 0},
    {"group", FieldKind::kInt64, 0},
    {"in_channel", FieldKind::kInt64, 0},
    {"out_channel", FieldKind::kInt64, 0},
    {"eltwise_mode", FieldKind::kInt8, 0},
    {"has_bias", FieldKind::kBool, 0},
    {"use_axis", FieldKind::kBool, 0},
    {"axis", FieldKind::kInt64, 0},
    {"epsilon", FieldKind::kFloat32, 0.0001},
    {"momentum", FieldKind::kFloat32, 0.9},
    {"transpose_a", FieldKind::kBool, 0},
    {"transpose_b", FieldKind::kBool, 0},
    {"pad", FieldKind::kInt64Vec, 0},
    {"round_mode", FieldKind::kInt8, 0},
    {"global", FieldKind::kBool, 0},
    {"channel_shared", FieldKind::kBool, 0},
    {"axes", FieldKind::kInt64Vec, 0},
    {"keep_dims", FieldKind::kBool, 0},
    {"reduce_mode", FieldKind::kInt8, 0},
    {"reduce_to_end", FieldKind::kBool, 0},
    {"coeff", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kGLUFields[] = {
    {"axis", FieldKind::kInt64, -1},
};
constexpr FieldSpec kTensorArrayFields[] = {
    {"dynamic_size", FieldKind::kBool, 0},
    {"identical_element_shapes", FieldKind::kBool, 0},
    {"element_shape", FieldKind::kInt32Vec, 0},
    {"data_type", FieldKind::kInt32, 0},
};
constexpr FieldSpec kAffineFields[] = {
    {"context", FieldKind::kInt64Vec, 0},
    {"output_dim", FieldKind::kInt64, 0},
    {"activation_type", FieldKind::kInt8, 0},
    {"transpose_a", FieldKind::kBool, 0},
    {"transpose_b", FieldKind::kBool, 0},
};
constexpr FieldSpec kAllGatherFields[] = {
    {"group", FieldKind::kString, 0},
    {"rank_size", FieldKind::kInt32, 0},
};
constexpr FieldSpec kReduceScatterFields[] = {
    {"group", FieldKind::kString, 0},
    {"mode", FieldKind::kInt8, 0},
    {"rank_size", FieldKind::kInt32, 0},
};
constexpr FieldSpec kDynamicQuantFields[] = {
    {"symmetric", FieldKind::kBool, 0},
    {"dst_type", FieldKind::kInt64, 32},
    {"activation_channel", FieldKind::kBool, 0},
    {"prefer_axis", FieldKind::kInt64, 0},
    {"transpose", FieldKind::kBool, 0},
    {"prefer_axes", FieldKind::kInt32Vec, 0},
};
constexpr FieldSpec kLSTMGradDataFields[] = {
    {"bidirectional", FieldKind::kBool, 0},
    {"has_bias", FieldKind::kBool, 0},
    {"input_size", FieldKind::kInt64, 0},
    {"hidden_size", FieldKind::kInt64, 0},
    {"num_layers", FieldKind::kInt64, 0},
    {"num_directions", FieldKind::kInt64, 0},
    {"dropout", FieldKind::kFloat32, 0},
    {"zoneout_cell", FieldKind::kFloat32, 0},
    {"zoneout_hidden", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kLSTMGradWeightFields[] = {
    {"bidirectional", FieldKind::kBool, 0},
    {"has_bias", FieldKind::kBool, 0},
    {"input_size", FieldKind::kInt64, 0},
    {"hidden_size", FieldKind::kInt64, 0},
    {"num_layers", FieldKind::kInt64, 0},
    {"num_directions", FieldKind::kInt64, 0},
    {"dropout", FieldKind::kFloat32, 0},
    {"zoneout_cell", FieldKind::kFloat32, 0},
    {"zoneout_hidden", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kRandomNormalFields[] = {
    {"seed", FieldKind::kFloat32, 0},
    {"mean", FieldKind::kFloat32, 0},
    {"scale", FieldKind::kFloat32, 0},
};
constexpr FieldSpec kNLLLossFields[] = {
    {"reduction", FieldKind::kInt8, 0},
};
constexpr FieldSpec kNLLLossGradFields[] = {
    {"reduction", FieldKind::kInt8, 0},
};
constexpr FieldSpec kFormatTransposeFields[] = {
    {"src_format", FieldKind::kInt32, 1},
    {"dst_format", FieldKind::kInt32, 1},
};
constexpr FieldSpec kGroupNormFusionFields[] = {
    {"num_groups", FieldKind::kInt64, 0},
    {"epsilon", FieldKind::kFloat32, 1e-5},
    {"affine", FieldKind::kBool, 1},
};
constexpr FieldSpec kScatterElementsFields[] = {
    {"axis", FieldKind::kInt64, 0},
};
constexpr FieldSpec kAdamWeightDecayFields[] = {
    {"use_locking", FieldKind::kBool, 0},
};

constexpr OpSpec kOpSpecs[] = {
    {1, "Abs", nullptr, 0},
    {2, "Activation", kActivationFields, std::size(kActivationFields)},
    {3, "ActivationGrad", kActivationGradFields, std::size(kActivationGradFields)},
    {4, "Adam", kAdamFields, std::size(kAdamFields)},
    {5, "AddFusion", kAddFusionFields, std::size(kAddFusionFields)},
    {6, "AdderFusion", kAdderFusionFields, std::size(kAdderFusionFields)},
    {7, "AddGrad", nullptr, 0},
    {8, "AddN", nullptr, 0},
    {9, "All", kAllFields, std::size(kAllFields)},
    {10, "ApplyMomentum", kApplyMomentumFields, std::size(kApplyMomentumFields)},
    {11, "ArgMaxFusion", kArgMaxFusionFields, std::size(kArgMaxFusionFields)},
    {12, "ArgMinFusion", kArgMinFusionFields, std::size(kArgMinFusionFields)},
    {13, "Assert", kAssertFields, std::size(kAssertFields)},
    {14, "Assign", nullptr, 0},
    {15, "AssignAdd", nullptr, 0},
    {16, "AudioSpectrogram", kAudioSpectrogramFields, std::size(kAudioSpectrogramFields)},
    {17, "AvgPoolFusion", kAvgPoolFusionFields, std::size(kAvgPoolFusionFields)},
    {18, "AvgPoolGrad", kAvgPoolGradFields, std::size(kAvgPoolGradFields)},
    {19, "BatchNorm", kBatchNormFields, std::size(kBatchNormFields)},
    {20, "BatchNormGrad", kBatchNormGradFields, std::size(kBatchNormGradFields)},
    {21, "BatchToSpace", kBatchToSpaceFields, std::size(kBatchToSpaceFields)},
    {22, "BatchToSpaceND", kBatchToSpaceNDFields, std::size(kBatchToSpaceNDFields)},
    {23, "BiasAdd", kBiasAddFields, std::size(kBiasAddFields)},
    {24, "BinaryCrossEntropy", kBinaryCrossEntropyFields, std::size(kBinaryCrossEntropyFields)},
    {25, "BinaryCrossEntropyGrad", kBinaryCrossEntropyGradFields, std::size(kBinaryCrossEntropyGradFields)},
    {26, "BiasAddGrad", nullptr, 0},
    {27, "BroadcastTo", kBroadcastToFields, std::size(kBroadcastToFields)},
    {28, "Cast", nullptr, 0},
    {29, "Ceil", nullptr, 0},
    {30, "Clip", kClipFields, std::size(kClipFields)},
    {31, "Concat", kConcatFields, std::size(kConcatFields)},
    {32, "Attention", kAttentionFields, std::size(kAttentionFields)},
    {33, "Conv2DBackpropFilterFusion", kConv2DBackpropFilterFusionFields, std::size(kConv2DBackpropFilterFusionFields)},
    {34, "Conv2DBackpropInputFusion", kConv2DBackpropInputFusionFields, std::size(kConv2DBackpropInputFusionFields)},
    {35, "Conv2DFusion", kConv2DFusionFields, std::size(kConv2DFusionFields)},
    {36, "Conv2dTransposeFusion", kConv2dTransposeFusionFields, std::size(kConv2dTransposeFusionFields)},
    {37, "Cos", nullptr, 0},
    {38, "ConstantOfShape", kConstantOfShapeFields, std::size(kConstantOfShapeFields)},
    {39, "Crop", kCropFields, std::size(kCropFields)},
    {40, "CustomExtractFeatures", nullptr, 0},
    {41, "CustomNormalize", nullptr, 0},
    {42, "CustomPredict", kCustomPredictFields, std::size(kCustomPredictFields)},
    {43, "DeConv2DGradFilter", kDeConv2DGradFilterFields, std::size(kDeConv2DGradFilterFields)},
    {44, "Depend", nullptr, 0},
    {45, "DepthToSpace", kDepthToSpaceFields, std::size(kDepthToSpaceFields)},
    {46, "DetectionPostProcess", kDetectionPostProcessFields, std::size(kDetectionPostProcessFields)},
    {47, "DivFusion", kDivFusionFields, std::size(kDivFusionFields)},
    {48, "DivGrad", nullptr, 0},
    {49, "Dropout", kDropoutFields, std::size(kDropoutFields)},
    {50, "DropoutGrad", kDropoutGradFields, std::size(kDropoutGradFields)},
    {51, "Elu", kEluFields, std::size(kEluFields)},
    {52, "Eltwise", kEltwiseFields, std::size(kEltwiseFields)},
    {53, "Equal", nullptr, 0},
    {54, "EmbeddingLookupFusion", kEmbeddingLookupFusionFields, std::size(kEmbeddingLookupFusionFields)},
    {55, "ExpFusion", kExpFusionFields, std::size(kExpFusionFields)},
    {56, "ExpandDims", nullptr, 0},
    {57, "FakeQuantWithMinMaxVars", kFakeQuantWithMinMaxVarsFields, std::size(kFakeQuantWithMinMaxVarsFields)},
    {58, "FakeQuantWithMinMaxVarsPerChannel", kFakeQuantWithMinMaxVarsPerChannelFields, std::size(kFakeQuantWithMinMaxVarsPerChannelFields)},
    {59, "FftReal", nullptr, 0},
    {60, "FftImag", nullptr, 0},
    {61, "Flatten", kFlattenFields, std::size(kFlattenFields)},
    {62, "FlattenGrad", nullptr, 0},
    {63, "Floor", nullptr, 0},
    {64, "FloorDiv", nullptr, 0},
    {65, "FloorMod", nullptr, 0},
    {66, "Fill", nullptr, 0},
    {67, "FullConnection", kFullConnectionFields, std::size(kFullConnectionFields)},
    {68, "FusedBatchNorm", kFusedBatchNormFields, std::size(kFusedBatchNormFields)},
    {69, "Gather", nullptr, 0},
    {70, "GatherNd", nullptr, 0},
    {71, "Greater", nullptr, 0},
    {72, "GreaterEqual", nullptr, 0},
    {73, "HashtableLookup", nullptr, 0},
    {74, "InstanceNorm", kInstanceNormFields, std::size(kInstanceNormFields)},
    {75, "LayerNormFusion", kLayerNormFusionFields, std::size(kLayerNormFusionFields)},
    {76, "LeakyRelu", kLeakyReluFields, std::size(kLeakyReluFields)},
    {77, "Less", nullptr, 0},
    {78, "LessEqual", nullptr, 0},
    {79, "Log", nullptr, 0},
    {80, "LogGrad", nullptr, 0},
    {81, "LogicalAnd", nullptr, 0},
    {82, "LogicalNot", nullptr, 0},
    {83, "LogicalOr", nullptr, 0},
    {84, "LpNormalization", kLpNormalizationFields, std::size(kLpNormalizationFields)},
    {85, "LRN", kLRNFields, std::size(kLRNFields)},
    {86, "LshProjection", kLshProjectionFields, std::size(kLshProjectionFields)},
    {87, "LSTM", kLSTMFields, std::size(kLSTMFields)},
    {88, "L2NormalizeFusion", kL2NormalizeFusionFields, std::size(kL2NormalizeFusionFields)},
    {89, "MatMulFusion", kMatMulFusionFields, std::size(kMatMulFusionFields)},
    {90, "Maximum", nullptr, 0},
    {91, "MaximumGrad", kMaximumGradFields, std::size(kMaximumGradFields)},
    {92, "MaxPoolFusion", kMaxPoolFusionFields, std::size(kMaxPoolFusionFields)},
    {93, "MaxPoolGrad", kMaxPoolGradFields, std::size(kMaxPoolGradFields)},
    {94, "SwitchLayer", nullptr, 0},
    {95, "Mfcc", kMfccFields, std::size(kMfccFields)},
    {96, "Minimum", nullptr, 0},
    {97, "MinimumGrad", kMinimumGradFields, std::size(kMinimumGradFields)},
    {98, "Mod", nullptr, 0},
    {99, "MulFusion", kMulFusionFields, std::size(kMulFusionFields)},
    {100, "MulGrad", nullptr, 0},
    {101, "Neg", nullptr, 0},
    {102, "NegGrad", nullptr, 0},
    {103, "NotEqual", nullptr, 0},
    {104, "NonMaxSuppression", kNonMaxSuppressionFields, std::size(kNonMaxSuppressionFields)},
    {105, "OneHot", kOneHotFields, std::size(kOneHotFields)},
    {106, "OnesLike", nullptr, 0},
    {107, "PadFusion", kPadFusionFields, std::size(kPadFusionFields)},
    {108, "PartialFusion", kPartialFusionFields, std::size(kPartialFusionFields)},
    {109, "PowerGrad", kPowerGradFields, std::size(kPowerGradFields)},
    {110, "PowFusion", kPowFusionFields, std::size(kPowFusionFields)},
    {111, "PriorBox", kPriorBoxFields, std::size(kPriorBoxFields)},
    {112, "PReLUFusion", kPReLUFusionFields, std::size(kPReLUFusionFields)},
    {113, "QuantDTypeCast", kQuantDTypeCastFields, std::size(kQuantDTypeCastFields)},
    {114, "Rank", nullptr, 0},
    {115, "Range", kRangeFields, std::size(kRangeFields)},
    {116, "Reciprocal", nullptr, 0},
    {117, "RealDiv", nullptr, 0},
    {118, "ReduceFusion", kReduceFusionFields, std::size(kReduceFusionFields)},
    {119, "Reshape", nullptr, 0},
    {120, "Resize", kResizeFields, std::size(kResizeFields)},
    {121, "ReverseSequence", kReverseSequenceFields, std::size(kReverseSequenceFields)},
    {122, "ReverseV2", kReverseV2Fields, std::size(kReverseV2Fields)},
    {123, "Rfft", kRfftFields, std::size(kRfftFields)},
    {124, "ROIPooling", kROIPoolingFields, std::size(kROIPoolingFields)},
    {125, "Round", nullptr, 0},
    {126, "Rsqrt", nullptr, 0},
    {127, "ScaleFusion", kScaleFusionFields, std::size(kScaleFusionFields)},
    {128, "ScatterNd", nullptr, 0},
    {129, "SGD", kSGDFields, std::size(kSGDFields)},
    {130, "Shape", nullptr, 0},
    {131, "SigmoidCrossEntropyWithLogits", nullptr, 0},
    {132, "SigmoidCrossEntropyWithLogitsGrad", nullptr, 0},
    {133, "Sin", nullptr, 0},
    {134, "SkipGram", kSkipGramFields, std::size(kSkipGramFields)},
    {135, "SliceFusion", kSliceFusionFields, std::size(kSliceFusionFields)},
    {136, "SmoothL1Loss", kSmoothL1LossFields, std::size(kSmoothL1LossFields)},
    {137, "SmoothL1LossGrad", kSmoothL1LossGradFields, std::size(kSmoothL1LossGradFields)},
    {138, "Softmax", kSoftmaxFields, std::size(kSoftmaxFields)},
    {139, "SoftmaxCrossEntropyWithLogits", nullptr, 0},
    {140, "SpaceToBatch", kSpaceToBatchFields, std::size(kSpaceToBatchFields)},
    {141, "SpaceToBatchND", kSpaceToBatchNDFields, std::size(kSpaceToBatchNDFields)},
    {142, "SpaceToDepth", kSpaceToDepthFields, std::size(kSpaceToDepthFields)},
    {143, "SparseSoftmaxCrossEntropyWithLogits", kSparseSoftmaxCrossEntropyWithLogitsFields, std::size(kSparseSoftmaxCrossEntropyWithLogitsFields)},
    {144, "SparseToDense", nullptr, 0},
    {145, "Split", kSplitFields, std::size(kSplitFields)},
    {146, "Sqrt", nullptr, 0},
    {147, "Squeeze", kSqueezeFields, std::size(kSqueezeFields)},
    {148, "Square", nullptr, 0},
    {149, "SquaredDifference", nullptr, 0},
    {150, "Stack", kStackFields, std::size(kStackFields)},
    {151, "StridedSlice", kStridedSliceFields, std::size(kStridedSliceFields)},
    {152, "SubFusion", kSubFusionFields, std::size(kSubFusionFields)},
    {153, "SubGrad", nullptr, 0},
    {154, "Switch", nullptr, 0},
    {155, "TensorListFromTensor", kTensorListFromTensorFields, std::size(kTensorListFromTensorFields)},
    {156, "TensorListGetItem", kTensorListGetItemFields, std::size(kTensorListGetItemFields)},
    {157, "TensorListReserve", kTensorListReserveFields, std::size(kTensorListReserveFields)},
    {158, "TensorListSetItem", kTensorListSetItemFields, std::size(kTensorListSetItemFields)},
    {159, "TensorListStack", kTensorListStackFields, std::size(kTensorListStackFields)},
    {160, "TileFusion", kTileFusionFields, std::size(kTileFusionFields)},
    {161, "TopKFusion", kTopKFusionFields, std::size(kTopKFusionFields)},
    {162, "Transpose", nullptr, 0},
    {163, "Unique", nullptr, 0},
    {164, "UnsortedSegmentSum", nullptr, 0},
    {165, "Unsqueeze", kUnsqueezeFields, std::size(kUnsqueezeFields)},
    {166, "Unstack", kUnstackFields, std::size(kUnstackFields)},
    {167, "LSTMGrad", kLSTMGradFields, std::size(kLSTMGradFields)},
    {168, "Where", nullptr, 0},
    {169, "ZerosLike", nullptr, 0},
    {170, "Select", nullptr, 0},
    {171, "ScatterNdUpdate", nullptr, 0},
    {172, "GRU", kGRUFields, std::size(kGRUFields)},
    {173, "NonZero", nullptr, 0},
    {174, "InvertPermutation", nullptr, 0},
    {175, "Size", nullptr, 0},
    {176, "RandomStandardNormal", kRandomStandardNormalFields, std::size(kRandomStandardNormalFields)},
    {177, "CropAndResize", kCropAndResizeFields, std::size(kCropAndResizeFields)},
    {178, "Erf", nullptr, 0},
    {179, "StridedSliceGrad", kStridedSliceGradFields, std::size(kStridedSliceGradFields)},
    {180, "IsFinite", nullptr, 0},
    {181, "LinSpace", nullptr, 0},
    {182, "UniformReal", kUniformRealFields, std::size(kUniformRealFields)},
    {183, "AbsGrad", nullptr, 0},
    {184, "RsqrtGrad", nullptr, 0},
    {185, "SqrtGrad", nullptr, 0},
    {186, "LayerNormGrad", kLayerNormGradFields, std::size(kLayerNormGradFields)},
    {187, "ResizeGrad", kResizeGradFields, std::size(kResizeGradFields)},
    {188, "Splice", kSpliceFields, std::size(kSpliceFields)},
    {189, "LogSoftmax", kLogSoftmaxFields, std::size(kLogSoftmaxFields)},
    {190, "Call", kCallFields, std::size(kCallFields)},
    {191, "Custom", kCustomFields, std::size(kCustomFields)},
    {192, "CumSum", kCumSumFields, std::size(kCumSumFields)},
    {193, "SplitWithOverlap", kSplitWithOverlapFields, std::size(kSplitWithOverlapFields)},
    {194, "GenOP", kGenOPFields, std::size(kGenOPFields)},
    {195, "RaggedRange", nullptr, 0},
    {196, "GLU", kGLUFields, std::size(kGLUFields)},
    {197, "TensorArray", kTensorArrayFields, std::size(kTensorArrayFields)},
    {198, "TensorArrayRead", nullptr, 0},
    {199, "TensorArrayWrite", nullptr, 0},
    {200, "Affine", kAffineFields, std::size(kAffineFields)},
    {201, "AllGather", kAllGatherFields, std::size(kAllGatherFields)},
    {202, "ReduceScatter", kReduceScatterFields, std::size(kReduceScatterFields)},
    {203, "DynamicQuant", kDynamicQuantFields, std::size(kDynamicQuantFields)},
    {204, "LSTMGradData", kLSTMGradDataFields, std::size(kLSTMGradDataFields)},
    {205, "LSTMGradWeight", kLSTMGradWeightFields, std::size(kLSTMGradWeightFields)},
    {206, "RandomNormal", kRandomNormalFields, std::size(kRandomNormalFields)},
    {207, "NLLLoss", kNLLLossFields, std::size(kNLLLossFields)},
    {208, "NLLLossGrad", kNLLLossGradFields, std::size(kNLLLossGradFields)},
    {209, "FormatTranspose", kFormatTransposeFields, std::size(kFormatTransposeFields)},
    {210, "GatherD", nullptr, 0},
    {211, "GroupNormFusion", kGroupNormFusionFields, std::size(kGroupNormFusionFields)},
    {212, "Log1p", nullptr, 0},
    {213, "TensorScatterAdd", nullptr, 0},
    {214, "SparseFillEmptyRows", nullptr, 0},
    {215, "SparseReshape", nullptr, 0},
    {216, "SparseSegmentSum", nullptr, 0},
    {217, "ScatterElements", kScatterElementsFields, std::size(kScatterElementsFields)},
    {218, "Triu", nullptr, 0},
    {219, "Tril", nullptr, 0},
    {220, "AdamWeightDecay", kAdamWeightDecayFields, std::size(kAdamWeightDecayFields)},
    {221, "FillV2", nullptr, 0},
};

// kOpSpecs is ordered by tag without gaps (tag i + 1 at index i), so lookup is an index.
constexpr bool TagsAreDense() {
  for (size_t i = 0; i < std::size(kOpSpecs); ++i) {
    if (kOpSpecs[i].type != static_cast<int32_t>(i + 1)) return false;
  }
  return true;
}
static_assert(TagsAreDense(), "kOpSpecs must list tags 1..N in order");

}  // namespace

const OpSpec* FindOpSpec(int32_t type) {
  if (type < 1 || type > static_cast<int32_t>(std::size(kOpSpecs))) return nullptr;
  return &kOpSpecs[type - 1];
}

std::string OpName(int32_t type) {
  if (const OpSpec* spec = FindOpSpec(type)) return spec->name;
  if (type == 0) return "NONE";
  char text[32];
  std::snprintf(text, sizeof(text), "Primitive#%d", static_cast<int>(type));
  return text;
}

}  // namespace graph
}  // namespace prunelab
