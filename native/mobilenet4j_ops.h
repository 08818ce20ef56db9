// The one definition of what Java and the native core exchange about a graph: op codes, datatype numbers,
// tensor flags and the named parameter structs of tensors and nodes.
//
// Java has no copy of any of these numbers or layouts: org.mobilenet4j.backend.xnnpack.XnnpackNative maps
// this header through JavaCPP (@MemberGetter for the constants, Pointer classes with @Name-mapped fields for
// the structs), so both sides are compiled from this file in every build, native and cross alike.
#pragma once

#include <cstdint>
#include <limits>

#include <xnnpack.h>

namespace mobilenet4j {

// The native ops: X(enumerator, code, name used in error messages). Quantize, Dequantize and requantize are
// one Convert; Java's Op.Visitor in NativeModelWriter maps each graph op onto one of these.
#define MOBILENET4J_NATIVE_OPS(X)                   \
  X(kConv2d, 1, "Conv2d")                           \
  X(kDepthwiseConv2d, 2, "DepthwiseConv2d")         \
  X(kFullyConnected, 3, "FullyConnected")           \
  X(kAveragePool2d, 4, "AveragePool2d")             \
  X(kGlobalAveragePool, 5, "GlobalAveragePool")     \
  X(kAdd, 6, "Add")                                 \
  X(kMul, 7, "Mul")                                 \
  X(kClamp, 8, "Clamp")                             \
  X(kHardSwish, 9, "HardSwish")                     \
  X(kHardSigmoid, 10, "HardSigmoid")                \
  X(kSigmoid, 11, "Sigmoid")                        \
  X(kReshape, 12, "Reshape")                        \
  X(kSoftmax, 13, "Softmax")                        \
  X(kConvert, 14, "Convert")

enum OpCode : int {
#define MOBILENET4J_OP_ENUMERATOR(enumerator, code, name) enumerator = code,
  MOBILENET4J_NATIVE_OPS(MOBILENET4J_OP_ENUMERATOR)
#undef MOBILENET4J_OP_ENUMERATOR
};

inline const char* OpName(int op) {
  switch (op) {
#define MOBILENET4J_OP_NAME(enumerator, code, name) \
  case enumerator:                                  \
    return name;
    MOBILENET4J_NATIVE_OPS(MOBILENET4J_OP_NAME)
#undef MOBILENET4J_OP_NAME
    default:
      return "unknown op";
  }
}

// Whether `op` is one of the codes above (Java sends ints; dispatchers switch over OpCode with no default).
inline bool IsOpCode(int op) {
  switch (op) {
#define MOBILENET4J_OP_KNOWN(enumerator, code, name) case enumerator:
    MOBILENET4J_NATIVE_OPS(MOBILENET4J_OP_KNOWN)
#undef MOBILENET4J_OP_KNOWN
    return true;
    default:
      return false;
  }
}

// Tensor datatypes: XNNPACK's own numbers, under the names Java uses.
enum Datatype : int {
  kFloat32 = xnn_datatype_fp32,
  kQuint8 = xnn_datatype_quint8,           // uint8, per-tensor scale and zero point
  kQint8 = xnn_datatype_qint8,             // int8, per-tensor
  kQint32 = xnn_datatype_qint32,           // int32 bias of a per-tensor quantized op
  kQcint8 = xnn_datatype_qcint8,           // int8, per-channel scales (zero point 0)
  kQcint32 = xnn_datatype_qcint32,         // int32 bias of a per-channel quantized op
};

// Tensor flags: which tensors the caller binds.
enum TensorFlag : int {
  kExternalInput = XNN_VALUE_FLAG_EXTERNAL_INPUT,
  kExternalOutput = XNN_VALUE_FLAG_EXTERNAL_OUTPUT,
};

// A tensor's type, quantization and role; the dims and constant bytes travel beside it as arrays.
struct TensorParams {
  int32_t datatype = kFloat32;   // a Datatype
  float scale = 0.0f;            // per-tensor quantization (0 for float and per-channel)
  int32_t zero_point = 0;
  int32_t channel_dim = 0;       // the axis per-channel scales run along
  int32_t flags = 0;             // TensorFlag bits
};

// A node's parameters by name; each op reads the fields its XNNPACK definition takes (the rest keep these
// defaults). Padding is explicit (Java resolves TensorFlow's SAME/VALID); the activation is the output clamp
// every XNNPACK op takes (-inf/+inf for none).
struct NodeParams {
  int32_t padding_top = 0;
  int32_t padding_right = 0;
  int32_t padding_bottom = 0;
  int32_t padding_left = 0;
  int32_t kernel_height = 1;     // filter or pooling window
  int32_t kernel_width = 1;
  int32_t stride_height = 1;
  int32_t stride_width = 1;
  int32_t dilation_height = 1;
  int32_t dilation_width = 1;
  int32_t groups = 1;            // Conv2d
  int32_t group_input_channels = 0;
  int32_t group_output_channels = 0;
  int32_t depth_multiplier = 1;  // DepthwiseConv2d
  int32_t input_channels = 0;
  float activation_min = -std::numeric_limits<float>::infinity();
  float activation_max = std::numeric_limits<float>::infinity();
};

}  // namespace mobilenet4j
