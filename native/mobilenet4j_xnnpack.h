// mobilenet4j native core: a flat op list + weight buffers -> XNNPACK subgraph -> runtime.
//
// Knows nothing of MobileNets. Java (org.mobilenet4j.backend.xnnpack) describes each tensor and node;
// NativeModel owns copies of the constant data; each NativeRuntime defines its own XNNPACK subgraph from
// the model, creates a runtime on its own pthreadpool and runs it. The model's XNNPACK weights cache holds
// the packed weights once for all its runtimes. Every XNNPACK status is checked, and a failure is thrown as
// std::runtime_error naming the node index, op and name (JavaCPP turns it into a Java RuntimeException).
//
// Written against XNNPACK 0.0~git20241108.4ea82e5 as ./cppbuild.sh builds it (versions in
// mobilenet4j_native_versions.h, which cppbuild.sh writes).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <cpuinfo.h>
#include <pthreadpool.h>
#include <xnnpack.h>

#include "mobilenet4j_native_versions.h"
#include "mobilenet4j_ops.h"
#include "mobilenet4j_patches.h"

// A switch over an enum that misses an enumerator is an error in this header (gcc and clang), so the op dispatch
// below cannot silently skip a native op.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"

namespace mobilenet4j {

inline const char* StatusName(xnn_status s) {
  switch (s) {
    case xnn_status_success: return "success";
    case xnn_status_uninitialized: return "uninitialized";
    case xnn_status_invalid_parameter: return "invalid_parameter";
    case xnn_status_invalid_state: return "invalid_state";
    case xnn_status_unsupported_parameter: return "unsupported_parameter";
    case xnn_status_unsupported_hardware: return "unsupported_hardware";
    case xnn_status_out_of_memory: return "out_of_memory";
    default: return "unknown status";
  }
}

inline void Check(xnn_status status, const std::string& what) {
  if (status != xnn_status_success) {
    throw std::runtime_error(what + " failed: xnn_status_" + StatusName(status));
  }
}

// XNNPACK's memory. Aligned blocks of 2 MiB or more (a runtime's activations) are 2 MiB-aligned, rounded up to
// whole 2 MiB and advised onto transparent huge pages where the kernel offers them, as
// native/patches/xnnpack-weights-huge-pages.patch does for the packed weights (why: there). free() releases all.
namespace memory {
constexpr size_t kHugePage = size_t{2} << 20;

inline void* Allocate(void* /*context*/, size_t size) { return std::malloc(size); }
inline void* Reallocate(void* /*context*/, void* pointer, size_t size) { return std::realloc(pointer, size); }
inline void Deallocate(void* /*context*/, void* pointer) { std::free(pointer); }

inline void* AllocateAligned(void* /*context*/, size_t alignment, size_t size) {
  void* p = nullptr;
  if (size >= kHugePage) {
    const size_t rounded = (size + kHugePage - 1) / kHugePage * kHugePage;
    if (posix_memalign(&p, kHugePage, rounded) != 0) return nullptr;
#if defined(MADV_HUGEPAGE)
    (void) madvise(p, rounded, MADV_HUGEPAGE);  // a hint: where THP is absent nothing changes
#endif
    return p;
  }
  if (posix_memalign(&p, std::max(alignment, sizeof(void*)), size) != 0) return nullptr;
  return p;
}

inline const xnn_allocator* Allocator() {
  static const xnn_allocator allocator = {/*context=*/nullptr, Allocate, Reallocate, Deallocate, AllocateAligned,
                                          /*aligned_deallocate=*/Deallocate};
  return &allocator;
}
}  // namespace memory

// XNNPACK is initialized once per process; xnn_initialize is not re-entrant.
inline void InitializeOnce() {
  static std::once_flag once;
  static xnn_status status = xnn_status_uninitialized;
  std::call_once(once, [] { status = xnn_initialize(memory::Allocator()); });
  Check(status, "xnn_initialize");
}

// The instruction sets cpuinfo sees on this CPU, and so those XNNPACK's kernel dispatch picks from, e.g.
// "x86-64: sse4.1 avx fma3 avx2 avx512f avx512vnni". Only sets XNNPACK 2024 has kernels for are listed.
inline std::string IsaReport() {
  if (!cpuinfo_initialize()) return "cpuinfo_initialize failed";
  std::string s;
  auto add = [&s](bool has, const char* name) {
    if (has) {
      s += ' ';
      s += name;
    }
  };
#if defined(__aarch64__)
  s = "arm64:";
  add(cpuinfo_has_arm_neon(), "neon");
  add(cpuinfo_has_arm_neon_fma(), "neon-fma");
  add(cpuinfo_has_arm_neon_fp16_arith(), "neon-fp16-arith");
  add(cpuinfo_has_arm_neon_dot(), "neon-dot");
  add(cpuinfo_has_arm_i8mm(), "i8mm");
  add(cpuinfo_has_arm_sme(), "sme");
#elif defined(__arm__)
  s = "arm:";
  add(cpuinfo_has_arm_v7(), "armv7");
  add(cpuinfo_has_arm_neon(), "neon");
  add(cpuinfo_has_arm_neon_fma(), "neon-fma");
  add(cpuinfo_has_arm_neon_fp16(), "neon-fp16");
  add(cpuinfo_has_arm_neon_dot(), "neon-dot");
#elif defined(__x86_64__) || defined(__i386__)
  s = "x86-64:";
  add(cpuinfo_has_x86_sse4_1(), "sse4.1");
  add(cpuinfo_has_x86_avx(), "avx");
  add(cpuinfo_has_x86_fma3(), "fma3");
  add(cpuinfo_has_x86_avx2(), "avx2");
  add(cpuinfo_has_x86_avx512f(), "avx512f");
  add(cpuinfo_has_x86_avx512vnni(), "avx512vnni");
  add(cpuinfo_has_x86_avxvnni(), "avxvnni");
#else
  s = "other";
#endif
  return s;
}

// The sources the native libraries were built from, one "name version" per line (cppbuild.sh pins them).
inline std::string NativeVersions() {
  return std::string("XNNPACK ") + MOBILENET4J_XNNPACK_VERSION + "\npthreadpool " + MOBILENET4J_PTHREADPOOL_VERSION +
         "\ncpuinfo " + MOBILENET4J_CPUINFO_VERSION + "\nplatform " + MOBILENET4J_NATIVE_PLATFORM;
}

struct TensorSpec {
  bool defined = false;
  uint32_t datatype = xnn_datatype_invalid;  // a Datatype (xnn_datatype values)
  std::vector<size_t> dims;
  float scale = 0.0f;
  int32_t zero_point = 0;
  std::vector<float> channel_scales;  // per-channel (qcint8 / qcint32)
  size_t channel_dim = 0;
  std::vector<uint8_t> data;  // constant bytes, empty for activations
  bool constant = false;
  uint32_t flags = 0;  // XNN_VALUE_FLAG_EXTERNAL_INPUT / _OUTPUT
};

struct NodeSpec {
  int op = 0;
  std::vector<int> inputs;
  int output = -1;
  NodeParams params;
  std::string name;
};

// The model: tensor and node descriptions and the constant data they own, plus the XNNPACK weights cache
// that holds the packed weights once for all runtimes of the model. The descriptions are immutable once
// built; runtimes are created one at a time (createRuntime below), the only writers of the cache.
class NativeModel {
 public:
  explicit NativeModel(int tensor_count) : tensors_(tensor_count < 0 ? 0 : tensor_count) {
    if (tensor_count < 0) throw std::invalid_argument("negative tensor count");
  }

