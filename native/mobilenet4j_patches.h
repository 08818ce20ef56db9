// Input patches: an 8-bit image handed to XNNPACK as the patches its first convolution reads (im2col).
//
// XNNPACK's x86 integer GEMM kernels (qu8 and qs8, "c8": 7x16c8 and 1x16c8 on AVX-512) consume the reduction
// 8 bytes at a time, and its indirect convolution pads every kernel tap's channels to that: the 3x3 first layer
// of an RGB MobileNet multiplies 9 x 8 = 72 bytes per output pixel, 27 of them the image's. Given the image as
// patches instead (each output pixel's 3x3x3 window side by side, out-of-image taps holding the input's zero
// point, which is what XNNPACK pads with), the layer is a 1x1 convolution over 27 channels, padded once to 32.
// The sums are the same integers in another order and the requantization is unchanged: outputs are identical
// bit for bit (InputPatchesTest). What it buys, measured: native/README.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mobilenet4j {

// When images are handed over as patches (NativeModel::setInputPatches).
enum PatchMode : int {
  kPatchesNever = 0,
  kPatchesAuto = 1,    // where the integer kernels pad each tap's channels to 8 (x86-64), and it saves work
  kPatchesAlways = 2,  // every eligible convolution (tests compare it with kPatchesNever on every platform)
};

// One graph input handed over as patches: the caller's image (NHWC, `channels` bytes per pixel) becomes
// [batch, out_height, out_width, depth()] for a 1x1 convolution.
struct InputPatches {
  int tensor = -1;  // the graph input the caller binds
  int node = -1;    // the convolution reading it (its only reader)
  size_t batch = 0, height = 0, width = 0, channels = 0;
  size_t out_height = 0, out_width = 0;
  size_t kernel_height = 0, kernel_width = 0, stride_height = 0, stride_width = 0;
  size_t dilation_height = 0, dilation_width = 0, padding_top = 0, padding_left = 0;
  uint8_t pad = 0;  // the input's zero point, as stored

  size_t depth() const { return kernel_height * kernel_width * channels; }
  size_t rows() const { return batch * out_height; }
  size_t bytes() const { return rows() * out_width * depth(); }
  std::vector<size_t> dims() const { return {batch, out_height, out_width, depth()}; }
};

// Whether the patches save multiply-adds: reduction bytes per output pixel, each tap padded to `kr` bytes
// (XNNPACK's indirect convolution) against the whole window padded once.
inline bool PatchesSaveWork(size_t channels, size_t taps, size_t kr) {
  auto round_up = [kr](size_t n) { return (n + kr - 1) / kr * kr; };
  return taps > 1 && round_up(taps * channels) < taps * round_up(channels);
}

// Copies n bytes with fixed-size moves (two overlapping ones for short runs): no call for the few bytes of one
// window row, and nothing read or written outside [src, src + n) and [dst, dst + n).
inline void CopyBytes(uint8_t* dst, const uint8_t* src, size_t n) {
  if (n >= 16) {
    for (size_t i = 0; i + 16 <= n; i += 16) std::memcpy(dst + i, src + i, 16);
    std::memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else {
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
  }
}

// Writes output row `row` (of rows(): batch x out_height) of the patches of `image` into `patches`. Rows are
// disjoint, so threads may write different rows at once. The sizes are read into locals first: the byte stores
// may alias anything, so fields read through `p` would be reloaded after every store.
inline void WritePatchRow(const InputPatches& p, const uint8_t* image, uint8_t* patches, size_t row) {
  const size_t c = p.channels, width = p.width, kh = p.kernel_height, kw = p.kernel_width;
  const size_t sw = p.stride_width, dh = p.dilation_height, dw = p.dilation_width, out_width = p.out_width;
  const size_t pad_left = p.padding_left;
  const uint8_t pad = p.pad;
  const size_t n = row / p.out_height;
  const size_t oy = row % p.out_height;
  const uint8_t* in = image + n * p.height * width * c;
  uint8_t* out = patches + row * out_width * p.depth();
  // the window's top input row, and whether all its rows lie inside the image
  const ptrdiff_t iy0 = static_cast<ptrdiff_t>(oy * p.stride_height) - static_cast<ptrdiff_t>(p.padding_top);
  const bool rows_inside = iy0 >= 0 && static_cast<size_t>(iy0) + (kh - 1) * dh < p.height;
  // a window row is one run of kernel_width x channels bytes when its taps are adjacent pixels
  const size_t run = dw == 1 ? kw * c : c;
  const size_t runs = dw == 1 ? 1 : kw;
  const size_t x_span = (kw - 1) * dw;
  const size_t spill_pixels = (16 + p.depth() - 1) / p.depth();  // pixels a 16-byte move may reach past its own
  for (size_t ox = 0; ox < out_width; ox++) {
    const ptrdiff_t ix0 = static_cast<ptrdiff_t>(ox * sw) - static_cast<ptrdiff_t>(pad_left);
    if (rows_inside && ix0 >= 0 && static_cast<size_t>(ix0) + x_span < width) {
      const uint8_t* src = in + (static_cast<size_t>(iy0) * width + static_cast<size_t>(ix0)) * c;
      if (run <= 16 && ox + spill_pixels < out_width) {
        // one 16-byte move per run: the bytes past the run land where the next run, or the next pixels of this
        // row, are written next (never in another row); the read past it stays inside the input's
        // XNN_EXTRA_BYTES
        for (size_t ky = 0; ky < kh; ky++, src += dh * width * c) {
          for (size_t r = 0; r < runs; r++, out += run) std::memcpy(out, src + r * dw * c, 16);
        }
        continue;
      }
      for (size_t ky = 0; ky < kh; ky++, src += dh * width * c) {
        for (size_t r = 0; r < runs; r++, out += run) CopyBytes(out, src + r * dw * c, run);
      }
      continue;
    }
    // a window reaching past the image: tap by tap, the outside ones the zero point
    for (size_t ky = 0; ky < kh; ky++) {
      const ptrdiff_t iy = iy0 + static_cast<ptrdiff_t>(ky * dh);
      for (size_t kx = 0; kx < kw; kx++, out += c) {
        const ptrdiff_t ix = ix0 + static_cast<ptrdiff_t>(kx * dw);
        if (iy >= 0 && static_cast<size_t>(iy) < p.height && ix >= 0 && static_cast<size_t>(ix) < width) {
          CopyBytes(out, in + (static_cast<size_t>(iy) * width + static_cast<size_t>(ix)) * c, c);
        } else {
          std::memset(out, pad, c);
        }
      }
    }
  }
}

}  // namespace mobilenet4j
