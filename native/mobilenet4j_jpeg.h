// JPEG decoding with libjpeg-turbo (built static with its SIMD code by ../cppbuild.sh), bound by
// org.mobilenet4j.vision.jpeg.JpegNative. Decodes a whole JPEG held in memory into interleaved 8-bit RGB in a
// caller's buffer. Every libjpeg error (corrupt or truncated data, an unsupported file, memory beyond the limit,
// more scans than allowed) comes back through error_exit -> longjmp, is cleaned up, and is thrown as a
// std::runtime_error, which JavaCPP rethrows as a Java RuntimeException: the process never aborts.
// The libjpeg 6b API with its defaults (ISLOW integer IDCT, fancy upsampling): the pixels the JDK's decoder gives.
#pragma once

#include <climits>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "jpeg/jpeglib.h"
#include "jpeg/jerror.h"
#include "mobilenet4j_native_versions.h"

namespace mobilenet4j {
namespace jpeg_detail {

/** Header facts returned to Java, in this order (JpegNative.INFO_* names them). */
enum Info {
    kWidth, kHeight, kComponents, kColorSpace, kProgressive, kOutWidth, kOutHeight, kScans, kInfoCount
};

struct Limits {
    int scaleDenom;          // 1, 2, 4 or 8: DCT scaling (decode at 1/scaleDenom of the size)
    int maxScans;            // more scans than this: refused (a crafted progressive file costs a pass per scan)
    long long maxScanPixels; // scans x pixels above this: refused
    long long maxMemory;     // libjpeg's own large allocations (progressive coefficients) above this: refused
};

struct ErrorManager {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX + 64];
};

struct Progress {
    jpeg_progress_mgr pub;
    Limits limits;
    ErrorManager* err;
};

[[noreturn]] inline void Fail(j_common_ptr cinfo) {
    ErrorManager* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    std::longjmp(err->jump, 1);
}

inline void ErrorExit(j_common_ptr cinfo) {
    ErrorManager* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    Fail(cinfo);
}

// Warnings (level -1) about corrupt data are tolerated as libjpeg and the JDK tolerate them, except a premature
// end of the data: libjpeg would pad a truncated file with grey, which is refused here instead.
inline void EmitMessage(j_common_ptr cinfo, int level) {
    if (level < 0) {
        cinfo->err->num_warnings++;
        if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
            ErrorManager* err = reinterpret_cast<ErrorManager*>(cinfo->err);
            std::snprintf(err->message, sizeof err->message, "truncated JPEG data (premature end of the file)");
            Fail(cinfo);
        }
    }
}

inline void CheckScans(j_common_ptr common) {
    j_decompress_ptr cinfo = reinterpret_cast<j_decompress_ptr>(common);
    Progress* p = reinterpret_cast<Progress*>(cinfo->progress);
    long long scans = cinfo->input_scan_number;
    long long pixels = (long long) cinfo->image_width * cinfo->image_height;
    if (scans > p->limits.maxScans) {
        std::snprintf(p->err->message, sizeof p->err->message, "more than %d scans", p->limits.maxScans);
        Fail(common);
    }
    if (scans * pixels > p->limits.maxScanPixels) {
        std::snprintf(p->err->message, sizeof p->err->message,
                      "%lld scans of %lld pixels, more scan work than the limit of %lld scan pixels", scans, pixels,
                      p->limits.maxScanPixels);
        Fail(common);
    }
}

inline void FillInfo(const jpeg_decompress_struct& cinfo, int* info) {
    info[kWidth] = (int) cinfo.image_width;
    info[kHeight] = (int) cinfo.image_height;
    info[kComponents] = cinfo.num_components;
    info[kColorSpace] = (int) cinfo.jpeg_color_space;
    info[kProgressive] = cinfo.progressive_mode ? 1 : 0;
    info[kOutWidth] = (int) cinfo.output_width;
    info[kOutHeight] = (int) cinfo.output_height;
    info[kScans] = cinfo.input_scan_number;
}