  ~NativeModel() {
    if (weights_cache_ != nullptr) xnn_delete_weights_cache(weights_cache_);
  }

  NativeModel(const NativeModel&) = delete;
  NativeModel& operator=(const NativeModel&) = delete;

  // Describes tensor `id`. `data` (may be null) holds `bytes` constant bytes, copied here.
  void setTensor(int id, const TensorParams& params, const long long* dims, int rank, const void* data,
                 long long bytes) {
    TensorSpec& t = tensor(id);
    if (rank < 0 || rank > XNN_MAX_TENSOR_DIMS) {
      throw std::invalid_argument("tensor " + std::to_string(id) + ": rank " + std::to_string(rank));
    }
    t.defined = true;
    t.datatype = static_cast<uint32_t>(params.datatype);
    t.dims.assign(dims, dims + rank);
    t.scale = params.scale;
    t.zero_point = params.zero_point;
    t.flags = static_cast<uint32_t>(params.flags);
    t.channel_dim = static_cast<size_t>(params.channel_dim);
    t.constant = data != nullptr;
    if (t.constant) {
      // XNNPACK may read up to XNN_EXTRA_BYTES past the end of static data.
      t.data.assign(static_cast<size_t>(bytes) + XNN_EXTRA_BYTES, 0);
      std::memcpy(t.data.data(), data, static_cast<size_t>(bytes));
    }
  }

  // Per-channel scales of tensor `id` (qcint8 / qcint32), along the axis setTensor's params named.
  void setChannelScales(int id, const float* scales, int count) {
    TensorSpec& t = tensor(id);
    t.channel_scales.assign(scales, scales + count);
  }

  void addNode(int op, const int* inputs, int input_count, int output, const NodeParams& params, const char* name) {
    if (!IsOpCode(op)) {
      throw std::invalid_argument("node " + std::to_string(nodes_.size()) + ": unknown op code " + std::to_string(op));
    }
    NodeSpec n;
    n.op = op;
    n.inputs.assign(inputs, inputs + input_count);
    n.output = output;
    n.params = params;
    n.name = name == nullptr ? "" : name;
    nodes_.push_back(n);
  }

  // Which 8-bit image inputs runtimes take as patches (mobilenet4j_patches.h): decided once, before the first
  // runtime, so all runtimes of the model define the same graph and share its packed weights.
  void setInputPatches(int mode) {
    if (mode != kPatchesNever && mode != kPatchesAuto && mode != kPatchesAlways) {
      throw std::invalid_argument("unknown input patch mode " + std::to_string(mode));
    }
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (weights_cache_ != nullptr) throw std::logic_error("input patches are chosen before the first runtime");
    patches_.clear();
    if (mode == kPatchesNever) return;
    for (size_t t = 0; t < tensors_.size(); t++) {
      InputPatches p;
      if (PlanPatches(static_cast<int>(t), &p) && (mode == kPatchesAlways || AutoPatches(p))) patches_.push_back(p);
    }
  }

  const std::vector<InputPatches>& inputPatches() const { return patches_; }

  // The patches of graph input `tensor`, or null.
  const InputPatches* patchesOf(int tensor) const {
    for (const InputPatches& p : patches_) {
      if (p.tensor == tensor) return &p;
    }
    return nullptr;
  }

  int tensorCount() const { return static_cast<int>(tensors_.size()); }
  int nodeCount() const { return static_cast<int>(nodes_.size()); }
  const std::vector<TensorSpec>& tensors() const { return tensors_; }
  const std::vector<NodeSpec>& nodes() const { return nodes_; }

  // Creates an XNNPACK runtime for `subgraph` whose packed weights live in this model's weights cache: the
  // first runtime packs them, the cache is then finalized (soft: later runtimes find the same weights and
  // keep no copy of their own). Serialized per model.
  xnn_status createRuntime(xnn_subgraph_t subgraph, pthreadpool_t threadpool, uint32_t flags,
                           xnn_runtime_t* runtime_out) const {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (weights_cache_ == nullptr) {
      Check(xnn_create_weights_cache(&weights_cache_), "xnn_create_weights_cache");
    }
    xnn_status status = xnn_create_runtime_v3(subgraph, weights_cache_, threadpool, flags, runtime_out);
    if (status == xnn_status_success && !xnn_weights_cache_is_finalized(weights_cache_)) {
      xnn_status finalized = xnn_finalize_weights_cache(weights_cache_, xnn_weights_cache_finalization_kind_soft);
      if (finalized != xnn_status_success) {
        xnn_delete_runtime(*runtime_out);
        *runtime_out = nullptr;
        Check(finalized, "xnn_finalize_weights_cache");
      }
    }
    return status;
  }

 private:
  // Whether tensor `id` is an 8-bit external image input whose only reader is a convolution (one group, a
  // constant filter only it reads) that could read patches instead; fills `out` if so. The window must fit the
  // padded input exactly as the output dims say, or the graph is left to XNNPACK to judge.
  bool PlanPatches(int id, InputPatches* out) const {
    const TensorSpec& t = tensors_[id];
    bool image = t.defined && !t.constant && (t.flags & XNN_VALUE_FLAG_EXTERNAL_INPUT) != 0 &&
                 (t.flags & XNN_VALUE_FLAG_EXTERNAL_OUTPUT) == 0 && t.channel_scales.empty() && t.dims.size() == 4 &&
                 (t.datatype == xnn_datatype_quint8 || t.datatype == xnn_datatype_qint8);
    if (!image) return false;
    const NodeSpec* reader = nullptr;
    for (const NodeSpec& n : nodes_) {
      for (int in : n.inputs) {
        if (in != id) continue;
        if (reader != nullptr) return false;
        reader = &n;
      }
    }
    if (reader == nullptr || reader->op != kConv2d || reader->inputs.size() < 2 || reader->inputs[0] != id) return false;
    const NodeParams& q = reader->params;
    int filter = reader->inputs[1];
    if (filter < 0 || filter >= static_cast<int>(tensors_.size()) || !tensors_[filter].constant ||
        tensors_[filter].dims.size() != 4 || q.groups != 1 || reader->output < 0 ||
        reader->output >= static_cast<int>(tensors_.size()) || tensors_[reader->output].dims.size() != 4) {
      return false;
    }
    for (const NodeSpec& n : nodes_) {
      if (&n != reader && std::count(n.inputs.begin(), n.inputs.end(), filter) > 0) return false;
    }
    const std::vector<size_t>& w = tensors_[filter].dims;  // [O, KH, KW, C]
    const std::vector<size_t>& y = tensors_[reader->output].dims;
    InputPatches p;
    p.tensor = id;
    p.node = static_cast<int>(reader - nodes_.data());
    p.batch = t.dims[0];
    p.height = t.dims[1];
    p.width = t.dims[2];
    p.channels = t.dims[3];
    p.out_height = y[1];
    p.out_width = y[2];
    p.kernel_height = w[1];
    p.kernel_width = w[2];
    if (w[3] != p.channels || y[0] != p.batch || static_cast<size_t>(q.kernel_height) != w[1] ||
        static_cast<size_t>(q.kernel_width) != w[2] || q.stride_height < 1 || q.stride_width < 1 ||
        q.dilation_height < 1 || q.dilation_width < 1 || q.padding_top < 0 || q.padding_left < 0 ||
        q.padding_bottom < 0 || q.padding_right < 0 || p.out_height == 0 || p.out_width == 0 || p.channels == 0) {
      return false;
    }
    p.stride_height = static_cast<size_t>(q.stride_height);
    p.stride_width = static_cast<size_t>(q.stride_width);
    p.dilation_height = static_cast<size_t>(q.dilation_height);
    p.dilation_width = static_cast<size_t>(q.dilation_width);
    p.padding_top = static_cast<size_t>(q.padding_top);
    p.padding_left = static_cast<size_t>(q.padding_left);
    auto fits = [](size_t out, size_t stride, size_t kernel, size_t dilation, size_t in, size_t before, size_t after) {
      size_t span = (out - 1) * stride + (kernel - 1) * dilation + 1;
      return span <= in + before + after && span + stride > in + before + after;
    };
    if (!fits(p.out_height, p.stride_height, p.kernel_height, p.dilation_height, p.height, p.padding_top,
              static_cast<size_t>(q.padding_bottom)) ||
        !fits(p.out_width, p.stride_width, p.kernel_width, p.dilation_width, p.width, p.padding_left,
              static_cast<size_t>(q.padding_right))) {
      return false;
    }
    p.pad = static_cast<uint8_t>(t.zero_point);
    *out = p;
    return true;
  }