// Reads the header (and, with out != nullptr, decodes the image into out as RGB rows of 3 * output_width bytes).
// Returns false with err.message set on any failure. Plain C data only between setjmp and longjmp.
inline bool Run(const unsigned char* data, unsigned long size, const Limits* limits, unsigned char* out,
                long long capacity, int* info, ErrorManager& err) {
    jpeg_decompress_struct cinfo;
    std::memset(&cinfo, 0, sizeof cinfo);
    Progress progress;
    std::memset(&progress, 0, sizeof progress);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = ErrorExit;
    err.pub.emit_message = EmitMessage;
    err.message[0] = 0;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    if (limits != nullptr) {
        cinfo.mem->max_memory_to_use = limits->maxMemory <= 0 ? 1L
                : limits->maxMemory > (long long) LONG_MAX ? LONG_MAX : (long) limits->maxMemory;
        progress.pub.progress_monitor = CheckScans;
        progress.limits = *limits;
        progress.err = &err;
        cinfo.progress = &progress.pub;
    }
    jpeg_mem_src(&cinfo, data, size);
    jpeg_read_header(&cinfo, TRUE);
    if (out == nullptr) {
        jpeg_calc_output_dimensions(&cinfo);
        FillInfo(cinfo, info);
        jpeg_destroy_decompress(&cinfo);
        return true;
    }
    if (cinfo.num_components != 1 && cinfo.num_components != 3) {
        std::snprintf(err.message, sizeof err.message, "%d colour components: only grey and colour JPEGs are "
                      "decoded here", cinfo.num_components);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    cinfo.out_color_space = JCS_RGB;  // grey is replicated into R, G and B; YCbCr converted as the JDK does
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned int) limits->scaleDenom;
    jpeg_start_decompress(&cinfo);
    long long row = 3LL * cinfo.output_width;
    if (cinfo.output_components != 3 || row * cinfo.output_height > capacity) {
        std::snprintf(err.message, sizeof err.message, "decoded %ux%u RGB does not fit the %lld byte buffer",
                      cinfo.output_width, cinfo.output_height, capacity);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    JSAMPROW rows[16];
    while (cinfo.output_scanline < cinfo.output_height) {
        int n = 0;
        for (; n < 16 && cinfo.output_scanline + n < cinfo.output_height; n++) {
            rows[n] = out + row * (cinfo.output_scanline + n);
        }
        jpeg_read_scanlines(&cinfo, rows, (JDIMENSION) n);
    }
    jpeg_finish_decompress(&cinfo);
    FillInfo(cinfo, info);
    jpeg_destroy_decompress(&cinfo);
    return true;
}

inline void Check(bool ok, ErrorManager& err) {
    if (!ok) {
        throw std::runtime_error(err.message[0] ? err.message : "cannot decode the JPEG data");
    }
}

}  // namespace jpeg_detail

/** The header's facts into info[0..7] (JpegNative.INFO_*); throws if the header cannot be read. */
inline void JpegReadHeader(const void* data, long long size, int* info) {
    if (data == nullptr || size < 2) {
        throw std::runtime_error("no JPEG data");
    }
    jpeg_detail::ErrorManager err;
    jpeg_detail::Check(jpeg_detail::Run(static_cast<const unsigned char*>(data), (unsigned long) size, nullptr,
                                        nullptr, 0, info, err), err);
}

/**
 * Decodes a grey or colour JPEG into out (interleaved RGB, rows of 3 * outWidth bytes, at 1/scaleDenom of the
 * size), within the limits; fills info as JpegReadHeader does. Throws on any error.
 */
inline void JpegDecodeRgb(const void* data, long long size, int scaleDenom, int maxScans, long long maxScanPixels,
                          long long maxMemory, void* out, long long capacity, int* info) {
    if (data == nullptr || size < 2 || out == nullptr) {
        throw std::runtime_error("no JPEG data or no output buffer");
    }
    if (scaleDenom != 1 && scaleDenom != 2 && scaleDenom != 4 && scaleDenom != 8) {
        throw std::runtime_error("scale must be 1/1, 1/2, 1/4 or 1/8");
    }
    jpeg_detail::Limits limits{scaleDenom, maxScans, maxScanPixels, maxMemory};
    jpeg_detail::ErrorManager err;
    jpeg_detail::Check(jpeg_detail::Run(static_cast<const unsigned char*>(data), (unsigned long) size, &limits,
                                        static_cast<unsigned char*>(out), capacity, info, err), err);
}

/** The libjpeg-turbo version built in. */
inline std::string JpegVersion() {
#ifdef MOBILENET4J_LIBJPEG_TURBO_VERSION
    return "libjpeg-turbo " MOBILENET4J_LIBJPEG_TURBO_VERSION;
#else
    return "libjpeg-turbo (version unknown)";
#endif
}

}  // namespace mobilenet4j