  // kPatchesAuto: x86-64, whose qu8/qs8 GEMM kernels take the reduction 8 bytes at a time ("c8"), when the
  // patches save multiply-adds. On ARM XNNPACK's integer kernels take it 1 or 4 bytes at a time: little to gain.
  static bool AutoPatches(const InputPatches& p) {
#if defined(__x86_64__)
    return PatchesSaveWork(p.channels, p.kernel_height * p.kernel_width, /*kr=*/8);
#else
    (void) p;
    return false;
#endif
  }

  TensorSpec& tensor(int id) {
    if (id < 0 || id >= static_cast<int>(tensors_.size())) {
      throw std::out_of_range("tensor id " + std::to_string(id) + " out of range");
    }
    return tensors_[id];
  }

  std::vector<TensorSpec> tensors_;
  std::vector<NodeSpec> nodes_;
  std::vector<InputPatches> patches_;
  mutable std::mutex cache_mutex_;
  mutable xnn_weights_cache_t weights_cache_ = nullptr;
};

// One XNNPACK runtime over a NativeModel, with its own threadpool. Not thread-safe: one caller at a time
// (Java keeps one per thread).
class NativeRuntime {
 public:
  // With `profile`, XNNPACK times every operator of each invoke() (XNN_FLAG_BASIC_PROFILING; a clock read per
  // operator): see operatorNames() and operatorMicros().
  NativeRuntime(const NativeModel* model, int threads, bool profile) : model_(model), profile_(profile) {
    if (model == nullptr) throw std::invalid_argument("model is null");
    if (threads < 1) throw std::invalid_argument("threads must be at least 1");
    InitializeOnce();
    const size_t patches = model->inputPatches().size();
    patch_buffers_.resize(patches);
    patch_sources_.assign(patches, nullptr);
    patch_micros_.assign(patches, 0);
    if (threads > 1) {
      threadpool_ = pthreadpool_create(static_cast<size_t>(threads));
      if (threadpool_ == nullptr) throw std::runtime_error("pthreadpool_create failed");
    }
    try {
      build();
    } catch (...) {
      release();
      throw;
    }
  }

  ~NativeRuntime() {
    release();
    // The packed weights were large allocations; hand the freed pages back to the system now, so that
    // creating and closing classifiers in a long-running process keeps its resident size flat.
#if defined(__GLIBC__)
    malloc_trim(/*pad=*/0);
#endif
  }

  NativeRuntime(const NativeRuntime&) = delete;
  NativeRuntime& operator=(const NativeRuntime&) = delete;

  // Points external tensor `id` at caller memory; takes effect at the next invoke(). Inputs are read up to
  // XNN_EXTRA_BYTES past their end.
  void bind(int id, void* data) {
    for (size_t i = 0; i < model_->inputPatches().size(); i++) {
      if (model_->inputPatches()[i].tensor == id) {
        patch_sources_[i] = static_cast<const uint8_t*>(data);
        return;
      }
    }
    for (xnn_external_value& v : externals_) {
      if (v.id == static_cast<uint32_t>(id)) {
        if (v.data != data) {
          v.data = data;
          dirty_ = true;
        }
        return;
      }
    }
    throw std::invalid_argument("tensor " + std::to_string(id) + " is not an external input or output");
  }

  void invoke() {
    for (const xnn_external_value& v : externals_) {
      if (v.data == nullptr) throw std::invalid_argument("external tensor " + std::to_string(v.id) + " not bound");
    }
    writePatches();
    if (dirty_) {
      Check(xnn_setup_runtime(runtime_, externals_.size(), externals_.data()), "xnn_setup_runtime");
      dirty_ = false;
    }
    Check(xnn_invoke_runtime(runtime_), "xnn_invoke_runtime");
    if (yield_workers_ && threadpool_ != nullptr) {
      // The pool's workers spin for a while after each operator, waiting for the next one; XNNPACK's
      // XNN_FLAG_YIELD_WORKERS only reaches them when the last operator is split among them, which a graph
      // ending in a small softmax or convert is not. An empty parallel task with PTHREADPOOL_FLAG_YIELD_WORKERS
      // sends them to sleep until the next inference wakes them.
      pthreadpool_parallelize_1d(threadpool_, &NoWork, /*context=*/nullptr,
                                 /*range=*/pthreadpool_get_threads_count(threadpool_), PTHREADPOOL_FLAG_YIELD_WORKERS);
    }
  }

  // With `on`, the thread pool's workers sleep after each inference instead of spinning for the next one
  // (less CPU between calls, a wake-up at the start of the next; no effect at 1 thread).
  void yieldWorkers(bool on) { yield_workers_ = on; }

  // Number of nodes of a quantized graph that run in fp32 because XNNPACK has no integer node for them.
  int floatFallbacks() const { return float_fallbacks_; }

  // Number of graph inputs this runtime hands to XNNPACK as patches (mobilenet4j_patches.h).
  int inputPatches() const { return static_cast<int>(model_->inputPatches().size()); }

  // The XNNPACK operators this runtime runs, in order (fused nodes are one operator), one name per line, as
  // XNNPACK names them ("Convolution (NHWC, F32) GEMM"). Profiling runtimes only.
  std::string operatorNames() const {
    size_t size = 0;
    xnn_status status = xnn_get_runtime_profiling_info(runtime_, xnn_profile_info_operator_name, /*size=*/0,
                                                       /*value=*/nullptr, &size);
    if (status != xnn_status_out_of_memory) Check(status, ProfilingCall("operator names"));
    std::vector<char> names(size);
    Check(xnn_get_runtime_profiling_info(runtime_, xnn_profile_info_operator_name, names.size(), names.data(), &size),
          ProfilingCall("operator names"));
    std::string out;
    for (size_t i = 0; i < model_->inputPatches().size(); i++) out += std::string(kPatchesOperator) + '\n';
    for (size_t i = 0; i < names.size(); i++) {
      out += names[i] == '\0' ? '\n' : names[i];
    }
    return out;
  }

  // Writes the microseconds each operator took in the last invoke() (whole microseconds, as XNNPACK measures
  // them) into out[0..count); count must be the number of operators.
  void operatorMicros(long long* out, int count) const {
    size_t n = 0, size = 0;
    Check(xnn_get_runtime_profiling_info(runtime_, xnn_profile_info_num_operators, sizeof(n), &n, &size),
          ProfilingCall("operator count"));
    const size_t patches = patch_micros_.size();
    if (count != static_cast<int>(patches + n)) {
      throw std::invalid_argument("the runtime has " + std::to_string(patches + n) + " operators, not " +
                                  std::to_string(count));
    }
    std::vector<uint64_t> micros(n);
    Check(xnn_get_runtime_profiling_info(runtime_, xnn_profile_info_operator_timing, n * sizeof(uint64_t),
                                         micros.data(), &size),
          ProfilingCall("operator timing"));
    for (size_t i = 0; i < patches; i++) out[i] = static_cast<long long>(patch_micros_[i]);
    for (size_t i = 0; i < n; i++) out[patches + i] = static_cast<long long>(micros[i]);
  }

  // The name operatorNames() gives the writing of an input's patches, timed as XNNPACK times its operators.
  static constexpr const char* kPatchesOperator = "Input patches (NHWC, X8) mobilenet4j";

 private:
  void release() {
    if (runtime_ != nullptr) {
      xnn_delete_runtime(runtime_);
      runtime_ = nullptr;
    }
    if (threadpool_ != nullptr) {
      pthreadpool_destroy(threadpool_);
      threadpool_ = nullptr;
    }
  }

  static void NoWork(void* /*context*/, size_t /*index*/) {}

  struct PatchTask {
    const InputPatches* patches;
    const uint8_t* image;
    uint8_t* out;
  };

  static void PatchRow(void* context, size_t row) {
    const PatchTask* task = static_cast<const PatchTask*>(context);
    WritePatchRow(*task->patches, task->image, task->out, row);
  }

  // Writes each patched input's patches from the caller's image, its rows split over the thread pool.
  void writePatches() {
    const std::vector<InputPatches>& plan = model_->inputPatches();
    for (size_t i = 0; i < plan.size(); i++) {
      if (patch_sources_[i] == nullptr) {
        throw std::invalid_argument("external tensor " + std::to_string(plan[i].tensor) + " not bound");
      }
      const auto start = std::chrono::steady_clock::now();
      PatchTask task = {&plan[i], patch_sources_[i], patch_buffers_[i].data()};
      pthreadpool_parallelize_1d(threadpool_, &PatchRow, &task, /*range=*/plan[i].rows(), /*flags=*/0);
      if (profile_) {
        patch_micros_[i] = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                     std::chrono::steady_clock::now() - start)
                                                     .count());
      }
    }
  }

  std::string ProfilingCall(const char* what) const {
    if (!profile_) throw std::logic_error("this runtime was not created for profiling");
    return std::string("xnn_get_runtime_profiling_info (") + what + ")";
  }

  static bool IsQuantized(uint32_t datatype) {
    return datatype == xnn_datatype_quint8 || datatype == xnn_datatype_qint8;
  }

  // Defines tensor `t` with `dims` (its own, or those it takes as patches or as a patched filter).
  uint32_t defineValue(xnn_subgraph_t subgraph, const TensorSpec& t, const std::vector<size_t>& dims, uint32_t flags,
                       int id) {
    uint32_t out = XNN_INVALID_VALUE_ID;
    const void* data = t.constant ? t.data.data() : nullptr;
    std::string what = "tensor " + std::to_string(id) + ": xnn_define_";
    if (t.datatype == xnn_datatype_fp32) {
      Check(xnn_define_tensor_value(subgraph, xnn_datatype_fp32, dims.size(), dims.data(), data,
                                    /*external_id=*/static_cast<uint32_t>(id), flags, &out),
            what + "tensor_value");
    } else if (!t.channel_scales.empty()) {
      Check(xnn_define_channelwise_quantized_tensor_value(
                subgraph, static_cast<xnn_datatype>(t.datatype), t.channel_scales.data(), dims.size(),
                t.channel_dim, dims.data(), data, /*external_id=*/static_cast<uint32_t>(id), flags, &out),
            what + "channelwise_quantized_tensor_value");
    } else {
      Check(xnn_define_quantized_tensor_value(subgraph, static_cast<xnn_datatype>(t.datatype), t.zero_point,
                                              t.scale, dims.size(), dims.data(), data,
                                              /*external_id=*/static_cast<uint32_t>(id), flags, &out),
            what + "quantized_tensor_value");
    }
    return out;
  }

  // An internal fp32 value with the dims of `like`.
  static uint32_t floatValue(xnn_subgraph_t subgraph, const std::vector<size_t>& dims, const std::string& what) {
    uint32_t out = XNN_INVALID_VALUE_ID;
    Check(xnn_define_tensor_value(subgraph, xnn_datatype_fp32, dims.size(), dims.data(), /*data=*/nullptr,
                                  /*external_id=*/XNN_INVALID_VALUE_ID, /*flags=*/0, &out),
          what + ": xnn_define_tensor_value (internal)");
    return out;
  }

  uint32_t floatConstant(xnn_subgraph_t subgraph, float value, const std::string& what) {
    constants_.push_back(std::vector<float>(1 + XNN_EXTRA_BYTES / sizeof(float), value));
    uint32_t out = XNN_INVALID_VALUE_ID;
    size_t dims[1] = {1};
    Check(xnn_define_tensor_value(subgraph, xnn_datatype_fp32, 1, dims, constants_.back().data(),
                                  XNN_INVALID_VALUE_ID, 0, &out),
          what + ": xnn_define_tensor_value (constant)");
    return out;
  }

  void build() {
    xnn_status status = tryBuild(static_cast<int>(model_->nodes().size()), /*probe_output=*/-1, &runtime_);
    if (status != xnn_status_success) {
      // xnn_create_runtime does not say which node it refused: find the first prefix of the graph that
      // fails, so the error names the node.
      std::string where = "xnn_create_runtime_v3";
      for (int k = 0; k < static_cast<int>(model_->nodes().size()); k++) {
        xnn_runtime_t probe = nullptr;
        xnn_status s = tryBuild(k + 1, model_->nodes()[k].output, &probe);
        if (probe != nullptr) xnn_delete_runtime(probe);
        if (s != xnn_status_success) {
          const NodeSpec& n = model_->nodes()[k];
          where = "node " + std::to_string(k) + " (" + OpName(n.op) + " '" + n.name + "'): xnn_create_runtime";
          break;
        }
      }
      Check(status, where);
    }
    dirty_ = true;
  }

  // Defines the first `node_count` nodes and creates a runtime. With probe_output >= 0, only that tensor is an
  // external output (used to locate a failing node). Definition errors throw; runtime creation returns its status.
  xnn_status tryBuild(int node_count, int probe_output, xnn_runtime_t* runtime_out) {
    const std::vector<TensorSpec>& tensors = model_->tensors();
    bool probing = probe_output >= 0;
    xnn_subgraph_t subgraph = nullptr;
    Check(xnn_create_subgraph(/*external_value_ids=*/static_cast<uint32_t>(tensors.size()), /*flags=*/0, &subgraph),
          "xnn_create_subgraph");
    xnn_status status;
    try {
      std::vector<uint32_t> ids(tensors.size(), XNN_INVALID_VALUE_ID);
      for (size_t i = 0; i < tensors.size(); i++) {
        if (!tensors[i].defined) continue;
        const TensorSpec& t = tensors[i];
        uint32_t flags = t.flags;
        if (probing) {
          flags &= XNN_VALUE_FLAG_EXTERNAL_INPUT;
          if (static_cast<int>(i) == probe_output) flags |= XNN_VALUE_FLAG_EXTERNAL_OUTPUT;
        }
        const InputPatches* patches = model_->patchesOf(static_cast<int>(i));
        ids[i] = defineValue(subgraph, t, patches != nullptr ? patches->dims() : patchedFilterDims(i), flags,
                             static_cast<int>(i));
        if (!probing && flags != 0) {
          externals_.push_back(xnn_external_value{ids[i], patches != nullptr ? patchBuffer(*patches) : nullptr});
        }
      }
      for (int n = 0; n < node_count; n++) {
        defineNode(subgraph, patchedNode(n), n, ids);
      }
      // probes (locating a refused node) stay out of the weights cache: their partial graphs' weights are not
      // the model's
      status = probing ? xnn_create_runtime_v2(subgraph, threadpool_, /*flags=*/0, runtime_out)
                       : model_->createRuntime(subgraph, threadpool_,
                                               /*flags=*/profile_ ? XNN_FLAG_BASIC_PROFILING : 0, runtime_out);
    } catch (...) {
      xnn_delete_subgraph(subgraph);
      throw;
    }
    xnn_delete_subgraph(subgraph);
    return status;
  }

  // The dims tensor `i` is defined with: a patched convolution's filter [O, KH, KW, C] is [O, 1, 1, KH*KW*C]
  // (the same bytes), every other tensor keeps its own.
  std::vector<size_t> patchedFilterDims(size_t i) const {
    const std::vector<size_t>& dims = model_->tensors()[i].dims;
    for (const InputPatches& p : model_->inputPatches()) {
      if (model_->nodes()[p.node].inputs[1] == static_cast<int>(i)) return {dims[0], 1, 1, p.depth()};
    }
    return dims;
  }

  // Node `n`, or for a patched convolution a 1x1 convolution over the patches.
  NodeSpec patchedNode(int n) const {
    NodeSpec node = model_->nodes()[n];
    for (const InputPatches& p : model_->inputPatches()) {
      if (p.node != n) continue;
      NodeParams& q = node.params;
      q.padding_top = q.padding_right = q.padding_bottom = q.padding_left = 0;
      q.kernel_height = q.kernel_width = q.stride_height = q.stride_width = 1;
      q.dilation_height = q.dilation_width = 1;
      q.group_input_channels = static_cast<int32_t>(p.depth());
    }
    return node;
  }

  // This runtime's buffer for the patches `p` (XNNPACK reads up to XNN_EXTRA_BYTES past an input).
  uint8_t* patchBuffer(const InputPatches& p) {
    size_t i = static_cast<size_t>(&p - model_->inputPatches().data());
    patch_buffers_[i].assign(p.bytes() + XNN_EXTRA_BYTES, p.pad);
    return patch_buffers_[i].data();
  }

  uint32_t id(const std::vector<uint32_t>& ids, int tensor, const std::string& what) const {
    if (tensor < 0) return XNN_INVALID_VALUE_ID;
    if (tensor >= static_cast<int>(ids.size()) || ids[tensor] == XNN_INVALID_VALUE_ID) {
      throw std::invalid_argument(what + ": tensor " + std::to_string(tensor) + " is not defined");
    }
    return ids[tensor];
  }

  // Ops XNNPACK 2024 has no integer subgraph node for: in quantized graphs their quantized inputs are
  // converted to fp32 and the result converted back. Softmax and windowed average pooling are fp32/fp16-only
  // subgraph nodes; HardSigmoid is built from add, clamp and multiply nodes whose intermediate values would
  // need quantization parameters the model does not have. Everything else (convolutions, fully connected,
  // add, mul, clamp, hardswish, sigmoid, mean, reshape, converts) runs on XNNPACK's qs8/qu8 kernels
  // (hardswish and sigmoid through 256-entry lookup tables).
  static bool NeedsFloat(int op) {
    return op == kSoftmax || op == kAveragePool2d || op == kHardSigmoid;
  }

  void defineNode(xnn_subgraph_t subgraph, const NodeSpec& node, int index, const std::vector<uint32_t>& ids) {
    const std::vector<TensorSpec>& tensors = model_->tensors();
    std::string what = "node " + std::to_string(index) + " (" + OpName(node.op) + " '" + node.name + "')";
    std::vector<uint32_t> in;
    for (int t : node.inputs) in.push_back(id(ids, t, what));
    uint32_t out = id(ids, node.output, what);
    const TensorSpec& out_spec = tensors[node.output];
    bool fallback = NeedsFloat(node.op) && IsQuantized(out_spec.datatype);
    if (fallback) {
      float_fallbacks_++;
      for (size_t i = 0; i < in.size(); i++) {
        const TensorSpec& s = tensors[node.inputs[i]];
        if (!IsQuantized(s.datatype)) continue;
        uint32_t f = floatValue(subgraph, s.dims, what);
        Check(xnn_define_unary(subgraph, xnn_unary_convert, /*params=*/nullptr, in[i], f, /*flags=*/0),
              what + ": xnn_define_unary (convert to fp32)");
        in[i] = f;
      }
      uint32_t f = floatValue(subgraph, out_spec.dims, what);
      defineOp(subgraph, node, what, in, f);
      Check(xnn_define_unary(subgraph, xnn_unary_convert, /*params=*/nullptr, f, out, /*flags=*/0),
            what + ": xnn_define_unary (convert from fp32)");
    } else {
      defineOp(subgraph, node, what, in, out);
    }
  }

  // An internal value like tensor `like` (datatype and quantization), for a node's intermediate result.
  uint32_t valueLike(xnn_subgraph_t subgraph, const TensorSpec& like, const std::string& what) {
    uint32_t out = XNN_INVALID_VALUE_ID;
    if (like.datatype == xnn_datatype_fp32) return floatValue(subgraph, like.dims, what);
    Check(xnn_define_quantized_tensor_value(subgraph, static_cast<xnn_datatype>(like.datatype), like.zero_point,
                                            like.scale, like.dims.size(), like.dims.data(), /*data=*/nullptr,
                                            XNN_INVALID_VALUE_ID, /*flags=*/0, &out),
          what + ": xnn_define_quantized_tensor_value (internal)");
    return out;
  }

  static bool Bounded(float min, float max) {
    return min != -std::numeric_limits<float>::infinity() || max != std::numeric_limits<float>::infinity();
  }

  void defineBinary(xnn_subgraph_t subgraph, xnn_binary_operator type, float min, float max, uint32_t a, uint32_t b,
                    uint32_t out, const std::string& what) {
    xnn_binary_params params = {/*output_min=*/min, /*output_max=*/max};
    Check(xnn_define_binary(subgraph, type, &params, a, b, out, /*flags=*/0),
          what + ": xnn_define_binary (" + (type == xnn_binary_add ? "add" : "multiply") + ")");
  }

  void defineClamp(xnn_subgraph_t subgraph, float min, float max, uint32_t in, uint32_t out, const std::string& what) {
    xnn_unary_params params;
    params.clamp.min = min;
    params.clamp.max = max;
    Check(xnn_define_unary(subgraph, xnn_unary_clamp, &params, in, out, /*flags=*/0),
          what + ": xnn_define_unary (clamp)");
  }

  void defineOp(xnn_subgraph_t subgraph, const NodeSpec& node, const std::string& what,
                const std::vector<uint32_t>& in, uint32_t out) {
    const NodeParams& p = node.params;
    auto need = [&](size_t inputs) {
      if (in.size() < inputs) {
        throw std::invalid_argument(what + ": expected " + std::to_string(inputs) + " inputs");
      }
    };
    // An enum switch with no default: -Werror=switch (pragma above) makes an op added to MOBILENET4J_NATIVE_OPS
    // without a case here a compile error; addNode refused codes outside the enum.
    switch (static_cast<OpCode>(node.op)) {
      case kConv2d:
        need(3);
        Check(xnn_define_convolution_2d(subgraph, p.padding_top, p.padding_right, p.padding_bottom, p.padding_left,
                                        p.kernel_height, p.kernel_width, p.stride_height, p.stride_width,
                                        p.dilation_height, p.dilation_width, p.groups, p.group_input_channels,
                                        p.group_output_channels, p.activation_min, p.activation_max, in[0], in[1],
                                        in[2], out, /*flags=*/0),
              what + ": xnn_define_convolution_2d");
        break;
      case kDepthwiseConv2d:
        need(3);
        Check(xnn_define_depthwise_convolution_2d(subgraph, p.padding_top, p.padding_right, p.padding_bottom,
                                                  p.padding_left, p.kernel_height, p.kernel_width, p.stride_height,
                                                  p.stride_width, p.dilation_height, p.dilation_width,
                                                  p.depth_multiplier, p.input_channels, p.activation_min,
                                                  p.activation_max, in[0], in[1], in[2], out, /*flags=*/0),
              what + ": xnn_define_depthwise_convolution_2d");
        break;
      case kFullyConnected:
        need(3);
        Check(xnn_define_fully_connected(subgraph, p.activation_min, p.activation_max, in[0], in[1], in[2], out,
                                         /*flags=*/0),
              what + ": xnn_define_fully_connected");
        break;
      case kAveragePool2d:
        need(1);
        Check(xnn_define_average_pooling_2d(subgraph, p.padding_top, p.padding_right, p.padding_bottom,
                                            p.padding_left, p.kernel_height, p.kernel_width, p.stride_height,
                                            p.stride_width, p.activation_min, p.activation_max, in[0], out,
                                            /*flags=*/0),
              what + ": xnn_define_average_pooling_2d");
        break;
      case kGlobalAveragePool: {
        // A mean over H and W that keeps them as 1 (the output is [N, 1, 1, C]); a fused activation follows as a
        // clamp on an intermediate value of the output's type.
        need(1);
        const size_t axes[2] = {1, 2};
        bool clamp = Bounded(p.activation_min, p.activation_max);
        uint32_t mean = clamp ? valueLike(subgraph, model_->tensors()[node.output], what) : out;
        Check(xnn_define_static_reduce(subgraph, xnn_reduce_mean, 2, axes, in[0], mean, XNN_FLAG_KEEP_DIMS),
              what + ": xnn_define_static_reduce (mean over H, W)");
        if (clamp) defineClamp(subgraph, p.activation_min, p.activation_max, mean, out, what);
        break;
      }
      case kAdd:
        need(2);
        defineBinary(subgraph, xnn_binary_add, p.activation_min, p.activation_max, in[0], in[1], out, what);
        break;
      case kMul:
        need(2);
        defineBinary(subgraph, xnn_binary_multiply, p.activation_min, p.activation_max, in[0], in[1], out, what);
        break;
      case kClamp:
        need(1);
        defineClamp(subgraph, p.activation_min, p.activation_max, in[0], out, what);
        break;
      case kHardSwish:
        need(1);
        Check(xnn_define_unary(subgraph, xnn_unary_hardswish, /*params=*/nullptr, in[0], out, /*flags=*/0),
              what + ": xnn_define_unary (hardswish)");
        break;
      case kHardSigmoid: {
        // relu6(x + 3) / 6: an add clamped to [0, 6], then a multiply by 1/6 (fp32 only, see NeedsFloat).
        need(1);
        const TensorSpec& o = model_->tensors()[node.output];
        uint32_t shifted = floatValue(subgraph, o.dims, what);
        defineBinary(subgraph, xnn_binary_add, 0.0f, 6.0f, in[0], floatConstant(subgraph, 3.0f, what), shifted, what);
        defineBinary(subgraph, xnn_binary_multiply, -std::numeric_limits<float>::infinity(),
                     std::numeric_limits<float>::infinity(), shifted, floatConstant(subgraph, 1.0f / 6.0f, what), out,
                     what);
        break;
      }
      case kSigmoid:
        need(1);
        Check(xnn_define_unary(subgraph, xnn_unary_sigmoid, /*params=*/nullptr, in[0], out, /*flags=*/0),
              what + ": xnn_define_unary (sigmoid)");
        break;
      case kReshape: {
        need(1);
        const TensorSpec& o = model_->tensors()[node.output];
        Check(xnn_define_static_reshape(subgraph, o.dims.size(), o.dims.data(), in[0], out, /*flags=*/0),
              what + ": xnn_define_static_reshape");
        break;
      }
      case kSoftmax:
        need(1);
        Check(xnn_define_softmax(subgraph, in[0], out, /*flags=*/0), what + ": xnn_define_softmax");
        break;
      case kConvert:
        // quantize, dequantize and requantize (uint8 <-> int8, or a new scale): all one XNNPACK convert node
        need(1);
        Check(xnn_define_unary(subgraph, xnn_unary_convert, /*params=*/nullptr, in[0], out, /*flags=*/0),
              what + ": xnn_define_unary (convert)");
        break;
    }
  }

  const NativeModel* model_;
  const bool profile_;
  pthreadpool_t threadpool_ = nullptr;
  xnn_runtime_t runtime_ = nullptr;
  std::vector<xnn_external_value> externals_;
  // per entry of the model's inputPatches(): the caller's image, this runtime's patches and their last time
  std::vector<const uint8_t*> patch_sources_;
  std::vector<std::vector<uint8_t>> patch_buffers_;
  std::vector<uint64_t> patch_micros_;
  std::vector<std::vector<float>> constants_;
  bool dirty_ = true;
  bool yield_workers_ = false;
  int float_fallbacks_ = 0;
};

}  // namespace mobilenet4j

#pragma GCC diagnostic pop
